package se.pks.stream.alerts;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, per alert key, the consecutive weeks a condition has held, for conditions that are sustained once they
 * hold {@link #WEEKS} weeks in a row. The rows come in week order per key, starting three weeks before the window, so
 * the first week of the window already knows its run.
 */
final class SustainedRuns {

    static final int WEEKS = 4;

    private final Map<String, LocalDate> lastWeek = new HashMap<>();
    private final Map<String, Integer> run = new HashMap<>();

    /** Records one week of a key; true when the condition has now held {@link #WEEKS} weeks in a row. */
    boolean week(final AlertKey key, final LocalDate week, final boolean holds) {
        final String id = key.text();
        final LocalDate previous = lastWeek.put(id, week);
        final int length = !holds ? 0
                : previous != null && previous.plusWeeks(1).equals(week) ? run.getOrDefault(id, 0) + 1 : 1;
        run.put(id, length);
        return length >= WEEKS;
    }

    /** Keeps the point if it lies in the window (the weeks before it only count towards runs). */
    void add(final List<ConditionPoint> points, final EvaluationWindow window, final ConditionPoint point) {
        if (!point.period().isBefore(window.firstWeek())) {
            points.add(point);
        }
    }
}
