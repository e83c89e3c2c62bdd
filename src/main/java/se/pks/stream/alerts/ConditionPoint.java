package se.pks.stream.alerts;

import java.time.LocalDate;
import java.util.List;

/**
 * One period (an ISO week, by its Monday) of one alert key: whether the condition held, how severe it was, and the
 * figure and limit it was judged on, with a sentence a production manager can act on. {@code settled} marks a
 * condition that cannot come back (an overdue action that has been closed): its alert resolves at once instead of
 * waiting for clear weeks. {@code evidence} lists, for a point of a whole problem ({@link Problems}), the sentences
 * of every condition that held in the week, the leading one first; a single condition's point has none.
 */
public record ConditionPoint(AlertKey key, LocalDate period, boolean active, Severity severity, Double value,
                             Double threshold, String summary, boolean settled, List<String> evidence) {

    public ConditionPoint {
        evidence = List.copyOf(evidence);
    }

    public ConditionPoint(final AlertKey key, final LocalDate period, final boolean active, final Severity severity,
                          final Double value, final Double threshold, final String summary, final boolean settled) {
        this(key, period, active, severity, value, threshold, summary, settled, List.of());
    }

    public ConditionPoint(final AlertKey key, final LocalDate period, final boolean active, final Severity severity,
                          final Double value, final Double threshold, final String summary) {
        this(key, period, active, severity, value, threshold, summary, false, List.of());
    }
}
