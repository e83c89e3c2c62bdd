package se.pks.stream.topics;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import se.pks.stream.model.AlertChange;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Rejection;

/**
 * The topics one deployment writes, each named {@code <application id>.<topic>}, e.g.
 * {@code pks-stream-v2.measure-values.v1}. The Kafka Streams application id already names the deployment's consumer group, its
 * internal topics ({@code <application id>-...}) and its database sink's group, so naming its outputs after it too
 * means two deployments on one cluster (staging beside production, the old and the new id during an upgrade) can never
 * read or overwrite each other's figures, and there is no second name an operator could set to the same value by
 * mistake. The input topics stay shared ({@link Topics}): they are the providers' contract.
 */
public record OutputTopics(String applicationId, Topic<String, MeasureValue> measureValues, Topic<String, Deviation> deviations,
        Topic<String, FeedQuality> feedQuality, Topic<String, Rejection> rejected, Topic<String, AlertChange> alerts) {

    public static OutputTopics of(final String applicationId) {
        final String prefix = applicationId + ".";
        return new OutputTopics(applicationId,
                new Topic<>(prefix + "measure-values.v1", Serdes.String(), ReferenceSerdes.measureValue(),
                        Topics.COMPACTED),
                new Topic<>(prefix + "deviations.v1", Serdes.String(), new JsonSerde<>(Deviation.class),
                        Topics.COMPACTED),
                new Topic<>(prefix + "feed-quality.v1", Serdes.String(), new JsonSerde<>(FeedQuality.class),
                        Topics.COMPACTED),
                new Topic<>(prefix + "rejected.v1", Serdes.String(), new JsonSerde<>(Rejection.class),
                        Topics.NINETY_DAYS),
                new Topic<>(prefix + "alerts.v1", Serdes.String(), new JsonSerde<>(AlertChange.class),
                        Topics.COMPACTED));
    }

    /**
     * Where a bound provider reads the rejections of the records it wrote to its own event topics ({@link
     * ProviderTopics}): {@code <application id>.provider.<providerId>.rejected.v1}, with the settings of {@link
     * #rejected()}. Not in {@link #all()}: the platform creates it together with the provider's event topics.
     */
    public Topic<String, Rejection> providerRejected(final String providerId) {
        return new Topic<>(providerPrefix(providerId) + "rejected.v1", rejected.keySerde(), rejected.valueSerde(),
                rejected.configs());
    }

    /**
     * Where a bound provider reads its data-quality register's rows: {@code <application id>.provider.<providerId>.
     * feed-quality.v1}, with the settings of {@link #feedQuality()}. Not in {@link #all()}, as above.
     */
    public Topic<String, FeedQuality> providerFeedQuality(final String providerId) {
        return new Topic<>(providerPrefix(providerId) + "feed-quality.v1", feedQuality.keySerde(),
                feedQuality.valueSerde(), feedQuality.configs());
    }

    /** The prefix of the provider's outputs, on which its principal gets Read: {@code pks-stream-v2.provider.prov-a.}. */
    public String providerPrefix(final String providerId) {
        return applicationId + ".provider." + providerId + ".";
    }

    public List<Topic<?, ?>> all() {
        return List.of(measureValues, deviations, feedQuality, rejected, alerts);
    }
}
