package se.pks.stream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import se.pks.stream.demo.DemoRecord;
import se.pks.stream.demo.DemoRegion;
import se.pks.stream.demo.DemoRegionGenerator;
import se.pks.stream.demo.DemoSettings;
import se.pks.stream.ingest.EventValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.topics.Topics;

/**
 * JMH: one raw event record (bytes as they arrive on the topic) parsed, read into its event and checked against the
 * contract and the unit register, as the stream's validation step does for every record. The records are the demo
 * region's, one feed at a time, taken in turn so that the branch predictor sees real variety.
 */
@State(Scope.Thread)
public class DecodeValidateBench {

    /** The event topic, i.e. the feed: its records differ in size and in the fields checked. */
    @Param({"pks.visits.v1", "pks.operations.v1", "pks.bed-occupancy.v1", "pks.waiting-list.v1"})
    public String topic;

    private EventValidator validator;
    private String[] keys;
    private byte[][] values;
    private Instant[] receivedAt;
    private int next;

    @Setup
    public void setUp() {
        final DemoRegion region = DemoRegionGenerator.generate(
                new DemoSettings(42L, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31), 1.0));
        final Map<String, CareUnit> units = region.units().stream()
                .collect(Collectors.toMap(CareUnit::unitId, Function.identity()));
        validator = new EventValidator(units::get, Duration.ofDays(1));
        final List<DemoRecord> records = region.events().stream()
                .filter(record -> record.topic().equals(topic) && record.json() != null).toList();
        keys = new String[records.size()];
        values = new byte[records.size()][];
        receivedAt = new Instant[records.size()];
        for (int index = 0; index < records.size(); index++) {
            keys[index] = records.get(index).key();
            values[index] = records.get(index).json().getBytes(StandardCharsets.UTF_8);
            receivedAt[index] = records.get(index).receivedAt();
        }
    }

    /** Returns the result so that JMH consumes it and the work cannot be optimised away. */
    @Benchmark
    public Validation<ProviderEvent> decodeAndValidate(final CpuTime cpu) {
        cpu.calls++;
        final int index = next;
        next = index + 1 == values.length ? 0 : index + 1;
        return validator.validate(Topics.FEEDS.get(topic), keys[index], values[index], receivedAt[index]);
    }
}
