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
 * size. The subject is the guarantee: FIRST_VISIT or TREATMENT. A week above the limit is evidence (NOTICE); four
 * weeks in a row above it are sustained, a WARNING. Sustained pressure beside a sustained shortfall or an oversized
 * queue puts the care guarantee at risk, which makes the unit's waiting-list alert CRITICAL ({@link Problems}).
 */
final class QueueConditions implements ConditionSource {

    private static final String WEEKS = """
            SELECT q.unit_id, u.organisation_id, q.guarantee, q.week_start, q.pressure, q.queue_size,
                   q.target_queue_size
            FROM pks.queue_status q
            JOIN pks.unit u ON u.unit_id = q.unit_id
            WHERE q.week_start BETWEEN ?::date - 21 AND ?
            ORDER BY q.unit_id, q.guarantee, q.week_start""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        final SustainedRuns runs = new SustainedRuns();
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
                final AlertKey key = new AlertKey(AlertCondition.QUEUE_PRESSURE, unit, organisation, guarantee);
                final boolean above = pressure != null && pressure > limit;
                final boolean sustained = runs.week(key, week, above);
                runs.add(points, window, new ConditionPoint(key, week, above,
                        sustained ? Severity.WARNING : Severity.NOTICE, pressure, limit,
                        guarantee + " list week " + Figures.week(week) + ": pressure "
                                + (pressure == null ? "unknown" : Figures.number(pressure))
                                + " (above " + Figures.number(limit) + " the queue grows)"
                                + (sustained ? ", for " + SustainedRuns.WEEKS + " weeks in a row" : "")));
            }
            final AlertSetting sizeSetting = settings.of(AlertCondition.QUEUE_SIZE, guarantee, unit);
            if (sizeSetting.enabled()) {
                final double factor = sizeSetting.requiredThreshold(AlertCondition.QUEUE_SIZE);
                final AlertKey key = new AlertKey(AlertCondition.QUEUE_SIZE, unit, organisation, guarantee);
                final boolean above = targetQueue > 0 && queue > factor * targetQueue;
                final boolean sustained = runs.week(key, week, above);
                runs.add(points, window, new ConditionPoint(key, week, above,
                        sustained ? Severity.WARNING : Severity.NOTICE, (double) queue, factor * targetQueue,
                        guarantee + " list week " + Figures.week(week) + ": " + queue
                                + " waiting, target size " + Figures.number(targetQueue)
                                + (sustained ? ", too big for " + SustainedRuns.WEEKS + " weeks in a row" : "")));
            }
        }, window.firstWeek(), window.latestWeek());
        return points;
    }
}
