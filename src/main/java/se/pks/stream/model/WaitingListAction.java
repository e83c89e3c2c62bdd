package se.pks.stream.model;

public enum WaitingListAction {
    ADDED, REMOVED
}
