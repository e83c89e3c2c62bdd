package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.Deviation;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/**
 * {@code pks.deviations.v1} into {@code pks.deviation}, and the plan row it carries into {@code pks.plan}: every
 * deviation stands for one accepted plan row, so the plan table holds exactly the plans the stream accepted. A deleted
 * plan row deletes both.
 */
final class DeviationTable implements SinkTable {

    private static final String UPSERT = """
            INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected,
                                       deviation, deviation_pct, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (granularity, period_start, unit_id, measure, plan_kind)
            DO UPDATE SET actual = EXCLUDED.actual, expected = EXCLUDED.expected, deviation = EXCLUDED.deviation,
                          deviation_pct = EXCLUDED.deviation_pct, updated_at = EXCLUDED.updated_at
            WHERE (pks.deviation.actual, pks.deviation.expected, pks.deviation.deviation_pct)
                  IS DISTINCT FROM (EXCLUDED.actual, EXCLUDED.expected, EXCLUDED.deviation_pct)""";
    private static final String DELETE = """
            DELETE FROM pks.deviation
            WHERE unit_id = ? AND measure = ? AND plan_kind = ? AND granularity = ? AND period_start = ?""";
    private static final String UPSERT_PLAN = """
            INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (unit_id, measure, plan_kind, granularity, period_start)
            DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            WHERE pks.plan.value IS DISTINCT FROM EXCLUDED.value""";
    private static final String DELETE_PLAN = """
            DELETE FROM pks.plan
            WHERE unit_id = ? AND measure = ? AND plan_kind = ? AND granularity = ? AND period_start = ?""";

    @Override
    public Topic<String, ?> topic() {
        return Topics.DEVIATIONS;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
             PreparedStatement delete = connection.prepareStatement(DELETE);
             PreparedStatement upsertPlan = connection.prepareStatement(UPSERT_PLAN);
             PreparedStatement deletePlan = connection.prepareStatement(DELETE_PLAN)) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                if (record.value() == null) {
                    // key: unitId|measure|planKind|granularity|periodStart
                    final String[] key = record.key().split("\\|");
                    for (final PreparedStatement statement : List.of(delete, deletePlan)) {
                        for (int i = 0; i < 4; i++) {
                            statement.setString(i + 1, key[i]);
                        }
                        Rows.setDate(statement, 5, LocalDate.parse(key[4]));
                        statement.addBatch();
                    }
                } else {
                    final Deviation deviation = Rows.value(Topics.DEVIATIONS, record);
                    upsert.setString(1, deviation.granularity().name());
                    Rows.setDate(upsert, 2, deviation.periodStart());
                    upsert.setString(3, deviation.unitId());
                    upsert.setString(4, deviation.measure());
                    upsert.setString(5, deviation.planKind().name());
                    Rows.setNullableDouble(upsert, 6, deviation.actual());
                    upsert.setDouble(7, deviation.expected());
                    Rows.setNullableDouble(upsert, 8, deviation.deviation());
                    Rows.setNullableDouble(upsert, 9, deviation.deviationPct());
                    upsert.addBatch();
                    upsertPlan.setString(1, deviation.unitId());
                    upsertPlan.setString(2, deviation.measure());
                    upsertPlan.setString(3, deviation.planKind().name());
                    upsertPlan.setString(4, deviation.granularity().name());
                    Rows.setDate(upsertPlan, 5, deviation.periodStart());
                    upsertPlan.setDouble(6, deviation.expected());
                    upsertPlan.addBatch();
                }
            }
            upsertPlan.executeBatch();
            deletePlan.executeBatch();
            return Rows.sum(upsert.executeBatch()) + Rows.sum(delete.executeBatch());
        }
    }
}
