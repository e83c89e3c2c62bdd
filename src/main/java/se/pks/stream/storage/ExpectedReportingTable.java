package se.pks.stream.storage;

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

/**
 * {@code pks.expected_reporting}: which unit is expected to send which feed how often, from which day; what the
 * missing-data figures and alerts are judged against (docs/data-quality.md). Every change names its author and reason
 * for the audit trail.
 */
@ApplicationScoped
public class ExpectedReportingTable {

    private static final String LIST = """
            SELECT unit_id, feed, cadence, valid_from FROM pks.expected_reporting
            WHERE (?::text IS NULL OR unit_id = ?) ORDER BY unit_id, feed""";
    private static final String UPSERT = """
            INSERT INTO pks.expected_reporting (unit_id, feed, cadence, valid_from) VALUES (?, ?, ?, ?)
            ON CONFLICT (unit_id, feed) DO UPDATE SET cadence = EXCLUDED.cadence, valid_from = EXCLUDED.valid_from""";
    private static final String DELETE = "DELETE FROM pks.expected_reporting WHERE unit_id = ? AND feed = ?";

    public record Expectation(String unitId, String feed, String cadence, LocalDate validFrom) {
    }

    @Inject
    DataSource dataSource;

    public List<Expectation> list(final String unitId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LIST)) {
            select.setString(1, unitId);
            select.setString(2, unitId);
            final List<Expectation> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Expectation(result.getString(1), result.getString(2), result.getString(3),
                            result.getObject(4, LocalDate.class)));
                }
            }
            return rows;
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    public void put(final Expectation row, final AuditTrail.Actor actor, final String reason) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, actor, reason);
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setString(1, row.unitId());
                upsert.setString(2, row.feed());
                upsert.setString(3, row.cadence());
                Rows.setDate(upsert, 4, row.validFrom());
                upsert.executeUpdate();
            }
            connection.commit();
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** Whether the unit was expected to send the feed. */
    public boolean delete(final String unitId, final String feed, final AuditTrail.Actor actor, final String reason) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, actor, reason);
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setString(1, unitId);
                delete.setString(2, feed);
                final boolean removed = delete.executeUpdate() == 1;
                connection.commit();
                return removed;
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    private static IllegalStateException failed(final SQLException e) {
        return new IllegalStateException("Expected reporting table: " + e.getMessage(), e);
    }
}
