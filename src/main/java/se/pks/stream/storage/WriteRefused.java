package se.pks.stream.storage;

/**
 * A write the stored state refused, with nothing changed: the request contradicts the state (an approval of a period
 * that has not ended is {@link Kind#INVALID} on {@code field}), there is nothing to act on ({@link Kind#NOT_FOUND}:
 * no figures to approve, no plan rows to adopt), or the state does not allow it now ({@link Kind#CONFLICT}: approved
 * already, units still unapproved, a year adopted already and no reason given to adopt it again). The API answers it
 * as a problem with the status of its kind, so every register refuses in the same words.
 */
public final class WriteRefused extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final String field;

    WriteRefused(final Kind kind, final String field, final String detail) {
        super(detail);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field the refusal is about; null when it is about the state rather than one field. */
    public String field() {
        return field;
    }
}
