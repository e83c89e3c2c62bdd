package se.pks.stream.sink;

import java.time.LocalDate;
import se.pks.stream.model.Deviation;
import se.pks.stream.topics.Topic;

/**
 * The deviations topic ({@code <application id>.deviations.v1}) into {@code pks.deviation}, and the plan row it carries
 * into {@code pks.plan}: every deviation stands for one accepted plan row, so the plan table holds exactly the plans
 * the stream accepted. A deleted plan row deletes both. Both tables are filled from the same staged rows; only the
 * deviations count as written.
 */
final class DeviationMirror extends LatestValueMirror<Deviation> {

    private static final StagingTable STAGING = new StagingTable("staged_deviation",
            "granularity, period_start, unit_id, measure, plan_kind, actual, expected, deviation, deviation_pct,"
                    + " false AS gone",
            "pks.deviation");
    private static final String UPSERT = """
            INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected,
                                       deviation, deviation_pct, updated_at)
            SELECT granularity, period_start, unit_id, measure, plan_kind, actual, expected, deviation, deviation_pct,
                   now()
            FROM staged_deviation WHERE NOT gone
            ON CONFLICT (granularity, period_start, unit_id, measure, plan_kind)
            DO UPDATE SET actual = EXCLUDED.actual, expected = EXCLUDED.expected, deviation = EXCLUDED.deviation,
                          deviation_pct = EXCLUDED.deviation_pct, updated_at = EXCLUDED.updated_at
            WHERE (pks.deviation.actual, pks.deviation.expected, pks.deviation.deviation_pct)
                  IS DISTINCT FROM (EXCLUDED.actual, EXCLUDED.expected, EXCLUDED.deviation_pct)""";
    private static final String DELETE = """
            DELETE FROM pks.deviation t USING staged_deviation s
            WHERE s.gone AND t.unit_id = s.unit_id AND t.measure = s.measure AND t.plan_kind = s.plan_kind
              AND t.granularity = s.granularity AND t.period_start = s.period_start""";
    private static final String UPSERT_PLAN = """
            INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value, updated_at)
            SELECT unit_id, measure, plan_kind, granularity, period_start, expected, now()
            FROM staged_deviation WHERE NOT gone
            ON CONFLICT (unit_id, measure, plan_kind, granularity, period_start)
            DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            WHERE pks.plan.value IS DISTINCT FROM EXCLUDED.value""";
    private static final String DELETE_PLAN = """
            DELETE FROM pks.plan t USING staged_deviation s
            WHERE s.gone AND t.unit_id = s.unit_id AND t.measure = s.measure AND t.plan_kind = s.plan_kind
              AND t.granularity = s.granularity AND t.period_start = s.period_start""";

    DeviationMirror(final Topic<String, Deviation> topic) {
        super(topic, STAGING, new Merge(UPSERT, DELETE), new Merge(UPSERT_PLAN, DELETE_PLAN));
    }

    @Override
    void stageValue(final CopyRows row, final Deviation deviation) {
        row.text(deviation.granularity().name()).date(deviation.periodStart()).text(deviation.unitId())
                .text(deviation.measure()).text(deviation.planKind().name()).number(deviation.actual())
                .number(deviation.expected()).number(deviation.deviation()).number(deviation.deviationPct());
    }

    /** key: unitId|measure|planKind|granularity|periodStart */
    @Override
    void stageKey(final CopyRows row, final String key) {
        final String[] parts = key.split("\\|");
        row.text(parts[3]).date(LocalDate.parse(parts[4])).text(parts[0]).text(parts[1]).text(parts[2]).nulls(4);
    }
}
