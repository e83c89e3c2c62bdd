package se.pks.stream.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the packaged service ({@code target/quarkus-app/quarkus-run.jar}) in its own JVM, as a pod would run
 * it, so that it can be killed with SIGKILL ({@link #kill()}) or stopped with SIGTERM ({@link #terminate()}) like a
 * real process. Its output goes to {@code <logDir>/<name>.log}.
 */
final class ServiceProcess {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final String name;
    private final Process process;
    private final long launchedNanos;

    private ServiceProcess(final String name, final Process process) {
        this.name = name;
        this.process = process;
        this.launchedNanos = System.nanoTime();
    }

    /**
     * @param name names the log file, the Kafka client ids (so consumer group members can be told apart) and the
     *     database connections ({@code application_name} in {@code pg_stat_activity})
     */
    static ServiceProcess start(final String name, final Instance instance) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("No " + JAR + ": the reliability tests run after `./mvnw package`");
        }
        Files.createDirectories(instance.logDir());
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dkafka.bootstrap.servers=" + instance.bootstrap(),
                "-Dquarkus.datasource.jdbc.url=" + instance.jdbcUrl(),
                "-Dquarkus.datasource.username=pks",
                "-Dquarkus.datasource.password=pks",
                "-Dquarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName=" + name,
                "-Dquarkus.kafka-streams.application-id=" + instance.applicationId(),
                "-Dkafka-streams.client.id=" + name,
                "-Dkafka-streams.replication.factor=1",
                "-Dkafka-streams.num.standby.replicas=" + instance.standbyReplicas(),
                "-Dkafka-streams.state.dir=" + instance.stateDir().toAbsolutePath(),
                // A member that died without leaving keeps its partitions until its session expires: 45 s by
                // default, the broker's minimum (6 s) here, so that a restart or a takeover does not wait long.
                "-Dkafka-streams.session.timeout.ms=6000",
                "-Dkafka-streams.heartbeat.interval.ms=1500",
                "-Dkafka.session.timeout.ms=6000",
                "-Dkafka.heartbeat.interval.ms=1500",
                "-Dquarkus.http.port=0",
                "-Dpks.topics.create=false",
                "-Dpks.demo.enabled=false",
                "-jar", JAR.toString()));
        final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.logDir().resolve(name + ".log").toFile()))
                .start();
        return new ServiceProcess(name, process);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - launchedNanos);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed, open transactions are left dangling. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL");
        }
    }

    /** SIGTERM: Quarkus shuts down in order (Kafka Streams closes, the sink finishes its batch). */
    void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Where and as what an instance runs. */
    record Instance(String bootstrap, String jdbcUrl, String applicationId, Path stateDir, int standbyReplicas,
            Path logDir) {
    }
}
