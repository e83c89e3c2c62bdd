package se.pks.stream.topology;

import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Measure;
import se.pks.stream.model.MeasureKind;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;

/**
 * The figures as last published and the plans they are compared with. A figure is published only when it differs
 * from its last publication, and each publication (or plan change) republishes the deviations of that figure's plan
 * rows: plan and actual meet here, in the task that computes the figure, instead of in a join over the output topic.
 *
 * <p>The last published value is changelogged state like the figures themselves, so after a crash a figure is
 * neither lost (its publication and the store write commit together) nor published twice.
 */
final class PublishedFigures {

    /** Receives a figure that changed: its key, the value (null = no longer defined) and the newest receipt. */
    interface ChangedFigure {
        void figure(String key, MeasureValue value, long receipt);
    }

    private final KeyValueStore<String, MeasureValue> published;
    private final KeyValueStore<String, Plan> plans;

    PublishedFigures(final KeyValueStore<String, MeasureValue> published, final KeyValueStore<String, Plan> plans) {
        this.published = published;
        this.plans = plans;
    }

    /** Passes the figure on only when it changed; then also its plan rows' deviations. */
    void offer(final String figureKey, final MeasureValue value, final long receipt, final ChangedFigure figures,
               final BiConsumer<String, Deviation> deviations) {
        final MeasureValue before = published.get(figureKey);
        if (Objects.equals(before, value)) {
            return;
        }
        if (value == null) {
            published.delete(figureKey);
        } else {
            published.put(figureKey, value);
        }
        figures.figure(figureKey, value, receipt);
        try (KeyValueIterator<String, Plan> rows = plans.prefixScan(figureKey + "|", Unpublished.KEYS)) {
            rows.forEachRemaining(row -> deviations.accept(row.value.key(),
                    Deviation.of(row.value, actualOf(row.value, value))));
        }
    }

    /**
     * A new or changed plan row gets its deviation at once; a deleted one (null) a tombstone. An unchanged resend
     * changes nothing.
     */
    void plan(final String planKey, final Plan plan, final BiConsumer<String, Deviation> deviations) {
        final String storeKey = storeKey(planKey);
        final Plan before = plans.get(storeKey);
        if (plan == null) {
            if (before != null) {
                plans.delete(storeKey);
                deviations.accept(planKey, null);
            }
            return;
        }
        if (plan.equals(before)) {
            return;
        }
        plans.put(storeKey, plan);
        final String figureKey = plan.bucket().measureKey(plan.measure());
        deviations.accept(planKey, Deviation.of(plan, actualOf(plan, published.get(figureKey))));
    }

    /** Nothing happened is 0 for counts; for ratios and levels it means the figure is not known. */
    static Double actualOf(final Plan plan, final MeasureValue actual) {
        if (actual != null) {
            return actual.value();
        }
        return Measure.byId(plan.measure()).map(Measure::kind).orElse(MeasureKind.RATIO) == MeasureKind.COUNT
                ? 0.0 : null;
    }

    /**
     * unitId|measure|planKind|granularity|periodStart (the topic key) to granularity|periodStart|unitId|measure|planKind
     * (figure key first). Read from the right, since the last four parts never contain the separator.
     */
    static String storeKey(final String planKey) {
        final String[] parts = planKey.split("\\|");
        if (parts.length < 5) {
            throw new IllegalArgumentException("plan key must be unitId|measure|planKind|granularity|periodStart: "
                    + planKey);
        }
        final int n = parts.length;
        final String unit = String.join("|", java.util.Arrays.copyOfRange(parts, 0, n - 4));
        Granularity.valueOf(parts[n - 2]);
        PlanKind.valueOf(parts[n - 3]);
        return String.join("|", parts[n - 2], parts[n - 1], unit, parts[n - 4], parts[n - 3]);
    }
}
