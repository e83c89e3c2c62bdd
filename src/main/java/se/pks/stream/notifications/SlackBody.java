package se.pks.stream.notifications;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The SLACK channel's body for an incoming webhook: {@code text} (what notifications and old clients show) and
 * {@code blocks} (a header, the summary, the facts, and a button to the dashboard panel).
 */
public final class SlackBody implements WebhookBody {

    @Override
    public ObjectNode json(final AlertMessage message) {
        final ObjectNode body = JSON.createObjectNode();
        body.put("text", escape(message.title()) + " <" + message.dashboardUrl() + "|Open dashboard>");
        final ArrayNode blocks = body.putArray("blocks");

        final ObjectNode header = blocks.addObject().put("type", "header");
        // Slack refuses a header over 150 characters.
        header.putObject("text").put("type", "plain_text").put("text", shorten(message.title(), 150));

        final ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", escape(message.notification().summary()));
        final ArrayNode fields = section.putArray("fields");
        for (final Map.Entry<String, String> fact : message.facts().entrySet()) {
            fields.addObject().put("type", "mrkdwn").put("text", "*" + fact.getKey() + "*\n" + escape(fact.getValue()));
        }

        final ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
        button.put("type", "button");
        button.putObject("text").put("type", "plain_text").put("text", "Open dashboard");
        button.put("url", message.dashboardUrl());
        return body;
    }

    /** Slack reads &, < and > in mrkdwn as markup (links, mentions); everything else is shown as written. */
    static String escape(final String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String shorten(final String text, final int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
