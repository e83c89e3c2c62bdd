package se.pks.stream.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.testing.PackagedService;

/**
 * One service instance of a run: its broker, database, application id, state directory and standby replicas. Every
 * {@link #start} is a new process on the same state directory, as Kubernetes restarts a pod on its volume; its output
 * goes to {@code <logDir>/<name>.log}.
 */
record Instance(String bootstrap, EmbeddedDatabase database, String applicationId, Path stateDir, int standbyReplicas,
        Path logDir) {

    /**
     * Quick failover: a member that died without leaving keeps its partitions until its session expires: 45 s by default, the
     * broker's minimum (6 s) here, so that a restart or a takeover does not wait long.
     */
    private static final List<String> OPTIONS = List.of(
            "-Dkafka-streams.session.timeout.ms=6000",
            "-Dkafka-streams.heartbeat.interval.ms=1500",
            "-Dkafka.session.timeout.ms=6000",
            "-Dkafka.heartbeat.interval.ms=1500",
            // For the record of a failed run: offset resets, task restoration and checkpoints, state transitions.
            "-Dquarkus.log.category.\"org.apache.kafka.clients.consumer.internals\".level=INFO",
            "-Dquarkus.log.category.\"org.apache.kafka.streams.processor.internals\".level=INFO");

    /** @param name names the log file, the Kafka client ids and the database connections of this process */
    PackagedService start(final String name) throws IOException {
        return PackagedService.start(new PackagedService.Launch(name, bootstrap, database, applicationId, stateDir,
                standbyReplicas, logDir.resolve(name + ".log"), OPTIONS));
    }

    String jdbcUrl() {
        return database.jdbcUrl();
    }
}
