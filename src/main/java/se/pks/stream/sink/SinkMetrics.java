package se.pks.stream.sink;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import se.pks.stream.topics.ReceiptHeader;

/**
 * The database sink's own metrics (docs/operations.md): end-to-end latency of measure values, records per batch and
 * how far the sink is behind each topic.
 */
final class SinkMetrics {

    /** Latency measured from the newest contributing event's arrival in Kafka. */
    static final String FROM_RECEIVED = "event_received";
    /** Latency measured from the figure's publication, for values that carry no receipt (waiting-list levels). */
    static final String FROM_PUBLISHED = "figure_published";

    private final Timer fromReceived;
    private final Timer fromPublished;
    private final DistributionSummary batchRecords;
    private final Map<String, AtomicLong> lag = new HashMap<>();

    SinkMetrics(final MeterRegistry registry, final Set<String> topics) {
        fromReceived = latency(registry, FROM_RECEIVED);
        fromPublished = latency(registry, FROM_PUBLISHED);
        batchRecords = DistributionSummary.builder("pks.sink.batch.records")
                .description("Records the database sink wrote in one transaction (one poll)")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(5000.0)
                .register(registry);
        for (final String topic : topics) {
            final AtomicLong behind = new AtomicLong();
            lag.put(topic, behind);
            Gauge.builder("pks.sink.lag.records", behind, AtomicLong::get)
                    .description("Committed records on the topic's partitions assigned to this instance's database "
                            + "sink that it has not written yet")
                    .tag("topic", topic)
                    .register(registry);
        }
    }

    private static Timer latency(final MeterRegistry registry, final String from) {
        // Histogram up to a day: beyond that (a backfill of old events) the exact figure no longer matters.
        return Timer.builder("pks.end.to.end.latency")
                .description("From an event's arrival in Kafka to the measure value it changed being committed to "
                        + "the database")
                .tag("from", from)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofDays(1))
                .register(registry);
    }

    void batchWritten(final int records) {
        batchRecords.record(records);
    }

    /** Called right after the transaction that wrote the measure values committed. */
    void measureValuesCommitted(final Collection<ConsumerRecord<String, byte[]>> written, final Instant committedAt) {
        for (final ConsumerRecord<String, byte[]> record : written) {
            final OptionalLong receivedAt = ReceiptHeader.read(record.headers());
            final Timer timer = receivedAt.isPresent() ? fromReceived : fromPublished;
            final long since = receivedAt.isPresent() ? receivedAt.getAsLong() : record.timestamp();
            timer.record(Duration.ofMillis(Math.max(0, committedAt.toEpochMilli() - since)));
        }
    }

    /**
     * Lag per topic over the partitions assigned to this instance: log-stable end offset minus position, as the
     * consumer last learned it from a fetch. Partitions whose lag is not known yet count 0. Returns the lag over all
     * topics.
     */
    long updateLag(final KafkaConsumer<String, byte[]> consumer) {
        final Map<String, Long> behind = new HashMap<>();
        for (final TopicPartition partition : consumer.assignment()) {
            final OptionalLong partitionLag = consumer.currentLag(partition);
            behind.merge(partition.topic(), partitionLag.orElse(0), Long::sum);
        }
        lag.forEach((topic, gauge) -> gauge.set(behind.getOrDefault(topic, 0L)));
        return behind.values().stream().mapToLong(Long::longValue).sum();
    }
}
