package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import se.pks.stream.storage.Rows;

/**
 * Waiting lists that cannot keep their promise (docs/status-projection-queues.md): pressure above its threshold
 * (more demand than the capacity that would hold the target wait), or a queue more than a threshold times its target
 * size. The subject is the guarantee: FIRST_VISIT or TREATMENT.
 */
final class QueueConditions implements ConditionSource {

    private static final String WEEKS = """
            SELECT q.unit_id, u.organisation_id, q.guarantee, q.week_start, q.pressure, q.queue_size,
                   q.target_queue_size
            FROM pks.queue_status q
            JOIN pks.unit u ON u.unit_id = q.unit_id
            WHERE q.week_start BETWEEN ? AND ?
            ORDER BY q.unit_id, q.guarantee, q.week_start""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        ConditionRows.forEach(connection, WEEKS, row -> {
            final String unit = row.getString(1);
            final String organisation = row.getString(2);
            final String guarantee = row.getString(3);
            final LocalDate week = row.getObject(4, LocalDate.class);
            final Double pressure = Rows.nullableDouble(row, 5);
            final long queue = row.getLong(6);
            final double targetQueue = row.getDouble(7);
            final AlertSetting pressureSetting = settings.of(AlertCondition.QUEUE_PRESSURE, guarantee, unit);
            if (pressureSetting.enabled()) {
                final double limit = pressureSetting.requiredThreshold(AlertCondition.QUEUE_PRESSURE);
                points.add(new ConditionPoint(
                        new AlertKey(AlertCondition.QUEUE_PRESSURE, unit, organisation, guarantee), week,
                        pressure != null && pressure > limit, Severity.WARNING, pressure, limit,
                        guarantee + " list week " + Figures.week(week) + ": pressure "
                                + (pressure == null ? "unknown" : Figures.number(pressure))
                                + " (above " + Figures.number(limit) + " the queue grows)"));
            }
            final AlertSetting sizeSetting = settings.of(AlertCondition.QUEUE_SIZE, guarantee, unit);
            if (sizeSetting.enabled()) {
                final double factor = sizeSetting.requiredThreshold(AlertCondition.QUEUE_SIZE);
                points.add(new ConditionPoint(
                        new AlertKey(AlertCondition.QUEUE_SIZE, unit, organisation, guarantee), week,
                        targetQueue > 0 && queue > factor * targetQueue, Severity.WARNING, (double) queue,
                        factor * targetQueue,
                        guarantee + " list week " + Figures.week(week) + ": " + queue
                                + " waiting, target size " + Figures.number(targetQueue)));
            }
        }, window.firstWeek(), window.latestWeek());
        return points;
    }
}
