package se.pks.stream.topology;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.model.BucketKey;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Feed;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Measure;
import se.pks.stream.model.MeasureKind;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Plan;

/**
 * The figures as last published and the plan rows they are compared with (per figure, one entry with all its plan
 * kinds, so that a publication costs one read). A figure is published only when it differs
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
    private final KeyValueStore<String, PlanRows> plans;

    PublishedFigures(final KeyValueStore<String, MeasureValue> published,
                     final KeyValueStore<String, PlanRows> plans) {
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
        final PlanRows rows = plans.get(figureKey);
        if (rows != null) {
            for (final Plan plan : rows.plans()) {
                deviations.accept(plan.key(), Deviation.of(plan, actualOf(plan, value)));
            }
        }
    }

    /**
     * A new or changed plan row gets its deviation at once; a deleted one (null) a tombstone. An unchanged resend
     * changes nothing.
     */
    void plan(final String planKey, final Plan plan, final BiConsumer<String, Deviation> deviations) {
        final PlanKey key = PlanKey.parse(planKey);
        final PlanRows rows = plans.get(key.figureKey());
        final Plan before = rows == null ? null : rows.of(key.planKind());
        if (plan == null) {
            if (before != null) {
                final PlanRows rest = rows.without(key.planKind());
                if (rest.isEmpty()) {
                    plans.delete(key.figureKey());
                } else {
                    plans.put(key.figureKey(), rest);
                }
                deviations.accept(planKey, null);
            }
            return;
        }
        if (plan.equals(before)) {
            return;
        }
        plans.put(key.figureKey(), (rows == null ? PlanRows.NONE : rows).with(plan));
        deviations.accept(planKey, Deviation.of(plan, actualOf(plan, published.get(key.figureKey()))));
    }

    /**
     * Republishes the deviations of the unit's weekly and monthly figures of the feed that hold the day, except those
     * already published: a record of that day was rejected, which changes no figure, and each deviation lists the
     * days of its period with rejected records. Other changes of the register (accepted, late, corrected records)
     * change figures, and their deviations are published with them.
     */
    void registerChanged(final String unitId, final Feed feed, final LocalDate day, final Set<String> published,
                         final BiConsumer<String, Deviation> deviations) {
        for (final Granularity granularity : Granularity.values()) {
            final BucketKey bucket = new BucketKey(granularity, granularity.periodStart(day), unitId);
            for (final Measure measure : Measure.values()) {
                if (measure.feed() != feed) {
                    continue;
                }
                final String figureKey = bucket.measureKey(measure.id());
                final PlanRows rows = plans.get(figureKey);
                if (rows == null) {
                    continue;
                }
                final MeasureValue value = this.published.get(figureKey);
                for (final Plan plan : rows.plans()) {
                    if (published.add(plan.key())) {
                        deviations.accept(plan.key(), Deviation.of(plan, actualOf(plan, value)));
                    }
                }
            }
        }
    }

    /** Nothing happened is 0 for counts; for ratios and levels it means the figure is not known. */
    static Double actualOf(final Plan plan, final MeasureValue actual) {
        if (actual != null) {
            return actual.value();
        }
        return Measure.byId(plan.measure()).map(Measure::kind).orElse(MeasureKind.RATIO) == MeasureKind.COUNT
                ? 0.0 : null;
    }

}
