package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import se.pks.stream.testing.Machine;
import se.pks.stream.topics.Topics;

/**
 * PostgreSQL goes down for 60 seconds while events keep arriving: the stream keeps running, the sink's readiness turns
 * DOWN and it retries with back-off, and once the database is back every figure converges to the hand-computed value
 * without a restart of the service: nothing lost, nothing counted twice.
 */
@QuarkusTest
@QuarkusTestResource(value = RestartableInfrastructureResource.class, restrictToAnnotatedClass = true)
class DatabaseOutageTest {

    private static final Instant RECEIVED = Instant.parse("2025-01-20T12:00:00Z");
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Inject
    KafkaStreams streams;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void figuresConvergeAfterTheDatabaseComesBackWithoutARestart() throws Exception {
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            feed.unit("dbo-u1", "prov-dbo", "org-dbo", "Org DBO", "PUBLIC", "region-dbo", RECEIVED);
            feed.unit("dbo-u2", "prov-dbo", "org-dbo", "Org DBO", "PUBLIC", "region-dbo", RECEIVED);
            feed.flush();
            ProviderFeed.awaitUnitsKnown(streams, "dbo-u1", "dbo-u2");
            feed.plan("dbo-u1", "first_visits", "TARGET", "WEEK", "2025-01-06", 40, RECEIVED);

            // Before: u1 20 first visits in the week of 6 January, u2 10 first visits in the week of 13 January.
            visits(feed, "dbo-u1", "a", 1, 20, "2025-01-07T10:00:00+01:00", "FIRST");
            visits(feed, "dbo-u2", "b", 1, 10, "2025-01-14T10:00:00+01:00", "FIRST");
            feed.flush();
            final Set<String> before = new TreeSet<>(Set.of(
                    "WEEK|2025-01-06|dbo-u1|first_visits=20.0000", "MONTH|2025-01-01|dbo-u1|first_visits=20.0000",
                    "WEEK|2025-01-13|dbo-u2|first_visits=10.0000", "MONTH|2025-01-01|dbo-u2|first_visits=10.0000"));
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ReliabilityFigures.measureValues(dataSource, "dbo-").equals(before));
            assertEquals("UP", ReliabilityFigures.sinkReadiness());

            final OutageWatch watch = new OutageWatch(streams);
            final Instant stopped = Instant.now();
            RestartableInfrastructureResource.database().stop();
            watch.start();
            // During: three rounds, 20 s apart, each with 10 new first visits for u1, 5 new return visits for u2
            // and a resend of u1's first five visits (counted once, as before).
            for (int round = 0; round < 3; round++) {
                visits(feed, "dbo-u1", "a", 21 + 10 * round, 30 + 10 * round, "2025-01-08T10:00:00+01:00", "FIRST");
                visits(feed, "dbo-u2", "c", 1 + 5 * round, 5 + 5 * round, "2025-01-15T10:00:00+01:00", "RETURN");
                visits(feed, "dbo-u1", "a", 1, 5, "2025-01-07T10:00:00+01:00", "FIRST");
                feed.flush();
                final Duration nextRound = Duration.ofSeconds(20L * (round + 1));
                Thread.sleep(Math.max(0, nextRound.minus(Duration.between(stopped, Instant.now())).toMillis()));
            }
            final Duration elapsed = Duration.between(stopped, Instant.now());
            if (elapsed.compareTo(OUTAGE) < 0) {
                Thread.sleep(OUTAGE.minus(elapsed).toMillis());
            }
            RestartableInfrastructureResource.database().restart();
            final Instant restarted = Instant.now();

            // After: u1 20 + 3 x 10 = 50 first visits; u2 10 first and 3 x 5 = 15 return visits; all in January.
            final Set<String> after = new TreeSet<>(Set.of(
                    "WEEK|2025-01-06|dbo-u1|first_visits=50.0000", "MONTH|2025-01-01|dbo-u1|first_visits=50.0000",
                    "WEEK|2025-01-13|dbo-u2|first_visits=10.0000", "MONTH|2025-01-01|dbo-u2|first_visits=10.0000",
                    "WEEK|2025-01-13|dbo-u2|return_visits=15.0000", "MONTH|2025-01-01|dbo-u2|return_visits=15.0000"));
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "UP".equals(ReliabilityFigures.sinkReadiness()));
            final Instant ready = Instant.now();
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> ReliabilityFigures.measureValues(dataSource, "dbo-").equals(after));
            final Instant converged = Instant.now();
            watch.stop();

            assertEquals(after, ReliabilityFigures.measureValues(dataSource, "dbo-"));
            assertEquals(Set.of("dbo-u1|first_visits|TARGET|WEEK|2025-01-06=50.0000,40.0000"),
                    ReliabilityFigures.deviations(dataSource, "dbo-"));
            // 20 + 10 + 3 x (10 + 5 + 5) records were accepted or recognised as resends, and none was rejected.
            assertEquals(0, ReliabilityFigures.count(dataSource,
                    "SELECT count(*) FROM pks.rejected_record WHERE source_topic = '" + Topics.VISITS.name() + "'"));
            assertTrue(watch.sawSinkDown.get(), "the sink's readiness never turned DOWN during the outage");
            assertTrue(watch.streamsAlwaysRunning.get(), "Kafka Streams left RUNNING during the database outage");
            assertEquals(KafkaStreams.State.RUNNING, streams.state());
            System.out.printf("[outage] database down %d s; sink DOWN from %d ms after the stop, up to %d failed"
                            + " attempts in a row; readiness UP %d ms after the restart; figures converged %d ms after"
                            + " the restart; load %s%n",
                    Duration.between(stopped, restarted).toSeconds(), watch.firstDownAfter(stopped),
                    watch.maxFailures.get(), Duration.between(restarted, ready).toMillis(),
                    Duration.between(restarted, converged).toMillis(), Machine.loadAverage());
        }
    }

    private static void visits(final ProviderFeed feed, final String unit, final String series, final int from,
                               final int to, final String occurredAt, final String visitType) {
        for (int i = from; i <= to; i++) {
            feed.send(Topics.VISITS.name(), unit, """
                    {"eventId":"dbo-%s-%d","providerId":"prov-dbo","unitId":"%s","occurredAt":"%s",\
                    "visitType":"%s"}""".formatted(series, i, unit, occurredAt, visitType), RECEIVED);
        }
    }

    /** Samples, every 250 ms while the database is away, the sink's readiness and the state of Kafka Streams. */
    private static final class OutageWatch {

        private final KafkaStreams streams;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicBoolean sawSinkDown = new AtomicBoolean();
        final AtomicBoolean streamsAlwaysRunning = new AtomicBoolean(true);
        final AtomicInteger maxFailures = new AtomicInteger();
        private volatile Instant firstDown;
        private Thread thread;

        OutageWatch(final KafkaStreams streams) {
            this.streams = streams;
        }

        void start() {
            thread = Thread.ofPlatform().name("outage-watch").start(() -> {
                while (running.get()) {
                    try {
                        if (streams.state() != KafkaStreams.State.RUNNING) {
                            streamsAlwaysRunning.set(false);
                        }
                        if ("DOWN".equals(ReliabilityFigures.sinkReadiness())) {
                            if (firstDown == null) {
                                firstDown = Instant.now();
                            }
                            sawSinkDown.set(true);
                            maxFailures.accumulateAndGet(ReliabilityFigures.sinkFailuresInARow(), Math::max);
                        }
                        Thread.sleep(250);
                    } catch (final InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        long firstDownAfter(final Instant stopped) {
            return firstDown == null ? -1 : Duration.between(stopped, firstDown).toMillis();
        }
    }
}
