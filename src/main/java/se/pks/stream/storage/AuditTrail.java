package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code pks.audit_entry}, the append-only record of what people changed (docs/audit.md). Changes to the registers in
 * the database are appended by a trigger in the transaction of the change, which reads who made it from the
 * transaction ({@link #name}); changes sent through Kafka (plans, units, calendar weeks) are appended with
 * {@link #appendSent} once Kafka has taken them.
 */
@ApplicationScoped
public class AuditTrail {

    private static final String NAME = "SELECT set_config('pks.actor', ?, true), set_config('pks.reason', ?, true)";
    private static final String APPEND = """
            INSERT INTO pks.audit_entry (actor, subject, subject_key, change, after, reason)
            VALUES (?, ?, ?, ?, ?::jsonb, ?)""";
    private static final String LIST = """
            SELECT audit_id, recorded_at, actor, subject, subject_key, change, before::text, after::text, reason
            FROM pks.audit_entry
            WHERE (?::text IS NULL OR subject = ?) AND (?::text IS NULL OR subject_key = ?)
              AND (?::text IS NULL OR actor = ?)
              AND (?::timestamptz IS NULL OR recorded_at >= ?) AND (?::timestamptz IS NULL OR recorded_at < ?)
            ORDER BY audit_id DESC LIMIT ?""";
    private static final String PRUNE = "SELECT pks.prune_audit(make_interval(secs => ?))";

    /** Who changes something: a person by user id, the operator by admin key, or the service itself (not audited). */
    public record Actor(String name) {

        public static Actor person(final String userId) {
            return new Actor("person:" + userId);
        }

        public static Actor operator() {
            return new Actor("operator");
        }

        /** The service's own writes (the computed national holidays, the demo region): not people's changes. */
        public static Actor service(final String what) {
            return new Actor("service:" + what);
        }
    }

    /** One entry; before and after are the row as JSON text (null for a creation's before and a deletion's after). */
    public record Entry(long auditId, OffsetDateTime recordedAt, String actor, String subject, String subjectKey,
                        String change, String before, String after, String reason) {
    }

    /** Narrows the list; null fields do not narrow. */
    public record Filter(String subject, String subjectKey, String actor, OffsetDateTime from, OffsetDateTime to,
                         int limit) {
    }

    @Inject
    DataSource dataSource;

    /**
     * Names who makes the changes of the connection's open transaction, and why (reason may be null): the audit
     * trigger of every register reads them. Turns auto-commit off, since a name outside a transaction would not
     * outlive its own statement.
     */
    public static void name(final Connection connection, final Actor actor, final String reason) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement name = connection.prepareStatement(NAME)) {
            name.setString(1, actor.name());
            name.setString(2, reason == null ? "" : reason);
            name.executeQuery().close();
        }
    }

    /** A change sent to Kafka: the record's key and its value as JSON (null for a removal). */
    public record Sent(String key, String after) {
    }

    /** Changes that went to Kafka, recorded in one transaction once Kafka acknowledged them, with why (or null). */
    public void appendSent(final Actor actor, final String subject, final List<Sent> changes, final String reason) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement append = connection.prepareStatement(APPEND)) {
                for (final Sent change : changes) {
                    append.setString(1, actor.name());
                    append.setString(2, subject);
                    append.setString(3, change.key());
                    append.setString(4, change.after() == null ? "DELETE" : "UPDATE");
                    if (change.after() == null) {
                        append.setNull(5, Types.VARCHAR);
                    } else {
                        append.setString(5, change.after());
                    }
                    append.setString(6, reason);
                    append.addBatch();
                }
                append.executeBatch();
            }
            connection.commit();
        } catch (final SQLException e) {
            throw new IllegalStateException("Recording " + changes.size() + " change(s) of " + subject
                    + " in the audit trail failed: " + e.getMessage(), e);
        }
    }

    /** The newest entries first. */
    public List<Entry> list(final Filter filter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LIST)) {
            int index = 1;
            for (final String value : new String[] {filter.subject(), filter.subjectKey(), filter.actor()}) {
                select.setString(index++, value);
                select.setString(index++, value);
            }
            for (final OffsetDateTime time : new OffsetDateTime[] {filter.from(), filter.to()}) {
                select.setObject(index++, time);
                select.setObject(index++, time);
            }
            select.setInt(index, filter.limit());
            final List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getObject(2, OffsetDateTime.class), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                            rows.getString(8), rows.getString(9)));
                }
            }
            return entries;
        } catch (final SQLException e) {
            throw new IllegalStateException("Reading the audit trail failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the entries older than {@code retention} (at least a year); returns how many. */
    public long prune(final Duration retention) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement prune = connection.prepareStatement(PRUNE)) {
            prune.setLong(1, retention.toSeconds());
            try (ResultSet deleted = prune.executeQuery()) {
                deleted.next();
                return deleted.getLong(1);
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Pruning the audit trail failed: " + e.getMessage(), e);
        }
    }
}
