package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The re-bases people record ({@code pks.spc_rebase}): from a day on, a unit's chart of a measure gets a new segment
 * with its own limits. Each change asks, in the same transaction, for the chart to be recomputed.
 */
@ApplicationScoped
public class SpcRebaseTable {

    private static final String COLUMNS = "rebase_id, unit_id, measure, rebase_from, reason, recorded_by, recorded_at";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM pks.spc_rebase WHERE unit_id = ? AND (?::text IS NULL OR measure = ?)
            ORDER BY measure, rebase_from""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM pks.spc_rebase WHERE rebase_id = ?";
    private static final String INSERT = """
            INSERT INTO pks.spc_rebase (unit_id, measure, rebase_from, reason, recorded_by) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (unit_id, measure, rebase_from) DO NOTHING RETURNING rebase_id""";
    private static final String DELETE = """
            DELETE FROM pks.spc_rebase WHERE unit_id = ? AND measure = ? AND rebase_from = ?""";
    private static final String REQUEST_CHART = """
            INSERT INTO pks.refresh_request (kind, unit_id, measure) VALUES ('SERIES', ?, ?)
            ON CONFLICT (kind, unit_id, measure) DO UPDATE SET claimed_until = NULL
            WHERE pks.refresh_request.claimed_until IS NOT NULL""";

    /** @param recordedBy the user id of the person who recorded it */
    public record Rebase(long rebaseId, String unitId, String measure, LocalDate rebaseFrom, String reason,
                         String recordedBy, OffsetDateTime recordedAt) {
    }

    @Inject
    DataSource dataSource;

    /** The unit's re-bases, of one measure or (measure null) of all. */
    public List<Rebase> list(final String unitId, final String measure) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LIST)) {
            select.setString(1, unitId);
            select.setString(2, measure);
            select.setString(3, measure);
            final List<Rebase> rebases = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    rebases.add(rebase(rows));
                }
            }
            return rebases;
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    public Optional<Rebase> find(final long rebaseId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(FIND)) {
            select.setLong(1, rebaseId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rebase(rows)) : Optional.empty();
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** The new re-base's id; empty when the unit's chart of the measure is already re-based on that day. */
    public Optional<Long> insert(final String unitId, final String measure, final LocalDate from, final String reason,
                                 final String user) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.person(user), reason);
            final Optional<Long> id;
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, unitId);
                insert.setString(2, measure);
                Rows.setDate(insert, 3, from);
                insert.setString(4, reason);
                insert.setString(5, user);
                try (ResultSet key = insert.executeQuery()) {
                    id = key.next() ? Optional.of(key.getLong(1)) : Optional.empty();
                }
            }
            requestChart(connection, unitId, measure);
            connection.commit();
            return id;
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** Whether there was such a re-base to remove. */
    public boolean delete(final String unitId, final String measure, final LocalDate from, final String user) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.person(user), null);
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setString(1, unitId);
                delete.setString(2, measure);
                Rows.setDate(delete, 3, from);
                if (delete.executeUpdate() == 0) {
                    connection.rollback();
                    return false;
                }
            }
            requestChart(connection, unitId, measure);
            connection.commit();
            return true;
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    private static void requestChart(final Connection connection, final String unitId, final String measure)
            throws SQLException {
        try (PreparedStatement request = connection.prepareStatement(REQUEST_CHART)) {
            request.setString(1, unitId);
            request.setString(2, measure);
            request.executeUpdate();
        }
    }

    private static Rebase rebase(final ResultSet rows) throws SQLException {
        return new Rebase(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getObject(4, LocalDate.class),
                rows.getString(5), rows.getString(6), rows.getObject(7, OffsetDateTime.class));
    }

    private static IllegalStateException failed(final SQLException e) {
        return new IllegalStateException("SPC re-base register query failed: " + e.getMessage(), e);
    }
}
