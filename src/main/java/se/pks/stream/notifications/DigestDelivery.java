package se.pks.stream.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import se.pks.stream.RetryBackoff;

/**
 * Delivers the weekly digests the alert rounds leave in {@code pks.digest}, on the recipient's channel: an e-mail
 * with the digest as its text, a Slack or Teams message with it as {@code text}, a generic webhook as
 * {@code {"type": "pks.digest.v1", "weekStart", "subject", "text"}} with an Idempotency-Key. A channel that is down
 * delays a digest with the notifications' back-off; it never loses one. Claims work as for notifications: a lease
 * pushed into the future, committed at once.
 */
public final class DigestDelivery {

    private static final Logger LOG = Logger.getLogger(DigestDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLAIM = """
            WITH due AS (
                SELECT digest_id FROM pks.digest
                WHERE state = 'PENDING' AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
            UPDATE pks.digest d SET next_attempt_at = now() + ? * interval '1 millisecond'
            FROM due WHERE d.digest_id = due.digest_id
            RETURNING d.digest_id, d.attempts, d.channel, d.target, d.week_start, d.subject, d.body""";
    private static final String DELIVERED = """
            UPDATE pks.digest SET state = 'DELIVERED', delivered_at = now(), attempts = attempts + 1
            WHERE digest_id = ? AND state = 'PENDING'""";
    private static final String FAILED = """
            UPDATE pks.digest SET attempts = attempts + 1, last_error = ?,
                   next_attempt_at = now() + ? * interval '1 millisecond'
            WHERE digest_id = ? AND state = 'PENDING'""";

    private final DataSource dataSource;
    private final HttpClient http;
    private final Mailer mailer;
    private final List<String> webhookHosts;
    private final Duration requestTimeout;
    private final RetryBackoff backoff;

    public DigestDelivery(final DataSource dataSource, final HttpClient http, final Mailer mailer,
                          final List<String> webhookHosts, final Duration requestTimeout, final RetryBackoff backoff) {
        this.dataSource = dataSource;
        this.http = http;
        this.mailer = mailer;
        this.webhookHosts = List.copyOf(webhookHosts);
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
    }

    /** One pending digest as claimed. */
    record PendingDigest(long digestId, int attempts, NotificationChannel channel, String target, LocalDate weekStart,
                         String subject, String body) {

        /** Without the target: a Slack or Teams webhook address is itself a secret. */
        @Override
        public String toString() {
            return "PendingDigest[" + digestId + ", " + channel + ", week " + weekStart + "]";
        }
    }

    /** Sends up to {@code limit} due digests; returns how many it attempted. */
    public int run(final int limit, final Duration lease) throws SQLException {
        int attempted = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (final PendingDigest digest : claim(connection, limit, lease)) {
                attempted++;
                try {
                    send(digest);
                    update(connection, DELIVERED, null, 0, digest.digestId());
                } catch (final DeliveryFailure e) {
                    final Duration retry = backoff.delay(digest.attempts() + 1, ThreadLocalRandom.current().nextDouble());
                    LOG.warnf("Weekly digest %d (%s) not delivered: %s; next attempt in %d s", digest.digestId(),
                              digest.channel(), e.getMessage(), retry.toSeconds());
                    update(connection, FAILED, e.getMessage(), retry.toMillis(), digest.digestId());
                }
            }
        }
        return attempted;
    }

    private static List<PendingDigest> claim(final Connection connection, final int limit, final Duration lease)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setInt(1, limit);
            statement.setLong(2, lease.toMillis());
            final List<PendingDigest> claimed = new java.util.ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    claimed.add(new PendingDigest(row.getLong(1), row.getInt(2),
                            NotificationChannel.valueOf(row.getString(3)), row.getString(4),
                            row.getObject(5, LocalDate.class), row.getString(6), row.getString(7)));
                }
            }
            return claimed;
        }
    }

    private static void update(final Connection connection, final String sql, final String error, final long retryMs,
                               final long digestId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (error == null) {
                statement.setLong(1, digestId);
            } else {
                statement.setString(1, error);
                statement.setLong(2, retryMs);
                statement.setLong(3, digestId);
            }
            statement.executeUpdate();
        }
    }

    void send(final PendingDigest digest) throws DeliveryFailure {
        if (digest.channel() == NotificationChannel.EMAIL) {
            mail(digest);
            return;
        }
        final ObjectNode body = JSON.createObjectNode();
        if (digest.channel() == NotificationChannel.WEBHOOK) {
            body.put("type", "pks.digest.v1").put("weekStart", digest.weekStart().toString())
                .put("subject", digest.subject()).put("text", digest.body());
        } else {
            body.put("text", digest.subject() + "\n\n" + digest.body());
        }
        final HttpRequest request = HttpRequest.newBuilder(WebhookSender.target(digest.target(), webhookHosts))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", "pks-digest-" + digest.digestId())
                .header("User-Agent", "pks-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        final int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (final IOException e) {
            throw new DeliveryFailure("I/O error: " + e.getClass().getSimpleName());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted (shutting down)");
        }
        if (status < 200 || status > 299) {
            throw new DeliveryFailure("HTTP " + status);
        }
    }

    private void mail(final PendingDigest digest) throws DeliveryFailure {
        final String to = digest.target().strip();
        if (to.indexOf('@') < 1 || to.chars().anyMatch(c -> c == '\r' || c == '\n' || c == ',')) {
            throw new DeliveryFailure("target is not a single e-mail address");
        }
        try {
            mailer.send(Mail.withText(to, digest.subject(), digest.body())
                    .addHeader("X-PKS-Digest-Id", Long.toString(digest.digestId())));
        } catch (final RuntimeException e) {
            final Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DeliveryFailure("SMTP: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }
}
