package se.pks.stream.topics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Refuses to start the one-hop topology under an application id whose internal topics show the state of the earlier
 * five-step topology. Its stores were partitioned by event identity and by unit, not by provider, and Kafka Streams
 * would resume from that id's committed input offsets with empty stores: every figure before those offsets would be
 * silently missing. Starting under a new application id replays the event topics instead.
 */
public final class UpgradeGuard {

    /** Internal topics only the earlier topology created (its two repartitions and its ledger's changelog). */
    static final List<String> EARLIER_TOPOLOGY_TOPICS =
            List.of("events-by-identity-repartition", "changes-by-unit-repartition", "event-ledger-changelog");

    private UpgradeGuard() {
    }

    /** @throws IllegalStateException naming the topic found and what to do */
    public static void check(final Admin admin, final String applicationId)
            throws ExecutionException, InterruptedException {
        final Set<String> existing = admin.listTopics().names().get();
        for (final String suffix : EARLIER_TOPOLOGY_TOPICS) {
            final String topic = applicationId + "-" + suffix;
            if (existing.contains(topic)) {
                throw new IllegalStateException("Kafka Streams application id '" + applicationId
                        + "' holds the state of the earlier topology (topic " + topic + "), which this version cannot"
                        + " resume from. Start under a new application id (quarkus.kafka-streams.application-id, e.g."
                        + " pks-stream-v2): it replays the event topics and the database converges to the same"
                        + " figures. See docs/operations.md, \"Upgrading the topology\".");
            }
        }
    }
}
