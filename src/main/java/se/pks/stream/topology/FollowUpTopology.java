package se.pks.stream.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.EventChange;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.Measure;
import se.pks.stream.model.MeasureKind;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Plan;
import se.pks.stream.model.ProviderEvent;

/**
 * The follow-up topology: provider events in, figures per unit and period and their deviations from plan out.
 *
 * <pre>
 * event topics --validate--> rejected topic
 *      \--> by event identity --ledger (dedup, correction, deletion)--> by unit --figures--> pks.measure-values.v1
 *      (what arrived and what became of it, from validation and ledger) --count--> pks.feed-quality.v1
 * pks.plans.v1 --validate--> plans table --(left join on unit, period, measure)--> measure values table
 *                                                                   \--> pks.deviations.v1
 * </pre>
 *
 * Built by a plain static method so tests drive exactly this topology with {@code TopologyTestDriver}.
 */
public final class FollowUpTopology {

    private FollowUpTopology() {
    }

    public static void build(final StreamsBuilder builder, final FollowUpSettings settings,
                             final FeedCounters counters) {
        builder.globalTable(Topics.UNITS.name(), Topics.UNITS.consumed(),
                Materialized.<String, CareUnit, KeyValueStore<Bytes, byte[]>>as(StoreNames.UNITS)
                        .withKeySerde(Topics.UNITS.keySerde()).withValueSerde(Topics.UNITS.valueSerde()));
        addStores(builder);

        final KStream<String, Screened<ProviderEvent>> screened = screenedEvents(builder, settings, counters);
        final KStream<String, LedgerOutput> ledger = ledger(acceptOrReject(screened, "events"), settings, counters);
        figures(ledger.filter((unit, output) -> output.change() != null, Named.as("changed-figures"))
                .mapValues(LedgerOutput::change, Named.as("unwrap-changes")), settings)
                .to(Topics.MEASURE_VALUES.name(), Topics.MEASURE_VALUES.produced());
        feedQuality(
                screened.filter((key, value) -> value.observation() != null, Named.as("observed-on-arrival"))
                        .mapValues(Screened::observation, Named.as("arrival-observations")),
                ledger.filter((unit, output) -> output.observation() != null, Named.as("observed-in-ledger"))
                        .mapValues(LedgerOutput::observation, Named.as("ledger-observations")),
                settings);

        // The table is read back from the output topic, which is partitioned by its own key, as the join needs.
        final KTable<String, MeasureValue> actuals = builder.table(Topics.MEASURE_VALUES.name(),
                Topics.MEASURE_VALUES.consumed(),
                Materialized.<String, MeasureValue, KeyValueStore<Bytes, byte[]>>as(StoreNames.MEASURE_VALUES)
                        .withKeySerde(Serdes.String()).withValueSerde(Topics.MEASURE_VALUES.valueSerde()));

        plans(builder, counters)
                .leftJoin(actuals,
                        plan -> plan.bucket().measureKey(plan.measure()),
                        (plan, actual) -> Deviation.of(plan, actualOf(plan, actual)),
                        TableJoined.as("plan-vs-actual"),
                        Materialized.<String, Deviation, KeyValueStore<Bytes, byte[]>>as(StoreNames.DEVIATIONS)
                                .withKeySerde(Serdes.String()).withValueSerde(Topics.DEVIATIONS.valueSerde()))
                .toStream(Named.as("deviation-changes"))
                .to(Topics.DEVIATIONS.name(), Topics.DEVIATIONS.produced());
    }

    /** Nothing happened is 0 for counts; for ratios and levels it means the figure is not known. */
    static Double actualOf(final Plan plan, final MeasureValue actual) {
        if (actual != null) {
            return actual.value();
        }
        return Measure.byId(plan.measure()).map(Measure::kind).orElse(MeasureKind.RATIO) == MeasureKind.COUNT
                ? 0.0 : null;
    }

    private static KStream<String, Screened<ProviderEvent>> screenedEvents(final StreamsBuilder builder,
                                                                            final FollowUpSettings settings,
                                                                            final FeedCounters counters) {
        KStream<String, Screened<ProviderEvent>> screened = null;
        for (final Topic<String, byte[]> topic : Topics.EVENT_TOPICS) {
            final KStream<String, Screened<ProviderEvent>> checked = builder.stream(topic.name(), topic.consumed())
                    .processValues(() -> new EventValidationProcessor(topic.name(), Topics.FEEDS.get(topic.name()),
                            settings, counters), Named.as("validate-" + topic.name()));
            screened = screened == null ? checked : screened.merge(checked, Named.as("merge-" + topic.name()));
        }
        return screened;
    }

