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
import se.pks.stream.model.BedCensus;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Discharge;
import se.pks.stream.model.EventDeletion;
import se.pks.stream.model.EventHeader;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.Operation;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.model.Visit;
import se.pks.stream.model.WaitingListChange;
import se.pks.stream.topics.Topics;

/**
 * JMH: the aggregation update, one accepted event through the ledger into its unit's week and month figures: the
 * {@link FollowUpProcessor} with the topology's state stores (same names and value serdes, so the binary
 * (de)serialisation of every read-modify-write is included), and every {@value #PUBLISH_EVERY} events the
 * publication of the changed figures, as its punctuation does every flush interval.
 *
 * <p>The stores are in memory and not change-logged, and there is no broker: what is measured is the processor and
 * its serialisation, not RocksDB, the change logs or the commits. (Kafka's {@code TopologyTestDriver} would add all
 * three but commits, and so flushes every RocksDB store to disk, after each single record, which is not what a
 * replay does.) The demo region's events of one feed are applied in turn; from the second pass on an event is applied
 * again under a new eventId, which for counts adds it once more and for waiting-list changes and censuses replaces
 * the earlier version.
 */
@State(Scope.Thread)
public class AggregationBench {

    private static final int PUBLISH_EVERY = 1_000;

    @Param({"pks.visits.v1", "pks.operations.v1", "pks.bed-occupancy.v1", "pks.waiting-list.v1"})
    public String topic;

    private MockProcessorContext<String, FollowUpOutput> context;
    private FollowUpProcessor processor;
    private final List<Record<String, FollowUpInput>> changes = new ArrayList<>();
    private long pass;
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
            if (validator.validate(Topics.FEEDS.get(topic), record.key(), record.json().getBytes(StandardCharsets.UTF_8),
                    record.receivedAt()) instanceof Validation.Accepted<ProviderEvent> accepted
                    && !(accepted.value() instanceof EventDeletion)) {
                final ProviderEvent event = accepted.value();
                final FeedObservation arrived = new FeedObservation(event.header().providerId(),
                        event.header().unitId(), Feed.of(event), LocalDate.of(2025, 3, 1),
                        FeedObservation.Outcome.ACCEPTED, null);
                changes.add(new Record<>(event.header().providerId(), new FollowUpInput.Arrival(event, arrived),
                        record.receivedAt().toEpochMilli()));
            }
        }
        context = new MockProcessorContext<>();
        addStore(StoreNames.EVENT_LEDGER, BinaryCodecs.providerEvents());
        addStore(StoreNames.CENSUS_DAYS, BinaryCodecs.censusDays());
        addStore(StoreNames.WAITING_ENTRIES, BinaryCodecs.waitingEntries());
        addStore(StoreNames.BUCKET_SUMS, BinaryCodecs.bucketSums());
        addStore(StoreNames.WAITING_FLOWS, BinaryCodecs.bucketSums());
        addStore(StoreNames.STOCK_HORIZON, Serdes.String());
        addStore(StoreNames.UNPUBLISHED, Serdes.String());
        addStore(StoreNames.PUBLISHED_FIGURES, BinaryCodecs.measureValues());
        addStore(StoreNames.PLANS, BinaryCodecs.planRows());
        addStore(StoreNames.FEED_QUALITY, BinaryCodecs.feedQuality());
        processor = new FollowUpProcessor(FollowUpSettings.defaults(), FeedCounters.NONE);
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
        final Record<String, FollowUpInput> change = withEventIdOfPass(changes.get(next));
        if (++next == changes.size()) {
            next = 0;
            pass++;
        }
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

    /** A new eventId per pass, so that the ledger sees new events instead of resends. */
    private Record<String, FollowUpInput> withEventIdOfPass(final Record<String, FollowUpInput> record) {
        if (pass == 0) {
            return record;
        }
        final FollowUpInput.Arrival arrival = (FollowUpInput.Arrival) record.value();
        final ProviderEvent event = arrival.event();
        final EventHeader header = new EventHeader(event.header().eventId() + "-" + pass, event.header().providerId(),
                event.header().unitId(), event.header().occurredAt());
        final ProviderEvent renamed = switch (event) {
            case Visit visit -> new Visit(header, visit.visitType(), visit.contactMode());
            case Operation operation -> new Operation(header, operation.startedAt(), operation.endedAt(),
                    operation.priority());
            case BedCensus census -> new BedCensus(header, census.staffedBeds(), census.occupiedBeds());
            case Discharge discharge -> new Discharge(header, discharge.admittedAt(), discharge.dischargedAt());
            case WaitingListChange change -> new WaitingListChange(header, change.referralId(), change.action(),
                    change.guarantee(), change.waitingSince(), change.medicalTargetDate(), change.patientChosenWait(),
                    change.removalReason());
            case EventDeletion deletion -> deletion;
        };
        return record.withValue(new FollowUpInput.Arrival(renamed, arrival.observation()));
    }
}
