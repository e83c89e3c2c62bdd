package se.pks.stream.alerts;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Decides, for one alert key, what its latest periods mean for its alert. The rules keep noise down:
 * <ul>
 *   <li>an alert opens only when the latest period is in the alert state (history is context, not news);</li>
 *   <li>while it is live it is updated in place, and its severity only rises (a figure swinging between WARNING and
 *       CRITICAL pages once, not at every swing);</li>
 *   <li>it resolves only after the condition has been clear for {@code clearPeriods} consecutive weeks, counted
 *       from the last week it held, so a value hovering at a threshold keeps one alert open instead of flapping;
 *       a condition that cannot come back (a closed action) resolves at once;</li>
 *   <li>an alert whose weeks, with late or corrected events counted, no longer meet the condition is withdrawn.</li>
 * </ul>
 * Everything is a function of the stored figures, so evaluating twice, or after a replay, decides the same.
 */
public final class AlertLifecycle {

    private AlertLifecycle() {
    }

    /**
     * @param points the key's recent periods in ascending order, at least one
     * @param live the key's live alert, or null
     */
    public static AlertDecision decide(final List<ConditionPoint> points, final LiveAlert live,
                                       final int clearPeriods) {
        final ConditionPoint latest = points.getLast();
        final AlertKey key = latest.key();
        // Where the window still holds every week of a weekly alert, those weeks as they stand now decide, so late or
        // corrected events can withdraw an alert that incomplete figures raised; older alerts remember their last week.
        final boolean seenWhole = live != null && key.condition().weekly()
                && !live.firstPeriod().isBefore(points.getFirst().period());
        LocalDate lastActive = live == null || seenWhole ? null : live.lastActivePeriod();
        for (final ConditionPoint point : points) {
            if (point.active() && (lastActive == null || point.period().isAfter(lastActive))) {
                lastActive = point.period();
            }
        }
        if (live == null) {
            return latest.active()
                    ? new AlertDecision(AlertDecision.Kind.OPEN, key, null, latest, latest.severity(),
                                        latest.period(), "opened: " + latest.summary())
                    : new AlertDecision(AlertDecision.Kind.NONE, key, null, latest, null, lastActive, "");
        }
        if (lastActive == null) {
            return new AlertDecision(AlertDecision.Kind.RESOLVE, key, live, latest, live.severity(),
                                     live.lastActivePeriod(), "withdrawn: with later or corrected figures, no week since "
                                     + Figures.week(live.firstPeriod()) + " meets the condition");
        }
        if (latest.active()) {
            final Severity severity = Severity.higher(live.severity(), latest.severity());
            return severity.isAbove(live.severity())
                    ? new AlertDecision(AlertDecision.Kind.ESCALATE, key, live, latest, severity, lastActive,
                                        "escalated to " + severity + ": " + latest.summary())
                    : new AlertDecision(AlertDecision.Kind.UPDATE, key, live, latest, severity, lastActive, "");
        }
        if (latest.settled()) {
            return new AlertDecision(AlertDecision.Kind.RESOLVE, key, live, latest, live.severity(), lastActive,
                                     "resolved: " + latest.summary());
        }
        final long clearWeeks = ChronoUnit.WEEKS.between(lastActive, latest.period());
        if (clearWeeks >= clearPeriods) {
            return new AlertDecision(AlertDecision.Kind.RESOLVE, key, live, latest, live.severity(), lastActive,
                                     "resolved: clear for " + clearWeeks + " week" + (clearWeeks == 1 ? "" : "s"));
        }
        return new AlertDecision(AlertDecision.Kind.UPDATE, key, live, latest, live.severity(), lastActive, "");
    }
}
