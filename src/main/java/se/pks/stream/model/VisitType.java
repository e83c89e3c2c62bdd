package se.pks.stream.model;

public enum VisitType {
    FIRST, RETURN, EMERGENCY
}
