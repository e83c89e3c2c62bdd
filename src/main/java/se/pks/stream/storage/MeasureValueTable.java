package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.BucketKey;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/** {@code pks.measure-values.v1} into {@code pks.measure_value}. */
final class MeasureValueTable implements SinkTable {

    private static final String UPSERT = """
            INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value, numerator, denominator,
                                           updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (granularity, period_start, unit_id, measure)
            DO UPDATE SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
                          updated_at = EXCLUDED.updated_at
            WHERE (pks.measure_value.value, pks.measure_value.numerator, pks.measure_value.denominator)
                  IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.numerator, EXCLUDED.denominator)""";
    private static final String DELETE = """
            DELETE FROM pks.measure_value WHERE granularity = ? AND period_start = ? AND unit_id = ? AND measure = ?""";

    @Override
    public Topic<String, ?> topic() {
        return Topics.MEASURE_VALUES;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
             PreparedStatement delete = connection.prepareStatement(DELETE)) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                if (record.value() == null) {
                    // key: granularity|periodStart|unitId|measure
                    final int split = record.key().lastIndexOf('|');
                    final BucketKey bucket = BucketKey.parse(record.key().substring(0, split));
                    delete.setString(1, bucket.granularity().name());
                    Rows.setDate(delete, 2, bucket.periodStart());
                    delete.setString(3, bucket.unitId());
                    delete.setString(4, record.key().substring(split + 1));
                    delete.addBatch();
                } else {
                    final MeasureValue value = Rows.value(Topics.MEASURE_VALUES, record);
                    upsert.setString(1, value.granularity().name());
                    Rows.setDate(upsert, 2, value.periodStart());
                    upsert.setString(3, value.unitId());
                    upsert.setString(4, value.measure());
                    upsert.setDouble(5, value.value());
                    Rows.setNullableDouble(upsert, 6, value.numerator());
                    Rows.setNullableDouble(upsert, 7, value.denominator());
                    upsert.addBatch();
                }
            }
            return Rows.sum(upsert.executeBatch()) + Rows.sum(delete.executeBatch());
        }
    }
}
