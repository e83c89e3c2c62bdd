package se.pks.stream.analysis;

import java.time.LocalDate;

/**
 * One plotted week of an SPC chart with the verdict on it.
 *
 * @param movingRange the absolute difference from the previous plotted week, null for the first week of each segment;
 *        the average moving range uses only differences between consecutive normal baseline weeks, so the moving
 *        range shown next to a low-production week is not part of it
 * @param centre the line the week was judged against: its segment's centre line, or for a low-production week its
 *        planned level; null when the week could not be judged
 * @param lowerLimit the lower limit the week was judged against (for a low-production week: planned level - 2.66 *
 *        the segment's average moving range)
 * @param upperLimit likewise the upper limit
 * @param segmentStart the first week of the segment the week belongs to: the chart is re-based there
 * @param rule the highest-precedence special-cause rule that marks this week
 * @param signal how that rule's signal reads for the measure's direction, NONE when no rule marks the week
 */
public record SpcPoint(LocalDate weekStart, double value, Double movingRange, Double centre, Double lowerLimit,
        Double upperLimit, LocalDate segmentStart, SpcRule rule, SpcSignal signal, boolean lowProduction) {
}
