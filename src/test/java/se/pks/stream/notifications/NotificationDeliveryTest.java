package se.pks.stream.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import se.pks.stream.RetryBackoff;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * Delivery rounds against a real PostgreSQL and a real local webhook receiver: retries while the receiver is down,
 * exactly one delivered request per notification once it is back, claims that instances do not share, and
 * targets that are refused. Rows are inserted directly, as the alert evaluator would leave them.
 */
class NotificationDeliveryTest extends MigratedDatabaseTest {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final int WARN_AFTER = 3;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private WebhookReceiver receiver;
    private NotificationOutbox outbox;
    private DeliveryRound round;
    private long alertId;

    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.notification, pks.subscription, pks.alert_change, pks.alert, pks.unit CASCADE");
        execute("INSERT INTO pks.unit VALUES ('u-orto', 'Ortopedmottagning', 'p1', 'org-1', 'Exempelsjukhuset',"
                + " 'PUBLIC', 'region-x', now())");
        alertId = id("""
                INSERT INTO pks.alert (alert_key, condition, unit_id, organisation_id, subject, severity, state,
                                       first_period, last_active_period, last_period, value, threshold, summary,
                                       version)
                VALUES ('STATUS|u-orto|first_visits', 'STATUS', 'u-orto', 'org-1', 'first_visits', 'CRITICAL', 'OPEN',
                        '2026-11-02', '2026-11-09', '2026-11-09', -18, -10, 'first_visits RED for 2 weeks', 2)
                RETURNING alert_id""");
        execute("INSERT INTO pks.alert_change (alert_id, version, state, severity, reason) VALUES "
                + "(" + alertId + ", 1, 'OPEN', 'WARNING', 'opened'), "
                + "(" + alertId + ", 2, 'OPEN', 'CRITICAL', 'severity raised')");
        receiver = WebhookReceiver.start();
        final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(connection.getMetaData().getURL());
        dataSource.setUser("pks");
        dataSource.setPassword("pks");
        outbox = new NotificationOutbox(dataSource);
        final HttpClient http = WebhookSender.client(Duration.ofSeconds(1));
        round = new DeliveryRound(outbox, Map.of(
                NotificationChannel.WEBHOOK, new WebhookSender(http, new GenericWebhookBody(), Duration.ofSeconds(1),
                        List.of()),
                NotificationChannel.SLACK, new WebhookSender(http, new SlackBody(), Duration.ofSeconds(1), List.of())),
                new DashboardLinks("https://grafana.example"),
                new RetryBackoff(FIRST_RETRY, FIRST_RETRY.multipliedBy(2), 0), new DeliveryMetrics(registry), 20,
                Duration.ofSeconds(30), WARN_AFTER);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aNotificationIsRetriedWhileTheReceiverIsDownAndDeliveredOnceWhenItIsBack() throws Exception {
        final long generic = notification(subscription("WEBHOOK", receiver.url("/generic")));
        final long slack = notification(subscription("SLACK", receiver.url("/slack")));

        // Down for maintenance: both are tried once and wait their first back-off.
        receiver.answer(503);
        assertEquals(2, round.run());
        assertEquals("PENDING 1 HTTP 503: down for maintenance", row(
                "SELECT state || ' ' || attempts || ' ' || last_error FROM pks.notification WHERE notification_id = "
                        + generic));
        assertEquals("t", row("SELECT bool_and(next_attempt_at >= created_at + interval '1 second')"
                + " FROM pks.notification"));
        assertEquals(0, round.run(), "nothing is due during the back-off");

        // Gone altogether: connections are refused.
        receiver.stop();
        awaitRounds("SELECT bool_and(attempts = 2) FROM pks.notification");
        assertEquals("connection refused or host unreachable",
                row("SELECT last_error FROM pks.notification WHERE notification_id = " + slack));

        // Back: each notification arrives once and is delivered.
        receiver.restart();
        receiver.answer(200);
        awaitRounds("SELECT bool_and(state = 'DELIVERED') FROM pks.notification");
        for (int i = 0; i < 3; i++) {
            round.run();
        }
        assertEquals(1, receiver.received("/generic", 200).size());
        assertEquals(1, receiver.received("/slack", 200).size());
        assertEquals("DELIVERED 3 true", row("SELECT state || ' ' || attempts || ' ' || (delivered_at IS NOT NULL)"
                + " FROM pks.notification WHERE notification_id = " + generic));

        // The same Idempotency-Key on every attempt of a notification, different between notifications.
        final Set<String> genericKeys = new HashSet<>();
        receiver.received().stream().filter(r -> r.path().equals("/generic")).forEach(r -> genericKeys.add(
                r.idempotencyKey()));
        assertEquals(Set.of("pks-notification-" + generic), genericKeys);
        assertEquals("pks-notification-" + slack, receiver.received("/slack", 200).get(0).idempotencyKey());

        final JsonNode body = new ObjectMapper().readTree(receiver.received("/generic", 200).get(0).body());
        assertEquals(generic, body.path("notificationId").asLong());
        assertEquals(alertId, body.path("alertId").asLong());
        assertEquals("CRITICAL", body.path("severity").asText());
        assertEquals("severity raised", body.path("change").asText());
        assertEquals("Ortopedmottagning", body.path("unitName").asText());
        assertEquals("https://grafana.example/d/pks-unit-follow-up?var-region=region-x&var-organisation=org-1"
                + "&var-unit=u-orto&var-measure=first_visits"
                + "&var-granularity=WEEK&viewPanel=1", body.path("dashboardUrl").asText());
        assertTrue(receiver.received("/slack", 200).get(0).body().contains("\"blocks\""));
        assertEquals("application/json; charset=utf-8", receiver.received("/slack", 200).get(0).contentType());

        assertEquals(1.0, counter("WEBHOOK", "delivered"));
        assertEquals(1.0, counter("SLACK", "delivered"));
        assertEquals(2.0, counter("WEBHOOK", "failed_attempt"));
        assertEquals(0.0, counter("TEAMS", "delivered"), "every series exists from the start");
        assertEquals(0.0, registry.get("pks.notifications.pending").gauge().value());
    }

