package se.pks.stream.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * How far a run has come, read from outside the service as an operator would: the offsets Kafka Streams committed for
 * its application id, the positions the database sink stored in {@code pks.sink_offset}, and a fingerprint of the
 * two tables under test.
 *
 * @param inputCommitted events (all four event topics) Kafka Streams has committed as processed
 * @param internalLag records on its internal and read-back topics not committed yet, counted as a reader in
 *     {@code read_committed} sees them (markers and aborted transactions are not records: {@link CommittedRecords})
 * @param sinkLag records on the measure-value and deviation topics the sink has not stored, counted the same way
 */
record Progress(long inputCommitted, long internalLag, long sinkLag, long measureValues, long deviations,
        String fingerprint) {

    private static final List<String> INPUTS =
            Stream.concat(Topics.EVENT_TOPICS.stream().map(Topic::name), Stream.of(Topics.PLANS.name())).toList();

    static final String FINGERPRINT = """
            SELECT (SELECT count(*) FROM pks.measure_value), (SELECT count(*) FROM pks.deviation),
                   (SELECT md5(coalesce(string_agg(concat_ws('|', granularity, period_start, unit_id, measure, value,
                                                              numerator, denominator), ','
                                                   ORDER BY granularity, period_start, unit_id, measure), ''))
                    FROM pks.measure_value)
                   || (SELECT md5(coalesce(string_agg(concat_ws('|', granularity, period_start, unit_id, measure,
                                                                 plan_kind, actual, expected, deviation, deviation_pct),
                                                      ',' ORDER BY granularity, period_start, unit_id, measure,
                                                          plan_kind), ''))
                       FROM pks.deviation)""";

    static Progress read(final Admin admin, final CommittedRecords records, final Connection db,
            final String applicationId) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        final OutputTopics outputs = OutputTopics.of(applicationId);
        final List<String> sinkTopics = List.of(outputs.measureValues().name(), outputs.deviations().name());
        final Set<String> topics = new HashSet<>(INPUTS);
        topics.addAll(sinkTopics);
        committed.keySet().forEach(partition -> topics.add(partition.topic()));
        final Map<TopicPartition, Long> end = endOffsets(admin, topics);

        long inputCommitted = 0;
        long internalLag = 0;
        final Map<TopicPartition, Long> transactional = new HashMap<>();
        for (final Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            final OffsetAndMetadata offset = committed.get(entry.getKey());
            final long position = offset == null ? 0 : offset.offset();
            final String topic = entry.getKey().topic();
            if (Topics.FEEDS.containsKey(topic)) {
                inputCommitted += position;
            } else if (INPUTS.contains(topic)) {
                internalLag += entry.getValue() - position;
            } else if (committed.containsKey(entry.getKey())) {
                transactional.put(entry.getKey(), position);
            }
        }
        internalLag += records.after(transactional, end);
        try (Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery(FINGERPRINT)) {
            row.next();
            return new Progress(inputCommitted, internalLag, records.after(stored(db, end, sinkTopics), end),
                    row.getLong(1),
                    row.getLong(2), row.getString(3));
        } catch (final SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "42703".equals(e.getSQLState())) {
                // Flyway has not finished the schema yet (no table, or not all its columns): nothing written.
                return new Progress(inputCommitted, internalLag, Long.MAX_VALUE, 0, 0, "");
            }
            throw e;
        }
    }

    boolean caughtUp(final long events) {
        return inputCommitted == events && internalLag == 0 && sinkLag == 0 && measureValues > 0;
    }

    /** The positions the database sink stored on the topics under test; 0 where it has stored none yet. */
    private static Map<TopicPartition, Long> stored(final Connection db, final Map<TopicPartition, Long> end,
                                                    final List<String> sinkTopics) throws SQLException {
        final Map<TopicPartition, Long> stored = new HashMap<>();
        end.keySet().stream().filter(partition -> sinkTopics.contains(partition.topic()))
                .forEach(partition -> stored.put(partition, 0L));
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT topic, partition, next_offset FROM pks.sink_offset")) {
            while (rows.next()) {
                final TopicPartition partition = new TopicPartition(rows.getString(1), rows.getInt(2));
                if (sinkTopics.contains(partition.topic())) {
                    stored.put(partition, rows.getLong(3));
                }
            }
        }
        return stored;
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin, final Set<String> topics)
            throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> {
            for (final TopicPartitionInfo partition : description.partitions()) {
                request.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest());
            }
        });
        final Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
        return end;
    }

    @Override
    public String toString() {
        return String.format("events committed %,d, internal lag %,d, sink lag %s, %,d measure values, %,d deviations",
                inputCommitted, internalLag,
                sinkLag == Long.MAX_VALUE ? "(no schema yet)" : String.format("%,d", sinkLag),
                measureValues, deviations);
    }
}
