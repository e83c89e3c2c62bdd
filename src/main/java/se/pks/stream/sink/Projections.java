package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.pks.stream.analysis.Projection;
import se.pks.stream.model.Measure;
import se.pks.stream.model.MeasureKind;
import se.pks.stream.storage.Rows;

/**
 * Year-end projections of one unit and count measure, one row per year that has weekly TARGET plans, into
 * {@code pks.projection}. A year's weeks are its weekly TARGET plan rows (Mondays in that year); a week is elapsed
 * once it has ended, and a planned week without a figure counts as 0 produced.
 */
final class Projections {

    private static final String WEEKS = """
            SELECT p.period_start, p.value, coalesce(mv.value, 0)
            FROM pks.plan p
            LEFT JOIN pks.measure_value mv ON mv.granularity = 'WEEK' AND mv.unit_id = p.unit_id
                 AND mv.measure = p.measure AND mv.period_start = p.period_start
            WHERE p.unit_id = ? AND p.measure = ? AND p.plan_kind = 'TARGET' AND p.granularity = 'WEEK'
            ORDER BY p.period_start""";
    private static final String DELETE = "DELETE FROM pks.projection WHERE unit_id = ? AND measure = ?";
    private static final String INSERT = """
            INSERT INTO pks.projection (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date,
                                        annual_target, projected, deviation, deviation_pct, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""";

    void refresh(final Connection connection, final String unit, final String measure, final LocalDate today)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, unit);
            delete.setString(2, measure);
            delete.executeUpdate();
        }
        if (Measure.byId(measure).map(Measure::kind).orElse(MeasureKind.RATIO) != MeasureKind.COUNT) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (final Map.Entry<Integer, List<double[]>> year : weeksByYear(connection, unit, measure, today)
                    .entrySet()) {
                final List<double[]> weeks = year.getValue();
                final int elapsed = (int) weeks.stream().filter(week -> week[2] > 0).count();
                if (elapsed == 0) {
                    continue;
                }
                final Projection projection = Projection.atRunRate(column(weeks, 0), column(weeks, 1), elapsed);
                insert.setString(1, unit);
                insert.setString(2, measure);
                insert.setInt(3, year.getKey());
                insert.setInt(4, projection.weeksElapsed());
                insert.setDouble(5, projection.actualToDate());
                insert.setDouble(6, projection.planToDate());
                insert.setDouble(7, projection.annualTarget());
                Rows.setNullableDouble(insert, 8, projection.projected());
                Rows.setNullableDouble(insert, 9, projection.deviation());
                Rows.setNullableDouble(insert, 10, projection.deviationPct());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Per year, the weeks in order as {plan, actual, 1 if ended else 0}; ended weeks come first in each year. */
    private static TreeMap<Integer, List<double[]>> weeksByYear(final Connection connection, final String unit,
                                                                final String measure, final LocalDate today)
            throws SQLException {
        final TreeMap<Integer, List<double[]>> years = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(WEEKS)) {
            select.setString(1, unit);
            select.setString(2, measure);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    final LocalDate week = rows.getDate(1).toLocalDate();
                    final boolean ended = !week.plusDays(7).isAfter(today);
                    years.computeIfAbsent(week.getYear(), year -> new ArrayList<>())
                            .add(new double[] {rows.getDouble(2), rows.getDouble(3), ended ? 1 : 0});
                }
            }
        }
        return years;
    }

    private static List<Double> column(final List<double[]> weeks, final int index) {
        return weeks.stream().map(week -> week[index]).toList();
    }

}
