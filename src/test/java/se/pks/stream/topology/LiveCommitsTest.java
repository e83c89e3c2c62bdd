package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A trickle is committed within the interval; a flood is left to Kafka Streams' commit interval. */
class LiveCommitsTest {

    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    private final LiveCommits<String> commits = new LiveCommits<>(
            // 400 records per 1 s flush interval, scaled to the 100 ms commit interval: 40
            new FollowUpSettings.CatchUp(400, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1)),
            Duration.ofSeconds(1));

    @BeforeEach
    void setUp() {
        commits.init(context);
    }

    private void records(final int count) {
        for (int i = 0; i < count; i++) {
            commits.process(new Record<>("prov-a", "record-" + i, 0L));
        }
    }

    private void interval() {
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(0L);
    }

    @Test
    void aTrickleOfHistoryIsLeftToTheCommitInterval() {
        // Two records received two minutes before the wall clock: a replay on a busy machine, not live traffic.
        final long now = Duration.ofHours(1).toMillis();
        commits.process(new Record<>("prov-a", "old-1", now - Duration.ofMinutes(2).toMillis()));
        commits.process(new Record<>("prov-a", "old-2", now - Duration.ofMinutes(2).toMillis()));
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(now);
        assertFalse(context.committed(), "history is not live, however slowly it comes");
        commits.process(new Record<>("prov-a", "new", now - Duration.ofSeconds(1).toMillis()));
        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(now + 100);
        assertTrue(context.committed(), "a record received a second ago is live");
    }

    @Test
    void everyRecordIsPassedOnUnchanged() {
        records(3);
        assertEquals(3, context.forwarded().size());
        assertEquals("record-2", context.forwarded().get(2).record().value());
        assertEquals(Duration.ofMillis(100), context.scheduledPunctuators().getFirst().getInterval());
    }

    @Test
    void aTrickleAsksForACommitAtTheEndOfTheInterval() {
        records(1);
        assertFalse(context.committed(), "not per record: once per interval");
        interval();
        assertTrue(context.committed());
        context.resetCommit();
        records(40);
        interval();
        assertTrue(context.committed(), "40 in an interval is still live");
    }

    @Test
    void aFloodIsLeftToTheCommitIntervalAndAQuietIntervalAsksForNothing() {
        records(41);
        interval();
        assertFalse(context.committed(), "41 in an interval is catching up");
        interval();
        assertFalse(context.committed(), "nothing new, nothing to commit");
        records(2);
        interval();
        assertTrue(context.committed(), "back to a trickle");
    }
}
