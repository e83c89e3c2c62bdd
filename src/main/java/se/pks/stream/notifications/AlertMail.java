package se.pks.stream.notifications;

import java.util.Map;

/** The EMAIL channel's message: the title as subject, and the same content as plain text and as HTML. */
public record AlertMail(String subject, String text, String html) {

    public static AlertMail of(final AlertMessage message) {
        final StringBuilder text = new StringBuilder();
        text.append(message.notification().summary()).append("\n\n");
        for (final Map.Entry<String, String> fact : message.facts().entrySet()) {
            text.append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
        }
        text.append("\nDashboard: ").append(message.dashboardUrl()).append('\n');
        text.append("\nSent by pks-stream because you subscribed to these alerts. Notification ")
                .append(message.notification().notificationId()).append(".\n");

        final StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><body>");
        html.append("<h2>").append(escape(message.title())).append("</h2>");
        html.append("<p>").append(escape(message.notification().summary())).append("</p>");
        html.append("<table>");
        for (final Map.Entry<String, String> fact : message.facts().entrySet()) {
            html.append("<tr><th align=\"left\">").append(escape(fact.getKey())).append("</th><td>")
                    .append(escape(fact.getValue())).append("</td></tr>");
        }
        html.append("</table>");
        html.append("<p><a href=\"").append(escape(message.dashboardUrl())).append("\">Open the dashboard</a></p>");
        html.append("<p style=\"color:#666\">Sent by pks-stream because you subscribed to these alerts. Notification ")
                .append(message.notification().notificationId()).append(".</p>");
        html.append("</body></html>");
        return new AlertMail(message.title(), text.toString(), html.toString());
    }

    static String escape(final String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
