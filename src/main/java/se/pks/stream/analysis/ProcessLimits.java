package se.pks.stream.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Centre line and process limits of an XmR chart, from the baseline of one segment of a series. Kept apart from the rules so the
 * arithmetic that every analyst checks by hand sits in one place.
 *
 * @param centre mean of the normal baseline weeks, null when there are none
 * @param averageMovingRange mean moving range between consecutive normal baseline weeks, after screening; null when
 *        there are fewer than two such weeks
 * @param baselineSize how many normal weeks shaped the centre line
 */
record ProcessLimits(Double centre, Double averageMovingRange, int baselineSize) {

    /** 3 / d2 with d2 = 1.128 for ranges of two points: turns the average moving range into three sigma. */
    static final double LIMIT_FACTOR = 2.66;
    /** D4 for ranges of two points: the upper limit of the moving range chart, above which a range is exceptional. */
    static final double SCREENING_FACTOR = 3.267;

    /** @param segment the weeks of one segment, in order */
    static ProcessLimits of(final List<WeeklyPoint> segment, final SpcSettings settings) {
        final List<Double> baseline = normalBaselineValues(segment, settings);
        if (baseline.isEmpty()) {
            return new ProcessLimits(null, null, 0);
        }
        final double centre = mean(baseline);
        if (baseline.size() < 2) {
            return new ProcessLimits(centre, null, baseline.size());
        }
        final List<Double> ranges = new ArrayList<>();
        for (int i = 1; i < baseline.size(); i++) {
            ranges.add(Math.abs(baseline.get(i) - baseline.get(i - 1)));
        }
        final double average = mean(ranges);
        // With an average of zero every range would be screened out and nothing would be left to average.
        if (!settings.screenMovingRanges() || average == 0.0) {
            return new ProcessLimits(centre, average, baseline.size());
        }
        final double ceiling = SCREENING_FACTOR * average;
        // Screened once only: screening again against the smaller average would keep narrowing the limits.
        final List<Double> kept = ranges.stream().filter(range -> range < ceiling).toList();
        return new ProcessLimits(centre, mean(kept), baseline.size());
    }

    Double lowerLimit() {
        return averageMovingRange == null ? null : centre - LIMIT_FACTOR * averageMovingRange;
    }

    Double upperLimit() {
        return averageMovingRange == null ? null : centre + LIMIT_FACTOR * averageMovingRange;
    }

    private static List<Double> normalBaselineValues(final List<WeeklyPoint> segment, final SpcSettings settings) {
        return segment.stream()
                .limit(settings.baselinePoints() == null ? Long.MAX_VALUE : settings.baselinePoints())
                .filter(point -> !point.lowProduction()).map(WeeklyPoint::value).toList();
    }

    private static double mean(final List<Double> values) {
        double sum = 0.0;
        for (final double value : values) {
            sum += value;
        }
        return sum / values.size();
    }
}
