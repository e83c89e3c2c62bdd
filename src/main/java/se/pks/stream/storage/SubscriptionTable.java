package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** People's subscriptions to alerts ({@code pks.subscription}); each person sees and removes only their own. */
@ApplicationScoped
public class SubscriptionTable {

    private static final String COLUMNS =
            "subscription_id, username, scope, scope_id, channel, target, min_severity, created_at";
    private static final String OF_USER =
            "SELECT " + COLUMNS + " FROM pks.subscription WHERE username = ? ORDER BY subscription_id";
    private static final String SAME = "SELECT " + COLUMNS + """
             FROM pks.subscription
            WHERE username = ? AND scope = ? AND scope_id = ? AND channel = ? AND target = ? AND min_severity = ?""";
    private static final String INSERT = """
            INSERT INTO pks.subscription (username, scope, scope_id, channel, target, min_severity)
            VALUES (?, ?, ?, ?, ?, ?) RETURNING """ + " " + COLUMNS;
    private static final String DELETE_OWN = "DELETE FROM pks.subscription WHERE subscription_id = ? AND username = ?";

    /** A subscription as asked for; the owner is the signed-in person. */
    public record NewSubscription(String username, String scope, String scopeId, String channel, String target,
                                  String minSeverity) {
    }

    public record SubscriptionRow(long subscriptionId, String username, String scope, String scopeId, String channel,
                                  String target, String minSeverity, OffsetDateTime createdAt) {
    }

    @Inject
    DataSource dataSource;

    public List<SubscriptionRow> ofUser(final String username) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(OF_USER)) {
            select.setString(1, username);
            return rows(select);
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** The identical subscription of the same person, if there is one: asking twice subscribes once. */
    public Optional<SubscriptionRow> same(final NewSubscription subscription) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SAME)) {
            bind(select, subscription);
            return rows(select).stream().findFirst();
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    public SubscriptionRow insert(final NewSubscription subscription) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.person(subscription.username()), null);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                bind(insert, subscription);
                final SubscriptionRow row = rows(insert).getFirst();
                connection.commit();
                return row;
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    /** Removes the subscription if it is {@code username}'s; false when there is no such subscription of theirs. */
    public boolean deleteOwn(final long subscriptionId, final String username) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.person(username), null);
            try (PreparedStatement delete = connection.prepareStatement(DELETE_OWN)) {
                delete.setLong(1, subscriptionId);
                delete.setString(2, username);
                final boolean removed = delete.executeUpdate() == 1;
                connection.commit();
                return removed;
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    private static void bind(final PreparedStatement statement, final NewSubscription subscription)
            throws SQLException {
        statement.setString(1, subscription.username());
        statement.setString(2, subscription.scope());
        statement.setString(3, subscription.scopeId());
        statement.setString(4, subscription.channel());
        statement.setString(5, subscription.target());
        statement.setString(6, subscription.minSeverity());
    }

    private static List<SubscriptionRow> rows(final PreparedStatement statement) throws SQLException {
        final List<SubscriptionRow> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new SubscriptionRow(result.getLong(1), result.getString(2), result.getString(3),
                        result.getString(4), result.getString(5), result.getString(6), result.getString(7),
                        result.getObject(8, OffsetDateTime.class)));
            }
        }
        return rows;
    }

    private static IllegalStateException failed(final SQLException e) {
        return new IllegalStateException("Subscription query failed: " + e.getMessage(), e);
    }
}
