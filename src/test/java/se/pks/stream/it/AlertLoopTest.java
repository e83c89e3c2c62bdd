package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.notifications.WebhookReceiver;
import se.pks.stream.topics.JsonSerde;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topics;

/**
 * The whole alert loop on real parts: a provider's visits go through the broker, the stream and the sink; the alert
 * rounds judge the weeks; the production manager's subscriptions deliver by webhook and through a real SMTP server;
 * the manager acknowledges over HTTP; every change is published on the alerts topic. Only the calendar the alert rounds
 * evaluate by is moved, a week at a time, so that the weeks of the lifecycle pass in seconds.
 *
 * <p>The unit's weekly target is 20 first visits (first_visits thresholds: YELLOW from -5 %, RED from -10 %). From
 * 1 September 2025 it delivers 14 a week (-30 %) for twelve weeks, then 20. Eleven weeks are too few to judge a
 * shortfall; after week 11 the twelve weeks are 72 short of 240, every week alike, so the spread is the Poisson one
 * of the plan, sqrt(240) = 15.5: -4.6 standard errors, beyond 3.5, with the last four weeks RED: a sustained
 * shortfall, a WARNING. Back on plan, the four weeks up to week 12 (-22.5 %) and 13 (-15 %) are RED and up to week 14
 * (-7.5 %) YELLOW: the alert stays open and is not notified again. Weeks 15 and 16 are clear: it resolves.
 */
@QuarkusTest
@TestProfile(FrequentAlertRounds.class)
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = SmtpServerResource.class, restrictToAnnotatedClass = true)
class AlertLoopTest {

    private static final String UNIT = "loop-ort";
    private static final String PROVIDER = "prov-loop";
    private static final String ORGANISATION = "org-sus";
    private static final String MAILBOX = "produktion-ort@sus.test";
    private static final LocalDate W0 = LocalDate.of(2025, 9, 1);
    private static final int[] VISITS = {14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 20, 20, 20, 20, 20};
    private static final String KEY = "STATUS|" + UNIT + "|first_visits";

    @Inject
    OutputTopics outputs;

    @Inject
    KafkaStreams streams;

    @Inject
    DataSource dataSource;

    @Inject
    MovableAlertCalendar calendar;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterEach
    void realCalendar() {
        calendar.reset();
    }

