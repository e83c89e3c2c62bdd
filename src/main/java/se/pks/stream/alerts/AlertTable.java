package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Stores alert decisions: the alert row, its change history (which doubles as the outbox for the alerts topic) and the
 * notifications its subscribers are owed. All statements run in the caller's transaction.
 */
final class AlertTable {

    private static final String LIVE = """
            SELECT alert_id, condition, unit_id, organisation_id, subject, state, severity, last_active_period,
                   last_period, version, first_period
            FROM pks.alert WHERE state <> 'RESOLVED'""";
    private static final String INSERT = """
            INSERT INTO pks.alert (alert_key, condition, unit_id, organisation_id, subject, severity, state, first_period,
                                   last_active_period, last_period, value, threshold, summary, evidence)
            VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?)
            RETURNING alert_id""";
    // Figures move on in place; the version (and so a change, a Kafka record, notifications) only when state or
    // severity changes.
    private static final String UPDATE = """
            UPDATE pks.alert
            SET severity = ?, last_active_period = ?, last_period = ?,
                value = CASE WHEN ? THEN ? ELSE value END, threshold = CASE WHEN ? THEN ? ELSE threshold END,
                summary = CASE WHEN ? THEN ? ELSE summary END, evidence = CASE WHEN ? THEN ? ELSE evidence END,
                updated_at = now()
            WHERE alert_id = ?
              AND (severity, last_active_period, last_period, value, threshold, summary, evidence)
                  IS DISTINCT FROM (?, ?, ?, CASE WHEN ? THEN ? ELSE value END,
                                    CASE WHEN ? THEN ? ELSE threshold END, CASE WHEN ? THEN ? ELSE summary END,
                                    CASE WHEN ? THEN ?::text[] ELSE evidence END)""";
    private static final String NEW_VERSION = """
            UPDATE pks.alert
            SET version = version + 1, severity = ?, state = ?, updated_at = now(),
                resolved_at = CASE WHEN ? = 'RESOLVED' THEN now() END
            WHERE alert_id = ?
            RETURNING version""";
    private static final String CHANGE = """
            INSERT INTO pks.alert_change (alert_id, version, state, severity, reason, changed_by)
            VALUES (?, ?, ?, ?, ?, ?)""";
    private static final String NOTIFY = """
            INSERT INTO pks.notification (alert_id, alert_version, subscription_id)
            SELECT ?, ?, s.subscription_id
            FROM pks.subscription s
            WHERE ((s.scope = 'UNIT' AND s.scope_id = ?) OR (s.scope = 'ORGANISATION' AND s.scope_id = ?))
              AND array_position(ARRAY['NOTICE', 'WARNING', 'CRITICAL'], s.min_severity)
                  <= array_position(ARRAY['NOTICE', 'WARNING', 'CRITICAL'], ?)
            ON CONFLICT DO NOTHING""";

    private final Connection connection;

    AlertTable(final Connection connection) {
        this.connection = connection;
    }

