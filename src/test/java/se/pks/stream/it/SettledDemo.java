package se.pks.stream.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** The demo region of {@link DemoRegionProfile}, loaded and with figures that no longer move. */
record SettledDemo(DataSource dataSource, String bootstrapServers, String applicationId) {

    /**
     * Waits until the demo region is in and the figures have stopped moving: the loader has written the expected
     * reporting (its last step, after the broker acknowledged every record), Kafka Streams has read every record of
     * its topics, the stream has a deviation for every plan row, nothing waits for the refresher, and the stored
     * figures, quality counts, charts and queues are the same five polls in a row (the sink and the refresher work
     * in bursts a few seconds apart). On a two-core machine shared with other builds this took three to four minutes.
     */
    void await() {
        final AtomicReference<String> previous = new AtomicReference<>("");
        final AtomicInteger sameInARow = new AtomicInteger();
        Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            final String state = query("""
                    SELECT (SELECT count(*) FROM pks.expected_reporting) || ' '
                        || (SELECT count(*) FROM pks.plan) || ' ' || (SELECT count(*) FROM pks.deviation) || ' '
                        || (SELECT count(*) FROM pks.refresh_request) || ' '
                        || (SELECT count(*) || ' ' || coalesce(max(updated_at)::text, '') FROM pks.measure_value) || ' '
                        || (SELECT coalesce(sum(received), 0) FROM pks.feed_quality) || ' '
                        || (SELECT count(*) FROM pks.spc_point) || ' ' || (SELECT count(*) FROM pks.queue_status)""");
            final String[] counts = state.split(" ");
            final boolean loaded = !counts[0].equals("0") && !counts[1].equals("0") && counts[1].equals(counts[2])
                    && counts[3].equals("0") && streamsHaveReadEverything();
            final int same = loaded && state.equals(previous.get()) ? sameInARow.incrementAndGet() : 0;
            sameInARow.set(same);
            previous.set(state);
            return same >= 4;
        });
    }

    /**
     * Waits until the demo has approved what it approves (se.pks.stream.demo.DemoApprovals), which it does once the
     * figures have settled, the last complete tertial last: done when all five organisations have approved that.
     */
    void awaitApprovals() {
        Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(3)).until(() -> "5".equals(
                query("""
                        SELECT count(*) FROM pks.approval
                        WHERE level = 'ORGANISATION' AND period_kind = 'TERTIAL'
                          AND period_start = pks.tertial_start(pks.tertial_start(pks.as_of_date()) - 1)""")));
    }

    /** Whether the Kafka Streams application's committed offsets are at the end of every partition it reads. */
    private boolean streamsHaveReadEverything() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            final Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            if (committed.isEmpty()) {
                return false;
            }
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get();
            return committed.entrySet().stream().allMatch(entry -> entry.getValue() != null
                    && entry.getValue().offset() >= ends.get(entry.getKey()).offset());
        }
    }

    private String query(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
