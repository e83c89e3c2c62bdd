package se.pks.stream.sink;

import se.pks.stream.model.BucketKey;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.topics.Topic;

/**
 * The measure-values topic ({@code <application id>.measure-values.v1}) into {@code pks.measure_value}; a tombstone (a
 * rate with nothing to divide) deletes.
 */
final class MeasureValueMirror extends LatestValueMirror<MeasureValue> {

    private static final StagingTable STAGING = new StagingTable("staged_measure_value",
            "granularity, period_start, unit_id, measure, value, numerator, denominator, false AS gone",
            "pks.measure_value");
    /** Only a changed value gets a new updated_at: readers (and the benchmark) take it for the time of the change. */
    private static final String UPSERT = """
            INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value, numerator, denominator,
                                           updated_at)
            SELECT granularity, period_start, unit_id, measure, value, numerator, denominator, now()
            FROM staged_measure_value WHERE NOT gone
            ON CONFLICT (granularity, period_start, unit_id, measure)
            DO UPDATE SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
                          updated_at = EXCLUDED.updated_at
            WHERE (pks.measure_value.value, pks.measure_value.numerator, pks.measure_value.denominator)
                  IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.numerator, EXCLUDED.denominator)""";
    private static final String DELETE = """
            DELETE FROM pks.measure_value t USING staged_measure_value s
            WHERE s.gone AND t.granularity = s.granularity AND t.period_start = s.period_start
              AND t.unit_id = s.unit_id AND t.measure = s.measure""";

    MeasureValueMirror(final Topic<String, MeasureValue> topic) {
        super(topic, STAGING, new Merge(UPSERT, DELETE));
    }

    @Override
    void stageValue(final CopyRows row, final MeasureValue value) {
        row.text(value.granularity().name()).date(value.periodStart()).text(value.unitId()).text(value.measure())
                .number(value.value()).number(value.numerator()).number(value.denominator());
    }

    /** key: granularity|periodStart|unitId|measure */
    @Override
    void stageKey(final CopyRows row, final String key) {
        final int split = key.lastIndexOf('|');
        final BucketKey bucket = BucketKey.parse(key.substring(0, split));
        row.text(bucket.granularity().name()).date(bucket.periodStart()).text(bucket.unitId())
                .text(key.substring(split + 1)).nulls(3);
    }
}
