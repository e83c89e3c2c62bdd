package se.pks.stream.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import se.pks.stream.storage.Rows;

/** Reads alerts for the API and records what people do with them. */
@ApplicationScoped
public class AlertRegister {

    private static final String COLUMNS = """
            SELECT a.alert_id, a.alert_key, a.condition, a.unit_id, a.organisation_id, a.subject, a.severity, a.state,
                   a.first_period, a.last_active_period, a.last_period, a.value, a.threshold, a.summary, a.opened_at,
                   a.updated_at, a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.version, a.evidence
            FROM pks.alert a""";
    // organisations: null means every organisation (leadership); the other filters are optional.
    private static final String LIST = COLUMNS + """
             WHERE (?::text[] IS NULL OR a.organisation_id = ANY (?::text[]))
              AND (?::text IS NULL OR a.state = ?) AND (?::text IS NULL OR a.unit_id = ?)
              AND (?::text IS NULL OR a.organisation_id = ?) AND (?::text IS NULL OR a.condition = ?)
              AND (?::text IS NULL OR a.severity = ?)
            ORDER BY a.updated_at DESC, a.alert_id DESC
            LIMIT ?""";
    private static final String CHANGES = """
            SELECT version, state, severity, reason, changed_at, changed_by
            FROM pks.alert_change WHERE alert_id = ? ORDER BY version""";

    @Inject
    DataSource dataSource;

    /**
     * An alert as the API shows it: one problem of one unit. {@code condition} is the condition that opened it,
     * {@code evidence} every condition that held in its latest active week, the leading one first.
     */
    public record AlertView(long alertId, String alertKey, AlertCondition condition, String unitId,
                            String organisationId, String subject, Severity severity, AlertState state,
                            LocalDate firstPeriod, LocalDate lastActivePeriod, LocalDate lastPeriod, Double value,
                            Double threshold, String summary, Instant openedAt, Instant updatedAt,
                            Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt, int version,
                            List<String> evidence, List<ChangeView> changes) {
    }

    /** One step of an alert's history. */
    public record ChangeView(int version, AlertState state, Severity severity, String reason, Instant changedAt,
                             String changedBy) {
    }

    /** Filters of the alert list; null means any. */
    public record Filter(AlertState state, String unitId, String organisationId, AlertCondition condition,
                         Severity severity, int limit) {
    }

    /** The alerts of the given organisations (null: all) matching the filter, latest change first. */
    public List<AlertView> list(final Set<String> organisations, final Filter filter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LIST)) {
            final Object granted = organisations == null
                    ? null : connection.createArrayOf("text", organisations.toArray());
            int i = 1;
            statement.setObject(i++, granted);
            statement.setObject(i++, granted);
            for (final Object value : new Object[] {name(filter.state()), filter.unitId(), filter.organisationId(),
                                                    name(filter.condition()), name(filter.severity())}) {
                statement.setObject(i++, value);
                statement.setObject(i++, value);
            }
            statement.setInt(i, filter.limit());
            final List<AlertView> alerts = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    alerts.add(view(row, List.of()));
                }
            }
            return alerts;
        }
    }

    /** One alert with its history. */
    public Optional<AlertView> get(final long alertId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(COLUMNS + " WHERE a.alert_id = ?")) {
            statement.setLong(1, alertId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(view(row, changes(connection, alertId))) : Optional.empty();
            }
        }
    }

    /** Acknowledges an open alert; false when it is already acknowledged or resolved. */
    public boolean acknowledge(final long alertId, final String user) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                final boolean done = new AlertTable(connection).acknowledge(alertId, user);
                connection.commit();
                return done;
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static List<ChangeView> changes(final Connection connection, final long alertId) throws SQLException {
        final List<ChangeView> changes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CHANGES)) {
            statement.setLong(1, alertId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    changes.add(new ChangeView(row.getInt(1), AlertState.valueOf(row.getString(2)),
                            Severity.valueOf(row.getString(3)), row.getString(4), row.getTimestamp(5).toInstant(),
                            row.getString(6)));
                }
            }
        }
        return changes;
    }

    private static AlertView view(final ResultSet row, final List<ChangeView> changes) throws SQLException {
        return new AlertView(row.getLong(1), row.getString(2), AlertCondition.valueOf(row.getString(3)),
                row.getString(4), row.getString(5), row.getString(6), Severity.valueOf(row.getString(7)),
                AlertState.valueOf(row.getString(8)), row.getObject(9, LocalDate.class),
                row.getObject(10, LocalDate.class), row.getObject(11, LocalDate.class), Rows.nullableDouble(row, 12),
                Rows.nullableDouble(row, 13), row.getString(14), instant(row, 15), instant(row, 16),
                instant(row, 17), row.getString(18), instant(row, 19), row.getInt(20), evidence(row.getArray(21)),
                changes);
    }

    private static List<String> evidence(final Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(final ResultSet row, final int column) throws SQLException {
        final Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static String name(final Enum<?> value) {
        return value == null ? null : value.name();
    }
}