    /** The alerts not resolved, by {@link AlertKey#problem()}: one per unit and problem. */
    Map<String, LiveAlert> live() throws SQLException {
        final Map<String, LiveAlert> alerts = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(LIVE)) {
            while (row.next()) {
                final AlertKey key = new AlertKey(AlertCondition.valueOf(row.getString(2)), row.getString(3),
                                                  row.getString(4), row.getString(5));
                alerts.put(key.problem(), new LiveAlert(row.getLong(1), key, AlertState.valueOf(row.getString(6)),
                        Severity.valueOf(row.getString(7)), row.getObject(11, LocalDate.class),
                        row.getObject(8, LocalDate.class), row.getObject(9, LocalDate.class), row.getInt(10)));
            }
        }
        return alerts;
    }

    void apply(final AlertDecision decision) throws SQLException {
        switch (decision.kind()) {
            case NONE -> { }
            case OPEN -> open(decision);
            case UPDATE -> update(decision);
            case ESCALATE -> {
                update(decision);
                final int version = newVersion(decision.live().alertId(), decision.severity(), decision.live().state());
                change(decision.live().alertId(), version, decision.live().state(), decision.severity(),
                       decision.reason(), null);
                notifySubscribers(decision.live().alertId(), version, decision.key(), decision.severity());
            }
            case RESOLVE -> {
                if (decision.point() != null) {
                    update(decision);
                }
                final int version = newVersion(decision.live().alertId(), decision.severity(), AlertState.RESOLVED);
                change(decision.live().alertId(), version, AlertState.RESOLVED, decision.severity(), decision.reason(),
                       null);
            }
        }
    }

    /** A person acknowledges an open alert; false when it is not open (already acknowledged or resolved). */
    boolean acknowledge(final long alertId, final String user) throws SQLException {
        final int version;
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE pks.alert
                SET state = 'ACKNOWLEDGED', acknowledged_at = now(), acknowledged_by = ?, version = version + 1,
                    updated_at = now()
                WHERE alert_id = ? AND state = 'OPEN'
                RETURNING version, severity""")) {
            statement.setString(1, user);
            statement.setLong(2, alertId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                version = row.getInt(1);
                change(alertId, version, AlertState.ACKNOWLEDGED, Severity.valueOf(row.getString(2)), "acknowledged",
                       user);
            }
        }
        return true;
    }

    private void open(final AlertDecision decision) throws SQLException {
        final ConditionPoint point = decision.point();
        final AlertKey key = decision.key();
        final long alertId;
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, key.text());
            statement.setString(2, key.condition().name());
            statement.setString(3, key.unitId());
            statement.setString(4, key.organisationId());
            statement.setString(5, key.subject());
            statement.setString(6, decision.severity().name());
            statement.setObject(7, point.period());
            statement.setObject(8, point.period());
            statement.setObject(9, point.period());
            statement.setObject(10, point.value());
            statement.setObject(11, point.threshold());
            statement.setString(12, point.summary());
            statement.setArray(13, connection.createArrayOf("text", point.evidence().toArray()));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                alertId = row.getLong(1);
            }
        }
        change(alertId, 1, AlertState.OPEN, decision.severity(), decision.reason(), null);
        notifySubscribers(alertId, 1, key, decision.severity());
    }

    private void update(final AlertDecision decision) throws SQLException {
        final ConditionPoint point = decision.point();
        final boolean active = point.active();
        try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
            int i = 1;
            for (int pass = 0; pass < 2; pass++) {
                statement.setString(i++, decision.severity().name());
                statement.setObject(i++, decision.lastActivePeriod());
                statement.setObject(i++, point.period());
                statement.setBoolean(i++, active);
                statement.setObject(i++, point.value());
                statement.setBoolean(i++, active);
                statement.setObject(i++, point.threshold());
                statement.setBoolean(i++, active);
                statement.setString(i++, point.summary());
                statement.setBoolean(i++, active);
                statement.setArray(i++, connection.createArrayOf("text", point.evidence().toArray()));
                if (pass == 0) {
                    statement.setLong(i++, decision.live().alertId());
                }
            }
            statement.executeUpdate();
        }
    }

    private int newVersion(final long alertId, final Severity severity, final AlertState state) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(NEW_VERSION)) {
            statement.setString(1, severity.name());
            statement.setString(2, state.name());
            statement.setString(3, state.name());
            statement.setLong(4, alertId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private void change(final long alertId, final int version, final AlertState state, final Severity severity,
                        final String reason, final String user) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CHANGE)) {
            statement.setLong(1, alertId);
            statement.setInt(2, version);
            statement.setString(3, state.name());
            statement.setString(4, severity.name());
            statement.setString(5, reason);
            statement.setString(6, user);
            statement.executeUpdate();
        }
    }

    private void notifySubscribers(final long alertId, final int version, final AlertKey key, final Severity severity)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(NOTIFY)) {
            statement.setLong(1, alertId);
            statement.setInt(2, version);
            statement.setString(3, key.unitId());
            statement.setString(4, key.organisationId());
            statement.setString(5, severity.name());
            statement.executeUpdate();
        }
    }
}