    /**
     * The data-quality register: per provider, unit, feed and day, what arrived and what became of it. Observations
     * are counted per flush interval before the repartition (one record per row and interval instead of one per
     * event); the register adds the counts up.
     */
    private static void feedQuality(final KStream<String, FeedObservation> onArrival,
                                    final KStream<String, FeedObservation> inLedger,
                                    final FollowUpSettings settings) {
        onArrival.merge(inLedger, Named.as("all-observations"))
                .process(() -> new FeedQualityBatcher(settings.flushInterval()), Named.as("count-feed-observations"),
                        StoreNames.FEED_QUALITY_PENDING)
                .groupByKey(Grouped.with(StoreNames.FEED_QUALITY_BY_KEY, Serdes.String(),
                        BinaryCodecs.feedQualityCounts()))
                .reduce(FeedQuality::plus, Named.as("count-feed-quality"),
                        Materialized.<String, FeedQuality, KeyValueStore<Bytes, byte[]>>as(StoreNames.FEED_QUALITY)
                                .withKeySerde(Serdes.String()).withValueSerde(Topics.FEED_QUALITY.valueSerde()))
                .toStream(Named.as("feed-quality-changes"))
                .to(Topics.FEED_QUALITY.name(), Topics.FEED_QUALITY.produced());
    }

    private static KTable<String, Plan> plans(final StreamsBuilder builder, final FeedCounters counters) {
        final KStream<String, Screened<Plan>> screened = builder.stream(Topics.PLANS.name(), Topics.PLANS.consumed())
                .processValues(() -> new PlanValidationProcessor(counters), Named.as("validate-plans"));
        return acceptOrReject(screened, "plans").toTable(Named.as("plans-table"),
                Materialized.<String, Plan, KeyValueStore<Bytes, byte[]>>as(StoreNames.PLANS)
                        .withKeySerde(Serdes.String()).withValueSerde(new JsonSerde<>(Plan.class)));
    }

    /** Rejections go to the rejected topic, keyed as they came (masked); the rest goes on. */
    private static <T> KStream<String, T> acceptOrReject(final KStream<String, Screened<T>> screened,
                                                         final String name) {
        screened.filter((key, value) -> value.isRejected(), Named.as("rejected-" + name))
                .map((key, value) -> KeyValue.pair(Rejections.maskedKey(key), value.rejection()),
                        Named.as("mask-rejected-" + name))
                .to(Topics.REJECTED.name(), Topics.REJECTED.produced().withName("write-rejected-" + name));
        return screened.filterNot((key, value) -> value.isRejected(), Named.as("accepted-" + name))
                .mapValues(Screened::accepted, Named.as("unwrap-" + name));
    }

    private static KStream<String, LedgerOutput> ledger(final KStream<String, ProviderEvent> events,
                                                        final FollowUpSettings settings,
                                                        final FeedCounters counters) {
        return events
                // Corrections and deletions must meet the earlier version, wherever its unit was.
                .selectKey((unit, event) -> event.header().identity(), Named.as("key-by-event-identity"))
                .repartition(Repartitioned.with(Serdes.String(), BinaryCodecs.providerEvents())
                        .withName(StoreNames.EVENTS_BY_IDENTITY))
                .process(() -> new EventLedgerProcessor(counters, settings.zone()), Named.as("event-ledger"),
                        StoreNames.EVENT_LEDGER);
    }

    private static KStream<String, MeasureValue> figures(final KStream<String, EventChange> changes,
                                                         final FollowUpSettings settings) {
        return changes
                .repartition(Repartitioned.with(Serdes.String(), BinaryCodecs.eventChanges())
                        .withName(StoreNames.CHANGES_BY_UNIT))
                .process(() -> new UnitFiguresProcessor(settings), Named.as("unit-figures"),
                        StoreNames.CENSUS_DAYS, StoreNames.WAITING_ENTRIES, StoreNames.BUCKET_SUMS,
                        StoreNames.DIRTY_BUCKETS, StoreNames.WAITING_FLOWS, StoreNames.STOCK_DIRTY,
                        StoreNames.STOCK_HORIZON);
    }

    private static void addStores(final StreamsBuilder builder) {
        // Internal values in a compact binary form that still reads the JSON of earlier versions (BinarySerde).
        builder.addStateStore(store(StoreNames.EVENT_LEDGER, BinaryCodecs.providerEvents()));
        builder.addStateStore(store(StoreNames.CENSUS_DAYS, BinaryCodecs.censusDays()));
        builder.addStateStore(store(StoreNames.WAITING_ENTRIES, BinaryCodecs.waitingEntries()));
        builder.addStateStore(store(StoreNames.BUCKET_SUMS, BinaryCodecs.bucketSums()));
        builder.addStateStore(store(StoreNames.DIRTY_BUCKETS, Serdes.String()));
        builder.addStateStore(store(StoreNames.WAITING_FLOWS, BinaryCodecs.bucketSums()));
        builder.addStateStore(store(StoreNames.STOCK_DIRTY, Serdes.String()));
        builder.addStateStore(store(StoreNames.STOCK_HORIZON, Serdes.String()));
        builder.addStateStore(store(StoreNames.FEED_QUALITY_PENDING, BinaryCodecs.feedQualityCounts()));
    }

    /**
     * Cached like the DSL's own stores: a bucket of the current week is rewritten by every event of its unit, and the
     * cache folds those writes into one RocksDB write and one changelog record per commit. Under exactly-once the
     * cache is flushed before every commit, so nothing in it can outlive a crash.
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> store(
            final String name, final Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde)
                .withCachingEnabled();
    }
}
