package se.pks.stream.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import se.pks.stream.model.BucketKey;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.topology.Topics;

/** {@code pks.measure-values.v1} into {@code pks.measure_value}; a tombstone (a rate with nothing to divide) deletes. */
final class MeasureValueTable extends LatestValueTable<MeasureValue> {

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

    MeasureValueTable() {
        super(Topics.MEASURE_VALUES, UPSERT, DELETE);
    }

    @Override
    void bindValue(final PreparedStatement statement, final MeasureValue value) throws SQLException {
        statement.setString(1, value.granularity().name());
        Rows.setDate(statement, 2, value.periodStart());
        statement.setString(3, value.unitId());
        statement.setString(4, value.measure());
        statement.setDouble(5, value.value());
        Rows.setNullableDouble(statement, 6, value.numerator());
        Rows.setNullableDouble(statement, 7, value.denominator());
    }

    /** key: granularity|periodStart|unitId|measure */
    @Override
    void bindKey(final PreparedStatement statement, final String key) throws SQLException {
        final int split = key.lastIndexOf('|');
        final BucketKey bucket = BucketKey.parse(key.substring(0, split));
        statement.setString(1, bucket.granularity().name());
        Rows.setDate(statement, 2, bucket.periodStart());
        statement.setString(3, bucket.unitId());
        statement.setString(4, key.substring(split + 1));
    }
}
