package se.pks.stream.sink;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Rows for {@code COPY ... FROM STDIN (FORMAT csv)}. Every text is quoted, so an empty text stays an empty text, a
 * lone {@code \.} is not taken for the end of the data, and commas, quotes and line breaks are kept; a missing value
 * is an empty unquoted field, which the CSV format reads as NULL. Numbers are written as Java prints them, the shortest
 * form that reads back as the same double, so a copied value equals the one a prepared statement would have bound.
 */
final class CopyRows {

    private final StringBuilder csv = new StringBuilder();
    private boolean inRow;

    CopyRows text(final String value) {
        field();
        if (value != null) {
            csv.append('"');
            for (int i = 0; i < value.length(); i++) {
                final char c = value.charAt(i);
                if (c == '"') {
                    csv.append('"');
                }
                csv.append(c);
            }
            csv.append('"');
        }
        return this;
    }

    CopyRows number(final Double value) {
        field();
        if (value != null) {
            // NaN and Infinity as Java prints them are PostgreSQL's spellings too.
            csv.append(value.doubleValue());
        }
        return this;
    }

    CopyRows number(final long value) {
        field();
        csv.append(value);
        return this;
    }

    CopyRows date(final LocalDate value) {
        field();
        csv.append(value);
        return this;
    }

    /** An instant in ISO 8601 with its {@code Z}, which a {@code timestamptz} column reads as UTC. */
    CopyRows instant(final Instant value) {
        field();
        csv.append(value);
        return this;
    }

    CopyRows flag(final boolean value) {
        field();
        csv.append(value ? 't' : 'f');
        return this;
    }

    /** Leaves the next {@code fields} fields NULL. */
    CopyRows nulls(final int fields) {
        for (int i = 0; i < fields; i++) {
            field();
        }
        return this;
    }

    void endRow() {
        csv.append('\n');
        inRow = false;
    }

    String csv() {
        return csv.toString();
    }

    private void field() {
        if (inRow) {
            csv.append(',');
        }
        inRow = true;
    }
}
