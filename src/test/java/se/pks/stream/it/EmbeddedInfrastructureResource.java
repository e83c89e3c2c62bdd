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
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password(),
                "kafka-streams.state.dir", tempDir("pks-streams-test").toString());
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
