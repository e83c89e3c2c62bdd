package se.pks.stream.alerts;

import java.time.LocalDate;

/**
 * One period (an ISO week, by its Monday) of one alert key: whether the condition held, how severe it was, and the
 * figure and limit it was judged on, with a sentence a production manager can act on. {@code settled} marks a
 * condition that cannot come back (an overdue action that has been closed): its alert resolves at once instead of
 * waiting for clear weeks.
 */
public record ConditionPoint(AlertKey key, LocalDate period, boolean active, Severity severity, Double value,
                             Double threshold, String summary, boolean settled) {

    public ConditionPoint(final AlertKey key, final LocalDate period, final boolean active, final Severity severity,
                          final Double value, final Double threshold, final String summary) {
        this(key, period, active, severity, value, threshold, summary, false);
    }
}
