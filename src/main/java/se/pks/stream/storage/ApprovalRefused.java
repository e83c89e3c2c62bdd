package se.pks.stream.storage;

/**
 * An approval or re-opening the register refused, with nothing changed: the period has not ended ({@link Kind#INVALID}
 * on {@code field}), there is nothing to approve ({@link Kind#NOT_FOUND}), or the period's state does not allow it
 * ({@link Kind#CONFLICT}: approved already, not approved, units still unapproved, the organisation's approval stands).
 */
public final class ApprovalRefused extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final String field;

    ApprovalRefused(final Kind kind, final String field, final String detail) {
        super(detail);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field the refusal is about, for {@link Kind#INVALID}; null otherwise. */
    public String field() {
        return field;
    }
}
