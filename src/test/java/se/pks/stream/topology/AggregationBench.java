package se.pks.stream.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import se.pks.stream.bench.CpuTime;
import se.pks.stream.demo.DemoRecord;
import se.pks.stream.demo.DemoRegion;
import se.pks.stream.demo.DemoRegionGenerator;
import se.pks.stream.demo.DemoSettings;
import se.pks.stream.ingest.EventValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.EventChange;
import se.pks.stream.model.EventDeletion;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.ProviderEvent;

/**
 * JMH: the aggregation update, one accepted event into its unit's week and month figures: the
 * {@link UnitFiguresProcessor} with the topology's state stores (same names and value serdes, so the JSON
 * (de)serialisation of every read-modify-write is included), and every {@value #PUBLISH_EVERY} events the
 * publication of the changed figures, as its punctuation does every second.
 *
 * <p>The stores are in memory and not change-logged, and there is no broker: what is measured is the processor and
 * its serialisation, not RocksDB, the change logs or the commits. (Kafka's {@code TopologyTestDriver} would add all
 * three but commits, and so flushes every RocksDB store to disk, after each single record, which is not what a
 * replay does.) The demo region's events of one feed are applied in turn; from the second pass on an event is applied
 * again, which for counts adds it once more and for waiting-list changes and censuses retracts and re-adds it.
 */
@State(Scope.Thread)
public class AggregationBench {

    private static final int PUBLISH_EVERY = 1_000;

    @Param({"pks.visits.v1", "pks.operations.v1", "pks.bed-occupancy.v1", "pks.waiting-list.v1"})
    public String topic;

    private MockProcessorContext<String, MeasureValue> context;
    private UnitFiguresProcessor processor;
    private final List<Record<String, EventChange>> changes = new ArrayList<>();
    private int next;
    private int sincePublish;
    private long streamTime;

    @Setup(Level.Trial)
    public void setUp() {
        final DemoRegion region = DemoRegionGenerator.generate(
                new DemoSettings(42L, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31), 1.0));
        final Map<String, CareUnit> units = region.units().stream()
                .collect(Collectors.toMap(CareUnit::unitId, Function.identity()));
        final EventValidator validator = new EventValidator(units::get, Duration.ofDays(1));
        for (final DemoRecord record : region.events()) {
            if (!record.topic().equals(topic) || record.json() == null) {
                continue;
            }
            // Deletions reach the figures as the ledger's retraction of the stored version, not as events.
            if (validator.validate(topic, record.key(), record.json().getBytes(StandardCharsets.UTF_8),
                    record.receivedAt()) instanceof Validation.Accepted<ProviderEvent> accepted
                    && !(accepted.value() instanceof EventDeletion)) {
                changes.add(new Record<>(record.key(), new EventChange(null, accepted.value()),
                        record.receivedAt().toEpochMilli()));
            }
        }
        context = new MockProcessorContext<>();
        addStore(StoreNames.CENSUS_DAYS, BinaryCodecs.censusDays());
        addStore(StoreNames.WAITING_ENTRIES, BinaryCodecs.waitingEntries());
        addStore(StoreNames.BUCKET_SUMS, BinaryCodecs.bucketSums());
        addStore(StoreNames.DIRTY_BUCKETS, Serdes.String());
        addStore(StoreNames.WAITING_FLOWS, BinaryCodecs.bucketSums());
        addStore(StoreNames.STOCK_DIRTY, Serdes.String());
        addStore(StoreNames.STOCK_HORIZON, Serdes.String());
        processor = new UnitFiguresProcessor(FollowUpSettings.defaults());
        processor.init(context);
    }

    private <V> void addStore(final String name, final Serde<V> valueSerde) {
        final KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), valueSerde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @Benchmark
    public void eventIntoFigures(final CpuTime cpu) {
        cpu.calls++;
        final Record<String, EventChange> change = changes.get(next);
        next = next + 1 == changes.size() ? 0 : next + 1;
        // stream time decides up to which period the waiting lists' levels are published
        streamTime = Math.max(streamTime, change.timestamp());
        context.setCurrentStreamTimeMs(streamTime);
        processor.process(change);
        if (++sincePublish == PUBLISH_EVERY) {
            sincePublish = 0;
            context.scheduledPunctuators().getFirst().getPunctuator().punctuate(change.timestamp());
            context.resetForwards();
        }
    }
}
