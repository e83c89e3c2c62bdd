package se.pks.stream.sink;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * A temporary table one batch is copied into with {@code COPY}, so that one {@code INSERT ... SELECT} and one
 * {@code DELETE ... USING} move the whole batch into its table: a few statements per batch instead of one or two per
 * row. It takes its columns' types from the table it stages for ({@code CREATE TABLE AS ... WITH NO DATA}) but none of
 * its constraints, so a tombstone can leave the value columns empty.
 *
 * <p>Each write creates it and drops it again, so that the search for a refused record (see BatchWriter) can write
 * smaller batches through it in the same transaction, under savepoints that a failure rolls back together with the
 * table, and so that it always has the columns of the current schema. Not {@code ON COMMIT DROP}: a connection in
 * auto-commit (the table tests) would lose it before the copy. A table left over by a failed write in auto-commit is
 * dropped by the next; in the sink's own transaction the rollback removes it.
 */
final class StagingTable {

    private final String name;
    private final String create;
    private final String copy;

    /**
     * @param name the temporary table's name, for the statements that read it
     * @param columns the select list that shapes it, e.g. {@code "unit_id, name, false AS gone"}
     * @param from the table whose column types it takes
     */
    StagingTable(final String name, final String columns, final String from) {
        this.name = name;
        this.create = "DROP TABLE IF EXISTS pg_temp." + name + "; CREATE TEMP TABLE " + name + " AS SELECT " + columns
                + " FROM " + from + " WITH NO DATA";
        this.copy = "COPY " + name + " FROM STDIN (FORMAT csv)";
    }

    /** Creates the table and copies the rows into it, in the order of its columns. */
    void fill(final Connection connection, final CopyRows rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(create);
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(rows.csv()));
        } catch (final IOException e) {
            // Reading a String does not fail; a lost connection comes as an SQLException.
            throw new UncheckedIOException(e);
        }
    }

    void drop(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + name);
        }
    }
}
