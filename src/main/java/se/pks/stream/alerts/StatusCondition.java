package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import se.pks.stream.storage.Rows;

/**
 * A week YELLOW or RED against its plan. Confirmation across windows keeps paging for real trouble: a RED week whose
 * four weeks up to and including it are also RED as a whole is CRITICAL (it pages); a RED week on its own is a
 * WARNING (it notifies); a YELLOW week is a NOTICE. The four-week figure sums counts and averages rates and stocks,
 * judged with the same thresholds as the week. Where a measure has both a target and a forecast, the target counts.
 */
final class StatusCondition implements ConditionSource {

    private static final String WEEKS = """
            WITH weekly AS (
                SELECT DISTINCT ON (d.unit_id, d.measure, d.period_start)
                       d.unit_id, d.measure, d.period_start, d.actual, d.expected, d.deviation_pct, d.status, c.kind
                FROM pks.period_deviation d
                JOIN pks.measure_catalogue c ON c.measure = d.measure
                WHERE d.period_kind = 'WEEK' AND d.period_start BETWEEN ?::date - 21 AND ?
                ORDER BY d.unit_id, d.measure, d.period_start, d.plan_kind <> 'TARGET', d.plan_kind
            ),
            four_weeks AS (
                SELECT w.*,
                       CASE WHEN kind = 'COUNT' THEN sum(actual) OVER r ELSE avg(actual) OVER r END AS actual_4w,
                       CASE WHEN kind = 'COUNT' THEN sum(expected) OVER r ELSE avg(expected) OVER r END AS expected_4w,
                       count(actual) OVER r AS weeks_4w
                FROM weekly w
                WINDOW r AS (PARTITION BY unit_id, measure ORDER BY period_start
                             RANGE BETWEEN '21 days'::interval PRECEDING AND CURRENT ROW)
            )
            SELECT f.unit_id, u.organisation_id, f.measure, f.period_start, f.actual, f.expected, f.deviation_pct,
                   f.status,
                   CASE WHEN f.weeks_4w = 4 THEN
                       pks.threshold_status(f.measure, f.unit_id, pks.ambition_year('WEEK', f.period_start, f.period_start),
                                            100 * (f.actual_4w - f.expected_4w) / nullif(f.expected_4w, 0), f.actual_4w)
                   END AS status_4w
            FROM four_weeks f
            JOIN pks.unit u ON u.unit_id = f.unit_id
            WHERE f.period_start BETWEEN ? AND ?
            ORDER BY f.unit_id, f.measure, f.period_start""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        ConditionRows.forEach(connection, WEEKS, row -> {
            final String unit = row.getString(1);
            final String measure = row.getString(3);
            if (!settings.of(AlertCondition.STATUS, measure, unit).enabled()) {
                return;
            }
            final String status = row.getString(8);
            final boolean red = "RED".equals(status);
            final boolean confirmed = red && "RED".equals(row.getString(9));
            final Severity severity = confirmed ? Severity.CRITICAL : red ? Severity.WARNING : Severity.NOTICE;
            final Double actual = Rows.nullableDouble(row, 5);
            final double expected = row.getDouble(6);
            final Double pct = Rows.nullableDouble(row, 7);
            final LocalDate week = row.getObject(4, LocalDate.class);
            final String summary = measure + " week " + Figures.week(week)
                    + ": " + (actual == null ? "no figure" : Figures.number(actual)) + " against a plan of "
                    + Figures.number(expected) + (pct == null ? "" : " (" + Figures.percent(pct) + ")")
                    + ", " + status + (confirmed ? ", and RED over the last four weeks" : "");
            points.add(new ConditionPoint(
                    new AlertKey(AlertCondition.STATUS, unit, row.getString(2), measure),
                    week, red || "YELLOW".equals(status), severity,
                    actual, expected, summary));
        }, window.firstWeek(), window.latestWeek(), window.firstWeek(), window.latestWeek());
        return points;
    }
}
