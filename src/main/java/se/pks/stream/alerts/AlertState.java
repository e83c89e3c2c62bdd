package se.pks.stream.alerts;

/** An alert's lifecycle: OPEN, then ACKNOWLEDGED by a person, then RESOLVED once its condition has stayed clear. */
public enum AlertState {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED
}
