package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The year-end projection misses the annual target by more than the margin (percent of target), in the direction
 * that is worse for the measure. The projection is recomputed as weeks complete, so it is judged once per latest
 * week; how long it stays clear is counted from the alert's last active week. On its own it is evidence (NOTICE):
 * a run rate of a few weeks swings widely. Beside a sustained shortfall of the same measure it makes the unit's alert
 * CRITICAL ({@link Problems}): the year's plan is at risk.
 */
final class ProjectionCondition implements ConditionSource {

    private static final String PROJECTIONS = """
            SELECT p.unit_id, u.organisation_id, p.measure, p.projected, p.annual_target, p.deviation_pct, c.direction
            FROM pks.projection p
            JOIN pks.unit u ON u.unit_id = p.unit_id
            JOIN pks.measure_catalogue c ON c.measure = p.measure
            WHERE p.year = ? AND p.deviation_pct IS NOT NULL AND c.direction IN ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER')
            ORDER BY p.unit_id, p.measure""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        ConditionRows.forEach(connection, PROJECTIONS, row -> {
            final String unit = row.getString(1);
            final String measure = row.getString(3);
            final AlertSetting setting = settings.of(AlertCondition.PROJECTION, measure, unit);
            if (!setting.enabled()) {
                return;
            }
            final double margin = setting.requiredThreshold(AlertCondition.PROJECTION);
            final double projected = row.getDouble(4);
            final double target = row.getDouble(5);
            final double pct = row.getDouble(6);
            final boolean misses = row.getString(7).equals("HIGHER_IS_BETTER") ? pct < -margin : pct > margin;
            final String summary = measure + ": year-end projection " + Figures.number(projected)
                    + " against an annual target of " + Figures.number(target) + " ("
                    + Figures.percent(pct) + ", margin " + Figures.number(margin) + " %)";
            points.add(new ConditionPoint(
                    new AlertKey(AlertCondition.PROJECTION, unit, row.getString(2), measure),
                    window.latestWeek(), misses, Severity.NOTICE, projected, target, summary));
        }, window.latestWeek().getYear());
        return points;
    }
}
