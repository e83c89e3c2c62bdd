package se.pks.stream.model;

public enum OperationPriority {
    ELECTIVE, ACUTE
}
