package se.pks.stream.model;

/** Where an action (åtgärd) stands. DONE and DROPPED close it; a closed action does not reopen. */
public enum ActionStatus {
    PLANNED,
    IN_PROGRESS,
    DONE,
    DROPPED;

    public boolean closed() {
        return this == DONE || this == DROPPED;
    }
}
