package se.pks.stream.analysis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import se.pks.stream.model.Direction;

/**
 * Separates signal from noise in one unit's weekly series of one measure with an XmR chart as in NHS "Making Data
 * Count": is a change a real shift in the process, and can the process be relied on to meet its target? Pure
 * arithmetic, so that the stream and the tests compute the same chart from the same weeks.
 *
 * <p>The series is cut into segments at the re-base dates of the settings; each segment is a chart of its own, as in
 * the reference implementation (a run or a window of the rules never crosses a re-base). Within a segment the centre
 * line is the mean of the normal baseline weeks; the moving ranges are taken between consecutive normal baseline
 * weeks (stepping over low-production weeks); the limits are centre +/- 2.66 times the average moving range, not
 * clamped at zero. The normal weeks are judged by the rules of {@link SpcRule}, with the low-production weeks
 * stepped over as they are by the moving ranges. A low-production week is planned to be low, so it is not judged
 * against the normal limits but against its own planned level, with the segment's spread: planned level +/- 2.66
 * times the average moving range.
 */
public final class SpcCalculator {

    private SpcCalculator() {
    }

    /**
     * @param series the weeks in order, each week at most once
     * @param direction whether higher values are better; decides whether a signal is an improvement or a concern
     * @param target the value the unit should reach, or null when it has none
     * @param settings which weeks form the baseline of each segment, where segments start, and how the moving ranges
     *        are treated
     */
    public static SpcChart chart(final List<WeeklyPoint> series, final Direction direction, final Double target,
            final SpcSettings settings) {
        Objects.requireNonNull(direction, "direction");
        requireWeekOrder(series);
        final List<SpcPoint> points = new ArrayList<>(series.size());
        ProcessLimits latest = new ProcessLimits(null, null, 0);
        LocalDate latestStart = null;
        final List<List<WeeklyPoint>> segments = segments(series, settings.rebasedFrom());
        for (final List<WeeklyPoint> segment : segments) {
            latest = ProcessLimits.of(segment, settings);
            latestStart = segment.getFirst().weekStart();
            points.addAll(judge(segment, latest, direction));
        }
        return new SpcChart(latest.centre(), latest.lowerLimit(), latest.upperLimit(), latest.averageMovingRange(),
                latest.baselineSize() < settings.minimumPoints(), assurance(latest, direction, target), latestStart,
                segments.size(), points);
    }

    /** The weeks cut before the first week that begins on or after each re-base day; no segment is empty. */
    private static List<List<WeeklyPoint>> segments(final List<WeeklyPoint> series, final List<LocalDate> rebasedFrom) {
        final List<List<WeeklyPoint>> segments = new ArrayList<>();
        List<WeeklyPoint> current = new ArrayList<>();
        int nextRebase = 0;
        for (final WeeklyPoint point : series) {
            boolean cut = false;
            while (nextRebase < rebasedFrom.size() && !point.weekStart().isBefore(rebasedFrom.get(nextRebase))) {
                cut = true;
                nextRebase++;
            }
            if (cut && !current.isEmpty()) {
                segments.add(current);
                current = new ArrayList<>();
            }
            current.add(point);
        }
        if (!current.isEmpty()) {
            segments.add(current);
        }
        return segments;
    }

    private static List<SpcPoint> judge(final List<WeeklyPoint> segment, final ProcessLimits limits,
                                        final Direction direction) {
        final List<WeeklyPoint> normal = segment.stream().filter(point -> !point.lowProduction()).toList();
        final List<SpecialCauses.Mark> normalMarks = SpecialCauses.mark(
                normal.stream().map(WeeklyPoint::value).toList(), limits);
        final LocalDate segmentStart = segment.getFirst().weekStart();
        final List<SpcPoint> points = new ArrayList<>(segment.size());
        int nextNormal = 0;
        for (int i = 0; i < segment.size(); i++) {
            final WeeklyPoint point = segment.get(i);
            final Double movingRange = i == 0 ? null : Math.abs(point.value() - segment.get(i - 1).value());
            if (point.lowProduction()) {
                points.add(againstPlannedLevel(point, movingRange, limits, segmentStart, direction));
            } else {
                final SpecialCauses.Mark mark = normalMarks.get(nextNormal++);
                points.add(new SpcPoint(point.weekStart(), point.value(), movingRange, limits.centre(),
                        limits.lowerLimit(), limits.upperLimit(), segmentStart, mark.rule(),
                        signal(mark.movement(), direction), false));
            }
        }
        return points;
    }

    /**
     * A low-production week against its planned level, with the spread of the segment's normal weeks: the spread of
     * low weeks alone cannot be estimated (a few a year, each planned differently), and the normal weeks' spread is
     * the cautious choice, since a lower level would usually vary less. No plan or no spread: not judged.
     */
    private static SpcPoint againstPlannedLevel(final WeeklyPoint point, final Double movingRange,
                                                final ProcessLimits limits, final LocalDate segmentStart,
                                                final Direction direction) {
        if (point.plannedLevel() == null || limits.averageMovingRange() == null) {
            return new SpcPoint(point.weekStart(), point.value(), movingRange, null, null, null, segmentStart,
                    SpcRule.NONE, SpcSignal.NONE, true);
        }
        final double spread = ProcessLimits.LIMIT_FACTOR * limits.averageMovingRange();
        final double lower = point.plannedLevel() - spread;
        final double upper = point.plannedLevel() + spread;
        final Movement movement = point.value() > upper ? Movement.UP
                : point.value() < lower ? Movement.DOWN : Movement.NONE;
        return new SpcPoint(point.weekStart(), point.value(), movingRange, point.plannedLevel(), lower, upper,
                segmentStart, movement == Movement.NONE ? SpcRule.NONE : SpcRule.BEYOND_LIMIT,
                signal(movement, direction), true);
    }

    private static SpcSignal signal(final Movement movement, final Direction direction) {
        if (movement == Movement.NONE) {
            return SpcSignal.NONE;
        }
        return switch (direction) {
            case NEUTRAL -> SpcSignal.NEUTRAL;
            case HIGHER_IS_BETTER -> movement == Movement.UP ? SpcSignal.IMPROVEMENT : SpcSignal.CONCERN;
            case LOWER_IS_BETTER -> movement == Movement.UP ? SpcSignal.CONCERN : SpcSignal.IMPROVEMENT;
        };
    }

    /** A target exactly on a limit is still within reach of common-cause variation: hit or miss. */
    private static Assurance assurance(final ProcessLimits limits, final Direction direction, final Double target) {
        if (target == null || limits.upperLimit() == null || direction == Direction.NEUTRAL) {
            return Assurance.NONE;
        }
        final boolean higherIsBetter = direction == Direction.HIGHER_IS_BETTER;
        if (target > limits.upperLimit()) {
            return higherIsBetter ? Assurance.FAIL : Assurance.PASS;
        }
        if (target < limits.lowerLimit()) {
            return higherIsBetter ? Assurance.PASS : Assurance.FAIL;
        }
        return Assurance.HIT_OR_MISS;
    }

    private static void requireWeekOrder(final List<WeeklyPoint> series) {
        for (int i = 1; i < series.size(); i++) {
            final LocalDate previous = series.get(i - 1).weekStart();
            if (!series.get(i).weekStart().isAfter(previous)) {
                throw new IllegalArgumentException("weeks out of order: " + series.get(i).weekStart()
                        + " follows " + previous);
            }
        }
    }
}
