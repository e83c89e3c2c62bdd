package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import se.pks.stream.testing.Machine;
import se.pks.stream.topics.Topics;

/**
 * The Kafka broker (the whole single-node KRaft cluster) stops mid-stream and comes back on the same log directory
 * and ports. A provider's producer keeps its records until the broker is back; the exactly-once stream and the sink
 * carry on where they were without a restart of the service, and every figure ends at its hand-computed value:
 * nothing lost, nothing counted twice.
 */
@QuarkusTest
@QuarkusTestResource(value = RestartableInfrastructureResource.class, restrictToAnnotatedClass = true)
class BrokerRestartTest {

    private static final Instant RECEIVED = Instant.parse("2025-01-20T12:00:00Z");
    private static final Duration DOWN = Duration.ofSeconds(30);

    @Inject
    KafkaStreams streams;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void figuresConvergeAfterTheBrokerRestartsWithoutARestartOfTheService() throws Exception {
        final Set<KafkaStreams.State> states = Collections.synchronizedSet(new LinkedHashSet<>());
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            feed.unit("brk-u1", "prov-brk", "org-brk", "Org BRK", "PUBLIC", "region-brk", RECEIVED);
            feed.flush();
            ProviderFeed.awaitUnitsKnown(streams, "brk-u1");
            feed.plan("brk-u1", "first_visits", "TARGET", "WEEK", "2025-01-06", 50, RECEIVED);

            // Before: 20 first visits on 7 January, and the first 10 of them sent twice (resends count once).
            visits(feed, 1, 20, "2025-01-07T10:00:00+01:00");
            visits(feed, 1, 10, "2025-01-07T10:00:00+01:00");
            feed.flush();
            final Set<String> before = Set.of("WEEK|2025-01-06|brk-u1|first_visits=20.0000",
                    "MONTH|2025-01-01|brk-u1|first_visits=20.0000");
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ReliabilityFigures.measureValues(dataSource, "brk-").equals(before));

            final Thread watch = Thread.ofPlatform().name("broker-watch").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    states.add(streams.state());
                    try {
                        Thread.sleep(100);
                    } catch (final InterruptedException e) {
                        return;
                    }
                }
            });
            final Instant stopped = Instant.now();
            RestartableInfrastructureResource.kafka().close();
            // While the broker is away the provider goes on: 15 new visits on 8 January and 15 on 9 January, and a
            // resend of the first five. Its producer blocks (waiting for the broker's metadata) and holds the
            // records until the broker is back, so it sends from a thread of its own.
            final Thread provider = Thread.ofPlatform().name("provider-during-outage").start(() -> {
                visits(feed, 21, 35, "2025-01-08T10:00:00+01:00");
                visits(feed, 1, 5, "2025-01-07T10:00:00+01:00");
                visits(feed, 36, 50, "2025-01-09T10:00:00+01:00");
            });
            Thread.sleep(Math.max(0, DOWN.minus(Duration.between(stopped, Instant.now())).toMillis()));
            RestartableInfrastructureResource.kafka().restart();
            final Instant restarted = Instant.now();
            provider.join();
            feed.flush();
            final Instant delivered = Instant.now();

            // After: 20 + 15 + 15 = 50 first visits, all in the week of 6 January and in January.
            final Set<String> after = new TreeSet<>(Set.of("WEEK|2025-01-06|brk-u1|first_visits=50.0000",
                    "MONTH|2025-01-01|brk-u1|first_visits=50.0000"));
            Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ReliabilityFigures.measureValues(dataSource, "brk-").equals(after)
                            && streams.state() == KafkaStreams.State.RUNNING);
            final Instant converged = Instant.now();
            // A little longer, so that a late duplicate would show.
            Thread.sleep(3_000);
            watch.interrupt();
            watch.join();

            assertEquals(after, ReliabilityFigures.measureValues(dataSource, "brk-"));
            assertEquals(Set.of("brk-u1|first_visits|TARGET|WEEK|2025-01-06=50.0000,50.0000"),
                    ReliabilityFigures.deviations(dataSource, "brk-"));
            assertEquals(0, ReliabilityFigures.count(dataSource,
                    "SELECT count(*) FROM pks.rejected_record WHERE source_topic = '" + Topics.VISITS.name() + "'"));
            assertTrue(!states.contains(KafkaStreams.State.ERROR) && !states.contains(KafkaStreams.State.NOT_RUNNING),
                    "Kafka Streams stopped: " + states);
            assertEquals(KafkaStreams.State.RUNNING, streams.state());
            assertEquals("UP", ReliabilityFigures.sinkReadiness());
            System.out.printf("[broker] broker down %d s; Kafka Streams states seen %s; provider's records delivered"
                            + " %d ms after the restart; figures converged %d ms after the restart; load %s%n",
                    Duration.between(stopped, restarted).toSeconds(), states,
                    Duration.between(restarted, delivered).toMillis(),
                    Duration.between(restarted, converged).toMillis(), Machine.loadAverage());
        }
    }

    private static void visits(final ProviderFeed feed, final int from, final int to, final String occurredAt) {
        for (int i = from; i <= to; i++) {
            feed.send(Topics.VISITS.name(), "brk-u1", """
                    {"eventId":"brk-%d","providerId":"prov-brk","unitId":"brk-u1","occurredAt":"%s",\
                    "visitType":"FIRST"}""".formatted(i, occurredAt), RECEIVED);
        }
    }
}
