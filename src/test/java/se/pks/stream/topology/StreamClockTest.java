package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.FeedObservation;

/** The shared clock: a tick to every follow-up task when an input task's stream time enters a new week or month. */
class StreamClockTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private final MockProcessorContext<String, FollowUpInput> context = new MockProcessorContext<>();
    private final StreamClock clock = new StreamClock(STOCKHOLM);
    private long streamTime = -1;

    @BeforeEach
    void setUp() {
        clock.init(context);
    }

    /** A record at the given local time, with stream time moved there as Kafka Streams would. */
    private void recordAt(final String localTime) {
        final long millis = LocalDateTime.parse(localTime).atZone(STOCKHOLM).toInstant().toEpochMilli();
        streamTime = Math.max(millis, streamTime);
        context.setCurrentStreamTimeMs(streamTime);
        clock.process(new Record<>("prov-a", new FollowUpInput.Observed(null), millis));
    }

    private List<Long> tickTimes() {
        return context.forwarded().stream()
                .filter(forwarded -> forwarded.record().value() instanceof FollowUpInput.Tick)
                .map(forwarded -> forwarded.record().timestamp())
                .toList();
    }

    private static long at(final String localTime) {
        return LocalDateTime.parse(localTime).atZone(STOCKHOLM).toInstant().toEpochMilli();
    }

    @Test
    void everyRecordIsPassedOnAndTheFirstOneAnnouncesTheClock() {
        final FollowUpInput value = new FollowUpInput.Observed((FeedObservation) null);
        context.setCurrentStreamTimeMs(at("2025-03-05T10:00"));
        clock.process(new Record<>("prov-a", value, at("2025-03-05T10:00")));
        assertSame(value, context.forwarded().getFirst().record().value());
        assertEquals(List.of(at("2025-03-05T10:00")), tickTimes());
    }

    @Test
    void aTickWhenStreamTimeEntersANewWeekOrMonthAndNotOtherwise() {
        recordAt("2025-03-05T10:00"); // Wednesday, ISO week 10
        recordAt("2025-03-09T23:30"); // Sunday evening, same week and month: no tick
        recordAt("2025-03-06T08:00"); // older than stream time: stream time stays, no tick
        recordAt("2025-03-10T00:30"); // Monday local time (23:30 UTC on Sunday): a new week
        recordAt("2025-03-31T12:00"); // Monday of week 14, still March: a new week
        recordAt("2025-04-01T07:00"); // Tuesday, same week, but April: a new month
        assertEquals(List.of(at("2025-03-05T10:00"), at("2025-03-10T00:30"), at("2025-03-31T12:00"),
                at("2025-04-01T07:00")), tickTimes());
    }

    @Test
    void aTickGoesToEveryPartitionAndEverythingElseByTheKeysHash() {
        final ProviderPartitioner partitioner = new ProviderPartitioner();
        assertEquals(Optional.of(Set.of(0, 1, 2, 3, 4, 5)),
                partitioner.partitions("t", StreamClock.TICK_KEY, new FollowUpInput.Tick(), 6));
        assertEquals(Optional.empty(), partitioner.partitions("t", "prov-a",
                new FollowUpInput.Observed((FeedObservation) null), 6));
    }

    @Test
    void aTickCarriesNothingButItsTimestamp() {
        final BinarySerde<FollowUpInput> serde = BinaryCodecs.followUpInputs();
        final byte[] bytes = serde.serializer().serialize("t", new FollowUpInput.Tick());
        assertEquals(2, bytes.length, "the format byte and the kind");
        assertInstanceOf(FollowUpInput.Tick.class, serde.deserializer().deserialize("t", bytes));
    }
}
