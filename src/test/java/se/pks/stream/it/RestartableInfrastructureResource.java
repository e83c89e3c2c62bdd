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
            return EmbeddedInfrastructureResource.settings(kafka, database);
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
