package se.pks.stream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import se.pks.stream.deploy.StrimziAcls;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.local.EmbeddedKafkaBroker;

/**
 * A real KRaft broker that authenticates every client (SASL/PLAIN) and authorizes every request (KRaft's
 * StandardAuthorizer, nothing allowed without an ACL), with the ACLs and topics that the Helm chart renders for two
 * bound providers and for the service itself, applied exactly as rendered: what the test shows is what the chart
 * grants. The service under test connects as its own principal, {@code User:pks-stream}.
 *
 * <p>The topics of {@link #PROVIDER_B} are not created here: the test creates its event topics while the service
 * runs, to show that a provider's new topics are read without a restart, and the service creates B's output topics
 * (as it would for a provider whose event topics an operator created by hand).
 */
public class SecuredKafkaResource implements QuarkusTestResourceLifecycleManager {

    static final String PROVIDER_A = "prov-a";
    static final String PROVIDER_B = "prov-b";
    static final String SERVICE_USER = "pks-stream";
    static final String ADMIN_USER = "admin";
    /** The test reads the broker's address here (outside the service's pks.* config, which refuses unknown keys). */
    static final String BOOTSTRAP = "pks-test.secured-kafka-bootstrap";
    private static final ObjectMapper YAML = new YAMLMapper();

    private EmbeddedKafkaBroker kafka;
    private EmbeddedDatabase database;
    /** The rendered event topics of provider B, for the test to create later. */
    static volatile List<NewTopic> providerBTopics = List.of();

    @Override
    public Map<String, String> start() {
        final List<JsonNode> rendered = renderChart();
        try {
            kafka = EmbeddedKafkaBroker.start(Files.createTempDirectory("pks-kafka-sasl-test"), 0, 0,
                    (broker, controller) -> brokerSettings(broker, controller, users(rendered)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Admin admin = Admin.create(client(kafka.bootstrapServers(), ADMIN_USER))) {
            final List<AclBinding> acls = new ArrayList<>();
            rendered.stream().filter(o -> "KafkaUser".equals(o.path("kind").asText()))
                    .forEach(user -> acls.addAll(StrimziAcls.of(user)));
            admin.createAcls(acls).all().get();
            final List<NewTopic> now = new ArrayList<>();
            final List<NewTopic> later = new ArrayList<>();
            for (final JsonNode topic : rendered) {
                if (!"KafkaTopic".equals(topic.path("kind").asText())) {
                    continue;
                }
                final String name = topic.at("/spec/topicName").asText();
                final Map<String, String> configs = new HashMap<>();
                topic.at("/spec/config").properties().forEach(e -> configs.put(e.getKey(), e.getValue().asText()));
                final NewTopic created = new NewTopic(name, topic.at("/spec/partitions").asInt(),
                        (short) topic.at("/spec/replicas").asInt()).configs(configs);
                if (!name.contains("." + PROVIDER_B + ".")) {
                    now.add(created);
                } else if (name.startsWith("pks.provider.")) {
                    later.add(created);
                }
                // Provider B's output topics are left to the service, as when an operator creates only event topics.
            }
            admin.createTopics(now).all().get();
            providerBTopics = List.copyOf(later);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("Could not set up the secured broker", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        database = EmbeddedDatabase.startTemporary();
        final Map<String, String> settings = new HashMap<>(EmbeddedInfrastructureResource.settings(kafka, database));
        settings.put("kafka.security.protocol", "SASL_PLAINTEXT");
        settings.put("kafka.sasl.mechanism", "PLAIN");
        settings.put("kafka.sasl.jaas.config", jaas(SERVICE_USER));
        settings.put(BOOTSTRAP, kafka.bootstrapServers());
        return settings;
    }

    /** The settings of a client that signs in as {@code user} (password: the user's name and "-pw"). */
    static Map<String, Object> client(final String bootstrap, final String user) {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        settings.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user));
        return settings;
    }

    private static String jaas(final String user) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + user + "-pw\";";
    }

    /** The chart's KafkaUsers and KafkaTopics for the two providers and the service, as a region would render them. */
    private static List<JsonNode> renderChart() {
        final String manifest = new Helm(Path.of("helm/pks-stream")).template().withName("pks-stream")
                .set("providerUsers.enabled", true).set("providerUsers.clusterName", "test")
                .set("providerUsers.providers[0].id", PROVIDER_A).set("providerUsers.providers[1].id", PROVIDER_B)
                .set("serviceUser.enabled", true).set("serviceUser.clusterName", "test")
                .set("topics.enabled", true).set("topics.clusterName", "test").set("topics.partitions", 2)
                .set("kafka.replicationFactor", 1).call();
        final List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(manifest)) {
            final var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                final JsonNode node = values.next();
                if (node != null && node.has("kind")) {
                    objects.add(node);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    private static List<String> users(final List<JsonNode> rendered) {
        final List<String> users = new ArrayList<>(List.of(ADMIN_USER));
        rendered.stream().filter(o -> "KafkaUser".equals(o.path("kind").asText()))
                .forEach(user -> users.add(user.at("/metadata/name").asText()));
        return users;
    }

    /**
     * SASL/PLAIN on the client listener, the one a client can use, with one password per user; KRaft's own
     * authorizer. The controller listener stays plain inside this one process: the broker part reaches its controller
     * part there as ANONYMOUS, which must therefore be a super user, as {@code admin} is for setting the test up.
     */
    private static Map<String, String> brokerSettings(final int broker, final int controller,
                                                      final List<String> users) {
        final StringBuilder jaas = new StringBuilder(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" "
                        + "password=\"admin-pw\"");
        users.forEach(user -> jaas.append(" user_").append(user).append("=\"").append(user).append("-pw\""));
        jaas.append(';');
        final Map<String, String> settings = new HashMap<>();
        settings.put("listeners", "SASL_PLAINTEXT://localhost:" + broker + ",CONTROLLER://localhost:" + controller);
        settings.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + broker);
        settings.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        settings.put("sasl.enabled.mechanisms", "PLAIN");
        settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        settings.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.toString());
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("super.users", "User:admin;User:ANONYMOUS");
        settings.put("allow.everyone.if.no.acl.found", "false");
        return settings;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
