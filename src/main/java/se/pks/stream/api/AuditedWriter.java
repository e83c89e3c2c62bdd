package se.pks.stream.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.topics.AcknowledgedWriter;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.WriteReceipt;

/**
 * Writes what a person changes through Kafka (plans, units, calendar weeks) and, once Kafka has acknowledged it,
 * appends it to the audit trail under the signed-in person's user id. A change Kafka refused is not recorded; a
 * change Kafka took whose entry could not be appended is answered with an error, so the person knows the trail lacks
 * it (the change itself stands, as on the topic).
 */
@ApplicationScoped
public class AuditedWriter {

    @Inject
    AcknowledgedWriter writer;

    @Inject
    AuditTrail trail;

    @Inject
    AccessScope access;

    /** One record; {@code value} null removes the key. */
    public <V> WriteReceipt write(final Topic<String, V> topic, final String subject, final String key, final V value) {
        return writeAll(topic, subject, List.of(new AcknowledgedWriter.Entry<>(key, value))).getFirst();
    }

    public <V> List<WriteReceipt> writeAll(final Topic<String, V> topic, final String subject,
                                           final List<AcknowledgedWriter.Entry<V>> entries) {
        return writeAll(topic, subject, entries, null);
    }

    /** The same, with the person's reason for the change (null when not given) in the audit trail. */
    public <V> List<WriteReceipt> writeAll(final Topic<String, V> topic, final String subject,
                                           final List<AcknowledgedWriter.Entry<V>> entries, final String reason) {
        final List<WriteReceipt> receipts = writer.writeAll(topic, entries);
        trail.appendSent(actor(), subject, entries.stream().map(entry -> new AuditTrail.Sent(entry.key(),
                entry.value() == null ? null : json(topic, entry.value()))).toList(), reason);
        return receipts;
    }

    /** The signed-in person, as the audit trail and the plan versions name them. */
    public AuditTrail.Actor actor() {
        return AuditTrail.Actor.person(access.user());
    }

    private static <V> String json(final Topic<String, V> topic, final V value) {
        return new String(topic.valueSerde().serializer().serialize(topic.name(), value), StandardCharsets.UTF_8);
    }
}
