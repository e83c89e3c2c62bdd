package se.pks.stream.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only where a Docker engine answers (DOCKER_HOST, or the usual socket), and otherwise skips it with a
 * message saying so, before Quarkus starts: Dev Services would fail to boot without one. The build machines of this
 * project have no Docker engine, so there the test is reported as skipped, never as passed.
 */
public final class DockerEngine implements ExecutionCondition {

    private static final Path SOCKET = Path.of("/var/run/docker.sock");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context) {
        final String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return ConditionEvaluationResult.enabled("Docker engine at DOCKER_HOST=" + host);
        }
        if (Files.exists(SOCKET)) {
            return ConditionEvaluationResult.enabled("Docker engine at " + SOCKET);
        }
        return ConditionEvaluationResult.disabled("SKIPPED, not passed: no Docker engine (no DOCKER_HOST, no "
                + SOCKET + "), so the Dev Services path (Testcontainers' Kafka and TimescaleDB) was not tried");
    }
}
