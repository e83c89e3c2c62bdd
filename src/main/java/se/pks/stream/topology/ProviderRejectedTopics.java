package se.pks.stream.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.ProviderTopics;

/**
 * Routes a rejection of a record from a provider's own event topic to that provider's rejected topic. One instance
 * serves every stream thread, hence the concurrent cache (one entry per provider topic: the name is built once).
 */
final class ProviderRejectedTopics implements TopicNameExtractor<String, Rejection> {

    private final OutputTopics outputs;
    private final Map<String, String> targets = new ConcurrentHashMap<>();

    ProviderRejectedTopics(final OutputTopics outputs) {
        this.outputs = outputs;
    }

    boolean isProviderTopic(final String sourceTopic) {
        return sourceTopic.startsWith(ProviderTopics.PREFIX);
    }

    @Override
    public String extract(final String key, final Rejection rejection, final RecordContext context) {
        return targets.computeIfAbsent(rejection.topic(),
                source -> outputs.providerRejected(ProviderTopics.providerOf(source)).name());
    }
}
