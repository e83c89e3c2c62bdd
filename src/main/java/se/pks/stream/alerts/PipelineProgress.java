package se.pks.stream.alerts;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import se.pks.stream.PksConfig;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * Whether the figures are caught up with the events: the stream has read its input topics and the database sink has
 * written the stream's results, give or take a live trickle. While a backlog is being worked off (a replay, the demo
 * loading, a provider sending a year of history) the latest weeks look empty, and judging them would page people for
 * shortfalls that are only events not yet counted.
 */
@ApplicationScoped
public class PipelineProgress {

    /** Unread records below this are live traffic in flight, not a backlog. */
    static final long LIVE_TRICKLE = 1_000;

    private static final Logger LOG = Logger.getLogger(PipelineProgress.class);
    private static final long TIMEOUT_SECONDS = 10;
    private static final List<Topic<?, ?>> STREAM_INPUTS = List.of(Topics.VISITS, Topics.OPERATIONS,
            Topics.BED_OCCUPANCY, Topics.WAITING_LIST, Topics.UNITS, Topics.PLANS);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    PksConfig config;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @Inject
    OutputTopics outputs;

    private Admin admin;

    /** True when both the stream and the sink are within {@link #LIVE_TRICKLE} records of their inputs' ends. */
    public boolean caughtUp() {
        try {
            return unread(applicationId, STREAM_INPUTS) < LIVE_TRICKLE
                    && unread(config.sink().groupId(), sinkInputs()) < LIVE_TRICKLE;
        } catch (final ExecutionException | TimeoutException | KafkaException e) {
            LOG.warnf("Could not read the consumer groups' progress (%s); alert rounds wait", e.getMessage());
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The figures the sink copies from this deployment's stream, which lag behind while it catches up. */
    private List<Topic<?, ?>> sinkInputs() {
        return List.of(outputs.measureValues(), outputs.deviations(), outputs.feedQuality());
    }

    private long unread(final String group, final List<Topic<?, ?>> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        final Admin kafka = admin();
        final List<String> names = topics.stream().map(Topic::name).toList();
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        kafka.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((name, topic) ->
                topic.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        final Map<TopicPartition, Long> end = kafka.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        final Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return unread(end, committed.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset())));
    }

    /**
     * Records between each partition's committed offset (0 when the group has none yet) and its end. A partition
     * written by an exactly-once producer ends with a commit marker the consumer never counts, hence one record of
     * slack per partition.
     */
    static long unread(final Map<TopicPartition, Long> end, final Map<TopicPartition, Long> committed) {
        long unread = 0;
        for (final Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            unread += Math.max(0, partition.getValue() - committed.getOrDefault(partition.getKey(), 0L) - 1);
        }
        return unread;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaConfig);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
