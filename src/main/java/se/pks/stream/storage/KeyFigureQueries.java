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

    private static final String COMPARISON = """
            SELECT group_id, group_label, period_kind, period_start, period_end, key_figure, direction, unit_id,
                   unit_name, organisation_id, ownership, value, n, q1, median, q3, rank, distance_to_median,
                   distance_to_median_pct
            FROM pks.key_figure_comparison
            WHERE period_kind = ? AND period_start = ?
              AND (?::text IS NULL OR group_id = ?) AND (?::text IS NULL OR key_figure = ?)
              AND (?::text IS NULL OR unit_id = ?)
            ORDER BY group_id, key_figure, rank, unit_id
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
            select.setString(1, filter.periodKind());
            Rows.setDate(select, 2, filter.periodStart());
            int index = 3;
            for (final String value : new String[] {filter.groupId(), filter.keyFigure(), filter.unitId()}) {
                select.setString(index++, value);
                select.setString(index++, value);
            }
            select.setInt(index, filter.limit());
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
}
