package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.Topics;

/**
 * Waiting-list levels are carried forward to the current period, and "current" is the newest record seen anywhere,
 * not only on the partition that holds the list's provider. Here a quiet provider's list has one referral added in
 * January and nothing after; another provider, on the other partition, reports a visit in March. The quiet list's
 * level must reach March too: without the shared clock it stopped in January, because stream time is per task.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class SharedClockTest {

    private static final String QUIET = "prov-a";
    private static final String BUSY = "prov-b";

    @Inject
    KafkaStreams streams;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "pks.topics.partitions")
    int partitions;

    @Test
    void aQuietWaitingListIsCarriedToThePeriodOfTheNewestRecordAnywhere() throws SQLException {
        assertNotEquals(partitionOf(QUIET), partitionOf(BUSY),
                "the two providers must be followed up by different tasks for this test to mean anything");
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            feed.unit("quiet-unit", QUIET, "org-a", "Organisation A", "PUBLIC", "region-test",
                    Instant.parse("2025-01-01T08:00:00Z"));
            feed.unit("busy-unit", BUSY, "org-b", "Organisation B", "PRIVATE", "region-test",
                    Instant.parse("2025-01-01T08:00:00Z"));
            feed.flush();
            ProviderFeed.awaitUnitsKnown(streams, "quiet-unit", "busy-unit");
            feed.send(Topics.WAITING_LIST.name(), "quiet-unit", """
                    {"eventId":"w1","providerId":"prov-a","unitId":"quiet-unit","occurredAt":"2025-01-07T10:00:00+01:00",\
                    "referralId":"r1","action":"ADDED","guarantee":"FIRST_VISIT","waitingSince":"2025-01-07"}""",
                    Instant.parse("2025-01-07T10:00:00Z"));
            feed.send(Topics.VISITS.name(), "busy-unit", """
                    {"eventId":"v1","providerId":"prov-b","unitId":"busy-unit","occurredAt":"2025-03-04T10:00:00+01:00",\
                    "visitType":"FIRST"}""", Instant.parse("2025-03-04T10:00:00Z"));
            feed.flush();
        }

        // One referral waiting in every week from that of 7 January to that of 4 March (Monday 3 March), and in
        // January, February and March.
        final Set<String> expected = new TreeSet<>(List.of(
                "WEEK|2025-01-06", "WEEK|2025-01-13", "WEEK|2025-01-20", "WEEK|2025-01-27", "WEEK|2025-02-03",
                "WEEK|2025-02-10", "WEEK|2025-02-17", "WEEK|2025-02-24", "WEEK|2025-03-03",
                "MONTH|2025-01-01", "MONTH|2025-02-01", "MONTH|2025-03-01"));
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> quietLevels().equals(expected));
        assertEquals(expected, quietLevels());
    }

    /** The periods in which the quiet unit has exactly one referral waiting. */
    private Set<String> quietLevels() throws SQLException {
        final Set<String> periods = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT granularity, period_start FROM pks.measure_value
                     WHERE unit_id = 'quiet-unit' AND measure = 'waiting_count' AND value = 1""")) {
            while (result.next()) {
                periods.add(result.getString(1) + "|" + result.getString(2));
            }
        }
        return periods;
    }

    /** Kafka's default partitioning of a key, the repartition by provider's. */
    private int partitionOf(final String providerId) {
        return Utils.toPositive(Utils.murmur2(providerId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
