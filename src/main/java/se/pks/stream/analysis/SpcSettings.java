package se.pks.stream.analysis;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * Which points of a series set the limits of its SPC chart, and how. The series is cut into segments at the re-base
 * dates: a segment starts at the first week that begins on or after each date (a week already under way on that day
 * was partly the old process and stays with it). Each segment gets its own centre line and limits from the first
 * {@code baselinePoints} weeks of the segment (null: all of them). The count is of weeks in the series, so a
 * low-production week inside the window uses up a place but is then left out of the limits.
 *
 * @param baselinePoints how many weeks of each segment form its baseline, or null for all of them
 * @param rebasedFrom the days from which the process is taken to have changed, e.g. an action's effect date
 * @param minimumPoints fewer normal baseline weeks than this give only trial limits (NHS guidance: 12)
 * @param screenMovingRanges whether moving ranges of at least 3.267 times the average are dropped before the limits
 *        are computed, so that one exceptional jump does not widen them
 */
public record SpcSettings(Integer baselinePoints, List<LocalDate> rebasedFrom, int minimumPoints,
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
        rebasedFrom = rebasedFrom.stream().distinct().sorted().toList();
    }

    /** All points form the baseline, one segment, 12 points for full limits, moving ranges screened. */
    public static SpcSettings defaults() {
        return new SpcSettings(null, List.of(), MINIMUM_POINTS_FOR_FULL_LIMITS, true);
    }

    public SpcSettings withBaselinePoints(final int points) {
        return new SpcSettings(points, rebasedFrom, minimumPoints, screenMovingRanges);
    }

    public SpcSettings rebasedFrom(final Collection<LocalDate> days) {
        return new SpcSettings(baselinePoints, List.copyOf(days), minimumPoints, screenMovingRanges);
    }

    public SpcSettings withScreening(final boolean screen) {
        return new SpcSettings(baselinePoints, rebasedFrom, minimumPoints, screen);
    }
}
