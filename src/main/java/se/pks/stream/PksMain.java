package se.pks.stream;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.time.Duration;
import se.pks.stream.local.LocalInfrastructure;

/**
 * Entry point. In the {@code local} profile it first starts the embedded Kafka and PostgreSQL; in production it only
 * starts the service, which then connects to the configured Kafka and TimescaleDB.
 */
@QuarkusMain
public final class PksMain {

    /**
     * How long an orderly shutdown may take before the process halts: above the sum of its bounded steps
     * (application.properties, "Shutdown"), below the Helm chart's terminationGracePeriodSeconds, so that the pod ends
     * itself, with one line of log, rather than being killed unannounced.
     */
    public static final Duration SERVICE_SHUTDOWN_LIMIT = Duration.ofSeconds(20);
    /** The local run promises to be gone within 15 s of Ctrl-C, its broker and database stopped included. */
    static final Duration LOCAL_SHUTDOWN_LIMIT = Duration.ofSeconds(14);

    private PksMain() {
    }

    public static void main(final String... args) {
        if (LocalInfrastructure.requested()) {
            ShutdownSignals.install(LOCAL_SHUTDOWN_LIMIT);
            LocalInfrastructure.start();
        } else {
            ShutdownSignals.install(SERVICE_SHUTDOWN_LIMIT);
        }
        Quarkus.run(args);
    }
}
