package se.pks.stream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker and database are real servers: transactions work on the single Kafka node, and both keep
 * their data across a stop and a restart on the same directory (what the local run relies on).
 */
class EmbeddedInfrastructureTest {

    private static final String TOPIC = "infra-check";
    private static final String TRANSACTIONAL_ID = "infra-check-producer";
    private static final String KEY = "unit-1";

    @Test
    void brokerRunsTransactionsAndKeepsDataAcrossRestart(@TempDir final Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker broker = timed("Kafka first start", () -> EmbeddedKafkaBroker.start(dataDir, 0, 0))) {
            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.empty(), Optional.empty()))).all().get();
            }
            // An aborted transaction must stay invisible to read_committed readers, or exactly-once is not working.
            produceInTransaction(broker, "aborted", false);
            produceInTransaction(broker, "hello", true);
            assertEquals(List.of("hello"), readCommitted(broker, 1));
        }

        try (EmbeddedKafkaBroker broker = timed("Kafka restart", () -> EmbeddedKafkaBroker.start(dataDir, 0, 0))) {
            try (Admin admin = admin(broker)) {
                final TopicDescription topic = admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC);
                // The topic was created without a partition count, so it got the broker's num.partitions = 3.
                assertEquals(3, topic.partitions().size());
            }
            // The same transactional id resumes: the transaction state log survived the restart too.
            produceInTransaction(broker, "again", true);
            assertEquals(List.of("hello", "again"), readCommitted(broker, 2));
        }
    }

    @Test
    void databaseKeepsDataAcrossRestart(@TempDir final Path dataDir) throws Exception {
        try (EmbeddedDatabase database = timed("PostgreSQL first start", () -> EmbeddedDatabase.start(dataDir, 0));
                Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE care_unit (unit_id text PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO care_unit VALUES ('unit-1', 'Ortopedi Huddinge')");
        }

        try (EmbeddedDatabase database = timed("PostgreSQL restart", () -> EmbeddedDatabase.start(dataDir, 0));
                Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT unit_id, name FROM care_unit")) {
            assertTrue(rows.next());
            assertEquals("unit-1", rows.getString("unit_id"));
            assertEquals("Ortopedi Huddinge", rows.getString("name"));
            assertTrue(!rows.next(), "exactly one row was inserted");
        }
    }

    @Test
    void temporaryDatabaseServesThePksUserAndDatabase() throws Exception {
        try (EmbeddedDatabase database = timed("PostgreSQL temporary start", EmbeddedDatabase::startTemporary);
                Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_user, current_database()")) {
            assertTrue(rows.next());
            assertEquals("pks", rows.getString(1));
            assertEquals("pks", rows.getString(2));
        }
    }

    private static void produceInTransaction(final EmbeddedKafkaBroker broker, final String value, final boolean commit)
            throws ExecutionException, InterruptedException {
        final Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, KEY, value)).get();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    /** Reads the one partition the key hashes to from the beginning until {@code expected} values have arrived. */
    private static List<String> readCommitted(final EmbeddedKafkaBroker broker, final int expected) {
        final Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // One more short poll so that a record beyond the expected ones (an aborted one leaking) would show.
            consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
        }
        return values;
    }

    private static Admin admin(final EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static Connection connect(final EmbeddedDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static <T> T timed(final String what, final Supplier<T> start) {
        final long begin = System.nanoTime();
        final T started = start.get();
        System.out.printf("%s took %d ms%n", what, (System.nanoTime() - begin) / 1_000_000);
        return started;
    }
}
