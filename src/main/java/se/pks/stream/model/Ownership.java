package se.pks.stream.model;

public enum Ownership {
    PUBLIC,
    PRIVATE
}
