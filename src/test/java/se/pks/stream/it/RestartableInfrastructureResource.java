package se.pks.stream.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.local.EmbeddedKafkaBroker;

/**
 * The same real broker and PostgreSQL as {@link EmbeddedInfrastructureResource}, handed to the outage tests so that
 * they can stop and restart them under the running service (same data, same ports).
 */
public class RestartableInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedKafkaBroker kafka;
    private static volatile EmbeddedDatabase database;

    static EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    static EmbeddedDatabase database() {
        return database;
    }

    @Override
    public Map<String, String> start() {
        try {
            kafka = EmbeddedKafkaBroker.start(Files.createTempDirectory("pks-kafka-outage"), 0, 0);
            database = EmbeddedDatabase.startTemporary();
            // As in production: Flyway migrates as the owner, the service runs with row privileges only.
            return Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                    "quarkus.flyway.username", database.username(),
                    "quarkus.flyway.password", database.password(),
                    "quarkus.datasource.username", database.serviceUsername(),
                    "quarkus.datasource.password", database.servicePassword(),
                    "kafka-streams.state.dir", Files.createTempDirectory("pks-streams-outage").toString(),
                    EmbeddedInfrastructureResource.SUPERUSER_URL, database.superuserJdbcUrl());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
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
