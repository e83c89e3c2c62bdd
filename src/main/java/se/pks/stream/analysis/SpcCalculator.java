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
 * <p>The centre line is the mean of the normal baseline weeks; the moving ranges are taken between consecutive
 * normal baseline weeks (stepping over low-production weeks); the limits are centre +/- 2.66 times the average
 * moving range. The lower limit is not clamped at zero. Every week, low-production weeks included, is then judged
 * against the rules of {@link SpcRule}.
 */
public final class SpcCalculator {

    private SpcCalculator() {
    }

    /**
     * @param series the weeks in order, each week at most once
     * @param direction whether higher values are better; decides whether a signal is an improvement or a concern
     * @param target the value the unit should reach, or null when it has none
     * @param settings which weeks form the baseline, and how the moving ranges are treated
     */
    public static SpcChart chart(final List<WeeklyPoint> series, final Direction direction, final Double target,
            final SpcSettings settings) {
        Objects.requireNonNull(direction, "direction");
        requireWeekOrder(series);
        final ProcessLimits limits = ProcessLimits.of(series, settings);
        final List<SpecialCauses.Mark> marks = SpecialCauses.mark(
                series.stream().map(WeeklyPoint::value).toList(), limits);
        final List<SpcPoint> points = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            final WeeklyPoint point = series.get(i);
            final Double movingRange = i == 0 ? null : Math.abs(point.value() - series.get(i - 1).value());
            final SpecialCauses.Mark mark = marks.get(i);
            points.add(new SpcPoint(point.weekStart(), point.value(), movingRange, mark.rule(),
                    signal(mark.movement(), direction), point.lowProduction()));
        }
        return new SpcChart(limits.centre(), limits.lowerLimit(), limits.upperLimit(), limits.averageMovingRange(),
                limits.baselineSize() < settings.minimumPoints(), assurance(limits, direction, target), points);
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
