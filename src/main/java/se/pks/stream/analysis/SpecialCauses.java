package se.pks.stream.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The four special-cause rules of NHS "Making Data Count", applied to the normal weeks of one segment in precedence
 * order, so that a point marked by several rules keeps the first. The details the guidance leaves open follow NHS
 * England's reference implementation, NHSRplotthedots 0.2.2 ({@code R/ptd_calculate_point_type.R} and
 * {@code R/ptd_spc_standard.R}); docs/spc.md lists them. Rules that need the centre line or the limits are skipped
 * while the baseline is too small to give them.
 */
final class SpecialCauses {

    /** One point's verdict: the rule that marks it and which way it points. */
    record Mark(SpcRule rule, Movement movement) {
        static final Mark NONE = new Mark(SpcRule.NONE, Movement.NONE);
    }

    /** How many points in a row make a trend or a shift; the effect follow-up of actions uses the same count. */
    static final int RUN_LENGTH = 7;
    private static final double ZONE_SHARE = 2.0 / 3.0;
    private static final int WINDOW = 3;

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
            causes.twoOfThree(limits.centre(), limits.lowerLimit(), limits.upperLimit());
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

    /**
     * A rising and a falling trend can share their turning point. The reference labels a point that is part of a
     * trend and followed by another point of a trend by the step after it, so the shared point reads as the trend
     * that starts there: the later run is written over the earlier one.
     */
    private void trends() {
        final List<Movement> trend = new ArrayList<>(Collections.nCopies(values.size(), Movement.NONE));
        final List<Run> runs = new ArrayList<>(runs(i -> values.get(i) > values.get(i - 1), Movement.UP));
        runs.addAll(runs(i -> values.get(i) < values.get(i - 1), Movement.DOWN));
        runs.sort(Comparator.comparingInt(Run::from));
        for (final Run run : runs) {
            for (int j = run.from(); j < run.to(); j++) {
                trend.set(j, run.movement());
            }
        }
        for (int i = 0; i < trend.size(); i++) {
            if (trend.get(i) != Movement.NONE) {
                markIfFree(i, SpcRule.TREND, trend.get(i));
            }
        }
    }

    /**
     * Two of three: a window of three consecutive points, all three strictly on one side of the centre line, of which
     * at least two lie beyond two thirds of the way to the limit on that side without being beyond the limit itself.
     * Those two (or three) are marked. A point beyond the limit is the first rule's and does not count here, as in the
     * reference ({@code close_to_limits = !outside_limits & ...}); a point on the centre line is on neither side.
     */
    private void twoOfThree(final double centre, final double lower, final double upper) {
        final double upperZone = centre + ZONE_SHARE * (upper - centre);
        final double lowerZone = centre - ZONE_SHARE * (centre - lower);
        for (int start = 0; start + WINDOW <= values.size(); start++) {
            markTwoOfThree(start, Movement.UP, i -> values.get(i) > centre,
                    i -> values.get(i) > upperZone && values.get(i) <= upper);
            markTwoOfThree(start, Movement.DOWN, i -> values.get(i) < centre,
                    i -> values.get(i) < lowerZone && values.get(i) >= lower);
        }
    }

    private void markTwoOfThree(final int start, final Movement movement, final IntPredicate onSide,
                                final IntPredicate closeToLimit) {
        final List<Integer> close = new ArrayList<>();
        for (int i = start; i < start + WINDOW; i++) {
            if (!onSide.test(i)) {
                return;
            }
            if (closeToLimit.test(i)) {
                close.add(i);
            }
        }
        if (close.size() >= 2) {
            close.forEach(i -> markIfFree(i, SpcRule.TWO_OF_THREE, movement));
        }
    }

    private void shifts(final double centre) {
        final List<Run> runs = new ArrayList<>(
                runs(i -> values.get(i - 1) > centre && values.get(i) > centre, Movement.UP));
        runs.addAll(runs(i -> values.get(i - 1) < centre && values.get(i) < centre, Movement.DOWN));
        for (final Run run : runs) {
            for (int j = run.from(); j < run.to(); j++) {
                markIfFree(j, SpcRule.SHIFT, run.movement());
            }
        }
    }

    /** Points {@code from} (inclusive) to {@code to} (exclusive) form a run pointing {@code movement}. */
    private record Run(int from, int to, Movement movement) {
    }

    /**
     * Every stretch of at least {@link #RUN_LENGTH} points in which each point continues the run of the one before it
     * ({@code continuesRun} is asked for indexes from 1).
     */
    private List<Run> runs(final IntPredicate continuesRun, final Movement movement) {
        final List<Run> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= values.size(); i++) {
            if (i < values.size() && continuesRun.test(i)) {
                continue;
            }
            if (i - start >= RUN_LENGTH) {
                runs.add(new Run(start, i, movement));
            }
            start = i;
        }
        return runs;
    }

    private void markIfFree(final int index, final SpcRule rule, final Movement movement) {
        if (marks.get(index).rule() == SpcRule.NONE) {
            marks.set(index, new Mark(rule, movement));
        }
    }
}
