package se.pks.stream.analysis;

import java.time.LocalDate;

/**
 * Which points of a series set the limits of its SPC chart, and how. The baseline is chosen in two steps: first the
 * points on or after {@code baselineFrom} (null: from the first point), re-basing the chart after a change such as
 * a completed action; then the first {@code baselinePoints} of those (null: all of them). The count is of weeks in
 * the series, so a low-production week inside the window uses up a place but is then left out of the limits.
 *
 * @param baselinePoints how many weeks form the baseline, or null for all weeks from {@code baselineFrom}
 * @param baselineFrom the first week of the baseline, or null for the first week of the series
 * @param minimumPoints fewer normal baseline weeks than this give only trial limits (NHS guidance: 12)
 * @param screenMovingRanges whether moving ranges of at least 3.267 times the average are dropped before the limits
 *        are computed, so that one exceptional jump does not widen them
 */
public record SpcSettings(Integer baselinePoints, LocalDate baselineFrom, int minimumPoints,
        boolean screenMovingRanges) {

    /** Fewer baseline points than this give trial limits only. */
    public static final int MINIMUM_POINTS_FOR_FULL_LIMITS = 12;

    public SpcSettings {
        if (baselinePoints != null && baselinePoints < 1) {
            throw new IllegalArgumentException("baselinePoints must be at least 1, was " + baselinePoints);
        }
        if (minimumPoints < 2) {
            throw new IllegalArgumentException("minimumPoints must be at least 2, was " + minimumPoints);
        }
    }

    /** All points form the baseline, 12 points for full limits, moving ranges screened. */
    public static SpcSettings defaults() {
        return new SpcSettings(null, null, MINIMUM_POINTS_FOR_FULL_LIMITS, true);
    }

    public SpcSettings withBaselinePoints(final int points) {
        return new SpcSettings(points, baselineFrom, minimumPoints, screenMovingRanges);
    }

    public SpcSettings withBaselineFrom(final LocalDate from) {
        return new SpcSettings(baselinePoints, from, minimumPoints, screenMovingRanges);
    }

    public SpcSettings withScreening(final boolean screen) {
        return new SpcSettings(baselinePoints, baselineFrom, minimumPoints, screen);
    }
}
