package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code pks.threshold}: the status bands (green, yellow, red) per measure, for every unit ('*') or one, for every
 * year (0) or one; the most specific row wins ({@code pks.threshold_status}). Every change names its author and reason
 * for the audit trail.
 */
@ApplicationScoped
public class ThresholdTable {

    private static final String LIST = """
            SELECT measure, unit_id, year, direction, basis, yellow_from, red_from FROM pks.threshold
            WHERE (?::text IS NULL OR measure = ?) AND (?::text IS NULL OR unit_id = ?)
            ORDER BY measure, unit_id, year""";
    private static final String UPSERT = """
            INSERT INTO pks.threshold (measure, unit_id, year, direction, basis, yellow_from, red_from)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (measure, unit_id, year) DO UPDATE SET direction = EXCLUDED.direction,
                basis = EXCLUDED.basis, yellow_from = EXCLUDED.yellow_from, red_from = EXCLUDED.red_from""";
    private static final String DELETE = "DELETE FROM pks.threshold WHERE measure = ? AND unit_id = ? AND year = ?";

    /** One band row; unitId '*' means every unit, year 0 every year. */
    public record Threshold(String measure, String unitId, int year, String direction, String basis,
                            double yellowFrom, double redFrom) {
    }

    @Inject
    DataSource dataSource;

    /** Every row, or those of one measure and/or unit ('*' for the defaults). */
    public List<Threshold> list(final String measure, final String unitId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LIST)) {
            select.setString(1, measure);
            select.setString(2, measure);
            select.setString(3, unitId);
            select.setString(4, unitId);
            final List<Threshold> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Threshold(result.getString(1), result.getString(2), result.getInt(3),
                            result.getString(4), result.getString(5), result.getDouble(6), result.getDouble(7)));
                }
            }
            return rows;
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    public void put(final Threshold row, final AuditTrail.Actor actor, final String reason) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, actor, reason);
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setString(1, row.measure());
                upsert.setString(2, row.unitId());
                upsert.setInt(3, row.year());
                upsert.setString(4, row.direction());
                upsert.setString(5, row.basis());
                upsert.setDouble(6, row.yellowFrom());
                upsert.setDouble(7, row.redFrom());
                upsert.executeUpdate();
            }
            connection.commit();
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** Whether there was such a row. */
    public boolean delete(final String measure, final String unitId, final int year, final AuditTrail.Actor actor,
                          final String reason) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, actor, reason);
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setString(1, measure);
                delete.setString(2, unitId);
                delete.setInt(3, year);
                final boolean removed = delete.executeUpdate() == 1;
                connection.commit();
                return removed;
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    private static IllegalStateException failed(final SQLException e) {
        return new IllegalStateException("Threshold table: " + e.getMessage(), e);
    }
}
