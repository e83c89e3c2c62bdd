package se.pks.stream.analysis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.DoubleStream;

/** Hand-made weekly series for SPC tests: consecutive Mondays from 6 January 2025, normal weeks unless told. */
final class WeeklySeries {

    static final LocalDate FIRST_WEEK = LocalDate.of(2025, 1, 6);

    /**
     * Twelve normal weeks alternating 12 and 10: centre (6 * 12 + 6 * 10) / 12 = 11; eleven moving ranges of 2, so
     * AMR = 2; limits 11 -/+ 2.66 * 2 = 5.68 and 16.32; two thirds of the way to a limit: 11 -/+ 5.32 * 2 / 3, that
     * is below 7.4533 or above 14.5467. It ends on 10, below the centre, so a run after it starts afresh.
     */
    static final double[] BASELINE = {12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10};

    private WeeklySeries() {
    }

    static LocalDate week(final int index) {
        return FIRST_WEEK.plusWeeks(index);
    }

    static List<WeeklyPoint> weeks(final double... values) {
        final List<WeeklyPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new WeeklyPoint(week(i), values[i], false));
        }
        return points;
    }

    /** The twelve baseline weeks followed by {@code tail}. */
    static List<WeeklyPoint> baselineThen(final double... tail) {
        return weeks(DoubleStream.concat(Arrays.stream(BASELINE), Arrays.stream(tail)).toArray());
    }

    static List<SpcRule> rules(final SpcChart chart) {
        return chart.points().stream().map(SpcPoint::rule).toList();
    }

    static List<SpcSignal> signals(final SpcChart chart) {
        return chart.points().stream().map(SpcPoint::signal).toList();
    }

    /** Twelve unmarked baseline weeks followed by {@code tail}. */
    static List<SpcRule> baselineRulesThen(final SpcRule... tail) {
        final List<SpcRule> expected = new ArrayList<>(Collections.nCopies(BASELINE.length, SpcRule.NONE));
        expected.addAll(List.of(tail));
        return expected;
    }
}
