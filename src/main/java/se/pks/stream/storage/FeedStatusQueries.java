package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One provider's feed status from the data-quality register ({@code pks.feed_quality}, {@code pks.feed_rejection}):
 * the counts per unit and feed summed over a period, with the most frequent rejection reasons, so a provider can
 * see what to fix first.
 */
@ApplicationScoped
public class FeedStatusQueries {

    private static final String COUNTS = """
            SELECT unit_id, feed, sum(received), sum(accepted), sum(rejected), sum(duplicates), sum(corrected),
                   sum(deleted), sum(late)
            FROM pks.feed_quality WHERE provider_id = ? AND day >= ? AND day <= ?
            GROUP BY unit_id, feed ORDER BY unit_id, feed""";
    private static final String REASONS = """
            SELECT unit_id, feed, field, reason, sum(count) AS total
            FROM pks.feed_rejection WHERE provider_id = ? AND day >= ? AND day <= ?
            GROUP BY unit_id, feed, field, reason ORDER BY unit_id, feed, total DESC, field, reason""";

    public record ReasonCount(String field, String reason, long count) {
    }

    public record UnitFeedStatus(String unitId, String feed, long received, long accepted, long rejected,
                                 long duplicates, long corrected, long deleted, long late,
                                 List<ReasonCount> topRejections) {
    }

    @Inject
    DataSource dataSource;

    /** Days {@code from} to {@code to}, both inclusive; at most {@code maxReasons} reasons per unit and feed. */
    public List<UnitFeedStatus> status(final String providerId, final LocalDate from, final LocalDate to,
                                       final int maxReasons) {
        try (Connection connection = dataSource.getConnection()) {
            final Map<String, List<ReasonCount>> reasons = reasons(connection, providerId, from, to, maxReasons);
            final List<UnitFeedStatus> statuses = new ArrayList<>();
            try (PreparedStatement statement = bound(connection, COUNTS, providerId, from, to);
                 ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    final String unitId = result.getString(1);
                    final String feed = result.getString(2);
                    statuses.add(new UnitFeedStatus(unitId, feed, result.getLong(3), result.getLong(4),
                            result.getLong(5), result.getLong(6), result.getLong(7), result.getLong(8),
                            result.getLong(9), reasons.getOrDefault(unitId + '\n' + feed, List.of())));
                }
            }
            return statuses;
        } catch (final SQLException e) {
            throw new IllegalStateException("Feed status query failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<ReasonCount>> reasons(final Connection connection, final String providerId,
                                                          final LocalDate from, final LocalDate to,
                                                          final int maxReasons) throws SQLException {
        final Map<String, List<ReasonCount>> reasons = new HashMap<>();
        try (PreparedStatement statement = bound(connection, REASONS, providerId, from, to);
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                // Rows come most frequent first within each unit and feed, so the first ones are the top ones.
                final List<ReasonCount> top = reasons.computeIfAbsent(
                        result.getString(1) + '\n' + result.getString(2), key -> new ArrayList<>());
                if (top.size() < maxReasons) {
                    top.add(new ReasonCount(result.getString(3), result.getString(4), result.getLong(5)));
                }
            }
        }
        return reasons;
    }

    private static PreparedStatement bound(final Connection connection, final String sql, final String providerId,
                                           final LocalDate from, final LocalDate to) throws SQLException {
        final PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, providerId);
        statement.setDate(2, Date.valueOf(from));
        statement.setDate(3, Date.valueOf(to));
        return statement;
    }
}
