package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import se.pks.stream.notifications.WebhookReceiver;

/**
 * The running service delivers notifications the alert evaluator left in the database, by e-mail through a real
 * SMTP server and by webhook to a real receiver: both are down at first, the notifications wait and are retried,
 * and each arrives exactly once when its channel is back, linking to the dashboard panel.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = SmtpServerResource.class, restrictToAnnotatedClass = true)
class AlertDeliveryTest {

    private static final String LINK = "https://grafana.test.invalid/d/pks-unit-follow-up?var-region=region-x"
            + "&var-organisation=org-1&var-unit=u-mail"
            + "&var-measure=operations&var-granularity=WEEK&viewPanel=4";

    @Inject
    DataSource dataSource;

    @Test
    void eachNotificationIsRetriedWhileItsChannelIsDownAndDeliveredOnceWhenItIsBack() throws Exception {
        SmtpServerResource.down();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(503);
            final long alert = id("""
                    INSERT INTO pks.alert (alert_key, condition, unit_id, organisation_id, subject, severity, state,
                                           first_period, last_active_period, last_period, value, summary)
                    VALUES ('SPC|u-mail|operations', 'SPC', 'u-mail', 'org-1', 'operations', 'WARNING', 'OPEN', '2026-11-09',
                            '2026-11-09', '2026-11-09', 12, 'operations: 12, below the lower limit 14.3')
                    RETURNING alert_id""");
            execute("INSERT INTO pks.unit VALUES ('u-mail', 'Operation Öst', 'p1', 'org-1', 'Exempelsjukhuset',"
                    + " 'PUBLIC', 'region-x', now())");
            execute("INSERT INTO pks.alert_change (alert_id, version, state, severity, reason) VALUES (" + alert
                    + ", 1, 'OPEN', 'WARNING', 'opened')");
            final long mail = notification(alert, subscription("EMAIL", "operation-ost@region.test"));
            final long hook = notification(alert, subscription("WEBHOOK", receiver.url("/alerts")));

            // Both channels down: both notifications fail, wait and stay pending.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    "2 2".equals(row("SELECT count(*) FILTER (WHERE attempts >= 1) || ' ' || count(*)"
                            + " FROM pks.notification WHERE state = 'PENDING'")));
            assertTrue(row("SELECT last_error FROM pks.notification WHERE notification_id = " + mail)
                    .startsWith("SMTP: "));
            assertEquals("HTTP 503: down for maintenance",
                    row("SELECT last_error FROM pks.notification WHERE notification_id = " + hook));

            SmtpServerResource.up();
            receiver.answer(200);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    "2".equals(row("SELECT count(*) FROM pks.notification WHERE state = 'DELIVERED'")));
            // Several more rounds: nothing is sent again.
            Thread.sleep(1_500);

            assertTrue(Integer.parseInt(row("SELECT min(attempts) FROM pks.notification")) > 1);
            assertEquals(1, receiver.received("/alerts", 200).size());
            assertTrue(receiver.received("/alerts", 200).get(0).body().contains("\"dashboardUrl\":\"" + LINK + "\""));

            final MimeMessage[] messages = SmtpServerResource.server().getReceivedMessages();
            assertEquals(1, messages.length);
            final MimeMessage message = messages[0];
            assertEquals("[WARNING] Operation Öst: operations: special-cause signal (SPC)", message.getSubject());
            assertEquals("operation-ost@region.test", message.getRecipients(Message.RecipientType.TO)[0].toString());
            assertEquals("<pks-notification-" + mail + "." + alert + "@pks-stream.invalid>", message.getMessageID());
            final String text = part(message, "text/plain");
            assertTrue(text.contains("Dashboard: " + LINK), text);
            assertTrue(text.contains("operations: 12, below the lower limit 14.3"), text);
            assertTrue(part(message, "text/html").contains(LINK.replace("&", "&amp;")));

            final String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("pks_notifications_total{channel=\"EMAIL\",outcome=\"delivered\"} 1.0"),
                    metrics);
            assertTrue(metrics.contains("pks_notifications_total{channel=\"WEBHOOK\",outcome=\"delivered\"} 1.0"));
            // The gauge is refreshed at the end of each delivery round.
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> given().when().get("/q/metrics").then()
                    .extract().asString().contains("pks_notifications_pending 0.0"));
        }
    }

    private static String part(final MimeMessage message, final String type) throws MessagingException,
            IOException {
        final MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            final BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private long subscription(final String channel, final String target) throws SQLException {
        return id("INSERT INTO pks.subscription (username, scope, scope_id, channel, target) VALUES ('manager-1',"
                + " 'ORGANISATION', 'org-1', '" + channel + "', '" + target + "') RETURNING subscription_id");
    }

    private long notification(final long alert, final long subscription) throws SQLException {
        return id("INSERT INTO pks.notification (alert_id, alert_version, subscription_id) VALUES (" + alert
                + ", 1, " + subscription + ") RETURNING notification_id");
    }

    private long id(final String sql) throws SQLException {
        return Long.parseLong(row(sql));
    }

    private String row(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
