package se.pks.stream.topics;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;
import se.pks.stream.PeriodicTask;

/**
 * Creates a bound provider's output topics ({@link OutputTopics#providerRejected}, {@link
 * OutputTopics#providerFeedQuality}) when its event topics exist without them. The stream writes there as soon as it
 * reads the provider's first record, and a write to a missing topic would hold the stream up for every provider (the
 * producer waits for the topic, then the stream stops). The Helm chart creates them with the event topics; this is
 * the net under a provider whose topics were created by hand. It looks more often than the stream looks for new
 * provider topics (30 s), so the outputs normally exist before the first record is read. The service's principal
 * may create topics under its application id only, which is where these are.
 */
@ApplicationScoped
public class ProviderOutputTopicCreator {

    private static final Logger LOG = Logger.getLogger(ProviderOutputTopicCreator.class);
    private static final Duration PAUSE = Duration.ofSeconds(10);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    OutputTopics outputs;

    private Admin admin;
    private PeriodicTask rounds;

    /** After {@link TopicInitializer}, which checks the application id first. */
    void onStart(@Observes @Priority(20) final StartupEvent event) {
        admin = Admin.create(kafkaConfig);
        rounds = PeriodicTask.start("pks-provider-topics", LOG, "Creating bound providers' output topics", PAUSE,
                this::createMissing);
    }

    void createMissing() {
        try {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = existing.stream()
                    .filter(topic -> ProviderTopics.EVENT_TOPICS.matcher(topic).matches())
                    .map(ProviderTopics::providerOf).distinct()
                    .flatMap(provider -> Stream.<Topic<String, ?>>of(outputs.providerRejected(provider),
                            outputs.providerFeedQuality(provider)))
                    .filter(topic -> !existing.contains(topic.name()))
                    // The cluster's default partitions and replication, as for a topic the platform creates.
                    .map(topic -> new NewTopic(topic.name(), Optional.empty(), Optional.empty())
                            .configs(topic.configs()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).all().get();
            LOG.infof("Created the output topics %s of bound providers whose event topics had none",
                    missing.stream().map(NewTopic::name).toList());
        } catch (final ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create bound providers' output topics", e.getCause());
            }
            // Another instance created them at the same time: what was wanted.
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The rounds, for the shutdown ({@link se.pks.stream.ShutdownSequence}). */
    public Optional<PeriodicTask> rounds() {
        return Optional.ofNullable(rounds);
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
