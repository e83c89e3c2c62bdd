package se.pks.stream.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import se.pks.stream.demo.DemoRecord;
import se.pks.stream.demo.DemoRegion;
import se.pks.stream.demo.DemoRegionGenerator;
import se.pks.stream.demo.DemoSettings;
import se.pks.stream.model.CareUnit;

/**
 * JMH: one event through the whole follow-up topology in a {@link org.apache.kafka.streams.TopologyTestDriver}:
 * validation, the ledger (deduplication, corrections), the unit's figures (state-store read-modify-writes of its
 * week and month) and, every {@value #FLUSH_EVERY} events, the publication of the changed figures and deviations.
 * No broker and no transactions: the cost of the processing itself, per event.
 *
 * <p>The demo region's events of one feed are sent in turn; each pass over them renames the eventIds, so that every
 * event is new to the ledger (a resend of the same event would be deduplicated and cost almost nothing).
 */
@State(Scope.Thread)
public class AggregationBench {

    private static final int FLUSH_EVERY = 1_000;

    @Param({"pks.visits.v1", "pks.operations.v1", "pks.bed-occupancy.v1", "pks.waiting-list.v1"})
    public String topic;

    private FollowUpDriver driver;
    private Topic<String, byte[]> input;
    private List<DemoRecord> records;
    private int next;
    private int pass;
    private int sinceFlush;

    @Setup(Level.Trial)
    public void setUp() {
        final DemoRegion region = DemoRegionGenerator.generate(
                new DemoSettings(42L, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31), 1.0));
        records = region.events().stream()
                .filter(record -> record.topic().equals(topic) && record.json() != null).toList();
        input = Topics.EVENT_TOPICS.stream().filter(candidate -> candidate.name().equals(topic)).findFirst()
                .orElseThrow();
        driver = new FollowUpDriver(records.getFirst().receivedAt().minusSeconds(60));
        for (final CareUnit unit : region.units()) {
            driver.unit(unit.unitId(), unit.providerId());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    @Benchmark
    public void eventThroughTopology() {
        final DemoRecord record = records.get(next);
        final String json = pass == 0 ? record.json()
                : record.json().replace("\"eventId\":\"", "\"eventId\":\"p" + pass + "-");
        final Instant receivedAt = record.receivedAt();
        driver.send(input, record.key(), json, receivedAt);
        if (++next == records.size()) {
            next = 0;
            pass++;
        }
        if (++sinceFlush == FLUSH_EVERY) {
            sinceFlush = 0;
            driver.flush();
        }
    }
}
