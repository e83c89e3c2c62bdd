package se.pks.stream.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The WEBHOOK channel's body: the alert's fields as plain JSON for a receiver of the region's own (a ticket system,
 * an on-call tool). {@code notificationId} equals the Idempotency-Key header's number and is the field to
 * de-duplicate on.
 */
public final class GenericWebhookBody implements WebhookBody {

    @Override
    public ObjectNode json(final AlertMessage message) {
        final PendingNotification n = message.notification();
        final ObjectNode body = JSON.createObjectNode();
        body.put("notificationId", n.notificationId());
        body.put("alertId", n.alertId());
        body.put("alertVersion", n.alertVersion());
        body.put("alertKey", n.alertKey());
        body.put("condition", n.condition());
        body.put("subject", n.subject());
        body.put("unitId", n.unitId());
        body.put("unitName", n.unitName());
        body.put("organisationId", n.organisationId());
        body.put("organisationName", n.organisationName());
        body.put("severity", n.severity());
        body.put("state", n.state());
        body.put("change", n.change());
        body.put("title", message.title());
        body.put("summary", n.summary());
        body.put("value", n.value());
        body.put("threshold", n.threshold());
        body.put("firstPeriod", n.firstPeriod().toString());
        body.put("lastPeriod", n.lastPeriod().toString());
        body.put("dashboardUrl", message.dashboardUrl());
        return body;
    }
}
