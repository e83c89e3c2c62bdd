package se.pks.stream.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.local.EmbeddedKafkaBroker;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topics;

/**
 * A fresh single-node Kafka (KRaft) and a fresh PostgreSQL in the test JVM, with the shared topics and each
 * deployment's output topics created as the platform would create them. Every run gets its own: a second run under
 * the same application id would resume from the first one's offsets and figures, and could hide behind them.
 */
final class Cluster implements AutoCloseable {

    static final int PARTITIONS = 3;

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedDatabase database;

    private Cluster(final EmbeddedKafkaBroker kafka, final EmbeddedDatabase database) {
        this.kafka = kafka;
        this.database = database;
    }

    /** @param applicationIds the deployments that will run on it, whose output topics are created with the shared */
    static Cluster start(final Path dir, final String... applicationIds) throws Exception {
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
            final List<NewTopic> topics = Stream.concat(Topics.SHARED.stream(),
                            Stream.of(applicationIds).flatMap(id -> OutputTopics.of(id).all().stream()))
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
        return instance(applicationId, database, stateDir, standbyReplicas, logDir);
    }

    /** An instance writing to a database of its own, as a second deployment beside the first does. */
    Instance instance(final String applicationId, final EmbeddedDatabase ownDatabase, final Path stateDir,
                      final int standbyReplicas, final Path logDir) {
        return new Instance(bootstrap(), ownDatabase, applicationId, stateDir, standbyReplicas, logDir);
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
