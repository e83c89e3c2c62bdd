package se.pks.stream.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import se.pks.stream.model.AlertChange;
import se.pks.stream.storage.Rows;
import se.pks.stream.topics.AcknowledgedWriter;
import se.pks.stream.topics.OutputTopics;

/**
 * Publishes stored alert changes on this deployment's alerts topic ({@code <application id>.alerts.v1}) by the
 * transactional outbox pattern: a change is written to the database with the decision that caused it and marked
 * published only after the broker acknowledged it. A crash in between publishes it again, which consumers absorb by
 * de-duplicating on alertId and version.
 */
@ApplicationScoped
public class AlertPublisher {

    private static final int BATCH = 500;
    private static final String PENDING = """
            SELECT c.alert_id, a.alert_key, c.version, a.condition, a.unit_id, a.organisation_id, a.subject,
                   c.severity, c.state, c.reason, a.first_period, a.last_active_period, a.value, a.threshold,
                   a.summary, c.changed_at, c.changed_by
            FROM pks.alert_change c
            JOIN pks.alert a ON a.alert_id = c.alert_id
            WHERE c.published_at IS NULL
            ORDER BY c.changed_at, c.alert_id, c.version
            LIMIT ?
            FOR UPDATE OF c SKIP LOCKED""";
    private static final String PUBLISHED =
            "UPDATE pks.alert_change SET published_at = now() WHERE alert_id = ? AND version = ?";

    @Inject
    DataSource dataSource;

    @Inject
    AcknowledgedWriter writer;

    @Inject
    OutputTopics outputs;

    /** Publishes up to one batch of unpublished changes; returns how many. */
    public int publishPending() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                final List<AlertChange> changes = pending(connection);
                if (!changes.isEmpty()) {
                    writer.writeAll(outputs.alerts(), changes.stream()
                            .map(change -> new AcknowledgedWriter.Entry<>(change.alertKey(), change)).toList());
                    markPublished(connection, changes);
                }
                connection.commit();
                return changes.size();
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static List<AlertChange> pending(final Connection connection) throws SQLException {
        final List<AlertChange> changes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PENDING)) {
            statement.setInt(1, BATCH);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    changes.add(new AlertChange(row.getLong(1), row.getString(2), row.getInt(3), row.getString(4),
                            row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getString(9),
                            row.getString(10), row.getObject(11, LocalDate.class), row.getObject(12, LocalDate.class),
                            Rows.nullableDouble(row, 13), Rows.nullableDouble(row, 14), row.getString(15),
                            row.getTimestamp(16).toInstant(), row.getString(17)));
                }
            }
        }
        return changes;
    }

    private static void markPublished(final Connection connection, final List<AlertChange> changes)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(PUBLISHED)) {
            for (final AlertChange change : changes) {
                statement.setLong(1, change.alertId());
                statement.setInt(2, change.version());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
