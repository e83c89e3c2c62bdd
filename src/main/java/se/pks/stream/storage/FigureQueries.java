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

/** The named read queries behind the API. Filters are bound parameters; a null filter matches everything. */
@ApplicationScoped
public class FigureQueries {

    private static final String FILTER = """
            WHERE (?::text IS NULL OR unit_id = ?) AND (?::text IS NULL OR measure = ?)
              AND (?::text IS NULL OR granularity = ?)
              AND (?::date IS NULL OR period_start >= ?) AND (?::date IS NULL OR period_start <= ?)""";
    /**
     * A week carries the same week last year beside it (pks.same_week_last_year: none for ISO week 53), and every
     * value its known deficiencies (pks.measure_value_quality, V11).
     */
    private static final String MEASURE_VALUES = """
            SELECT granularity, period_start, unit_id, measure, value, updated_at,
                   CASE WHEN granularity = 'WEEK' THEN pks.same_week_last_year(period_start) END,
                   (SELECT ly.value FROM pks.measure_value ly
                    WHERE mv.granularity = 'WEEK' AND ly.granularity = 'WEEK' AND ly.unit_id = mv.unit_id
                      AND ly.measure = mv.measure AND ly.period_start = pks.same_week_last_year(mv.period_start)),
                   incomplete, flagged, deficiency_count, deficiencies
            FROM pks.measure_value_quality mv
            """ + FILTER + " ORDER BY unit_id, measure, granularity, period_start LIMIT ?";
    /** The stream's deviations with their known deficiencies (pks.deviation_quality, V4). */
    private static final String DEVIATIONS = """
            SELECT granularity, period_start, unit_id, measure, plan_kind, actual, expected, deviation,
                   deviation_pct, updated_at, incomplete, flagged, cardinality(deficiencies), deficiencies
            FROM pks.deviation_quality
            """ + FILTER + " ORDER BY unit_id, measure, plan_kind, granularity, period_start LIMIT ?";

    /** The same against the adopted plan (pks.adopted_deviation_quality, R__10_plan_versions.sql). */
    private static final String ADOPTED_DEVIATIONS = """
            SELECT granularity, period_start, unit_id, measure, plan_kind, actual, expected, deviation,
                   deviation_pct, updated_at, incomplete, flagged, cardinality(deficiencies), deficiencies
            FROM pks.adopted_deviation_quality
            """ + FILTER + " ORDER BY unit_id, measure, plan_kind, granularity, period_start LIMIT ?";

    public record Filter(String unitId, String measure, Granularity granularity, LocalDate from, LocalDate to,
                         int limit) {
    }

    /**
     * @param sameWeekLastYear for a week, the same ISO week of the previous ISO year; null for week 53 and for months
     * @param sameWeekLastYearValue that week's value, null when it has none
     */
    public record MeasureValueRow(String granularity, LocalDate periodStart, String unitId, String measure,
                                  double value, OffsetDateTime updatedAt, LocalDate sameWeekLastYear,
                                  Double sameWeekLastYearValue, Deficiencies deficiencies) {
    }

    public record DeviationRow(String granularity, LocalDate periodStart, String unitId, String measure,
                               String planKind, Double actual, double expected, Double deviation,
                               Double deviationPct, OffsetDateTime updatedAt, Deficiencies deficiencies) {
    }

    @Inject
    DataSource dataSource;

    public List<MeasureValueRow> measureValues(final Filter filter) {
        return query(MEASURE_VALUES, filter, result -> new MeasureValueRow(result.getString(1),
                result.getObject(2, LocalDate.class), result.getString(3), result.getString(4),
                result.getDouble(5), result.getObject(6, OffsetDateTime.class), result.getObject(7, LocalDate.class),
                Rows.nullableDouble(result, 8), Deficiencies.of(result, 9)));
    }

    /** The weekly and monthly deviations from the current plan (the stream's) or from the adopted plan. */
    public List<DeviationRow> deviations(final Filter filter, final PlanBasis basis) {
        return query(basis == PlanBasis.ADOPTED ? ADOPTED_DEVIATIONS : DEVIATIONS, filter, result -> new DeviationRow(result.getString(1),
                result.getObject(2, LocalDate.class), result.getString(3), result.getString(4),
                result.getString(5), Rows.nullableDouble(result, 6), result.getDouble(7), Rows.nullableDouble(result, 8),
                Rows.nullableDouble(result, 9), result.getObject(10, OffsetDateTime.class),
                Deficiencies.of(result, 11)));
    }

    private interface RowMapper<T> {
        T map(ResultSet result) throws SQLException;
    }

    private <T> List<T> query(final String sql, final Filter filter, final RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, filter);
            final List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        } catch (final SQLException e) {
            throw new IllegalStateException("Query failed: " + e.getMessage(), e);
        }
    }

    private static void bind(final PreparedStatement statement, final Filter filter) throws SQLException {
        final String granularity = filter.granularity() == null ? null : filter.granularity().name();
        final Date from = filter.from() == null ? null : Date.valueOf(filter.from());
        final Date to = filter.to() == null ? null : Date.valueOf(filter.to());
        statement.setString(1, filter.unitId());
        statement.setString(2, filter.unitId());
        statement.setString(3, filter.measure());
        statement.setString(4, filter.measure());
        statement.setString(5, granularity);
        statement.setString(6, granularity);
        statement.setDate(7, from);
        statement.setDate(8, from);
        statement.setDate(9, to);
        statement.setDate(10, to);
        statement.setInt(11, filter.limit());
    }

}
