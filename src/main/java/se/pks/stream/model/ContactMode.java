package se.pks.stream.model;

public enum ContactMode {
    IN_PERSON, DIGITAL, PHONE
}
