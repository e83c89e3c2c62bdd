package se.pks.stream.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import se.pks.stream.topics.Topic;

/**
 * The name of one kind of a bound provider's output topic, per provider, built once: the topic name extractors that
 * route a provider's rejections and data-quality rows call it per record, from every stream thread.
 */
final class ProviderOutputTopics {

    private final Function<String, Topic<String, ?>> topicOf;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    ProviderOutputTopics(final Function<String, Topic<String, ?>> topicOf) {
        this.topicOf = topicOf;
    }

    String of(final String providerId) {
        return names.computeIfAbsent(providerId, provider -> topicOf.apply(provider).name());
    }
}
