package se.pks.stream.local;

import io.quarkus.runtime.Application;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;

/**
 * The embedded default of the local run: a real KRaft broker and a real PostgreSQL, in this JVM, with their data
 * under one directory so that figures survive a stop and a restart. Started before Quarkus boots, because Flyway
 * and Kafka Streams connect during boot.
 */
public final class LocalInfrastructure {

    /** Outside pks.*, whose configuration refuses unknown keys; system properties outlive a dev-mode restart. */
    static final String DEV_MODE = "pks-local.dev-mode";
    private static final String RUNNING = "pks-local.running";

    private LocalInfrastructure() {
    }

    /**
     * The local run is the {@code local} profile ({@code -Dquarkus.profile=local} or QUARKUS_PROFILE=local), and dev
     * mode ({@code ./mvnw quarkus:dev}, which sets {@value #DEV_MODE} in pom.xml: Quarkus' own launch mode is not
     * known yet when main runs) unless another profile is asked for, as {@code devservices} is. The dev profile
     * inherits the local one's settings, which expect these servers.
     */
    public static boolean requested() {
        final String profile = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
        return "local".equals(profile) || profile == null && Boolean.getBoolean(DEV_MODE);
    }

    /**
     * Starts the servers once per JVM: dev mode runs main again at every live reload, in a new class loader, and the
     * reloaded service goes on with the servers (and the data) it had.
     */
    public static void start() {
        if (Boolean.getBoolean(RUNNING)) {
            return;
        }
        final Path dataDir = Path.of(setting("pks.local.data-dir", "PKS_LOCAL_DATA_DIR", ".local")).toAbsolutePath();
        final int kafkaPort = Integer.parseInt(setting("pks.local.kafka-port", "PKS_LOCAL_KAFKA_PORT", "19092"));
        final int controllerPort = Integer.parseInt(
                setting("pks.local.kafka-controller-port", "PKS_LOCAL_KAFKA_CONTROLLER_PORT", "19093"));
        final int postgresPort = Integer.parseInt(setting("pks.local.postgres-port", "PKS_LOCAL_POSTGRES_PORT", "15432"));

        final EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, controllerPort);
        final EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), postgresPort);
        database.stopOnlyOnClose();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(kafka, database), "pks-local-infrastructure-stop"));

        // The service connects to exactly these; system properties override the %local profile's defaults.
        System.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());
        System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
        // Flyway migrates as the owner; the service runs as a login that cannot change the schema.
        System.setProperty("quarkus.flyway.username", database.username());
        System.setProperty("quarkus.flyway.password", database.password());
        System.setProperty("quarkus.datasource.username", database.serviceUsername());
        System.setProperty("quarkus.datasource.password", database.servicePassword());
        System.setProperty("kafka-streams.state.dir", dataDir.resolve("kafka-streams").toString());
        System.setProperty(RUNNING, "true");

        System.out.printf("""

                pks-stream local run
                  Kafka bootstrap servers : %s
                  PostgreSQL JDBC URL     : %s  (user %s, password %s)
                  Data directory          : %s
                  HTTP                    : http://localhost:8080/results/

                """, kafka.bootstrapServers(), database.jdbcUrl(), database.username(), database.password(), dataDir);
    }

    /**
     * Runs as a shutdown hook, beside Quarkus' own, which stops the application: the servers stop only once it has
     * stopped, Kafka Streams, the sink and the pool included. Stopped earlier, they left Kafka Streams waiting for
     * a broker that had gone and the alert round writing to a database that had gone (issue 22).
     */
    private static void stop(final EmbeddedKafkaBroker kafka, final EmbeddedDatabase database) {
        final Application application = Application.currentApplication();
        if (application != null) {
            application.awaitShutdown();
        }
        releaseStreamsGroup(kafka);
        kafka.close();
        database.close();
    }

    /**
     * Kafka Streams does not leave its consumer group when it closes, so the group keeps the stopped member until its
     * session times out (45 s). A local run started again before that, or stopped again while its first rebalance
     * waits for that member, waited those 45 s; with only this one instance, the stopped member is the group's only
     * one and can be removed.
     */
    private static void releaseStreamsGroup(final EmbeddedKafkaBroker kafka) {
        final String group = System.getProperty("quarkus.kafka-streams.application-id", "pks-stream");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all()
                    .get(5, TimeUnit.SECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            System.err.println("Kafka Streams' group " + group + " keeps its member (" + e.getMessage()
                    + "); the next start waits up to 45 s for it");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String setting(final String property, final String environment, final String fallback) {
        final String fromProperty = System.getProperty(property);
        if (fromProperty != null) {
            return fromProperty;
        }
        final String fromEnvironment = System.getenv(environment);
        return fromEnvironment != null ? fromEnvironment : fallback;
    }
}
