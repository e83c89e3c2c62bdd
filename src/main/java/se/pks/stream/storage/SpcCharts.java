package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import se.pks.stream.analysis.SpcCalculator;
import se.pks.stream.analysis.SpcChart;
import se.pks.stream.analysis.SpcPoint;
import se.pks.stream.analysis.SpcSettings;
import se.pks.stream.analysis.WeeklyPoint;
import se.pks.stream.model.Direction;
import se.pks.stream.model.Measure;

/**
 * The XmR chart of one unit's weekly series of one measure, from {@code pks.measure_value}, into
 * {@code pks.spc_chart} and {@code pks.spc_point}. Only weeks that have ended are charted: a week in progress would
 * look like a collapse. A week's kind comes from the region's production calendar, and a low-production week's
 * planned level from its weekly plan (TARGET first, else the measure's forecast). The chart is re-based at the days of
 * {@link ChartRebases}. The target for the assurance verdict is the mean weekly TARGET over the normal weeks of
 * the latest segment, the process as it runs now.
 */
public final class SpcCharts {

    private static final String SERIES = """
            SELECT mv.period_start, mv.value, coalesce(cw.kind = 'LOW_PRODUCTION', false),
                   (SELECT p.value FROM pks.plan p
                    WHERE p.unit_id = mv.unit_id AND p.measure = mv.measure AND p.granularity = 'WEEK'
                      AND p.period_start = mv.period_start
                    ORDER BY p.plan_kind <> 'TARGET', p.plan_kind LIMIT 1)
            FROM pks.measure_value mv
            LEFT JOIN pks.unit u ON u.unit_id = mv.unit_id
            LEFT JOIN pks.calendar_week cw ON cw.region_id = u.region_id AND cw.week_start = mv.period_start
            WHERE mv.granularity = 'WEEK' AND mv.unit_id = ? AND mv.measure = ?
              AND mv.period_start + 7 <= ?
            ORDER BY mv.period_start""";
    private static final String TARGET = """
            SELECT avg(p.value)
            FROM pks.plan p
            LEFT JOIN pks.unit u ON u.unit_id = p.unit_id
            LEFT JOIN pks.calendar_week cw ON cw.region_id = u.region_id AND cw.week_start = p.period_start
            WHERE p.unit_id = ? AND p.measure = ? AND p.plan_kind = 'TARGET' AND p.granularity = 'WEEK'
              AND p.period_start BETWEEN ? AND ? AND coalesce(cw.kind, 'NORMAL') = 'NORMAL'""";
    private static final String DELETE_POINTS = "DELETE FROM pks.spc_point WHERE unit_id = ? AND measure = ?";
    private static final String DELETE_CHART = "DELETE FROM pks.spc_chart WHERE unit_id = ? AND measure = ?";
    private static final String INSERT_POINT = """
            INSERT INTO pks.spc_point (unit_id, measure, week_start, value, moving_range, centre, lower_limit,
                                       upper_limit, low_production, rule, signal, segment_start)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_CHART = """
            INSERT INTO pks.spc_chart (unit_id, measure, centre, lower_limit, upper_limit, average_moving_range,
                                       trial_limits, target, assurance, points, baseline_points, segment_start,
                                       segments, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""";

    public void refresh(final Connection connection, final String unit, final String measure, final LocalDate today)
            throws SQLException {
        final List<WeeklyPoint> series = series(connection, unit, measure, today);
        delete(connection, DELETE_POINTS, unit, measure);
        delete(connection, DELETE_CHART, unit, measure);
        if (series.isEmpty()) {
            return;
        }
        final Direction direction = Measure.byId(measure).map(Measure::direction).orElse(Direction.NEUTRAL);
        final SpcSettings settings = SpcSettings.defaults()
                .rebasedFrom(ChartRebases.of(connection, unit, measure, series));
        // The segments do not depend on the target, so a first pass finds the latest segment the target is read for.
        final SpcChart segmented = SpcCalculator.chart(series, direction, null, settings);
        final Double target = target(connection, unit, measure, segmented.segmentStart(), series.getLast().weekStart());
        final SpcChart chart = SpcCalculator.chart(series, direction, target, settings);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_POINT)) {
            for (final SpcPoint point : chart.points()) {
                insert.setString(1, unit);
                insert.setString(2, measure);
                Rows.setDate(insert, 3, point.weekStart());
                insert.setDouble(4, point.value());
                Rows.setNullableDouble(insert, 5, point.movingRange());
                Rows.setNullableDouble(insert, 6, point.centre());
                Rows.setNullableDouble(insert, 7, point.lowerLimit());
                Rows.setNullableDouble(insert, 8, point.upperLimit());
                insert.setBoolean(9, point.lowProduction());
                insert.setString(10, point.rule().name());
                insert.setString(11, point.signal().name());
                Rows.setDate(insert, 12, point.segmentStart());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_CHART)) {
            insert.setString(1, unit);
            insert.setString(2, measure);
            Rows.setNullableDouble(insert, 3, chart.centre());
            Rows.setNullableDouble(insert, 4, chart.lowerLimit());
            Rows.setNullableDouble(insert, 5, chart.upperLimit());
            Rows.setNullableDouble(insert, 6, chart.averageMovingRange());
            insert.setBoolean(7, chart.trialLimits());
            Rows.setNullableDouble(insert, 8, target);
            insert.setString(9, chart.assurance().name());
            insert.setInt(10, chart.points().size());
            insert.setInt(11, (int) chart.points().stream()
                    .filter(point -> !point.lowProduction() && point.segmentStart().equals(chart.segmentStart()))
                    .count());
            Rows.setDate(insert, 12, chart.segmentStart());
            insert.setInt(13, chart.segments());
            insert.executeUpdate();
        }
    }

    static List<WeeklyPoint> series(final Connection connection, final String unit, final String measure,
                                    final LocalDate today) throws SQLException {
        final List<WeeklyPoint> series = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SERIES)) {
            select.setString(1, unit);
            select.setString(2, measure);
            Rows.setDate(select, 3, today);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    series.add(new WeeklyPoint(rows.getDate(1).toLocalDate(), rows.getDouble(2), rows.getBoolean(3),
                            Rows.nullableDouble(rows, 4)));
                }
            }
        }
        return series;
    }

    private static Double target(final Connection connection, final String unit, final String measure,
                                 final LocalDate from, final LocalDate to) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(TARGET)) {
            select.setString(1, unit);
            select.setString(2, measure);
            Rows.setDate(select, 3, from);
            Rows.setDate(select, 4, to);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                final double target = rows.getDouble(1);
                return rows.wasNull() ? null : target;
            }
        }
    }

    private static void delete(final Connection connection, final String sql, final String unit, final String measure)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, unit);
            delete.setString(2, measure);
            delete.executeUpdate();
        }
    }
}
