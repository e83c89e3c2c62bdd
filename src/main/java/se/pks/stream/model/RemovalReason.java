package se.pks.stream.model;

public enum RemovalReason {
    PERFORMED, CANCELLED, TRANSFERRED
}
