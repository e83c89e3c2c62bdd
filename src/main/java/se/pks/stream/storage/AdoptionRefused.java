package se.pks.stream.storage;

/**
 * An adoption of a year's plan that was refused, with nothing changed: the year has no plan rows ({@link
 * Kind#NOT_FOUND}), or it is adopted already and no reason was given for adopting it again ({@link Kind#CONFLICT}).
 */
public final class AdoptionRefused extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final String field;

    AdoptionRefused(final Kind kind, final String field, final String detail) {
        super(detail);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field the refusal is about. */
    public String field() {
        return field;
    }
}
