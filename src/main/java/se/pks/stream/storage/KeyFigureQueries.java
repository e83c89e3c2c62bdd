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

/** Reads {@code pks.key_figure_comparison}: each unit's key figure beside its group (docs/key-figures.md). */
@ApplicationScoped
public class KeyFigureQueries {

    /** The catalogue of key figures (docs/key-figures.md, pks.key_figure), in the order the docs list them. */
    public static final List<String> CATALOGUE = List.of("operations_per_operating_hour", "care_days_per_staffed_bed",
            "occupancy_rate", "first_visit_share", "waiting_over_limit_per_1000", "first_visits_vs_plan_pct",
            "operations_vs_plan_pct");

    // One comparison per group (pks.group_key_figure_comparison): a unit alone would make PostgreSQL compute every
    // group of the country first (docs/key-figures.md, "Reading the comparison").
    private static final String COMPARISON = """
            SELECT c.group_id, c.group_label, c.period_kind, c.period_start, c.period_end, c.key_figure, c.direction,
                   c.unit_id, c.unit_name, c.organisation_id, c.ownership, c.value, c.n, c.q1, c.median, c.q3, c.rank,
                   c.distance_to_median, c.distance_to_median_pct
            FROM (SELECT DISTINCT group_id FROM pks.comparison_group_member
                  WHERE (?::text IS NULL OR group_id = ?) AND (?::text IS NULL OR unit_id = ?)) AS g
            CROSS JOIN LATERAL pks.group_key_figure_comparison(g.group_id, ?, ?) AS c
            WHERE (?::text IS NULL OR c.key_figure = ?) AND (?::text IS NULL OR c.unit_id = ?)
            ORDER BY c.group_id, c.key_figure, c.rank, c.unit_id
            LIMIT ?""";

    /** Which comparisons: one period (required), optionally one group, key figure or unit. */
    public record Filter(String periodKind, LocalDate periodStart, String groupId, String keyFigure, String unitId,
                         int limit) {
    }

    public record ComparisonRow(String groupId, String groupLabel, String periodKind, LocalDate periodStart,
                                LocalDate periodEnd, String keyFigure, String direction, String unitId,
                                String unitName, String organisationId, String ownership, double value, int n,
                                double q1, double median, double q3, int rank, double distanceToMedian,
                                Double distanceToMedianPct) {
    }

    @Inject
    DataSource dataSource;

    public List<ComparisonRow> comparison(final Filter filter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(COMPARISON)) {
            setTwice(select, 1, filter.groupId());
            setTwice(select, 3, filter.unitId());
            select.setString(5, filter.periodKind());
            Rows.setDate(select, 6, filter.periodStart());
            setTwice(select, 7, filter.keyFigure());
            setTwice(select, 9, filter.unitId());
            select.setInt(11, filter.limit());
            final List<ComparisonRow> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new ComparisonRow(result.getString(1), result.getString(2), result.getString(3),
                            result.getObject(4, LocalDate.class), result.getObject(5, LocalDate.class),
                            result.getString(6), result.getString(7), result.getString(8), result.getString(9),
                            result.getString(10), result.getString(11), result.getDouble(12), result.getInt(13),
                            result.getDouble(14), result.getDouble(15), result.getDouble(16), result.getInt(17),
                            result.getDouble(18), Rows.nullableDouble(result, 19)));
                }
            }
            return rows;
        } catch (final SQLException e) {
            throw new IllegalStateException("Reading key figures failed: " + e.getMessage(), e);
        }
    }

    /** An optional filter's value, for its {@code ?::text IS NULL OR column = ?}. */
    private static void setTwice(final PreparedStatement select, final int index, final String value)
            throws SQLException {
        select.setString(index, value);
        select.setString(index + 1, value);
    }
}
