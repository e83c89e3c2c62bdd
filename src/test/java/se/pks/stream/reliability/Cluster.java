package se.pks.stream.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.local.EmbeddedKafkaBroker;
import se.pks.stream.topics.Topics;

/**
 * A fresh single-node Kafka (KRaft) and a fresh PostgreSQL in the test JVM, with the public topics created as the
 * platform would create them. Every run gets its own: the topology reads its own output topic back
 * ({@code pks.measure-values.v1}), so a second run on the same topics would see, and could hide behind, the figures of
 * the first.
 */
final class Cluster implements AutoCloseable {

    static final int PARTITIONS = 3;

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedDatabase database;

    private Cluster(final EmbeddedKafkaBroker kafka, final EmbeddedDatabase database) {
        this.kafka = kafka;
        this.database = database;
    }

    static Cluster start(final Path dir) throws Exception {
        final EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, 0);
        final EmbeddedDatabase database;
        try {
            // Only the service is killed, never PostgreSQL: a throw-away server (fsync off) will do.
            database = EmbeddedDatabase.startTemporary();
        } catch (final RuntimeException e) {
            kafka.close();
            throw e;
        }
        final Cluster cluster = new Cluster(kafka, database);
        try (Admin admin = cluster.admin()) {
            final List<NewTopic> topics = Topics.ALL.stream()
                    .map(topic -> new NewTopic(topic.name(), PARTITIONS, (short) 1).configs(topic.configs()))
                    .toList();
            admin.createTopics(topics).all().get();
        }
        return cluster;
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    String jdbcUrl() {
        return database.jdbcUrl();
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap()));
    }

    EmbeddedDatabase database() {
        return database;
    }

    Instance instance(final String applicationId, final Path stateDir, final int standbyReplicas, final Path logDir) {
        return new Instance(this, applicationId, stateDir, standbyReplicas, logDir);
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            database.close();
        }
    }
}
