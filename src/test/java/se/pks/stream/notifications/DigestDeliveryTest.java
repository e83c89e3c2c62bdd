package se.pks.stream.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import se.pks.stream.RetryBackoff;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * Weekly digests as the alert rounds leave them in pks.digest, delivered against a real PostgreSQL, a real local
 * webhook receiver and a mailer that records what it is given: each channel's format, retries while a channel is
 * down, one delivery per digest once it is back, and a target that is refused without sending.
 */
class DigestDeliveryTest extends MigratedDatabaseTest {

    private static final String BODY = "Alerts of your units in week 2025-W10 (2025-03-03 to 2025-03-09)\n\n"
            + "New this week (1)\n- [WARNING] Ortopedi, first_visits: 26 against a plan of 32 (alert 7, OPEN)\n";
    private static final String SUBJECT = "PKS weekly digest 2025-W10: 1 new, 0 still open, 0 resolved, "
            + "0 overdue actions";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private WebhookReceiver receiver;
    private DigestDelivery delivery;

    @BeforeEach
    void receiverAndDelivery() throws SQLException {
        execute("TRUNCATE pks.digest");
        receiver = WebhookReceiver.start();
        final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(connection.getMetaData().getURL());
        dataSource.setUser("pks");
        dataSource.setPassword("pks");
        final Mailer mailer = sent -> mails.addAll(List.of(sent));
        delivery = new DigestDelivery(dataSource, WebhookSender.client(Duration.ofSeconds(1)), mailer, List.of(),
                Duration.ofSeconds(1), new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0));
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void eachDigestArrivesOnceOnItsChannelAndWaitsWhileTheChannelIsDown() throws Exception {
        final long webhook = digest("pm-o1", "WEBHOOK", receiver.url("/digest"));
        final long slack = digest("pm-o2", "SLACK", receiver.url("/slack"));
        final long email = digest("pm-o3", "EMAIL", "produktion@o1.test");

        // The webhooks are down; the mail server takes the e-mail.
        receiver.answer(503);
        assertEquals(3, delivery.run(10, LEASE));
        assertEquals("DELIVERED 1", row("SELECT state || ' ' || attempts FROM pks.digest WHERE digest_id = " + email));
        assertEquals(1, mails.size());
        final Mail mail = mails.getFirst();
        assertEquals(List.of("produktion@o1.test"), mail.getTo());
        assertEquals(SUBJECT, mail.getSubject());
        assertEquals(BODY, mail.getText());
        assertEquals(List.of(Long.toString(email)), mail.getHeaders().get("X-PKS-Digest-Id"));
        assertEquals("PENDING 1 HTTP 503", row("SELECT state || ' ' || attempts || ' ' || last_error FROM pks.digest "
                + "WHERE digest_id = " + webhook));
        // the first back-off is one second, without jitter; the target address (a secret) is never the error
        assertEquals("t", row("SELECT bool_and(next_attempt_at >= now() + interval '500 milliseconds'"
                + " AND last_error NOT LIKE '%localhost%') FROM pks.digest WHERE state = 'PENDING'"));
        assertEquals(0, delivery.run(10, LEASE), "nothing is due during the back-off");

        // Back: each waiting digest is delivered once, and never again.
        receiver.answer(200);
        execute("UPDATE pks.digest SET next_attempt_at = now() WHERE state = 'PENDING'");
        assertEquals(2, delivery.run(10, LEASE));
        assertEquals(0, delivery.run(10, LEASE));
        assertEquals("DELIVERED 2 true", row("SELECT state || ' ' || attempts || ' ' || (delivered_at IS NOT NULL)"
                + " FROM pks.digest WHERE digest_id = " + webhook));
        assertEquals(1, receiver.received("/digest", 200).size());
        assertEquals(1, receiver.received("/slack", 200).size());
        assertEquals(1, mails.size());

        // A generic webhook gets the digest as JSON, with the same Idempotency-Key on every attempt.
        final WebhookReceiver.Received generic = receiver.received("/digest", 200).getFirst();
        assertEquals(List.of("pks-digest-" + webhook, "pks-digest-" + webhook), receiver.received().stream()
                .filter(r -> r.path().equals("/digest")).map(WebhookReceiver.Received::idempotencyKey).toList());
        final JsonNode body = new ObjectMapper().readTree(generic.body());
        assertEquals("pks.digest.v1", body.path("type").asText());
        assertEquals("2025-03-03", body.path("weekStart").asText());
        assertEquals(SUBJECT, body.path("subject").asText());
        assertEquals(BODY, body.path("text").asText());
        // Slack and Teams show the subject above the digest as the message's text.
        final JsonNode slackBody = new ObjectMapper().readTree(receiver.received("/slack", 200).getFirst().body());
        assertEquals(SUBJECT + "\n\n" + BODY, slackBody.path("text").asText());
        assertEquals("pks-digest-" + slack, receiver.received("/slack", 200).getFirst().idempotencyKey());
    }

    @Test
    void anEmailTargetThatIsNotOneAddressIsNotSent() throws SQLException {
        final long digest = digest("pm-o1", "EMAIL", "a@o1.test, b@o1.test");
        assertEquals(1, delivery.run(10, LEASE));
        assertTrue(mails.isEmpty());
        assertEquals("PENDING 1 target is not a single e-mail address", row("SELECT state || ' ' || attempts || ' ' "
                + "|| last_error FROM pks.digest WHERE digest_id = " + digest));
        assertFalse(row("SELECT last_error FROM pks.digest").contains("o1.test"));
    }

    private long digest(final String username, final String channel, final String target) throws SQLException {
        return Long.parseLong(row("INSERT INTO pks.digest (username, channel, target, week_start, subject, body) "
                + "VALUES ('" + username + "', '" + channel + "', '" + target + "', '2025-03-03', '" + SUBJECT
                + "', '" + BODY + "') RETURNING digest_id"));
    }

    private String row(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
