package se.pks.stream.bench;

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

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as its own JVM against a broker and a
 * database, for as long as a load run needs it: its HTTP address, its CPU time and its Prometheus text. Unlike
 * {@link ServiceRun}, which watches one replay to its end, this only starts and stops the process.
 */
final class ServiceProcess implements AutoCloseable {

    /** The admin key the load runs give the service, so they can create provider credentials. */
    static final String ADMIN_KEY = "load-admin-key";
    /**
     * A person the load runs sign in as to read the unit register (role leadership). The production profile defines no
     * users; the user store's users are runtime settings, so the run adds one.
     */
    private static final String READER = "load-reader";
    private static final String READER_AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString((READER + ":" + READER).getBytes(StandardCharsets.UTF_8));

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(final Process process, final int httpPort, final Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * @param stateDir Kafka Streams' state: the replay's own directory resumes that replay instead of starting over
     * @param options  further JVM options for the service (settings under test), may be empty
     */
    static ServiceProcess start(final String bootstrap, final String jdbcUrl, final String applicationId,
            final Path stateDir, final Path log, final List<String> options) throws IOException {
        final Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No " + jar + ": package the service first (./mvnw package -DskipTests)");
        }
        final int httpPort = freePort();
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                "-Dquarkus.datasource.username=pks",
                "-Dquarkus.datasource.password=pks",
                "-Dquarkus.kafka-streams.application-id=" + applicationId,
                "-Dkafka-streams.replication.factor=1",
                "-Dkafka-streams.num.standby.replicas=0",
                "-Dkafka-streams.state.dir=" + stateDir.toAbsolutePath(),
                "-Dquarkus.http.port=" + httpPort,
                "-Dpks.topics.create=false",
                "-Dpks.demo.enabled=false",
                "-Dpks.admin.key=" + ADMIN_KEY,
                "-Dquarkus.security.users.embedded.users." + READER + "=" + READER,
                "-Dquarkus.security.users.embedded.roles." + READER + "=leadership"));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServiceProcess(process, httpPort, log);
    }

    /** Waits until the readiness check answers 200: Kafka Streams running and the database sink connected. */
    void awaitReady(final Duration limit) throws InterruptedException {
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
        throw new IllegalStateException("The service was not ready within " + limit + "; see " + log);
    }

    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The service stopped (exit " + process.exitValue() + "); see " + log);
        }
    }

    URI uri(final String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    /** A GET signed in as the run's reader, which public endpoints ignore. */
    HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                        .header("Authorization", READER_AUTHORIZATION).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus text of /q/metrics, or null when the service does not answer in time. */
    PrometheusText metrics() throws InterruptedException {
        try {
            final HttpResponse<String> response = get("/q/metrics");
            return response.statusCode() == 200 ? new PrometheusText(response.body()) : null;
        } catch (final IOException e) {
            return null;
        }
    }

    /** CPU time the service's JVM has used so far (user + system, all threads), as the OS counts it. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