    @Test
    void instancesNeverClaimTheSameNotification() throws SQLException {
        final long subscription = subscription("WEBHOOK", receiver.url("/generic"));
        final long[] ids = new long[5];
        for (int version = 1; version <= 5; version++) {
            ids[version - 1] = notification(subscription, version);
        }
        // Another instance is in the middle of claiming the first two.
        try (Connection other = DriverManager.getConnection(connection.getMetaData().getURL(), "pks", "pks");
             Statement lock = other.createStatement()) {
            other.setAutoCommit(false);
            lock.executeQuery("SELECT * FROM pks.notification WHERE notification_id IN (" + ids[0] + ", " + ids[1]
                    + ") FOR UPDATE");
            final List<PendingNotification> mine = outbox.claim(10, Duration.ofMinutes(1));
            assertEquals(List.of(ids[2], ids[3], ids[4]),
                    mine.stream().map(PendingNotification::notificationId).toList());
            other.rollback();
        }
        // What was claimed is leased; only the two the other instance let go are left.
        assertEquals(List.of(ids[0], ids[1]), outbox.claim(10, Duration.ofMinutes(1)).stream()
                .map(PendingNotification::notificationId).toList());
        assertEquals(0, outbox.claim(10, Duration.ofMinutes(1)).size());
    }

    @Test
    void aClaimWhoseInstanceDiedComesBackWhenTheLeaseRunsOut() throws SQLException {
        final long id = notification(subscription("WEBHOOK", receiver.url("/generic")));
        assertEquals(1, outbox.claim(10, Duration.ofMillis(300)).size());
        assertEquals(0, outbox.claim(10, Duration.ofMillis(300)).size());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> outbox.claim(10, Duration.ofMinutes(1))
                .stream().anyMatch(n -> n.notificationId() == id));
    }

    @Test
    void aTargetThatIsNotHttpIsNeverCalledAndIsRetriedUntilItIsFixed() throws SQLException {
        final long id = notification(subscription("WEBHOOK", "file:///etc/passwd"));
        for (int attempt = 1; attempt <= WARN_AFTER; attempt++) {
            assertEquals(1, round.run());
            execute("UPDATE pks.notification SET next_attempt_at = now()");
        }
        assertEquals("PENDING 3 target is not an http or https address", row(
                "SELECT state || ' ' || attempts || ' ' || last_error FROM pks.notification WHERE notification_id = "
                        + id));
        assertEquals(1.0, registry.get("pks.notifications.pending").gauge().value());
        assertEquals(1.0, registry.get("pks.notifications.stalled").gauge().value());
        assertTrue(receiver.received().isEmpty());

        // The subscriber fixes the address: the waiting notification goes to the new one.
        execute("UPDATE pks.subscription SET target = '" + receiver.url("/fixed") + "'");
        round.run();
        assertEquals(1, receiver.received("/fixed", 200).size());
        assertEquals(0.0, registry.get("pks.notifications.stalled").gauge().value());
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsAFailedAttempt() throws SQLException {
        final long id = notification(subscription("WEBHOOK", receiver.url("/slow")));
        receiver.hang(3_000);
        final long started = System.nanoTime();
        round.run();
        assertTrue(System.nanoTime() - started < Duration.ofMillis(2_500).toNanos(), "the 1 s timeout applied");
        assertEquals("PENDING 1 no answer within 1 s", row(
                "SELECT state || ' ' || attempts || ' ' || last_error FROM pks.notification WHERE notification_id = "
                        + id));
    }

    @Test
    void aChannelWithoutSenderWaitsAndSaysSo() throws SQLException {
        final long id = notification(subscription("TEAMS", receiver.url("/teams")));
        round.run();
        assertNotNull(row("SELECT last_error FROM pks.notification WHERE notification_id = " + id));
        assertEquals("channel TEAMS is not set up on this instance",
                row("SELECT last_error FROM pks.notification WHERE notification_id = " + id));
    }

    private void awaitRounds(final String condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            round.run();
            return "t".equals(row(condition));
        });
    }

    private double counter(final String channel, final String outcome) {
        return registry.get("pks.notifications").tags("channel", channel, "outcome", outcome).counter().count();
    }

    private long subscription(final String channel, final String target) throws SQLException {
        return id("INSERT INTO pks.subscription (username, scope, scope_id, channel, target, min_severity)"
                + " VALUES ('manager-1', 'UNIT', 'u-orto', '" + channel + "', '" + target + "', 'WARNING')"
                + " RETURNING subscription_id");
    }

    private long notification(final long subscription) throws SQLException {
        return notification(subscription, 2);
    }

    private long notification(final long subscription, final int version) throws SQLException {
        return id("INSERT INTO pks.notification (alert_id, alert_version, subscription_id) VALUES (" + alertId
                + ", " + version + ", " + subscription + ") RETURNING notification_id");
    }

    private long id(final String sql) throws SQLException {
        return Long.parseLong(row(sql));
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
