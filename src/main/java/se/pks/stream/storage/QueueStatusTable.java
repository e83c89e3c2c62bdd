package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.pks.stream.analysis.QueueFigures;
import se.pks.stream.analysis.QueueSettings;
import se.pks.stream.analysis.QueueStatus;
import se.pks.stream.model.GuaranteeType;

/**
 * Queue figures of one unit's waiting list for every ended week, from its weekly additions, removals, size and mean
 * wait in {@code pks.measure_value}, into {@code pks.queue_status}. A week without additions or removals counts as 0.
 *
 * <p>The weekly figures are not split by guarantee type yet, so every list is held to one limit (the caller passes
 * the stricter of the configured limits; both are 90 days by default, where the choice makes no difference).
 */
final class QueueStatusTable {

    private static final String SERIES = """
            SELECT period_start, measure, value FROM pks.measure_value
            WHERE granularity = 'WEEK' AND unit_id = ? AND period_start + 7 <= ?
              AND measure IN ('referrals_in', 'removals', 'waiting_count', 'mean_wait_days')
            ORDER BY period_start""";
    private static final String DELETE = "DELETE FROM pks.queue_status WHERE unit_id = ?";
    private static final String INSERT = """
            INSERT INTO pks.queue_status (unit_id, week_start, window_weeks, limit_days, queue_size, mean_wait_days,
                                          demand, capacity, load, target_mean_wait, target_queue_size, queue_too_big,
                                          relief_capacity, target_capacity, pressure, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""";

    private final QueueFigures figures;

    QueueStatusTable(final double limitDays) {
        this.figures = new QueueFigures(QueueSettings.defaults().withLimit(GuaranteeType.FIRST_VISIT, limitDays)
                .withLimit(GuaranteeType.TREATMENT, limitDays));
    }

    void refresh(final Connection connection, final String unit, final LocalDate today) throws SQLException {
        final TreeMap<LocalDate, Map<String, Double>> weeks = series(connection, unit, today);
        try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, unit);
            delete.executeUpdate();
        }
        if (weeks.isEmpty()) {
            return;
        }
        final List<Double> additions = new ArrayList<>();
        final List<Double> removals = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (LocalDate week = weeks.firstKey(); !week.isAfter(weeks.lastKey()); week = week.plusWeeks(1)) {
                final Map<String, Double> values = weeks.getOrDefault(week, Map.of());
                additions.add(values.getOrDefault("referrals_in", 0.0));
                removals.add(values.getOrDefault("removals", 0.0));
                final Double queue = values.get("waiting_count");
                if (queue == null) {
                    continue;
                }
                final QueueStatus status = figures.of(GuaranteeType.FIRST_VISIT, additions, removals,
                        Math.round(queue), values.get("mean_wait_days"));
                insert.setString(1, unit);
                Rows.setDate(insert, 2, week);
                insert.setInt(3, status.windowWeeks());
                insert.setDouble(4, status.limitDays());
                insert.setLong(5, status.queueSize());
                Rows.setNullableDouble(insert, 6, status.meanWaitDays());
                insert.setDouble(7, status.demand());
                insert.setDouble(8, status.capacity());
                Rows.setNullableDouble(insert, 9, status.load());
                insert.setDouble(10, status.targetMeanWaitDays());
                insert.setDouble(11, status.targetQueueSize());
                insert.setBoolean(12, status.queueTooBig());
                Rows.setNullableDouble(insert, 13, status.reliefCapacity());
                Rows.setNullableDouble(insert, 14, status.targetCapacity());
                Rows.setNullableDouble(insert, 15, status.pressure());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static TreeMap<LocalDate, Map<String, Double>> series(final Connection connection, final String unit,
                                                                  final LocalDate today) throws SQLException {
        final TreeMap<LocalDate, Map<String, Double>> weeks = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(SERIES)) {
            select.setString(1, unit);
            Rows.setDate(select, 2, today);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    weeks.computeIfAbsent(rows.getDate(1).toLocalDate(), week -> new HashMap<>())
                            .put(rows.getString(2), rows.getDouble(3));
                }
            }
        }
        return weeks;
    }
}
