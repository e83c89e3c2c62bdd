package se.pks.stream.storage;

/**
 * A step of a benchmarking round the register refused, with nothing changed (docs/benchmarking-round.md): a request
 * field is wrong ({@link Kind#INVALID} on {@code field}), something it names does not exist or is not in the round
 * ({@link Kind#NOT_FOUND}, on {@code field} when the request named it), or the round's state does not allow it
 * ({@link Kind#CONFLICT}: closed, past its deadline, a round for the period exists already).
 */
public final class RoundRefused extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final String field;

    RoundRefused(final Kind kind, final String field, final String detail) {
        super(detail);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field the refusal is about, or null. */
    public String field() {
        return field;
    }
}
