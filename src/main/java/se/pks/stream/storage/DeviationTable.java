package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.Deviation;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/** {@code pks.deviations.v1} into {@code pks.deviation}; a deleted plan row deletes its deviation. */
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

    @Override
    public Topic<String, ?> topic() {
        return Topics.DEVIATIONS;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
             PreparedStatement delete = connection.prepareStatement(DELETE)) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                if (record.value() == null) {
                    // key: unitId|measure|planKind|granularity|periodStart
                    final String[] key = record.key().split("\\|");
                    for (int i = 0; i < 4; i++) {
                        delete.setString(i + 1, key[i]);
                    }
                    Rows.setDate(delete, 5, LocalDate.parse(key[4]));
                    delete.addBatch();
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
                }
            }
            return Rows.sum(upsert.executeBatch()) + Rows.sum(delete.executeBatch());
        }
    }
}
