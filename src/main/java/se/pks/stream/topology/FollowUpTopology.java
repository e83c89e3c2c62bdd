package se.pks.stream.topology;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Plan;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.ProviderTopics;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * The follow-up topology: provider events in, figures per unit and period and their deviations from plan out.
 *
 * <pre>
 * event topics --validate--> rejected topic (and a provider topic's rejections to the provider's rejected topic)
 *      \--(accepted events, what arrived)--+
 * pks.plans.v1 --validate--> rejected     |--by provider--> follow-up (ledger, figures, deviations, data quality)
 *      \--(accepted plan rows)------------+                     |--> &lt;application id&gt;.measure-values.v1
 *                                                               |--> &lt;application id&gt;.deviations.v1
 *                                                               \--> &lt;application id&gt;.feed-quality.v1
 * </pre>
 *
 * The rejected topic and the three figure topics are this deployment's own ({@link OutputTopics}). The event topics are
 * the shared ones and every provider's own ({@link ProviderTopics}, read by pattern); a bound provider's rejections and
 * data-quality rows are also written to its own output topics, {@code <application id>.provider.<providerId>.*}.
 *
 * One repartition and one stateful step: an event's identity is provider + eventId and every unit belongs to its
 * provider, so everything an event touches (its earlier version, its unit's figures and plans, its data-quality row)
 * lives in the task of its provider.
 *
 * Built by one plain static method, {@link #topology}, which the application and {@code TopologyTestDriver} both
 * use, so the tests drive exactly the topology that runs.
 */
public final class FollowUpTopology {

    private FollowUpTopology() {
    }

    public static Topology topology(final FollowUpSettings settings, final FeedCounters counters,
                                    final OutputTopics outputs) {
        final Properties naming = new Properties();
        // Only read for the topology's own settings; the clients' settings come from the kafka-streams.* properties
        // (or the test driver's).
        naming.put(StreamsConfig.APPLICATION_ID_CONFIG, "pks-stream");
        naming.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // A generated store or topic name would change when an operator is added, and orphan the state kept so far.
        naming.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        final StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(naming)));
        build(builder, settings, counters, outputs);
        return builder.build();
    }

    private static void build(final StreamsBuilder builder, final FollowUpSettings settings,
                              final FeedCounters counters, final OutputTopics outputs) {
        builder.globalTable(Topics.UNITS.name(), Topics.UNITS.consumed(),
                Materialized.<String, CareUnit, KeyValueStore<Bytes, byte[]>>as(StoreNames.UNITS)
                        .withKeySerde(Topics.UNITS.keySerde()).withValueSerde(Topics.UNITS.valueSerde()));
        addStores(builder);

        final KStream<String, FollowUpInput> inputs = events(screenedEvents(builder, settings, counters), outputs)
                .merge(plans(builder, counters, outputs), Named.as("merge-plans"));
        final KStream<String, FollowUpOutput> results = inputs
                .process(() -> new StreamClock(settings.zone()), Named.as("stream-clock"))
                .process(() -> new LiveCommits<FollowUpInput>(settings.catchUp(), settings.flushInterval()),
                        Named.as("live-commits"))
                .repartition(Repartitioned.with(Serdes.String(), BinaryCodecs.followUpInputs())
                        .withStreamPartitioner(new ProviderPartitioner()).withName(StoreNames.BY_PROVIDER))
                .process(() -> new FollowUpProcessor(settings, counters), Named.as("follow-up"),
                        FollowUpStores.NAMES);
        results.filter((key, value) -> value instanceof FollowUpOutput.FigureUpdate, Named.as("figures"))
                .mapValues(value -> ((FollowUpOutput.FigureUpdate) value).value(), Named.as("figure-values"))
                .to(outputs.measureValues().name(), produced(outputs.measureValues(), "write-measure-values"));
        results.filter((key, value) -> value instanceof FollowUpOutput.DeviationUpdate, Named.as("deviations"))
                .mapValues(value -> ((FollowUpOutput.DeviationUpdate) value).value(), Named.as("deviation-values"))
                .to(outputs.deviations().name(), produced(outputs.deviations(), "write-deviations"));
        results.filter((key, value) -> value instanceof FollowUpOutput.FeedQualityUpdate, Named.as("feed-quality"))
                .mapValues(value -> ((FollowUpOutput.FeedQualityUpdate) value).value(), Named.as("feed-quality-rows"))
                .to(outputs.feedQuality().name(), produced(outputs.feedQuality(), "write-feed-quality"));
        // A bound provider's rows also on its own topic, which its principal alone may read.
        final ProviderOutputTopics providerFeedQuality = new ProviderOutputTopics(outputs::providerFeedQuality);
        results.filter((key, value) -> value instanceof FollowUpOutput.FeedQualityUpdate update
                        && update.boundProvider(), Named.as("provider-feed-quality"))
                .mapValues(value -> ((FollowUpOutput.FeedQualityUpdate) value).value(),
                        Named.as("provider-feed-quality-rows"))
                .to((key, row, context) -> providerFeedQuality.of(row.providerId()),
                        produced(outputs.feedQuality(), "write-provider-feed-quality"));
    }

    /**
     * Accepted events with how they arrived, and rejected ones as observations only (the rejection itself goes to
     * the rejected topic), keyed by provider.
     */
    private static KStream<String, FollowUpInput> events(final KStream<String, Screened<ProviderEvent>> screened,
                                                         final OutputTopics outputs) {
        writeRejections(screened, "events", outputs);
        writeProviderRejections(screened, outputs);
        return screened.map((unit, value) -> value.isRejected()
                        ? KeyValue.pair(value.observation().providerId(),
                                (FollowUpInput) new FollowUpInput.Observed(value.observation()))
                        : KeyValue.pair(value.accepted().header().providerId(),
                                new FollowUpInput.Arrival(value.accepted(), value.observation())),
                Named.as("key-events-by-provider"));
    }

    private static KStream<String, Screened<ProviderEvent>> screenedEvents(final StreamsBuilder builder,
                                                                            final FollowUpSettings settings,
                                                                            final FeedCounters counters) {
        KStream<String, Screened<ProviderEvent>> screened = null;
        for (final Topic<String, byte[]> topic : Topics.EVENT_TOPICS) {
            final KStream<String, Screened<ProviderEvent>> checked = builder.stream(topic.name(), topic.consumed())
                    .processValues(() -> EventValidationProcessor.sharedTopic(topic.name(),
                            Topics.FEEDS.get(topic.name()), settings, counters), Named.as("validate-" + topic.name()));
            screened = screened == null ? checked : screened.merge(checked, Named.as("merge-" + topic.name()));
        }
        // The providers' own topics, found by pattern: a provider's topics created later are read from the consumer's
        // next metadata refresh on, without a restart (kafka/providers.md). One source for every kind, so that an event
        // passes one more merge only.
        final KStream<String, Screened<ProviderEvent>> bound = builder.stream(ProviderTopics.EVENT_TOPICS,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-provider-topics"))
                .processValues(() -> EventValidationProcessor.providerTopics(settings, counters),
                        Named.as("validate-provider-topics"));
        return screened.merge(bound, Named.as("merge-provider-topics"));
    }

    /** Accepted plan rows (null = deleted), keyed by the provider of their unit. */
    private static KStream<String, FollowUpInput> plans(final StreamsBuilder builder, final FeedCounters counters,
                                                        final OutputTopics outputs) {
        final KStream<String, Screened<Plan>> screened = builder.stream(Topics.PLANS.name(), Topics.PLANS.consumed())
                .processValues(() -> new PlanValidationProcessor(counters), Named.as("validate-plans"));
        writeRejections(screened, "plans", outputs);
        return screened.filterNot((key, value) -> value.isRejected(), Named.as("accepted-plans"))
                .mapValues(Screened::accepted, Named.as("unwrap-plans"))
                .process(PlanRouter::new, Named.as("key-plans-by-provider"));
    }

    /** Rejections go to the rejected topic, keyed as they came (masked). */
    private static <T> void writeRejections(final KStream<String, Screened<T>> screened, final String name,
                                            final OutputTopics outputs) {
        screened.filter((key, value) -> value.isRejected(), Named.as("rejected-" + name))
                .map((key, value) -> KeyValue.pair(Rejections.maskedKey(key), value.rejection()),
                        Named.as("mask-rejected-" + name))
                .to(outputs.rejected().name(), produced(outputs.rejected(), "write-rejected-" + name));
    }

    /**
     * A rejection of a record from a provider's own topic goes, besides the deployment's rejected topic, to the
     * provider's ({@link OutputTopics#providerRejected}), which its principal alone may read.
     */
    private static void writeProviderRejections(final KStream<String, Screened<ProviderEvent>> screened,
                                                final OutputTopics outputs) {
        final ProviderOutputTopics topics = new ProviderOutputTopics(outputs::providerRejected);
        screened.filter((key, value) -> value.isRejected()
                                && value.rejection().topic().startsWith(ProviderTopics.PREFIX),
                        Named.as("rejected-provider-events"))
                .map((key, value) -> KeyValue.pair(Rejections.maskedKey(key), value.rejection()),
                        Named.as("mask-rejected-provider-events"))
                .to((key, rejection, context) -> topics.of(ProviderTopics.providerOf(rejection.topic())),
                        produced(outputs.rejected(), "write-rejected-provider-events"));
    }

    /** Named without the deployment, so that the topology's description is the same under every application id. */
    private static <V> Produced<String, V> produced(final Topic<String, V> topic, final String node) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(node);
    }

    private static void addStores(final StreamsBuilder builder) {
        builder.addStateStore(uncached(StoreNames.EVENT_LEDGER, BinaryCodecs.providerEvents()));
        builder.addStateStore(store(StoreNames.CENSUS_DAYS, BinaryCodecs.censusDays()));
        builder.addStateStore(uncached(StoreNames.WAITING_ENTRIES, BinaryCodecs.waitingEntries()));
        builder.addStateStore(store(StoreNames.BUCKET_SUMS, BinaryCodecs.bucketSums()));
        builder.addStateStore(store(StoreNames.WAITING_FLOWS, BinaryCodecs.bucketSums()));
        builder.addStateStore(store(StoreNames.STOCK_HORIZON, Serdes.String()));
        builder.addStateStore(store(StoreNames.UNPUBLISHED, Serdes.String()));
        builder.addStateStore(store(StoreNames.PUBLISHED_FIGURES, BinaryCodecs.measureValues()));
        builder.addStateStore(store(StoreNames.PLANS, BinaryCodecs.planRows()));
        builder.addStateStore(store(StoreNames.FEED_QUALITY, BinaryCodecs.feedQuality()));
    }

    /**
     * Cached like the DSL's own stores: a bucket of the current week is rewritten by every event of its unit, and the
     * cache folds those writes into one RocksDB write and one changelog record per commit. Under exactly-once the
     * cache is flushed before every commit, so nothing in it can outlive a crash.
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> store(
            final String name, final Serde<V> valueSerde) {
        return builder(name, valueSerde).withCachingEnabled();
    }

    /**
     * Not cached: the stores keyed by event (the ledger) or by waiting-list entry are written about once per key, so a
     * cache folds nothing there and its bookkeeping is spent for nothing (docs/benchmarks.md, "The record cache at a
     * region's size").
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> uncached(
            final String name, final Serde<V> valueSerde) {
        return builder(name, valueSerde).withCachingDisabled();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> builder(final String name, final Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }
}
