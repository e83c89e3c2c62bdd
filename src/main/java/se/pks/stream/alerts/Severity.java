package se.pks.stream.alerts;

/** How loudly an alert speaks, quietest first: the order is the escalation order. */
public enum Severity {
    /** Shown on dashboards; notified only to those who ask for notices. */
    NOTICE,
    /** Notifies its subscribers. */
    WARNING,
    /** Pages: the condition is confirmed across windows. */
    CRITICAL;

    public boolean isAbove(final Severity other) {
        return compareTo(other) > 0;
    }

    public static Severity higher(final Severity a, final Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
