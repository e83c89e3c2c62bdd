package se.pks.stream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.pks.stream.demo.DemoRecord;

class TimeOrderedMergeTest {

    @TempDir
    Path directory;

    @Test
    void regionsComeTogetherInTheOrderSentEachKeepingItsOwnOrderAndTheSpillsAreDeleted() throws Exception {
        final Instant t = Instant.parse("2025-03-03T08:00:00.123456789Z");
        final List<DemoRecord> north = List.of(record("n1", t), record("n2", t.plusSeconds(10)),
                record("n3", t.plusSeconds(10)), new DemoRecord("pks.visits.v1", "n4", null, t.plusSeconds(30)));
        final List<DemoRecord> south = List.of(record("s1", t.plusSeconds(5)), record("s2", t.plusSeconds(10)));
        final TimeOrderedMerge merge = new TimeOrderedMerge(directory.resolve("regions"));
        merge.add(north);
        merge.add(south);

        final List<DemoRecord> merged = new ArrayList<>();
        final long count = merge.merge(merged::add);

        assertEquals(6, count);
        // same moment: the earlier region first, a region's own order kept
        assertEquals(List.of("n1", "s1", "n2", "n3", "s2", "n4"), merged.stream().map(DemoRecord::key).toList());
        assertEquals(north.getFirst(), merged.getFirst());
        assertEquals(north.getLast(), merged.getLast());
        try (var left = Files.list(directory.resolve("regions"))) {
            assertTrue(left.findAny().isEmpty());
        }
    }

    private static DemoRecord record(final String key, final Instant sent) {
        return new DemoRecord("pks.visits.v1", key, "{\"eventId\":\"" + key + "\",\"note\":\"å\\\\n\"}", sent);
    }
}
