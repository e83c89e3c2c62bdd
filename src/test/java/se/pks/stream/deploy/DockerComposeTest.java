package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so its wiring is checked by reading it: the service
 * gets every setting production needs, the services point at each other, and what it mounts exists in the repository.
 */
class DockerComposeTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern HELM_CONFIG_KEY = Pattern.compile("(?m)^ {2}([A-Z][A-Z0-9_]*):");
    private static final Pattern CREATED_ROLE = Pattern.compile("CREATE ROLE (\\w+)");
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(\\w+)");

    /** Production settings the Docker trial replaces on purpose, and with what. */
    private static final Map<String, String> NOT_FOR_THE_TRIAL = Map.of(
            "MP_JWT_VERIFY_ISSUER", "people sign in against the built-in user store, as in ./pks-local",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "the same",
            "SMALLRYE_JWT_PATH_GROUPS", "the same",
            "PKS_ALERTS_DELIVERY_WEBHOOK_HOSTS", "a trial may send webhooks anywhere",
            "QUARKUS_MAILER_HOST", "e-mails are logged (QUARKUS_MAILER_MOCK), not sent",
            "QUARKUS_MAILER_PORT", "the same",
            "QUARKUS_MAILER_START_TLS", "the same",
            "PKS_LOCAL_MAIL_MOCK", "a setting of ./pks-local only");

    private static JsonNode services;

    @BeforeAll
    static void readCompose() throws IOException {
        final ObjectMapper yaml = new YAMLMapper();
        services = yaml.readTree(COMPOSE.toFile()).path("services");
        assertEquals(Set.of("kafka", "timescaledb", "pks-stream", "prometheus", "grafana"), names(services));
    }

    @Test
    void pksStreamGetsEverySettingADeploymentMustProvide() throws IOException {
        final Map<String, String> env = environment("pks-stream");
        final Set<String> required = new TreeSet<>();
        // The variables application.properties reads for production ...
        final Matcher placeholders = PLACEHOLDER.matcher(Files.readString(Path.of("src/main/resources/application.properties")));
        while (placeholders.find()) {
            required.add(placeholders.group(1));
        }
        // ... those the Helm chart sets for every installation ...
        final Matcher helmKeys = HELM_CONFIG_KEY.matcher(Files.readString(Path.of("helm/pks-stream/templates/configmap.yaml")));
        while (helmKeys.find()) {
            required.add(helmKeys.group(1));
        }
        // ... and the database password, which has no default anywhere.
        required.add("QUARKUS_DATASOURCE_PASSWORD");
        assertTrue(required.containsAll(Set.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL",
                "KAFKA_STREAMS_REPLICATION_FACTOR", "PKS_STATE_DIR")), required.toString());
        final Set<String> missing = new TreeSet<>(required);
        missing.removeAll(env.keySet());
        missing.removeAll(NOT_FOR_THE_TRIAL.keySet());
        assertEquals(Set.of(), missing, "settings pks-stream needs but docker-compose.yml does not set");

        // A single broker holds one replica: internal topics asking for three could never be created.
        assertEquals("1", env.get("KAFKA_STREAMS_REPLICATION_FACTOR"));
        assertEquals("1", env.get("PKS_TOPICS_REPLICATION_FACTOR"));
        assertEquals("true", env.get("PKS_TOPICS_CREATE"));
        assertEquals("true", env.get("PKS_DEMO_ENABLED"));
        // Instead of the OpenID Connect provider: the built-in users of the local run.
        assertEquals("true", env.get("QUARKUS_SECURITY_USERS_EMBEDDED_ENABLED"));
        assertEquals("true", env.get("QUARKUS_HTTP_AUTH_BASIC"));
        assertTrue(env.get("JAVA_TOOL_OPTIONS").contains("-Dquarkus.security.users.embedded.roles.leader=leadership"));
        assertTrue(volumeTargets("pks-stream").contains(env.get("PKS_STATE_DIR")), "state on a volume");
        assertEquals(List.of("8080:8080"), ports("pks-stream"));
        assertEquals(".", services.path("pks-stream").path("build").asText());
    }

    @Test
    void theDockerfileBuildsWithTheWrapperOnAJdkAndRunsTheFastJarOnAJre() throws IOException {
        final String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("FROM eclipse-temurin:25-jdk AS build"), dockerfile);
        assertTrue(dockerfile.contains("./mvnw -B package -DskipTests"), dockerfile);
        assertTrue(dockerfile.contains("FROM eclipse-temurin:25-jre"), dockerfile);
        assertTrue(dockerfile.contains("/deployments/quarkus-run.jar"), dockerfile);
        // Every directory the build reads resources from must be in the build context the Dockerfile copies.
        final Matcher directories = Pattern.compile("<directory>([^<]+)</directory>")
                .matcher(Files.readString(Path.of("pom.xml")));
        while (directories.find()) {
            final String topLevel = directories.group(1).split("/")[0];
            assertTrue(dockerfile.contains("COPY " + topLevel + " " + topLevel), "the image build needs " + topLevel);
        }
        assertTrue(Files.readString(Path.of(".dockerignore")).contains("target/"), "no local build output in the image");
    }

    @Test
    void pksStreamReachesKafkaAndTimescaleDbAsConfigured() {
        final Map<String, String> env = environment("pks-stream");
        final Map<String, String> kafka = environment("kafka");
        final String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        assertTrue(List.of(kafka.get("KAFKA_ADVERTISED_LISTENERS").split(",")).stream()
                        .anyMatch(listener -> listener.endsWith("://" + bootstrap)),
                bootstrap + " must be one of the broker's advertised listeners");
        assertTrue(bootstrap.startsWith("kafka:"), "containers reach the broker by its service name");
        assertTrue(dependsOn("pks-stream").containsAll(Set.of("kafka", "timescaledb")));

        final Map<String, String> database = environment("timescaledb");
        final Matcher jdbc = JDBC.matcher(env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertTrue(jdbc.matches(), env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("timescaledb", jdbc.group(1));
        assertEquals("5432", jdbc.group(2));
        assertEquals(database.get("POSTGRES_DB"), jdbc.group(3));
        // Flyway migrates as the owner; the service runs as a login of its own that the init script creates.
        assertEquals(database.get("POSTGRES_USER"), env.get("QUARKUS_FLYWAY_USERNAME"));
        assertEquals(database.get("POSTGRES_PASSWORD"), env.get("QUARKUS_FLYWAY_PASSWORD"));
        assertFalse(database.get("POSTGRES_USER").equals(env.get("QUARKUS_DATASOURCE_USERNAME")),
                "the service must not run as the owner");
        assertEquals(database.get("PKS_SERVICE_DB_PASSWORD"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
        final Path script = bindMounts("timescaledb").entrySet().stream()
                .filter(mount -> mount.getKey().startsWith("/docker-entrypoint-initdb.d/"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        final String initSql = readString(script);
        assertTrue(initSql.contains("CREATE ROLE " + env.get("QUARKUS_DATASOURCE_USERNAME") + " LOGIN PASSWORD"),
                script + " creates the service's login");
        assertTrue(initSql.contains("$PKS_SERVICE_DB_PASSWORD"));
        assertTrue(services.path("timescaledb").path("image").asText().startsWith("timescale/timescaledb:"));
        assertTrue(services.path("kafka").path("image").asText().startsWith("apache/kafka:"));
        assertEquals("broker,controller", kafka.get("KAFKA_PROCESS_ROLES"));
        // Kafka Streams runs exactly_once_v2, which needs a transaction log the single broker can hold.
        assertEquals("1", kafka.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"));
        assertEquals("1", kafka.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"));
        // The same host ports as ./pks-local, so the README's examples work with either.
        assertEquals(List.of("19092:19092"), ports("kafka"));
        assertEquals(List.of("15432:5432"), ports("timescaledb"));
    }

    @Test
    void grafanaMountsTheRepositoryProvisioningAndReadsWithTheRoleTheInitScriptCreates() throws IOException {
        final Map<String, Path> mounts = bindMounts("grafana");
        assertEquals(Path.of("grafana/provisioning/datasources"), mounts.get("/etc/grafana/provisioning/datasources"));
        assertEquals(Path.of("grafana/provisioning/dashboards"), mounts.get("/etc/grafana/provisioning/dashboards"));
        // The dashboard provider (provisioning/dashboards/pks.yaml) loads the folder the dashboards are mounted at.
        final JsonNode provider = new YAMLMapper().readTree(Path.of("grafana/provisioning/dashboards/pks.yaml").toFile());
        final String dashboardsPath = provider.path("providers").path(0).path("options").path("path").asText();
        assertEquals(Path.of("grafana/dashboards"), mounts.get(dashboardsPath));
        for (final Map.Entry<String, Path> mount : bindMountsOfAll().entrySet()) {
            assertTrue(Files.exists(mount.getValue()), mount.getKey() + " mounts " + mount.getValue()
                    + ", which is not in the repository");
        }
        assertEquals(List.of("3000:3000"), ports("grafana"));

        // Every variable the provisioning files expand is set on the Grafana container.
        final Map<String, String> grafana = environment("grafana");
        try (var files = Files.list(Path.of("grafana/provisioning/datasources"))) {
            for (final Path file : files.toList()) {
                final Matcher used = PLACEHOLDER.matcher(Files.readString(file));
                while (used.find()) {
                    assertTrue(grafana.containsKey(used.group(1)), file + " needs " + used.group(1));
                }
            }
        }
        assertEquals("timescaledb:5432", grafana.get("PKS_GRAFANA_DB_HOST"));
        assertEquals("http://prometheus:9090", grafana.get("PKS_GRAFANA_PROMETHEUS_URL"));

        // The read-only role: created by the script mounted into TimescaleDB's init directory, with the password
        // the database container hands to that script, and not the service's own role.
        final Map<String, String> database = environment("timescaledb");
        final Path script = bindMounts("timescaledb").entrySet().stream()
                .filter(mount -> mount.getKey().startsWith("/docker-entrypoint-initdb.d/"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        final Matcher role = CREATED_ROLE.matcher(Files.readString(script));
        assertTrue(role.find(), script + " creates a role");
        assertEquals(role.group(1), grafana.get("PKS_GRAFANA_DB_USER"));
        assertFalse(role.group(1).equals(database.get("POSTGRES_USER")), "Grafana must not log in as the owner");
        assertTrue(Files.readString(script).contains("$PKS_GRAFANA_DB_PASSWORD"));
        assertEquals(database.get("PKS_GRAFANA_DB_PASSWORD"), grafana.get("PKS_GRAFANA_DB_PASSWORD"));
        assertTrue(Files.isExecutable(script), "the entrypoint runs only executable .sh files; others are sourced");

        // Prometheus scrapes the service where it serves its metrics.
        final String prometheus = Files.readString(bindMounts("prometheus").get("/etc/prometheus/prometheus.yml"));
        assertTrue(prometheus.contains("pks-stream:8080") && prometheus.contains("/q/metrics"), prometheus);
    }

    private static String readString(final Path file) {
        try {
            return Files.readString(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> environment(final String service) {
        final Map<String, String> env = new HashMap<>();
        services.path(service).path("environment").fields()
                .forEachRemaining(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        assertFalse(env.isEmpty(), service + " has an environment map");
        return env;
    }

    private static List<String> ports(final String service) {
        return textsOf(services.path(service).path("ports"));
    }

    private static List<String> textsOf(final JsonNode array) {
        final List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Set<String> dependsOn(final String service) {
        return names(services.path(service).path("depends_on"));
    }

    private static Set<String> volumeTargets(final String service) {
        final Set<String> targets = new HashSet<>();
        services.path(service).path("volumes").forEach(volume -> targets.add(volume.asText().split(":")[1]));
        return targets;
    }

    /** Container path -> repository path of the service's bind mounts (sources starting with ./). */
    private static Map<String, Path> bindMounts(final String service) {
        final Map<String, Path> mounts = new HashMap<>();
        services.path(service).path("volumes").forEach(volume -> {
            final String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./")) {
                mounts.put(parts[1], Path.of(parts[0].substring(2)));
            }
        });
        return mounts;
    }

    private static Map<String, Path> bindMountsOfAll() {
        final Map<String, Path> mounts = new HashMap<>();
        services.fieldNames().forEachRemaining(service ->
                bindMounts(service).forEach((target, source) -> mounts.put(service + ":" + target, source)));
        return mounts;
    }

    private static Set<String> names(final JsonNode node) {
        final Set<String> names = new HashSet<>();
        if (node.isArray()) {
            node.forEach(item -> names.add(item.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }
}
