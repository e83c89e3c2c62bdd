package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.topics.Topic;

/**
 * The data-quality register ({@code <application id>.feed-quality.v1}) into {@code pks.feed_quality}, with its
 * rejections by reason in {@code pks.feed_rejection}. Each record holds the totals of its key, so its reasons replace
 * the earlier ones. A batch is copied into two staging tables, its totals and its reasons, and moved on set-based.
 */
final class FeedQualityMirror implements TopicMirror {

    private static final StagingTable STAGING = new StagingTable("staged_feed_quality",
            "provider_id, unit_id, feed, day, received, accepted, rejected, duplicates, corrected, deleted, late",
            "pks.feed_quality");
    private static final StagingTable STAGING_REASONS = new StagingTable("staged_feed_rejection",
            "provider_id, unit_id, feed, day, field, reason, count", "pks.feed_rejection");
    private static final String UPSERT = """
            INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted, rejected, duplicates,
                                          corrected, deleted, late, updated_at)
            SELECT provider_id, unit_id, feed, day, received, accepted, rejected, duplicates, corrected, deleted, late,
                   now()
            FROM staged_feed_quality
            ON CONFLICT (provider_id, unit_id, feed, day) DO UPDATE SET received = EXCLUDED.received,
                accepted = EXCLUDED.accepted, rejected = EXCLUDED.rejected, duplicates = EXCLUDED.duplicates,
                corrected = EXCLUDED.corrected, deleted = EXCLUDED.deleted, late = EXCLUDED.late,
                updated_at = EXCLUDED.updated_at""";
    private static final String DELETE_REASONS = """
            DELETE FROM pks.feed_rejection t USING staged_feed_quality s
            WHERE t.provider_id = s.provider_id AND t.unit_id = s.unit_id AND t.feed = s.feed AND t.day = s.day""";
    private static final String INSERT_REASONS = """
            INSERT INTO pks.feed_rejection (provider_id, unit_id, feed, day, field, reason, count)
            SELECT provider_id, unit_id, feed, day, field, reason, count FROM staged_feed_rejection""";

    private final Topic<String, FeedQuality> topic;

    FeedQualityMirror(final Topic<String, FeedQuality> topic) {
        this.topic = topic;
    }

    @Override
    public Topic<String, ?> topic() {
        return topic;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        final CopyRows totals = new CopyRows();
        final CopyRows reasons = new CopyRows();
        for (final ConsumerRecord<String, byte[]> record : records) {
            final FeedQuality quality = TopicMirror.value(topic, record);
            stageKey(totals, quality).number(quality.received()).number(quality.accepted())
                    .number(quality.rejected()).number(quality.duplicates()).number(quality.corrected())
                    .number(quality.deleted()).number(quality.late()).endRow();
            for (final Map.Entry<String, Long> reason : quality.rejectionReasons().entrySet()) {
                // "field: reason", as the register counts them
                final int split = reason.getKey().indexOf(": ");
                stageKey(reasons, quality).text(split < 0 ? "" : reason.getKey().substring(0, split))
                        .text(split < 0 ? reason.getKey() : reason.getKey().substring(split + 2))
                        .number(reason.getValue()).endRow();
            }
        }
        STAGING.fill(connection, totals);
        STAGING_REASONS.fill(connection, reasons);
        try (Statement statement = connection.createStatement()) {
            final int rows = statement.executeUpdate(UPSERT);
            statement.executeUpdate(DELETE_REASONS);
            statement.executeUpdate(INSERT_REASONS);
            STAGING.drop(connection);
            STAGING_REASONS.drop(connection);
            return rows;
        }
    }

    private static CopyRows stageKey(final CopyRows row, final FeedQuality quality) {
        return row.text(quality.providerId()).text(quality.unitId()).text(quality.feed().name()).date(quality.day());
    }
}
