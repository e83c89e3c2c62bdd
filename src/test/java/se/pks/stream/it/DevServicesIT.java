package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
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
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The Dev Services path exactly as a developer types it: {@code ./mvnw quarkus:dev -Dquarkus.profile=devservices},
 * in which Quarkus starts Kafka and TimescaleDB containers through Testcontainers, migrates, loads the demo region
 * and signs in the local users. It needs a Docker engine; without one the test is skipped by an assumption whose
 * message says so (a Quarkus test could not be skipped: Quarkus prepares a test's profile, and so its containers,
 * before any condition is evaluated). Run by failsafe after packaging, so dev mode finds the classes compiled.
 */
class DevServicesIT {

    private static final Path SOCKET = Path.of("/var/run/docker.sock");
    /** Image pulls on a first run included. */
    private static final Duration ANSWERS_WITHIN = Duration.ofMinutes(10);

    @Test
    void devModeWithDevServicesAnswersALocalUser() throws IOException, InterruptedException {
        final String dockerHost = System.getenv("DOCKER_HOST");
        assumeTrue(dockerHost != null && !dockerHost.isBlank() || Files.exists(SOCKET),
                "SKIPPED, not passed: no Docker engine (no DOCKER_HOST, no " + SOCKET + "), so the Dev Services "
                        + "path (Testcontainers' Kafka and TimescaleDB) was not tried");
        final int port = freePort();
        final File log = Files.createTempFile("pks-dev-services", ".log").toFile();
        final Process dev = new ProcessBuilder(wrapper(), "-B", "quarkus:dev", "-Dquarkus.profile=devservices",
                "-Dquarkus.http.port=" + port, "-Ddebug=false", "-Dquarkus.console.enabled=false")
                .redirectErrorStream(true).redirectOutput(log).start();
        try {
            final HttpRequest units = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/units"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("leader:leader".getBytes(StandardCharsets.UTF_8)))
                    .build();
            final Instant deadline = Instant.now().plus(ANSWERS_WITHIN);
            String answer = "";
            while (Instant.now().isBefore(deadline) && dev.isAlive() && !answer.startsWith("[{")) {
                Thread.sleep(Duration.ofSeconds(5));
                answer = get(units);
            }
            assertTrue(answer.startsWith("[{"), "the demo region's units for leader within " + ANSWERS_WITHIN
                    + "; last answer '" + answer + "', dev mode's output in " + log);
        } finally {
            dev.descendants().forEach(ProcessHandle::destroy);
            dev.destroy();
            dev.waitFor();
        }
    }

    private static String get(final HttpRequest request) throws InterruptedException {
        try {
            final HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "status " + response.statusCode();
        } catch (IOException e) {
            return "not listening yet: " + e.getMessage();
        }
    }

    private static String wrapper() {
        return System.getProperty("os.name").startsWith("Windows") ? "mvnw.cmd" : "./mvnw";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
