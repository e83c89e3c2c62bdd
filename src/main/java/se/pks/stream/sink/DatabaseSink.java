package se.pks.stream.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import se.pks.stream.FailureStreak;
import se.pks.stream.PksConfig;
import se.pks.stream.RetryBackoff;
import se.pks.stream.topics.OutputTopics;

/**
 * Mirrors this deployment's output topics ({@link OutputTopics}), the unit register and the calendar into
 * PostgreSQL/TimescaleDB for the dashboards.
 *
 * <p>Each poll is written in one database transaction together with the offsets it reached ({@link SinkOffsets}),
 * and reading resumes from those offsets, not from Kafka's: the tables hold each committed record exactly once,
 * even across crashes. It reads only committed records of the exactly-once stream.
 *
 * <p>When the database cannot be written (down, restarting, connection lost) the sink waits and tries again with
 * exponential back-off ({@code pks.sink.first-retry-delay} doubling up to {@code pks.sink.max-retry-delay}), and the
 * readiness check is DOWN until a write or a read of its positions succeeds again. A record that can never be
 * written (not readable, or refused by the database) is skipped with a warning instead of blocking every record after
 * it; see {@link BatchWriter}.
 */
@ApplicationScoped
public class DatabaseSink {

    private static final Logger LOG = Logger.getLogger(DatabaseSink.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_POLL_RECORDS = 5000;
    /**
     * Records left to write, over this instance's partitions, above which the sink is catching up: two full polls.
     * Live traffic (tens of events a second) stays far below; a replay or an onboarded region far above.
     */
    private static final long CATCHING_UP_LAG = 2L * MAX_POLL_RECORDS;

    @Inject
    DataSource dataSource;

    @Inject
    PksConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    OutputTopics outputs;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** Per assigned partition, the position this sink last read from or stored in the database. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private SinkMetrics metrics;
    private BatchWriter writer;
    private RetryBackoff backoff;
    /** Failed attempts since the last success: drives the back-off, the readiness check and a gauge. */
    private final FailureStreak failures = new FailureStreak(LOG, "Database sink");
    private volatile boolean running;
    private volatile boolean catchingUp;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    void onStart(@Observes final StartupEvent event) {
        if (!config.sink().enabled()) {
            return;
        }
        metrics = new SinkMetrics(registry, BatchWriter.topics(outputs));
        writer = new BatchWriter(outputs, dataSource, registry, metrics, positions);
        backoff = new RetryBackoff(config.sink().firstRetryDelay(), config.sink().maxRetryDelay(),
                config.sink().retryJitter());
        registry.gauge("pks.sink.consecutive.failures", failures.counter());
        running = true;
        thread = Thread.ofPlatform().name("pks-database-sink").start(this::run);
    }

    /**
     * Lets the batch being written commit with its offsets, then stops reading: what was not written yet is read
     * again from those offsets after the restart. Called by {@link se.pks.stream.ShutdownSequence}, after Kafka Streams
     * has closed and before Quarkus closes the database pool.
     */
    public void stop(final Duration timeout) throws InterruptedException {
        running = false;
        final KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(timeout);
        }
    }

    /** True while the sink is running and its last attempt to use the database succeeded (or it is switched off). */
    public boolean healthy() {
        return !config.sink().enabled() || (thread != null && thread.isAlive() && failures.inARow() == 0);
    }

    /**
     * True while the sink works through a backlog (a replay, a region onboarded, the way back from an outage): its last
     * poll was full, or more than {@link #CATCHING_UP_LAG} records wait on its partitions.
     */
    public boolean catchingUp() {
        return catchingUp;
    }

    /** Failed attempts in a row to use the database; 0 once one succeeds. */
    public int failuresInARow() {
        return failures.inARow();
    }

    /** Why the last attempt failed, while failing; null otherwise. */
    public String lastFailure() {
        return failures.lastReason();
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
                consumer = kafka;
                positions.clear();
                kafka.subscribe(BatchWriter.topics(outputs), new SinkOffsets.Rebalance(kafka, dataSource, positions));
                while (running) {
                    final ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                    if (!records.isEmpty()) {
                        writer.write(records, catchingUp);
                        kafka.commitAsync();
                        succeeded();
                    } else if (!kafka.assignment().isEmpty()) {
                        // Holding partitions means their positions were read from the database on assignment.
                        succeeded();
                    }
                    final long lag = metrics.updateLag(kafka);
                    catchingUp = records.count() >= MAX_POLL_RECORDS || lag > CATCHING_UP_LAG;
                }
            } catch (final WakeupException e) {
                // Shutting down.
            } catch (final RuntimeException | SQLException e) {
                // Nothing was committed for the failed batch; after a pause we resume from the stored offsets.
                if (running) {
                    failed(e);
                } else {
                    LOG.infof("Database sink abandoned a batch at shutdown (%s); it is written after the restart",
                            FailureStreak.innermostMessage(e));
                }
            }
        }
    }

    private void succeeded() {
        failures.succeeded();
    }

    private void failed(final Exception e) {
        final Duration delay = backoff.delay(failures.inARow() + 1, ThreadLocalRandom.current().nextDouble());
        failures.failed(e, "next attempt in " + delay + " (back-off up to " + config.sink().maxRetryDelay() + ")");
        pause(delay);
    }

    private Map<String, Object> consumerProperties() {
        final Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.sink().groupId());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    /** Sleeps in short steps so that a shutdown does not wait for a long back-off to end. */
    private void pause(final Duration delay) {
        final long until = System.nanoTime() + delay.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
