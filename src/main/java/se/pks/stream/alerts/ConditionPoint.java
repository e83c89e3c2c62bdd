package se.pks.stream.alerts;

import java.time.LocalDate;

/**
 * One period (an ISO week, by its Monday) of one alert key: whether the condition held, how severe it was, and the
 * figure and limit it was judged on, with a sentence a production manager can act on.
 */
public record ConditionPoint(AlertKey key, LocalDate period, boolean active, Severity severity, Double value,
                             Double threshold, String summary) {
}
