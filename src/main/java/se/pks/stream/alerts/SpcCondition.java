package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.pks.stream.storage.Rows;

/**
 * A concern signal on a unit's SPC chart: a point beyond a limit, a shift, a trend or two of three near a limit, in
 * the direction that is worse for the measure (docs/spc.md). Improvements and neutral signals raise nothing. A
 * low-production week is only ever a concern when it falls short of its own planned level by more than the normal
 * weeks' spread (the chart stores that level as the week's centre), so a planned summer dip raises nothing.
 * A signal is evidence (NOTICE) of the unit's alert about the measure, not an alert of its own: a unit's chart of
 * weekly counts shows a special cause now and then by chance, and a production manager acts on a shortfall against
 * the plan, which {@link StatusCondition} judges.
 */
final class SpcCondition implements ConditionSource {

    private static final String POINTS = """
            SELECT p.unit_id, u.organisation_id, p.measure, p.week_start, p.signal = 'CONCERN', p.rule, p.value,
                   p.centre, p.low_production
            FROM pks.spc_point p
            JOIN pks.unit u ON u.unit_id = p.unit_id
            WHERE p.week_start BETWEEN ? AND ?
            ORDER BY p.unit_id, p.measure, p.week_start""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        ConditionRows.forEach(connection, POINTS, row -> {
            final String unit = row.getString(1);
            final String measure = row.getString(3);
            if (!settings.of(AlertCondition.SPC, measure, unit).enabled()) {
                return;
            }
            final LocalDate week = row.getObject(4, LocalDate.class);
            final double value = row.getDouble(7);
            final Double centre = Rows.nullableDouble(row, 8);
            final String line = row.getBoolean(9) ? ", planned level of the low-production week " : ", centre line ";
            final String summary = measure + " week " + Figures.week(week) + ": SPC concern ("
                    + row.getString(6).toLowerCase(Locale.ROOT).replace('_', ' ') + "), value "
                    + Figures.number(value) + (centre == null ? "" : line + Figures.number(centre));
            points.add(new ConditionPoint(new AlertKey(AlertCondition.SPC, unit, row.getString(2), measure),
                                          week, row.getBoolean(5), Severity.NOTICE, value, centre, summary));
        }, window.firstWeek(), window.latestWeek());
        return points;
    }
}
