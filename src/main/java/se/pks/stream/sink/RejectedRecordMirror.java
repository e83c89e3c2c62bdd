package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.JsonSerde;
import se.pks.stream.topics.ProviderTopics;
import se.pks.stream.topics.Topic;

/**
 * Rejections into {@code pks.rejected_record}, keyed by where the record came from, so a replay adds nothing. The
 * record itself is not copied: it may hold free text, and it stays (masked) on the rejected topic. A rejection of a
 * record from a provider's own topic is marked with that provider, who may read it over HTTP.
 */
final class RejectedRecordMirror implements TopicMirror {

    private static final StagingTable STAGING = new StagingTable("staged_rejected_record",
            "source_topic, source_partition, source_offset, record_key, reasons, received_at, provider_id",
            "pks.rejected_record");
    private static final String INSERT = """
            INSERT INTO pks.rejected_record (source_topic, source_partition, source_offset, record_key, reasons,
                                             received_at, provider_id)
            SELECT source_topic, source_partition, source_offset, record_key, reasons, received_at, provider_id
            FROM staged_rejected_record
            ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING""";

    private final Topic<String, Rejection> topic;

    RejectedRecordMirror(final Topic<String, Rejection> topic) {
        this.topic = topic;
    }

    @Override
    public Topic<String, ?> topic() {
        return topic;
    }

    /** Rejections are not keyed by identity: every record counts, so none are folded together. */
    @Override
    public boolean latestPerKeyOnly() {
        return false;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        final CopyRows rows = new CopyRows();
        for (final ConsumerRecord<String, byte[]> record : records) {
            final Rejection rejection = TopicMirror.value(topic, record);
            rows.text(rejection.topic()).number(rejection.partition()).number(rejection.offset())
                    // PostgreSQL text cannot hold NUL; a provider's broken key or reason text may.
                    .text(rejection.key() == null ? null : rejection.key().replace("\u0000", ""))
                    .text(JsonSerde.MAPPER.valueToTree(rejection.reasons()).toString())
                    .instant(rejection.receivedAt())
                    // Only a provider's own topic says whose record it was (ProviderTopics); null elsewhere.
                    .text(ProviderTopics.providerOf(rejection.topic()))
                    .endRow();
        }
        STAGING.fill(connection, rows);
        try (Statement statement = connection.createStatement()) {
            final int inserted = statement.executeUpdate(INSERT);
            STAGING.drop(connection);
            return inserted;
        }
    }
}
