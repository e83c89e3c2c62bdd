package se.pks.stream.alerts;

import java.time.LocalDate;

/**
 * What one evaluation does to one alert key. {@code point} is the latest period's point (null only for RESOLVE of a
 * disabled condition); {@code lastActivePeriod} the latest period in which the condition held.
 */
public record AlertDecision(Kind kind, AlertKey key, LiveAlert live, ConditionPoint point, Severity severity,
                            LocalDate lastActivePeriod, String reason) {

    public enum Kind {
        /** No live alert and the condition does not hold now: nothing to store. */
        NONE,
        /** The condition holds and no alert is live: a new alert, notified. */
        OPEN,
        /** The live alert's figures move on (or the condition briefly cleared); no new version, nothing notified. */
        UPDATE,
        /** The live alert became more severe: a new version, notified. */
        ESCALATE,
        /** The condition has stayed clear long enough: the alert resolves itself. */
        RESOLVE
    }
}
