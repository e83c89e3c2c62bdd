package se.pks.stream.topics;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The topics of one bound provider (issue 19): a provider writes its events to topics named after it,
 * {@code pks.provider.<providerId>.visits.v1} and so on, which only its Kafka principal may write (prefixed ACLs on
 * {@code pks.provider.<providerId>.}). The stream reads them by pattern and takes the provider from the topic name, so
 * the broker, not the record, decides whose data a record is. A provider reads the answers about its records on
 * {@code <application id>.provider.<providerId>.rejected.v1}, under the deployment's prefix like its other outputs.
 *
 * <p>Provider ids in topic names are limited to letters, digits, '-' and '_': a '.' would let the prefix of
 * {@code prov-a} cover the topics of a provider called {@code prov-a.x}.
 */
public final class ProviderTopics {

    /** The prefix of every provider's event topics. */
    public static final String PREFIX = "pks.provider.";
    /** What a provider id must look like to be part of a topic name (checked by the Helm chart as well). */
    public static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private ProviderTopics() {
    }

    /**
     * Every provider's event topics of every kind, for the stream's pattern subscription:
     * {@code pks.provider.<id>.visits.v1}, {@code .operations.v1}, {@code .bed-occupancy.v1}, {@code .waiting-list.v1}.
     */
    public static final Pattern EVENT_TOPICS = Pattern.compile(Pattern.quote(PREFIX) + PROVIDER_ID.pattern() + "\\."
            + Topics.EVENT_TOPICS.stream().map(topic -> Pattern.quote(kind(topic)))
                    .collect(Collectors.joining("|", "(?:", ")")));

    /** The provider's own topic for the events of a shared event topic: {@code pks.provider.prov-a.visits.v1}. */
    public static String eventTopic(final String providerId, final Topic<?, ?> shared) {
        return PREFIX + providerId + "." + kind(shared);
    }

    /**
     * Every event topic of a provider, in the order of {@link Topics#EVENT_TOPICS}, with the serdes and settings of
     * the shared topic of its kind (kept forever: they are the source of truth as much as the shared ones).
     */
    public static List<Topic<String, byte[]>> eventTopicsOf(final String providerId) {
        return Topics.EVENT_TOPICS.stream().map(topic -> new Topic<>(eventTopic(providerId, topic), topic.keySerde(),
                topic.valueSerde(), topic.configs())).toList();
    }

    /**
     * The provider a provider topic belongs to, or null for any other topic. Called once per topic and task (the
     * callers cache it), so it needs no regex.
     */
    public static String providerOf(final String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        final int end = topic.indexOf('.', PREFIX.length());
        return end <= PREFIX.length() ? null : topic.substring(PREFIX.length(), end);
    }

    /**
     * The shared topic of the same kind as a provider topic that {@link #EVENT_TOPICS} matches:
     * {@code pks.provider.prov-a.visits.v1} -> {@code pks.visits.v1}. Called once per topic and task.
     */
    public static Topic<String, byte[]> sharedTopicOf(final String providerTopic) {
        final String kind = providerTopic.substring(providerTopic.indexOf('.', PREFIX.length()) + 1);
        return Topics.EVENT_TOPICS.stream().filter(topic -> kind(topic).equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a provider event topic: " + providerTopic));
    }

    /** {@code pks.visits.v1} -> {@code visits.v1}. */
    private static String kind(final Topic<?, ?> shared) {
        return shared.name().substring("pks.".length());
    }
}
