package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/**
 * The data-quality register ({@code pks.feed-quality.v1}) into {@code pks.feed_quality}, with its rejections by
 * reason in {@code pks.feed_rejection}. Each record holds the totals of its key, so its reasons replace the earlier
 * ones.
 */
final class FeedQualityTable implements SinkTable {

    private static final String UPSERT = """
            INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted, rejected, duplicates,
                                          corrected, deleted, late, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (provider_id, unit_id, feed, day) DO UPDATE SET received = EXCLUDED.received,
                accepted = EXCLUDED.accepted, rejected = EXCLUDED.rejected, duplicates = EXCLUDED.duplicates,
                corrected = EXCLUDED.corrected, deleted = EXCLUDED.deleted, late = EXCLUDED.late,
                updated_at = EXCLUDED.updated_at""";
    private static final String DELETE_REASONS = """
            DELETE FROM pks.feed_rejection WHERE provider_id = ? AND unit_id = ? AND feed = ? AND day = ?""";
    private static final String INSERT_REASON = """
            INSERT INTO pks.feed_rejection (provider_id, unit_id, feed, day, field, reason, count)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    @Override
    public Topic<String, ?> topic() {
        return Topics.FEED_QUALITY;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
             PreparedStatement deleteReasons = connection.prepareStatement(DELETE_REASONS);
             PreparedStatement insertReason = connection.prepareStatement(INSERT_REASON)) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                final FeedQuality quality = Rows.value(Topics.FEED_QUALITY, record);
                bindKey(upsert, quality);
                upsert.setLong(5, quality.received());
                upsert.setLong(6, quality.accepted());
                upsert.setLong(7, quality.rejected());
                upsert.setLong(8, quality.duplicates());
                upsert.setLong(9, quality.corrected());
                upsert.setLong(10, quality.deleted());
                upsert.setLong(11, quality.late());
                upsert.addBatch();
                bindKey(deleteReasons, quality);
                deleteReasons.addBatch();
                for (final Map.Entry<String, Long> reason : quality.rejectionReasons().entrySet()) {
                    // "field: reason", as the register counts them
                    final int split = reason.getKey().indexOf(": ");
                    bindKey(insertReason, quality);
                    insertReason.setString(5, split < 0 ? "" : reason.getKey().substring(0, split));
                    insertReason.setString(6, split < 0 ? reason.getKey() : reason.getKey().substring(split + 2));
                    insertReason.setLong(7, reason.getValue());
                    insertReason.addBatch();
                }
            }
            final int rows = Rows.sum(upsert.executeBatch());
            deleteReasons.executeBatch();
            insertReason.executeBatch();
            return rows;
        }
    }

    private static void bindKey(final PreparedStatement statement, final FeedQuality quality) throws SQLException {
        statement.setString(1, quality.providerId());
        statement.setString(2, quality.unitId());
        statement.setString(3, quality.feed().name());
        Rows.setDate(statement, 4, quality.day());
    }
}
