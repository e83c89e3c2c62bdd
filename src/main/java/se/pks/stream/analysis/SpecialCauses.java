package se.pks.stream.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;

/**
 * The four special-cause rules of NHS "Making Data Count", applied to every point of a series in precedence order,
 * so that a point marked by several rules keeps the first. Rules that need the centre line or the limits are
 * skipped while the baseline is too small to give them.
 */
final class SpecialCauses {

    /** One point's verdict: the rule that marks it and which way it points. */
    record Mark(SpcRule rule, Movement movement) {
        static final Mark NONE = new Mark(SpcRule.NONE, Movement.NONE);
    }

    /** How many points in a row make a trend or a shift; the effect follow-up of actions uses the same count. */
    static final int RUN_LENGTH = 7;
    private static final double ZONE_SHARE = 2.0 / 3.0;

    private final List<Double> values;
    private final List<Mark> marks;

    private SpecialCauses(final List<Double> values) {
        this.values = values;
        this.marks = new ArrayList<>(Collections.nCopies(values.size(), Mark.NONE));
    }

    static List<Mark> mark(final List<Double> values, final ProcessLimits limits) {
        final SpecialCauses causes = new SpecialCauses(values);
        if (limits.upperLimit() != null) {
            causes.beyondLimits(limits.lowerLimit(), limits.upperLimit());
        }
        causes.trends();
        if (limits.upperLimit() != null) {
            causes.twoOfThree(limits.centre() + ZONE_SHARE * (limits.upperLimit() - limits.centre()),
                    limits.centre() - ZONE_SHARE * (limits.centre() - limits.lowerLimit()));
        }
        if (limits.centre() != null) {
            causes.shifts(limits.centre());
        }
        return List.copyOf(causes.marks);
    }

    private void beyondLimits(final double lower, final double upper) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) > upper) {
                markIfFree(i, SpcRule.BEYOND_LIMIT, Movement.UP);
            } else if (values.get(i) < lower) {
                markIfFree(i, SpcRule.BEYOND_LIMIT, Movement.DOWN);
            }
        }
    }

    private void trends() {
        markRuns(SpcRule.TREND, Movement.UP, i -> values.get(i) > values.get(i - 1));
        markRuns(SpcRule.TREND, Movement.DOWN, i -> values.get(i) < values.get(i - 1));
    }

    private void twoOfThree(final double upperZone, final double lowerZone) {
        for (int start = 0; start + 3 <= values.size(); start++) {
            markTwoOfThree(start, Movement.UP, value -> value > upperZone);
            markTwoOfThree(start, Movement.DOWN, value -> value < lowerZone);
        }
    }

    private void markTwoOfThree(final int start, final Movement movement, final DoublePredicate beyondZone) {
        final List<Integer> beyond = new ArrayList<>();
        for (int i = start; i < start + 3; i++) {
            if (beyondZone.test(values.get(i))) {
                beyond.add(i);
            }
        }
        if (beyond.size() >= 2) {
            beyond.forEach(i -> markIfFree(i, SpcRule.TWO_OF_THREE, movement));
        }
    }

    private void shifts(final double centre) {
        markRuns(SpcRule.SHIFT, Movement.UP, i -> values.get(i - 1) > centre && values.get(i) > centre);
        markRuns(SpcRule.SHIFT, Movement.DOWN, i -> values.get(i - 1) < centre && values.get(i) < centre);
    }

    /**
     * Marks every stretch of at least {@link #RUN_LENGTH} points in which each point continues the run of the one
     * before it ({@code continuesRun} is asked for indexes from 1).
     */
    private void markRuns(final SpcRule rule, final Movement movement, final IntPredicate continuesRun) {
        int start = 0;
        for (int i = 1; i <= values.size(); i++) {
            if (i < values.size() && continuesRun.test(i)) {
                continue;
            }
            if (i - start >= RUN_LENGTH) {
                for (int j = start; j < i; j++) {
                    markIfFree(j, rule, movement);
                }
            }
            start = i;
        }
    }

    private void markIfFree(final int index, final SpcRule rule, final Movement movement) {
        if (marks.get(index).rule() == SpcRule.NONE) {
            marks.set(index, new Mark(rule, movement));
        }
    }
}
