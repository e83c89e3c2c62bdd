package se.pks.stream.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PipelineProgressTest {

    private static final TopicPartition P0 = new TopicPartition("pks.visits.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("pks.visits.v1", 1);

    @Test
    void unreadCountsFromTheCommittedOffsetLeavingOneCommitMarkerPerPartition() {
        // Partition 0: ends at 120, committed 100: 19 records (the 20th offset may be a commit marker).
        // Partition 1: ends at 50, nothing committed yet: 49.
        assertEquals(19 + 49, PipelineProgress.unread(Map.of(P0, 120L, P1, 50L), Map.of(P0, 100L)));
    }

    @Test
    void aGroupAtTheEndOrAtTheMarkerHasNothingUnread() {
        assertEquals(0, PipelineProgress.unread(Map.of(P0, 120L, P1, 50L), Map.of(P0, 120L, P1, 49L)));
        assertEquals(0, PipelineProgress.unread(Map.of(P0, 0L), Map.of()));
    }
}
