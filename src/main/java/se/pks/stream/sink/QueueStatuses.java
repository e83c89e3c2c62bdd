package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import se.pks.stream.analysis.QueueFigures;
import se.pks.stream.analysis.QueueSettings;
import se.pks.stream.analysis.QueueStatus;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.storage.Rows;

/**
 * Queue figures of one unit's waiting lists, one per guarantee type, for every ended week, from the list's weekly
 * additions, removals, size and mean wait in {@code pks.measure_value}, into {@code pks.queue_status}. A week
 * without additions or removals counts as 0.
 */
final class QueueStatuses {

    private static final String SERIES = """
            SELECT period_start, measure, value FROM pks.measure_value
            WHERE granularity = 'WEEK' AND unit_id = ? AND period_start + 7 <= ?
              AND measure IN (?, ?, ?, ?)
            ORDER BY period_start""";
    private static final String DELETE = "DELETE FROM pks.queue_status WHERE unit_id = ?";
    private static final String INSERT = """
            INSERT INTO pks.queue_status (unit_id, guarantee, week_start, window_weeks, limit_days, queue_size,
                                          mean_wait_days, demand, capacity, load, target_mean_wait, target_queue_size,
                                          queue_too_big, relief_capacity, target_capacity, pressure, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""";

    private final QueueFigures figures;

    QueueStatuses(final QueueSettings settings) {
        this.figures = new QueueFigures(settings);
    }

    void refresh(final Connection connection, final String unit, final LocalDate today) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, unit);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (final GuaranteeType guarantee : GuaranteeType.values()) {
                insertWeeks(insert, unit, guarantee, series(connection, unit, guarantee, today));
            }
            insert.executeBatch();
        }
    }

    private void insertWeeks(final PreparedStatement insert, final String unit, final GuaranteeType guarantee,
                             final TreeMap<LocalDate, Map<String, Double>> weeks) throws SQLException {
        if (weeks.isEmpty()) {
            return;
        }
        final List<Double> additions = new ArrayList<>();
        final List<Double> removals = new ArrayList<>();
        for (LocalDate week = weeks.firstKey(); !week.isAfter(weeks.lastKey()); week = week.plusWeeks(1)) {
            final Map<String, Double> values = weeks.getOrDefault(week, Map.of());
            additions.add(values.getOrDefault("referrals_in", 0.0));
            removals.add(values.getOrDefault("removals", 0.0));
            final Double queue = values.get("waiting_count");
            if (queue == null) {
                continue;
            }
            final QueueStatus status = figures.of(guarantee, additions, removals, Math.round(queue),
                    values.get("mean_wait_days"));
            insert.setString(1, unit);
            insert.setString(2, guarantee.name());
            Rows.setDate(insert, 3, week);
            insert.setInt(4, status.windowWeeks());
            insert.setDouble(5, status.limitDays());
            insert.setLong(6, status.queueSize());
            Rows.setNullableDouble(insert, 7, status.meanWaitDays());
            insert.setDouble(8, status.demand());
            insert.setDouble(9, status.capacity());
            Rows.setNullableDouble(insert, 10, status.load());
            insert.setDouble(11, status.targetMeanWaitDays());
            insert.setDouble(12, status.targetQueueSize());
            insert.setBoolean(13, status.queueTooBig());
            Rows.setNullableDouble(insert, 14, status.reliefCapacity());
            Rows.setNullableDouble(insert, 15, status.targetCapacity());
            Rows.setNullableDouble(insert, 16, status.pressure());
            insert.addBatch();
        }
    }

    /** The list's weekly figures, keyed by the measure names without the guarantee suffix. */
    private static TreeMap<LocalDate, Map<String, Double>> series(final Connection connection, final String unit,
                                                                  final GuaranteeType guarantee,
                                                                  final LocalDate today) throws SQLException {
        final String suffix = "_" + guarantee.name().toLowerCase(Locale.ROOT);
        final TreeMap<LocalDate, Map<String, Double>> weeks = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(SERIES)) {
            select.setString(1, unit);
            Rows.setDate(select, 2, today);
            select.setString(3, "referrals_in" + suffix);
            select.setString(4, "removals" + suffix);
            select.setString(5, "waiting_count" + suffix);
            select.setString(6, "mean_wait_days" + suffix);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    final String measure = rows.getString(2);
                    weeks.computeIfAbsent(rows.getDate(1).toLocalDate(), week -> new HashMap<>())
                            .put(measure.substring(0, measure.length() - suffix.length()), rows.getDouble(3));
                }
            }
        }
        return weeks;
    }
}
