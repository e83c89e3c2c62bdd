package se.pks.stream.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON a webhook channel POSTs for one notification. */
public interface WebhookBody {

    ObjectMapper JSON = new ObjectMapper();

    ObjectNode json(AlertMessage message);
}
