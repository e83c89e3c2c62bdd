package se.pks.stream.analysis;

import java.time.LocalDate;

/**
 * One plotted week of an SPC chart with the verdict on it.
 *
 * @param movingRange the absolute difference from the previous plotted week, null for the first week; the average
 *        moving range of the chart uses only differences between consecutive normal baseline weeks, so the moving
 *        range shown next to a low-production week is not part of it
 * @param rule the highest-precedence special-cause rule that marks this week
 * @param signal how that rule's signal reads for the measure's direction, NONE when no rule marks the week
 */
public record SpcPoint(LocalDate weekStart, double value, Double movingRange, SpcRule rule, SpcSignal signal,
        boolean lowProduction) {
}
