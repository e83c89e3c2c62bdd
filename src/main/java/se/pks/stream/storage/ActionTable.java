package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import se.pks.stream.analysis.WeeklyPoint;
import se.pks.stream.model.ActionStatus;

/**
 * The action register ({@code pks.action}, its links and its status history). Every change of an action names the
 * version it was based on and bumps it, so two people editing the same action cannot overwrite each other unseen.
 */
@ApplicationScoped
public class ActionTable {

    private static final String COLUMNS = """
            action_id, title, description, organisation_id, unit_id, measure, expected_direction, expected_effect,
            responsible, deadline, status, done_on, (status IN ('PLANNED', 'IN_PROGRESS') AND deadline < ?) AS overdue,
            created_by, created_at, updated_at, version""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM pks.action WHERE action_id = ?";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM pks.action
            WHERE (?::text[] IS NULL OR organisation_id = ANY (?::text[]))
              AND (?::text IS NULL OR organisation_id = ?) AND (?::text IS NULL OR unit_id = ?)
              AND (?::text IS NULL OR status = ?)
              AND (?::boolean IS NULL OR (status IN ('PLANNED', 'IN_PROGRESS') AND deadline < ?) = ?)
            ORDER BY deadline, action_id LIMIT ?""";
    private static final String INSERT = """
            INSERT INTO pks.action (title, description, organisation_id, unit_id, measure, expected_direction,
                                    expected_effect, responsible, deadline, status, done_on, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING action_id""";
    private static final String UPDATE = """
            UPDATE pks.action SET title = ?, description = ?, measure = ?, expected_direction = ?, expected_effect = ?,
                                  responsible = ?, deadline = ?, status = ?, done_on = ?, updated_at = now(),
                                  version = version + 1
            WHERE action_id = ? AND version = ? RETURNING version""";
    /**
     * An action's effect date re-bases its unit's SPC chart once the follow-up shows a shift (ChartRebases), so
     * a change to the action asks for the chart to be recomputed, before the change (the old measure) and after it.
     */
    private static final String REQUEST_CHART = """
            INSERT INTO pks.refresh_request (kind, unit_id, measure)
            SELECT 'SERIES', unit_id, measure FROM pks.action WHERE action_id = ? AND unit_id IS NOT NULL
            ON CONFLICT (kind, unit_id, measure) DO UPDATE SET claimed_until = NULL
            WHERE pks.refresh_request.claimed_until IS NOT NULL""";
    private static final String INSERT_STATUS_CHANGE = """
            INSERT INTO pks.action_status_change (action_id, version, status, done_on, changed_by)
            VALUES (?, ?, ?, ?, ?)""";
    private static final String HISTORY = """
            SELECT version, status, done_on, changed_by, changed_at FROM pks.action_status_change
            WHERE action_id = ? ORDER BY version""";
    private static final String LINKS = """
            SELECT link_id, alert_id, unit_id, measure, granularity, period_start, created_by, created_at
            FROM pks.action_link WHERE action_id = ? ORDER BY link_id""";
    private static final String INSERT_LINK = """
            INSERT INTO pks.action_link (action_id, alert_id, unit_id, measure, granularity, period_start, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String SAME_LINK = """
            SELECT link_id, alert_id, unit_id, measure, granularity, period_start, created_by, created_at
            FROM pks.action_link
            WHERE action_id = ? AND alert_id IS NOT DISTINCT FROM ? AND unit_id IS NOT DISTINCT FROM ?
              AND measure IS NOT DISTINCT FROM ? AND granularity IS NOT DISTINCT FROM ?
              AND period_start IS NOT DISTINCT FROM ?""";
    private static final String DELETE_LINK = "DELETE FROM pks.action_link WHERE action_id = ? AND link_id = ?";
    private static final String ALERT_ORGANISATION = "SELECT organisation_id FROM pks.alert WHERE alert_id = ?";

    /** An action as stored; {@code overdue} is judged against the region's date given to the query. */
    public record ActionRow(long actionId, String title, String description, String organisationId, String unitId,
                            String measure, String expectedDirection, String expectedEffect, String responsible,
                            LocalDate deadline, ActionStatus status, LocalDate doneOn, boolean overdue,
                            String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt, int version) {
    }

    /** The fields a person sets; organisation and unit are fixed when the action is created. */
    public record ActionFields(String title, String description, String measure, String expectedDirection,
                               String expectedEffect, String responsible, LocalDate deadline, ActionStatus status,
                               LocalDate doneOn) {
    }

    /**
     * @param organisations the organisations the reader may see, or null for all of them
     * @param overdue true for overdue actions only, false for the others, null for both
     */
    public record Filter(Set<String> organisations, String organisationId, String unitId, ActionStatus status,
                         Boolean overdue, LocalDate today, int limit) {
    }

    public record StatusChange(int version, ActionStatus status, LocalDate doneOn, String changedBy,
                               OffsetDateTime changedAt) {
    }

    /** Why an action was taken: an alert ({@code alertId}), or one deviation (unit, measure, granularity, period). */
    public record Link(Long linkId, Long alertId, String unitId, String measure, String granularity,
                       LocalDate periodStart, String createdBy, OffsetDateTime createdAt) {
    }

    @Inject
    DataSource dataSource;

    public Optional<ActionRow> find(final long actionId, final LocalDate today) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(FIND)) {
            setDate(select, 1, today);
            select.setLong(2, actionId);
            return actions(select).stream().findFirst();
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    public List<ActionRow> list(final Filter filter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LIST)) {
            setDate(select, 1, filter.today());
            final Array organisations = filter.organisations() == null ? null
                    : connection.createArrayOf("text", filter.organisations().toArray());
            select.setArray(2, organisations);
            select.setArray(3, organisations);
            select.setString(4, filter.organisationId());
            select.setString(5, filter.organisationId());
            select.setString(6, filter.unitId());
            select.setString(7, filter.unitId());
            final String status = filter.status() == null ? null : filter.status().name();
            select.setString(8, status);
            select.setString(9, status);
            if (filter.overdue() == null) {
                select.setNull(10, Types.BOOLEAN);
                select.setNull(12, Types.BOOLEAN);
            } else {
                select.setBoolean(10, filter.overdue());
                select.setBoolean(12, filter.overdue());
            }
            setDate(select, 11, filter.today());
            select.setInt(13, filter.limit());
            return actions(select);
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** Stores a new action with its first history row (version 1) in one transaction; returns its id. */
    public long insert(final String organisationId, final String unitId, final ActionFields fields,
                       final String user) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.person(user), null);
            final long actionId;
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, fields.title());
                insert.setString(2, fields.description());
                insert.setString(3, organisationId);
                insert.setString(4, unitId);
                insert.setString(5, fields.measure());
                insert.setString(6, fields.expectedDirection());
                insert.setString(7, fields.expectedEffect());
                insert.setString(8, fields.responsible());
                setDate(insert, 9, fields.deadline());
                insert.setString(10, fields.status().name());
                setDate(insert, 11, fields.doneOn());
                insert.setString(12, user);
                try (ResultSet key = insert.executeQuery()) {
                    key.next();
                    actionId = key.getLong(1);
                }
            }
            statusChange(connection, actionId, 1, fields, user);
            requestChart(connection, actionId);
            connection.commit();
            return actionId;
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Replaces the action's fields if it is still at {@code basedOnVersion}; a status change is added to the history
     * in the same transaction. Empty when someone else changed the action first (or it does not exist).
     */
    public Optional<Integer> update(final long actionId, final int basedOnVersion, final ActionFields fields,
                                    final boolean statusChanged, final String user) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.person(user), null);
            final int version;
            requestChart(connection, actionId);
            try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                update.setString(1, fields.title());
                update.setString(2, fields.description());
                update.setString(3, fields.measure());
                update.setString(4, fields.expectedDirection());
                update.setString(5, fields.expectedEffect());
                update.setString(6, fields.responsible());
                setDate(update, 7, fields.deadline());
                update.setString(8, fields.status().name());
                setDate(update, 9, fields.doneOn());
                update.setLong(10, actionId);
                update.setInt(11, basedOnVersion);
                try (ResultSet updated = update.executeQuery()) {
                    if (!updated.next()) {
                        connection.rollback();
                        return Optional.empty();
                    }
                    version = updated.getInt(1);
                }
            }
            if (statusChanged) {
                statusChange(connection, actionId, version, fields, user);
            }
            requestChart(connection, actionId);
            connection.commit();
            return Optional.of(version);
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    private static void requestChart(final Connection connection, final long actionId) throws SQLException {
        try (PreparedStatement request = connection.prepareStatement(REQUEST_CHART)) {
            request.setLong(1, actionId);
            request.executeUpdate();
        }
    }

    public List<StatusChange> history(final long actionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(HISTORY)) {
            select.setLong(1, actionId);
            final List<StatusChange> changes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    changes.add(new StatusChange(rows.getInt(1), ActionStatus.valueOf(rows.getString(2)),
                            rows.getObject(3, LocalDate.class), rows.getString(4),
                            rows.getObject(5, OffsetDateTime.class)));
                }
            }
            return changes;
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    public List<Link> links(final long actionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LINKS)) {
            select.setLong(1, actionId);
            return links(select);
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** Links the action to an alert or a deviation; linking the same one again returns the existing link. */
    public Link link(final long actionId, final Link link, final String user) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.person(user), null);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_LINK)) {
                insert.setLong(1, actionId);
                bindLinkTarget(insert, 2, link);
                insert.setString(7, user);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(SAME_LINK)) {
                select.setLong(1, actionId);
                bindLinkTarget(select, 2, link);
                final Link stored = links(select).getFirst();
                connection.commit();
                return stored;
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    public boolean unlink(final long actionId, final long linkId, final String user) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.person(user), null);
            try (PreparedStatement delete = connection.prepareStatement(DELETE_LINK)) {
                delete.setLong(1, actionId);
                delete.setLong(2, linkId);
                final boolean removed = delete.executeUpdate() == 1;
                connection.commit();
                return removed;
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** The organisation an alert belongs to, empty when there is no such alert. */
    public Optional<String> alertOrganisation(final long alertId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(ALERT_ORGANISATION)) {
            select.setLong(1, alertId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** The weeks the SPC chart of the unit and measure is drawn from, ended weeks only, as the charts read them. */
    public List<WeeklyPoint> weeklySeries(final String unitId, final String measure, final LocalDate today) {
        try (Connection connection = dataSource.getConnection()) {
            return SpcCharts.series(connection, unitId, measure, today);
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    private static void statusChange(final Connection connection, final long actionId, final int version,
                                     final ActionFields fields, final String user) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_STATUS_CHANGE)) {
            insert.setLong(1, actionId);
            insert.setInt(2, version);
            insert.setString(3, fields.status().name());
            setDate(insert, 4, fields.doneOn());
            insert.setString(5, user);
            insert.executeUpdate();
        }
    }

    private static void bindLinkTarget(final PreparedStatement statement, final int first, final Link link)
            throws SQLException {
        if (link.alertId() == null) {
            statement.setNull(first, Types.BIGINT);
        } else {
            statement.setLong(first, link.alertId());
        }
        statement.setString(first + 1, link.unitId());
        statement.setString(first + 2, link.measure());
        statement.setString(first + 3, link.granularity());
        setDate(statement, first + 4, link.periodStart());
    }

    private static List<ActionRow> actions(final PreparedStatement statement) throws SQLException {
        final List<ActionRow> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new ActionRow(result.getLong(1), result.getString(2), result.getString(3),
                        result.getString(4), result.getString(5), result.getString(6), result.getString(7),
                        result.getString(8), result.getString(9), result.getObject(10, LocalDate.class),
                        ActionStatus.valueOf(result.getString(11)), result.getObject(12, LocalDate.class),
                        result.getBoolean(13), result.getString(14), result.getObject(15, OffsetDateTime.class),
                        result.getObject(16, OffsetDateTime.class), result.getInt(17)));
            }
        }
        return rows;
    }

    private static List<Link> links(final PreparedStatement statement) throws SQLException {
        final List<Link> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                final Long alertId = result.getObject(2, Long.class);
                rows.add(new Link(result.getLong(1), alertId, result.getString(3),
                        result.getString(4), result.getString(5), result.getObject(6, LocalDate.class),
                        result.getString(7), result.getObject(8, OffsetDateTime.class)));
            }
        }
        return rows;
    }

    private static void setDate(final PreparedStatement statement, final int index, final LocalDate date)
            throws SQLException {
        statement.setDate(index, date == null ? null : Date.valueOf(date));
    }

    private static IllegalStateException failed(final SQLException e) {
        return new IllegalStateException("Action register query failed: " + e.getMessage(), e);
    }
}
