package se.pks.stream;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import se.pks.stream.local.LocalInfrastructure;

/**
 * Entry point. In the {@code local} profile it first starts the embedded Kafka and PostgreSQL; in production it only
 * starts the service, which then connects to the configured Kafka and TimescaleDB.
 */
@QuarkusMain
public final class PksMain {

    private PksMain() {
    }

    public static void main(final String... args) {
        if (LocalInfrastructure.requested()) {
            LocalInfrastructure.start();
        }
        Quarkus.run(args);
    }
}
