package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.PlanKind;

/** The named read query of {@code pks.plan} behind the plans API. A null filter matches everything. */
@ApplicationScoped
public class PlanQueries {

    private static final String PLANS = """
            SELECT unit_id, measure, plan_kind, granularity, period_start, value, updated_at FROM pks.plan
            WHERE (?::text IS NULL OR unit_id = ?) AND (?::text IS NULL OR measure = ?)
              AND (?::text IS NULL OR plan_kind = ?) AND (?::text IS NULL OR granularity = ?)
              AND (?::date IS NULL OR period_start >= ?) AND (?::date IS NULL OR period_start <= ?)
            ORDER BY unit_id, measure, plan_kind, granularity, period_start LIMIT ?""";

    /** {@code from} and {@code to} bound the period start, both inclusive. */
    public record Filter(String unitId, String measure, PlanKind planKind, Granularity granularity, LocalDate from,
                         LocalDate to, int limit) {
    }

    public record PlanRow(String unitId, String measure, String planKind, String granularity, LocalDate periodStart,
                          double value, OffsetDateTime updatedAt) {
    }

    @Inject
    DataSource dataSource;

    public List<PlanRow> plans(final Filter filter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(PLANS)) {
            bindPair(statement, 1, filter.unitId());
            bindPair(statement, 3, filter.measure());
            bindPair(statement, 5, filter.planKind() == null ? null : filter.planKind().name());
            bindPair(statement, 7, filter.granularity() == null ? null : filter.granularity().name());
            bindPair(statement, 9, filter.from());
            bindPair(statement, 11, filter.to());
            statement.setInt(13, filter.limit());
            final List<PlanRow> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new PlanRow(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getObject(5, LocalDate.class), result.getDouble(6),
                            result.getObject(7, OffsetDateTime.class)));
                }
            }
            return rows;
        } catch (final SQLException e) {
            throw new IllegalStateException("Plan query failed: " + e.getMessage(), e);
        }
    }

    /** Each filter appears twice in the SQL: once to test for null, once to compare. */
    private static void bindPair(final PreparedStatement statement, final int index, final String value)
            throws SQLException {
        statement.setString(index, value);
        statement.setString(index + 1, value);
    }

    private static void bindPair(final PreparedStatement statement, final int index, final LocalDate value)
            throws SQLException {
        final Date date = value == null ? null : Date.valueOf(value);
        statement.setDate(index, date);
        statement.setDate(index + 1, date);
    }
}