    @Test
    void aUnitFallingBehindRaisesOneAlertThatIsDeliveredOnceAcknowledgedAndResolved() throws Exception {
        followOnlyTheStatusCondition();
        sendTheUnitsWeeks();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            subscribe("{\"scope\":\"ORGANISATION\",\"scopeId\":\"" + ORGANISATION + "\",\"channel\":\"EMAIL\","
                    + "\"target\":\"" + MAILBOX + "\"}");
            subscribe("{\"scope\":\"UNIT\",\"scopeId\":\"" + UNIT + "\",\"channel\":\"WEBHOOK\",\"target\":\""
                    + receiver.url("/pks") + "\"}");
            // Both channels are down when the alert comes.
            receiver.answer(503);
            SmtpServerResource.down();

            moveToTheMondayAfterWeek(10);
            assertEquals(List.of(), alertStates());

            moveToTheMondayAfterWeek(11);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> alertStates().equals(List.of("OPEN WARNING 1")));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(row(
                    "SELECT count(*) FROM pks.notification n JOIN pks.alert a USING (alert_id)"
                            + " WHERE a.alert_key = '" + KEY + "' AND n.state = 'PENDING' AND n.attempts >= 1")));

            // Back up: each channel gets the alert exactly once.
            receiver.answer(200);
            SmtpServerResource.up();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "2".equals(row(
                    "SELECT count(*) FROM pks.notification n JOIN pks.alert a USING (alert_id)"
                            + " WHERE a.alert_key = '" + KEY + "' AND n.state = 'DELIVERED'")));
            assertTrue(Integer.parseInt(row("SELECT min(n.attempts) FROM pks.notification n JOIN pks.alert a "
                    + "USING (alert_id) WHERE a.alert_key = '" + KEY + "'")) > 1);

            // The manager of another hospital may not take it; this unit's manager does.
            final long alertId = Long.parseLong(row("SELECT alert_id FROM pks.alert WHERE alert_key = '" + KEY + "'"));
            as("pm-nol").when().post("/api/v1/alerts/" + alertId + "/acknowledge").then().statusCode(403);
            as("pm-sus").when().post("/api/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200);
            assertEquals(List.of("ACKNOWLEDGED WARNING 2"), alertStates());

            // Back on plan, but the last four weeks are off plan until week 14, and week 15 is one clear week.
            for (int week = 12; week <= 15; week++) {
                moveToTheMondayAfterWeek(week);
                Thread.sleep(1_500);
                assertEquals(List.of("ACKNOWLEDGED WARNING 2"), alertStates(), "after week " + week);
            }
            moveToTheMondayAfterWeek(16);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> alertStates().equals(List.of("RESOLVED WARNING 3")));
            Thread.sleep(1_500);

            assertEquals(1, receiver.received("/pks", 200).size());
            final List<MimeMessage> mails = mailsTo(MAILBOX);
            assertEquals(1, mails.size());
            assertTrue(mails.getFirst().getSubject().startsWith("[WARNING] "), mails.getFirst().getSubject());
            assertEquals(List.of("1 OPEN", "2 ACKNOWLEDGED", "3 RESOLVED"), publishedChanges());
        }
    }

    /** The other conditions (SPC, projection, ...) would judge this short series too; this test follows one. */
    private void followOnlyTheStatusCondition() throws SQLException {
        execute("INSERT INTO pks.alert_setting (condition, subject, unit_id, enabled) "
                + "SELECT condition, '*', '" + UNIT + "', condition = 'STATUS' FROM (SELECT DISTINCT condition "
                + "FROM pks.alert_setting) AS c");
    }

    private void sendTheUnitsWeeks() throws SQLException {
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            final Instant registered = W0.atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(86_400);
            feed.unit(UNIT, PROVIDER, ORGANISATION, "Sjöstads universitetssjukhus", "PUBLIC", "region-loop",
                      registered);
            feed.flush();
            ProviderFeed.awaitUnitsKnown(streams, UNIT);
            int total = 0;
            for (int week = 0; week < VISITS.length; week++) {
                final LocalDate monday = W0.plusWeeks(week);
                feed.plan(UNIT, "first_visits", "TARGET", "WEEK", monday.toString(), 20, registered);
                for (int i = 0; i < VISITS[week]; i++) {
                    // Spread over Monday to Friday, 08:00 to 15:00 local time.
                    final LocalDate day = monday.plusDays(i % 5);
                    final String occurredAt = day + "T" + String.format("%02d", 8 + i / 5 % 8) + ":00:00+02:00";
                    feed.send(Topics.VISITS.name(), UNIT, """
                            {"eventId":"loop-%d-%d","providerId":"%s","unitId":"%s","occurredAt":"%s",\
                            "visitType":"FIRST"}""".formatted(week, i, PROVIDER, UNIT, occurredAt),
                            day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
                    total++;
                }
            }
            feed.flush();
            final String expected = String.valueOf(total);
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> expected.equals(row(
                    "SELECT coalesce(sum(value), 0)::bigint FROM pks.measure_value WHERE unit_id = '" + UNIT
                            + "' AND measure = 'first_visits' AND granularity = 'WEEK'"))
                    && String.valueOf(VISITS.length).equals(row(
                            "SELECT count(*) FROM pks.deviation WHERE unit_id = '" + UNIT
                            + "' AND granularity = 'WEEK' AND measure = 'first_visits'")));
        }
    }

    private void moveToTheMondayAfterWeek(final int week) throws InterruptedException {
        calendar.moveTo(W0.plusWeeks(week + 1));
        // Two evaluation rounds (500 ms apart in the test profile) have surely passed.
        Thread.sleep(1_500);
    }

    private void subscribe(final String body) {
        as("pm-sus").contentType("application/json").body(body).when().post("/api/v1/subscriptions")
                .then().statusCode(201);
    }

    private List<String> alertStates() throws SQLException {
        return rows("SELECT state || ' ' || severity || ' ' || version FROM pks.alert WHERE alert_key = '" + KEY
                + "' ORDER BY alert_id");
    }

    private List<String> publishedChanges() throws IOException {
        final List<String> changes = new ArrayList<>();
        for (final ConsumerRecord<String, String> record : TopicContents.committed(bootstrapServers,
                                                                                   outputs.alerts().name())) {
            if (KEY.equals(record.key())) {
                final JsonNode change = JsonSerde.MAPPER.readTree(record.value());
                changes.add(change.get("version").asInt() + " " + change.get("state").asText());
            }
        }
        return changes;
    }

    private static List<MimeMessage> mailsTo(final String address) throws MessagingException {
        final List<MimeMessage> mails = new ArrayList<>();
        for (final MimeMessage message : SmtpServerResource.server().getReceivedMessages()) {
            if (address.equals(message.getRecipients(Message.RecipientType.TO)[0].toString())) {
                mails.add(message);
            }
        }
        return mails;
    }

    private static RequestSpecification as(final String user) {
        return given().auth().preemptive().basic(user, user + "-pw");
    }

    private String row(final String sql) throws SQLException {
        final List<String> rows = rows(sql);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private List<String> rows(final String sql) throws SQLException {
        final List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    private void execute(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
