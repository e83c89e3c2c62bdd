package se.pks.stream.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which webhook addresses are called at all: http and https only, and only allowed hosts when there is a list. */
class WebhookTargetTest {

    @Test
    void onlyHttpAndHttpsAddressesWithAHost() throws DeliveryFailure {
        assertEquals("hooks.slack.com", WebhookSender.target("https://hooks.slack.com/services/T/B/x", List.of())
                .getHost());
        assertEquals("localhost", WebhookSender.target("HTTP://localhost:8080/in", List.of()).getHost());
        for (final String refused : List.of("file:///etc/passwd", "ftp://example.org/x", "jar:file:/x!/y",
                "mailto:a@b.se", "https:///no-host", "not an address", "//example.org/x")) {
            assertThrows(DeliveryFailure.class, () -> WebhookSender.target(refused, List.of()), refused);
        }
    }

    @Test
    void anAllowListAdmitsItsHostsAndTheSubdomainsOfADottedEntry() throws DeliveryFailure {
        final List<String> allowed = List.of("hooks.slack.com", ".region.se");
        WebhookSender.target("https://hooks.slack.com/services/T/B/x", allowed);
        WebhookSender.target("https://tickets.it.region.se/hook", allowed);
        final DeliveryFailure refused = assertThrows(DeliveryFailure.class,
                () -> WebhookSender.target("http://169.254.169.254/latest/meta-data", allowed));
        assertEquals("target host is not in pks.alerts.delivery.webhook-hosts", refused.getMessage());
        assertThrows(DeliveryFailure.class, () -> WebhookSender.target("https://evilregion.se/x", allowed));
        assertThrows(DeliveryFailure.class, () -> WebhookSender.target("https://hooks.slack.com.evil.io/x", allowed));
    }
}
