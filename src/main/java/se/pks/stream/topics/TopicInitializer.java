package se.pks.stream.topics;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import se.pks.stream.PksConfig;

/**
 * Checks that the application id does not hold an earlier topology's state ({@link UpgradeGuard}), then creates the
 * shared topics and this deployment's output topics that do not exist yet, for the local run and the tests. In
 * production the platform owns the topics (Strimzi KafkaTopic resources in the Helm chart), and creating them is
 * switched off.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    @Inject
    PksConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @Inject
    OutputTopics outputs;

    void onStart(@Observes @Priority(10) final StartupEvent event) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(kafkaConfig)) {
            UpgradeGuard.check(admin, applicationId);
        }
        if (config.topics().create()) {
            createMissingTopics();
        }
    }

    void createMissingTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(kafkaConfig)) {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = Topics.all(outputs).stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), config.topics().partitions(),
                            config.topics().replicationFactor()).configs(topic.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                LOG.infof("Created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        }
    }
}
