package se.pks.stream.model;

/** Why a record was rejected: the field (JSON path) and the reason, in words a provider can act on. */
public record FieldError(String field, String reason) {

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
