package se.pks.stream.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The shapes Slack, Teams and a generic receiver get, field by field, and the e-mail's parts. */
class WebhookBodiesTest {

    private static final String LINK = "https://grafana.example/d/pks-unit-follow-up?var-unit=u-orto&viewPanel=1";

    private final AlertMessage message = new AlertMessage(
            Notifications.of(NotificationChannel.SLACK, "STATUS", "first_visits"), LINK);

    @Test
    void theGenericBodyCarriesTheAlertAndTheNotificationId() {
        final JsonNode body = new GenericWebhookBody().json(message);
        assertEquals(77, body.path("notificationId").asLong());
        assertEquals(12, body.path("alertId").asLong());
        assertEquals(3, body.path("alertVersion").asInt());
        assertEquals("STATUS|u-orto|first_visits", body.path("alertKey").asText());
        assertEquals("STATUS", body.path("condition").asText());
        assertEquals("first_visits", body.path("subject").asText());
        assertEquals("u-orto", body.path("unitId").asText());
        assertEquals("Ortopedmottagning <Öst> & Väst", body.path("unitName").asText());
        assertEquals("org-1", body.path("organisationId").asText());
        assertEquals("Exempelsjukhuset", body.path("organisationName").asText());
        assertEquals("CRITICAL", body.path("severity").asText());
        assertEquals("OPEN", body.path("state").asText());
        assertEquals(-18.0, body.path("value").asDouble());
        assertEquals(-10.0, body.path("threshold").asDouble());
        assertEquals("2026-11-02", body.path("firstPeriod").asText());
        assertEquals("2026-11-09", body.path("lastPeriod").asText());
        assertEquals(LINK, body.path("dashboardUrl").asText());
        assertEquals("[CRITICAL] Ortopedmottagning <Öst> & Väst: first_visits off plan", body.path("title").asText());
        assertEquals("pks-notification-77", message.idempotencyKey());
    }

    @Test
    void slackGetsTextAndBlocksWithAButtonToThePanel() {
        final JsonNode body = new SlackBody().json(message);
        // Slack reads <, > and & as markup in text: escaped, except in the link itself.
        assertEquals("[CRITICAL] Ortopedmottagning &lt;Öst&gt; &amp; Väst: first_visits off plan <" + LINK
                + "|Open dashboard>", body.path("text").asText());
        final JsonNode blocks = body.path("blocks");
        assertEquals(3, blocks.size());
        assertEquals("header", blocks.get(0).path("type").asText());
        assertEquals("plain_text", blocks.get(0).path("text").path("type").asText());
        assertEquals("[CRITICAL] Ortopedmottagning <Öst> & Väst: first_visits off plan",
                blocks.get(0).path("text").path("text").asText());
        assertEquals("section", blocks.get(1).path("type").asText());
        assertEquals("first_visits RED for 2 weeks: 41 against 50 planned (-18 %)",
                blocks.get(1).path("text").path("text").asText());
        // Unit, Organisation, Severity, State, Value, Threshold, Periods, Alert
        final JsonNode fields = blocks.get(1).path("fields");
        assertEquals(8, fields.size());
        assertEquals("*Value*\n-18", fields.get(4).path("text").asText());
        assertEquals("*Periods*\nweeks of 2026-11-02 to 2026-11-09", fields.get(6).path("text").asText());
        final JsonNode button = blocks.get(2).path("elements").get(0);
        assertEquals("actions", blocks.get(2).path("type").asText());
        assertEquals("button", button.path("type").asText());
        assertEquals("Open dashboard", button.path("text").path("text").asText());
        assertEquals(LINK, button.path("url").asText());
    }

    @Test
    void teamsGetsAnAdaptiveCardWithFactsAndAnOpenUrlAction() {
        final JsonNode body = new TeamsBody().json(message);
        assertEquals("message", body.path("type").asText());
        final JsonNode attachment = body.path("attachments").get(0);
        assertEquals("application/vnd.microsoft.card.adaptive", attachment.path("contentType").asText());
        assertTrue(attachment.path("contentUrl").isNull());
        final JsonNode card = attachment.path("content");
        assertEquals("AdaptiveCard", card.path("type").asText());
        assertEquals("1.4", card.path("version").asText());
        assertEquals("[CRITICAL] Ortopedmottagning <Öst> & Väst: first_visits off plan",
                card.path("body").get(0).path("text").asText());
        assertEquals("Attention", card.path("body").get(0).path("color").asText());
        final JsonNode facts = card.path("body").get(2).path("facts");
        assertEquals("FactSet", card.path("body").get(2).path("type").asText());
        assertEquals("Unit", facts.get(0).path("title").asText());
        assertEquals("Ortopedmottagning <Öst> & Väst (u-orto)", facts.get(0).path("value").asText());
        assertEquals("Threshold", facts.get(5).path("title").asText());
        assertEquals("-10", facts.get(5).path("value").asText());
        final JsonNode action = card.path("actions").get(0);
        assertEquals("Action.OpenUrl", action.path("type").asText());
        assertEquals(LINK, action.path("url").asText());
    }

    @Test
    void theMailHasSubjectTextAndEscapedHtmlWithTheLink() {
        final AlertMail mail = AlertMail.of(message);
        assertEquals("[CRITICAL] Ortopedmottagning <Öst> & Väst: first_visits off plan", mail.subject());
        assertTrue(mail.text().contains("Dashboard: " + LINK + "\n"), mail.text());
        assertTrue(mail.text().contains("Organisation: Exempelsjukhuset\n"), mail.text());
        assertTrue(mail.html().contains("<h2>[CRITICAL] Ortopedmottagning &lt;Öst&gt; &amp; Väst: first_visits off plan"
                + "</h2>"), mail.html());
        assertTrue(mail.html().contains("<a href=\"" + LINK.replace("&", "&amp;") + "\">"), mail.html());
        assertEquals("<pks-notification-77.12@pks.example>", message.messageId("pks.example"));
    }

    @Test
    void figuresAreShortAndPlain() {
        assertEquals("-12.5", AlertMessage.number(-12.5));
        assertEquals("0.07", AlertMessage.number(0.0712));
        assertEquals("3", AlertMessage.number(3.0));
        assertEquals("1200000", AlertMessage.number(1.2e6));
    }
}
