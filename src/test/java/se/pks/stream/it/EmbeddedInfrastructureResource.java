package se.pks.stream.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.local.EmbeddedKafkaBroker;

/** A real KRaft broker and a real PostgreSQL for the tests, started in-process: no Docker needed. */
public class EmbeddedInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /** Outside the service's pks.* config (which refuses unknown keys); tests read the superuser's JDBC URL here. */
    public static final String SUPERUSER_URL = "pks-test.superuser-jdbc-url";

    private EmbeddedKafkaBroker kafka;
    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            kafka = EmbeddedKafkaBroker.start(Files.createTempDirectory("pks-kafka-test"), 0, 0);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        database = EmbeddedDatabase.startTemporary();
        return settings(kafka, database);
    }

    /** What the service under test is given to reach the broker and the database (shared by the outage tests). */
    static Map<String, String> settings(final EmbeddedKafkaBroker kafka, final EmbeddedDatabase database) {
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                // As in production: Flyway migrates as the owner, the service runs without DDL rights.
                "quarkus.flyway.username", database.username(),
                "quarkus.flyway.password", database.password(),
                "quarkus.datasource.username", database.serviceUsername(),
                "quarkus.datasource.password", database.servicePassword(),
                "kafka-streams.state.dir", tempDir("pks-streams-test").toString(),
                // Only for tests that create roles or check what another role may do (DatabasePrivilegesTest).
                SUPERUSER_URL, database.superuserJdbcUrl());
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

    private static Path tempDir(final String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
