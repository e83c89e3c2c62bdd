package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The rejected records of one bound provider ({@code pks.rejected_record} rows whose {@code provider_id} the sink took
 * from the provider's own topic), newest first, each with the topic, partition and offset it was read from.
 */
@ApplicationScoped
public class ProviderRejectionQueries {

    private static final String REJECTIONS = """
            SELECT source_topic, source_partition, source_offset, record_key, reasons::text, received_at
            FROM pks.rejected_record WHERE provider_id = ? AND received_at >= ?
            ORDER BY received_at DESC, source_topic, source_partition, source_offset DESC
            LIMIT ?""";

    /** {@code reasons} is the stored JSON array of {field, reason}, as on the rejected topic. */
    public record RejectedRecord(String topic, int partition, long offset, String key, String reasons,
                                 Instant receivedAt) {
    }

    @Inject
    DataSource dataSource;

    public List<RejectedRecord> since(final String providerId, final Instant since, final int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(REJECTIONS)) {
            statement.setString(1, providerId);
            statement.setTimestamp(2, Timestamp.from(since));
            statement.setInt(3, limit);
            final List<RejectedRecord> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new RejectedRecord(result.getString(1), result.getInt(2), result.getLong(3),
                            result.getString(4), result.getString(5), result.getTimestamp(6).toInstant()));
                }
            }
            return rows;
        } catch (final SQLException e) {
            throw new IllegalStateException("Provider rejections query failed: " + e.getMessage(), e);
        }
    }
}
