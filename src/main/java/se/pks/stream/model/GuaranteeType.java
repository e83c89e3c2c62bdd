package se.pks.stream.model;

public enum GuaranteeType {
    FIRST_VISIT, TREATMENT
}
