package se.pks.stream.topology;

import org.apache.kafka.common.header.Headers;

/**
 * Marks a record that came from a provider's own topic, so that the follow-up step after the repartition knows the
 * provider is bound and publishes its data-quality rows to the provider's own topic too. A header, not a field, so
 * that the repartition topic's values keep their format (records written before an upgrade read as before).
 */
final class ProviderTopicHeader {

    static final String NAME = "pks-provider-topic";

    private ProviderTopicHeader() {
    }

    static void mark(final Headers headers) {
        headers.add(NAME, null);
    }

    static boolean isMarked(final Headers headers) {
        return headers.lastHeader(NAME) != null;
    }
}
