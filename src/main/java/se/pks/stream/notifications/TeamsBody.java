package se.pks.stream.notifications;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The TEAMS channel's body: an Adaptive Card (1.4) in the message envelope that Teams' Workflows incoming webhooks
 * ("post to a channel when a webhook request is received") accept, with the facts and an Open dashboard button.
 * The retired Office 365 connectors' MessageCard is not used: new Teams webhooks are Workflows.
 */
public final class TeamsBody implements WebhookBody {

    @Override
    public ObjectNode json(final AlertMessage message) {
        final ObjectNode body = JSON.createObjectNode();
        body.put("type", "message");
        final ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        final ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        final ArrayNode items = card.putArray("body");
        items.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
                .put("color", colour(message.notification().severity())).put("text", message.title());
        items.addObject().put("type", "TextBlock").put("wrap", true).put("text", message.notification().summary());
        final ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
        for (final Map.Entry<String, String> fact : message.facts().entrySet()) {
            facts.addObject().put("title", fact.getKey()).put("value", fact.getValue());
        }
        card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open dashboard")
                .put("url", message.dashboardUrl());
        return body;
    }

    private static String colour(final String severity) {
        return switch (severity) {
            case "CRITICAL" -> "Attention";
            case "WARNING" -> "Warning";
            default -> "Default";
        };
    }
}
