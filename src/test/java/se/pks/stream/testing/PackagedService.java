package se.pks.stream.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import se.pks.stream.local.EmbeddedDatabase;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, what the Docker image runs) as its own JVM, with
 * the production profile, logging in to the database as the runtime role {@code pks_service} and migrating as the
 * owner, as a pod does. The crash and rebalance tests kill it ({@link #kill()}) or stop it ({@link #terminate()});
 * the benchmark and the soak time it and read its metrics.
 */
public final class PackagedService implements AutoCloseable {

    /** The admin key every launch gives the service, so a test can create provider credentials. */
    public static final String ADMIN_KEY = "packaged-admin-key";
    /**
     * A person signed in for {@link #get}, role leadership (the unit register and figures need a person). The
     * production profile defines no users; the user store's users are runtime settings, so the launch adds one.
     */
    private static final String READER = "packaged-reader";
    private static final String READER_AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString((READER + ":" + READER).getBytes(StandardCharsets.UTF_8));
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final String name;
    private final Process process;
    private final int httpPort;
    private final Path log;
    private final long launchedNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedService(final String name, final Process process, final int httpPort, final Path log) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.launchedNanos = System.nanoTime();
    }

    /**
     * Where and as what an instance runs.
     *
     * @param name     names the Kafka client ids (so consumer group members can be told apart) and the database
     *                 connections ({@code application_name} in {@code pg_stat_activity})
     * @param stateDir Kafka Streams' state: reusing an instance's directory resumes it, as a pod on its volume
     * @param log      the service's output, appended to
     * @param options  further JVM options (settings under test), may be empty
     */
    public record Launch(String name, String bootstrap, EmbeddedDatabase database, String applicationId,
            Path stateDir, int standbyReplicas, Path log, List<String> options) {

        public Launch {
            options = List.copyOf(options);
        }
    }

    public static PackagedService start(final Launch launch) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("No " + JAR + ": package the service first (./mvnw package -DskipTests)");
        }
        Files.createDirectories(launch.log().toAbsolutePath().getParent());
        final EmbeddedDatabase database = launch.database();
        final int httpPort = freePort();
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dkafka.bootstrap.servers=" + launch.bootstrap(),
                "-Dquarkus.datasource.jdbc.url=" + database.jdbcUrl(),
                "-Dquarkus.datasource.username=" + database.serviceUsername(),
                "-Dquarkus.datasource.password=" + database.servicePassword(),
                "-Dquarkus.flyway.username=" + database.username(),
                "-Dquarkus.flyway.password=" + database.password(),
                "-Dquarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName=" + launch.name(),
                "-Dquarkus.kafka-streams.application-id=" + launch.applicationId(),
                "-Dkafka-streams.client.id=" + launch.name(),
                "-Dkafka-streams.replication.factor=1",
                "-Dkafka-streams.num.standby.replicas=" + launch.standbyReplicas(),
                "-Dkafka-streams.state.dir=" + launch.stateDir().toAbsolutePath(),
                "-Dquarkus.http.port=" + httpPort,
                "-Dpks.topics.create=false",
                "-Dpks.demo.enabled=false",
                "-Dpks.admin.key=" + ADMIN_KEY,
                "-Dquarkus.security.users.embedded.users." + READER + "=" + READER,
                "-Dquarkus.security.users.embedded.roles." + READER + "=leadership"));
        command.addAll(launch.options());
        command.addAll(List.of("-jar", JAR.toString()));
        final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()))
                .start();
        return new PackagedService(launch.name(), process, httpPort, launch.log());
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - launchedNanos);
    }

    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " stopped (exit " + process.exitValue() + "); see " + log);
        }
    }

    /** Waits until the readiness check answers 200: Kafka Streams running and the database sink connected. */
    public void awaitReady(final Duration limit) throws InterruptedException {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (final IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within " + limit + "; see " + log);
    }

    public URI uri(final String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    /** A GET signed in as the launch's reader, which public endpoints ignore. */
    public HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                        .header("Authorization", READER_AUTHORIZATION).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** CPU time the service's JVM has used so far (user + system, all threads), as the OS counts it. */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed, open transactions are left dangling. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL");
        }
    }

    /** SIGTERM: Quarkus shuts down in order (Kafka Streams closes, the sink finishes its batch); SIGKILL after 60 s. */
    public void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /**
     * SIGTERM, as Kubernetes sends it, and the time until the process has exited; SIGKILL and a failure if it is
     * still running after {@code limit}.
     */
    public Duration terminateWithin(final Duration limit) throws InterruptedException {
        return Stopping.terminateWithin(process, name, limit);
    }

    /** The exit status, once the process has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        terminate();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
