package se.pks.stream.notifications;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import se.pks.stream.storage.Rows;

/**
 * The notifications waiting in {@code pks.notification}, as the dispatcher sees them. A round claims the due ones
 * by pushing their next attempt a lease into the future ({@code FOR UPDATE SKIP LOCKED}, so instances never claim
 * the same row) and commits at once: no transaction stays open while a slow receiver is waited for, and a
 * notification whose instance died is claimed again when the lease runs out.
 */
public final class NotificationOutbox {

    private static final String CLAIM = """
            WITH due AS (
                SELECT notification_id FROM pks.notification
                WHERE state = 'PENDING' AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT ? FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE pks.notification n SET next_attempt_at = now() + ? * interval '1 millisecond'
                FROM due WHERE n.notification_id = due.notification_id
                RETURNING n.notification_id, n.alert_id, n.alert_version, n.subscription_id, n.attempts)
            SELECT c.notification_id, c.attempts, s.channel, s.target, a.alert_id, c.alert_version, a.alert_key,
                   a.condition, a.subject, coalesce(ch.severity, a.severity), a.state, ch.reason, a.summary, a.value,
                   a.threshold, a.first_period, a.last_period, a.unit_id, coalesce(u.name, a.unit_id),
                   a.organisation_id, coalesce(u.organisation_name, a.organisation_id), u.region_id
            FROM claimed c
            JOIN pks.alert a ON a.alert_id = c.alert_id
            JOIN pks.subscription s ON s.subscription_id = c.subscription_id
            LEFT JOIN pks.alert_change ch ON ch.alert_id = c.alert_id AND ch.version = c.alert_version
            LEFT JOIN pks.unit u ON u.unit_id = a.unit_id
            ORDER BY c.notification_id""";
    private static final String DELIVERED = """
            UPDATE pks.notification SET state = 'DELIVERED', delivered_at = now(), attempts = attempts + 1
            WHERE notification_id = ? AND state = 'PENDING'""";
    private static final String FAILED = """
            UPDATE pks.notification SET attempts = attempts + 1, last_error = ?,
                   next_attempt_at = now() + ? * interval '1 millisecond'
            WHERE notification_id = ? AND state = 'PENDING'""";
    private static final String WAITING = """
            SELECT count(*), count(*) FILTER (WHERE attempts >= ?) FROM pks.notification WHERE state = 'PENDING'""";

    private final DataSource dataSource;

    public NotificationOutbox(final DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Claims up to {@code limit} due notifications for {@code lease}. */
    public List<PendingNotification> claim(final int limit, final Duration lease) throws SQLException {
        final List<PendingNotification> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            connection.setAutoCommit(true);
            statement.setInt(1, limit);
            statement.setLong(2, lease.toMillis());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new PendingNotification(rows.getLong(1), rows.getInt(2),
                            NotificationChannel.valueOf(rows.getString(3)), rows.getString(4), rows.getLong(5),
                            rows.getInt(6), rows.getString(7), rows.getString(8), rows.getString(9),
                            rows.getString(10), rows.getString(11), rows.getString(12), rows.getString(13),
                            Rows.nullableDouble(rows, 14), Rows.nullableDouble(rows, 15), rows.getObject(16, LocalDate.class),
                            rows.getObject(17, LocalDate.class),
                            rows.getString(18), rows.getString(19), rows.getString(20), rows.getString(21),
                            rows.getString(22)));
                }
            }
        }
        return claimed;
    }

    /** Stores the round's outcomes in one transaction; a notification deleted meanwhile is skipped. */
    public void record(final List<DeliveryOutcome> outcomes) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delivered = connection.prepareStatement(DELIVERED);
                 PreparedStatement failed = connection.prepareStatement(FAILED)) {
                for (final DeliveryOutcome outcome : outcomes) {
                    if (outcome.error() == null) {
                        delivered.setLong(1, outcome.notificationId());
                        delivered.addBatch();
                    } else {
                        failed.setString(1, outcome.error());
                        failed.setLong(2, outcome.retryIn().toMillis());
                        failed.setLong(3, outcome.notificationId());
                        failed.addBatch();
                    }
                }
                delivered.executeBatch();
                failed.executeBatch();
                connection.commit();
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** How many notifications are pending, and how many of them have failed at least {@code stalledFrom} times. */
    public Waiting waiting(final int stalledFrom) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(WAITING)) {
            statement.setInt(1, stalledFrom);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Waiting(row.getLong(1), row.getLong(2));
            }
        }
    }

    /** Pending notifications, and those among them that have failed often enough to be called stalled. */
    public record Waiting(long pending, long stalled) {
    }

}
