package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.pks.stream.PksMain;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/** Lints and renders helm/pks-stream with the bundled Helm library (no cluster) and checks the rendered objects. */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/pks-stream");
    private static final Path PRODUCTION_VALUES = Path.of("src/test/resources/helm/production-values.yaml");
    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void lintsStrictWithDefaultValues() {
        assertLintClean(new Helm(CHART).lint().strict().call());
    }

    @Test
    void lintsStrictWithProductionValues() throws IOException {
        // helm-java's lint takes no values file: lint a copy of the chart whose values.yaml has the production values
        // merged over the defaults. Note: lint only logs a failed `required` as INFO; the template tests catch those.
        Path chart = copyChart(tmp.resolve("pks-stream"));
        ObjectNode values = (ObjectNode) YAML.readTree(chart.resolve("values.yaml").toFile());
        YAML.readerForUpdating(values).readValue(PRODUCTION_VALUES.toFile());
        YAML.writeValue(chart.resolve("values.yaml").toFile(), values);
        assertLintClean(new Helm(chart).lint().strict().call());
    }

    @Test
    void defaultValuesRenderStatefulSetAndPdbWithoutStrimziResources() throws IOException {
        List<JsonNode> objects = render(new Helm(CHART).template().withName("pks-stream"));
        assertStatefulSet(objects, 2);
        assertEquals(1, ofKind(objects, "PodDisruptionBudget").size(), "two replicas get a PodDisruptionBudget");
        assertTrue(ofKind(objects, "KafkaTopic").isEmpty());
        assertTrue(ofKind(objects, "KafkaUser").isEmpty());
        assertTrue(ofKind(objects, "ServiceMonitor").isEmpty());
    }

    @Test
    void migrationsCanRunAsTheOwnerWhileTheServiceRunsWithRowPrivilegesOnly() throws IOException {
        JsonNode defaults = configMapOf(render(new Helm(CHART).template().withName("pks-stream")));
        assertFalse(defaults.at("/data").has("QUARKUS_FLYWAY_USERNAME"), "by default Flyway uses the service's login");

        List<JsonNode> objects = render(new Helm(CHART).template().withName("pks-stream")
                .set("database.migration.username", "pks_owner")
                .set("database.migration.passwordSecret.name", "pks-owner-db"));
        assertEquals("pks_owner", configMapOf(objects).at("/data/QUARKUS_FLYWAY_USERNAME").asText());
        JsonNode password = null;
        for (JsonNode env : single(objects, "StatefulSet").at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals("QUARKUS_FLYWAY_PASSWORD")) {
                password = env.at("/valueFrom/secretKeyRef");
            }
        }
        assertTrue(password != null, "the owner's password comes from a Secret");
        assertEquals("pks-owner-db", password.path("name").asText());
        assertEquals("password", password.path("key").asText());
    }

    /** A pod that outlives its grace period is killed unannounced; the service must end itself before that. */
    @Test
    void gracePeriodOutlastsTheServicesShutdownLimitWhichOutlastsItsSteps() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        Duration steps = Stream.of("quarkus.shutdown.timeout", "pks.shutdown.rounds-grace",
                        "pks.shutdown.streams-timeout", "pks.shutdown.sink-timeout")
                .map(key -> Duration.parse("PT" + properties.getProperty(key).toUpperCase()))
                .reduce(Duration.ZERO, Duration::plus);
        long grace = single(render(new Helm(CHART).template().withName("pks-stream")), "StatefulSet")
                .at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        assertTrue(steps.compareTo(PksMain.SERVICE_SHUTDOWN_LIMIT) < 0,
                "the shutdown steps (" + steps + ") fit in the limit " + PksMain.SERVICE_SHUTDOWN_LIMIT);
        assertTrue(PksMain.SERVICE_SHUTDOWN_LIMIT.toSeconds() < grace,
                "the grace period (" + grace + " s) outlasts the limit " + PksMain.SERVICE_SHUTDOWN_LIMIT);
    }

    @Test
    void aProviderIdThatCannotBeATopicPrefixIsRefused() {
        // "prov.x" would make "pks.provider.prov." cover another provider's topics.
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> render(
                new Helm(CHART).template().withName("pks-stream").set("providerUsers.enabled", true)
                        .set("providerUsers.clusterName", "pks").set("providerUsers.providers[0].id", "prov.x")));
        assertTrue(refused.getMessage().contains("id 'prov.x' may hold only letters, digits, '-' and '_'"),
                refused.getMessage());
    }

    @Test
    void singleReplicaHasNoPodDisruptionBudget() throws IOException {
        List<JsonNode> objects = render(new Helm(CHART).template().withName("pks-stream").set("replicaCount", 1));
        assertStatefulSet(objects, 1);
        assertTrue(ofKind(objects, "PodDisruptionBudget").isEmpty(), "a PDB on one replica would block every drain");
    }

    @Test
    void productionValuesRenderTopicsUsersAndPdb() throws IOException {
        List<JsonNode> objects =
                render(new Helm(CHART).template().withName("pks-stream").withValuesFile(PRODUCTION_VALUES));
        JsonNode statefulSet = assertStatefulSet(objects, 3);
        JsonNode data = configMapOf(objects).path("data");
        assertEquals("pks-kafka-bootstrap.kafka:9093", data.path("KAFKA_BOOTSTRAP_SERVERS").asText());
        assertNotNull(statefulSet);
        // Alerts and people: settings in the ConfigMap, the SMTP login only by reference to its Secret.
        assertEquals("https://grafana.region.example", data.path("PKS_ALERTS_DASHBOARD_BASE_URL").asText());
        assertEquals("hooks.slack.com,.webhook.office.com", data.path("PKS_ALERTS_DELIVERY_WEBHOOK_HOSTS").asText());
        assertEquals("smtp.region.example", data.path("QUARKUS_MAILER_HOST").asText());
        assertEquals("https://login.region.example/realms/vard", data.path("MP_JWT_VERIFY_ISSUER").asText());
        assertEquals("realm_access/roles", data.path("SMALLRYE_JWT_PATH_GROUPS").asText());
        final Set<String> fromSmtpSecret = new HashSet<>();
        for (JsonNode env : statefulSet.at("/spec/template/spec/containers/0/env")) {
            if ("pks-stream-smtp".equals(env.at("/valueFrom/secretKeyRef/name").asText())) {
                fromSmtpSecret.add(env.path("name").asText());
            }
        }
        assertEquals(Set.of("QUARKUS_MAILER_USERNAME", "QUARKUS_MAILER_PASSWORD"), fromSmtpSecret);

        JsonNode pdb = single(objects, "PodDisruptionBudget");
        assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());
        assertEquals(statefulSet.at("/spec/selector/matchLabels"), pdb.at("/spec/selector/matchLabels"));
        assertEquals(1, ofKind(objects, "ServiceMonitor").size());

        // The topics the service will use under the application id the chart gives it, with their exact settings.
        List<JsonNode> kafkaTopics = ofKind(objects, "KafkaTopic");
        assertEquals("pks-stream-v2", data.path("QUARKUS_KAFKA_STREAMS_APPLICATION_ID").asText());
        Map<String, Map<String, String>> expectedTopics = new HashMap<>(
                configsByName(Topics.all(OutputTopics.of("pks-stream-v2"))));
        expectedTopics.putAll(boundProviderTopics("pks-stream-v2", true, "prov-sus", "prov-cig"));
        assertEquals(expectedTopics, renderedConfigsByName(kafkaTopics));
        for (JsonNode topic : kafkaTopics) {
            assertEquals("kafka.strimzi.io/v1", topic.path("apiVersion").asText());
            assertEquals("pks", topic.at("/metadata/labels/strimzi.io~1cluster").asText());
            assertEquals("keep", topic.at("/metadata/annotations/helm.sh~1resource-policy").asText());
        }

        List<JsonNode> users = ofKind(objects, "KafkaUser");
        assertEquals(Set.of("pks-provider-prov-sus", "pks-provider-prov-cig", "pks-provider-prov-old", "pks-stream"),
                users.stream().map(u -> u.at("/metadata/name").asText()).collect(Collectors.toSet()));
        users.forEach(user -> assertEquals("kafka.strimzi.io/v1", user.path("apiVersion").asText()));
        // Bound: its own event topics to write, its own rejected topic and groups to read, nothing else.
        assertEquals(Set.of("TOPIC PREFIXED pks.provider.prov-sus. WRITE", "TOPIC PREFIXED pks.provider.prov-sus. DESCRIBE",
                        "TOPIC PREFIXED pks-stream-v2.provider.prov-sus. READ",
                        "TOPIC PREFIXED pks-stream-v2.provider.prov-sus. DESCRIBE",
                        "GROUP PREFIXED pks-provider-prov-sus READ",
                        "CLUSTER LITERAL kafka-cluster IDEMPOTENT_WRITE"),
                acls(users, "pks-provider-prov-sus"));
        // Shared (moving over): the shared event topics to write, as before issue 19.
        assertEquals(Set.of("TOPIC LITERAL pks.visits.v1 WRITE", "TOPIC LITERAL pks.visits.v1 DESCRIBE",
                        "TOPIC LITERAL pks.operations.v1 WRITE", "TOPIC LITERAL pks.operations.v1 DESCRIBE",
                        "TOPIC LITERAL pks.bed-occupancy.v1 WRITE", "TOPIC LITERAL pks.bed-occupancy.v1 DESCRIBE",
                        "TOPIC LITERAL pks.waiting-list.v1 WRITE", "TOPIC LITERAL pks.waiting-list.v1 DESCRIBE",
                        "CLUSTER LITERAL kafka-cluster IDEMPOTENT_WRITE"),
                acls(users, "pks-provider-prov-old"));
        assertEquals("bound", users.stream().filter(u -> u.at("/metadata/name").asText().endsWith("prov-cig"))
                .findFirst().orElseThrow().at("/metadata/labels/pks.se~1provider-binding").asText());
        assertEquals("tls", users.stream().filter(u -> u.at("/metadata/name").asText().endsWith("prov-cig")).findFirst()
                .orElseThrow().at("/spec/authentication/type").asText());
        Set<String> service = acls(users, "pks-stream");
        for (Topic<?, ?> shared : Topics.SHARED) {
            assertTrue(service.containsAll(Set.of("TOPIC LITERAL " + shared.name() + " READ",
                    "TOPIC LITERAL " + shared.name() + " WRITE")), shared.name() + " in " + service);
        }
        assertTrue(service.containsAll(Set.of("TOPIC PREFIXED pks.provider. READ", "TOPIC PREFIXED pks-stream-v2 ALL",
                "GROUP PREFIXED pks-stream-v2 ALL", "TRANSACTIONAL_ID PREFIXED pks-stream-v2 WRITE")), service.toString());
        assertFalse(service.stream().anyMatch(acl -> acl.startsWith("TOPIC PREFIXED pks.provider.") && acl.endsWith("WRITE")),
                "the service never writes a provider's event topics");
    }

    /**
     * Staging beside production on one Kafka cluster: its release renders only its own output topics, none of which
     * production's release renders, and leaves the shared ones to production's release (two releases rendering the
     * same KafkaTopic would fail to install).
     */
    @Test
    void aSecondDeploymentRendersOnlyItsOwnOutputTopics() throws IOException {
        List<JsonNode> production =
                render(new Helm(CHART).template().withName("pks-stream").withValuesFile(PRODUCTION_VALUES));
        List<JsonNode> staging = render(new Helm(CHART).template().withName("pks-staging")
                .withValuesFile(PRODUCTION_VALUES).set("kafka.applicationId", "pks-staging")
                .set("topics.shared", false));

        Map<String, Map<String, String>> stagingTopics = renderedConfigsByName(ofKind(staging, "KafkaTopic"));
        Map<String, Map<String, String>> expected = new HashMap<>(configsByName(OutputTopics.of("pks-staging").all()));
        expected.putAll(boundProviderTopics("pks-staging", false, "prov-sus", "prov-cig"));
        assertEquals(expected, stagingTopics);
        assertEquals(Set.of("pks-staging.measure-values.v1", "pks-staging.deviations.v1",
                "pks-staging.feed-quality.v1", "pks-staging.rejected.v1", "pks-staging.alerts.v1",
                "pks-staging.provider.prov-sus.rejected.v1", "pks-staging.provider.prov-cig.rejected.v1",
                "pks-staging.provider.prov-sus.feed-quality.v1", "pks-staging.provider.prov-cig.feed-quality.v1"),
                stagingTopics.keySet());
        Set<String> shared = new HashSet<>(stagingTopics.keySet());
        shared.retainAll(renderedConfigsByName(ofKind(production, "KafkaTopic")).keySet());
        assertEquals(Set.of(), shared);
    }

    private static Set<String> acls(List<JsonNode> users, String name) {
        JsonNode user = users.stream().filter(u -> u.at("/metadata/name").asText().equals(name)).findFirst()
                .orElseThrow();
        return StrimziAcls.of(user).stream().map(StrimziAcls::text).collect(Collectors.toSet());
    }

    /** The topics of bound providers, spelled here by hand: four event topics, the rejected and data-quality ones. */
    private static Map<String, Map<String, String>> boundProviderTopics(String applicationId, boolean shared,
                                                                         String... providers) {
        Map<String, Map<String, String>> topics = new HashMap<>();
        for (String provider : providers) {
            if (shared) {
                for (String kind : List.of("visits", "operations", "bed-occupancy", "waiting-list")) {
                    topics.put("pks.provider." + provider + "." + kind + ".v1", Map.of("retention.ms", "-1"));
                }
            }
            topics.put(applicationId + ".provider." + provider + ".rejected.v1", Map.of("retention.ms", "7776000000"));
            topics.put(applicationId + ".provider." + provider + ".feed-quality.v1",
                    Map.of("cleanup.policy", "compact"));
        }
        return topics;
    }

    private static Map<String, Map<String, String>> configsByName(List<Topic<?, ?>> topics) {
        return topics.stream().collect(Collectors.toMap(Topic::name, Topic::configs));
    }

    private static Map<String, Map<String, String>> renderedConfigsByName(List<JsonNode> kafkaTopics) {
        Map<String, Map<String, String>> rendered = new HashMap<>();
        for (JsonNode topic : kafkaTopics) {
            Map<String, String> config = new HashMap<>();
            topic.at("/spec/config").properties()
                    .forEach(entry -> config.put(entry.getKey(), entry.getValue().asText()));
            rendered.put(topic.at("/spec/topicName").asText(), config);
        }
        return rendered;
    }

    @Test
    void defaultValuesRenderOneSidecarConfigMapPerRepositoryDashboard() throws IOException {
        assertDashboardConfigMaps(render(new Helm(CHART).template().withName("pks-stream")), "grafana_dashboard", "1",
                "PKS");
    }

    @Test
    void dashboardLabelAndFolderAreConfigurable() throws IOException {
        List<JsonNode> objects = render(new Helm(CHART).template().withName("pks-stream")
                .set("grafanaDashboards.label", "pks_dashboard").set("grafanaDashboards.labelValue", "yes")
                .set("grafanaDashboards.folder", "Regionen").set("grafanaDashboards.folderAnnotation", "folder"));
        assertDashboardConfigMaps(objects, "pks_dashboard", "yes", null);
        for (JsonNode map : dashboardConfigMaps(objects, "pks_dashboard")) {
            assertEquals("Regionen", map.at("/metadata/annotations/folder").asText());
        }
    }

    @Test
    void grafanaConfigMapsCanBeSwitchedOff() throws IOException {
        List<JsonNode> objects = render(new Helm(CHART).template().withName("pks-stream")
                .set("grafanaDashboards.enabled", false).set("grafanaDatasources.enabled", false));
        assertEquals(1, ofKind(objects, "ConfigMap").size(), "only the service's own ConfigMap");
    }

    @Test
    void datasourceConfigMapTakesThePasswordFromGrafanasEnvironment() throws IOException {
        List<JsonNode> objects =
                render(new Helm(CHART).template().withName("pks-stream").withValuesFile(PRODUCTION_VALUES));
        List<JsonNode> maps = ofKind(objects, "ConfigMap").stream()
                .filter(c -> "1".equals(c.at("/metadata/labels/grafana_datasource").asText())).toList();
        assertEquals(1, maps.size());
        JsonNode data = maps.get(0).path("data");
        assertEquals(1, data.size());
        JsonNode provisioning = YAML.readTree(data.elements().next().asText());
        Set<String> uids = new HashSet<>();
        for (JsonNode source : provisioning.path("datasources")) {
            uids.add(source.path("uid").asText());
            if ("postgres".equals(source.path("type").asText())) {
                assertEquals("timescaledb.pks:5432", source.path("url").asText());
                assertEquals("pks_grafana", source.path("user").asText());
                // Grafana expands the variable at start; the rendered chart never holds the password.
                assertEquals("${PKS_GRAFANA_DB_PASSWORD}", source.at("/secureJsonData/password").asText());
            }
        }
        assertEquals(Set.of("pks-timescaledb", "pks-prometheus"), uids);
        assertTrue(uidsUsedByDashboards().stream().allMatch(uids::contains),
                "every data source a dashboard refers to is provisioned: " + uidsUsedByDashboards());
    }

    @Test
    void packagedChartCarriesTheDashboardsBehindTheSymlink() throws IOException {
        // dashboards/ is a symlink to grafana/dashboards: the packaged chart must contain the files, not the link.
        new Helm(CHART).packageIt().withDestination(tmp).call();
        Path archive;
        try (Stream<Path> files = Files.list(tmp)) {
            archive = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
        assertDashboardConfigMaps(render(Helm.template(archive.toString()).withName("pks-stream")),
                "grafana_dashboard", "1", "PKS");
    }

    private static void assertDashboardConfigMaps(List<JsonNode> objects, String label, String labelValue,
                                                  String folder) throws IOException {
        Map<String, String> expectedUids = new HashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                expectedUids.put(file.getFileName().toString(), JSON.readTree(file.toFile()).path("uid").asText());
            }
        }
        assertFalse(expectedUids.isEmpty());
        List<JsonNode> maps = dashboardConfigMaps(objects, label);
        assertEquals(expectedUids.size(), maps.size(), "one ConfigMap per file in " + DASHBOARDS);
        Map<String, String> renderedUids = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (JsonNode map : maps) {
            assertEquals(labelValue, map.at("/metadata/labels/" + label).asText());
            if (folder != null) {
                assertEquals(folder, map.at("/metadata/annotations/grafana_folder").asText());
            }
            assertTrue(map.at("/metadata/name").asText().length() <= 63);
            names.add(map.at("/metadata/name").asText());
            JsonNode data = map.path("data");
            assertEquals(1, data.size(), "one dashboard per ConfigMap");
            String file = data.fieldNames().next();
            String json = data.path(file).asText();
            assertTrue(json.getBytes(StandardCharsets.UTF_8).length < 1_000_000, file);
            renderedUids.put(file, JSON.readTree(json).path("uid").asText());
        }
        assertEquals(maps.size(), names.size(), "distinct names");
        assertEquals(expectedUids, renderedUids);
    }

    private static List<JsonNode> dashboardConfigMaps(List<JsonNode> objects, String label) {
        return ofKind(objects, "ConfigMap").stream().filter(c -> c.at("/metadata/labels").has(label)).toList();
    }

    private static Set<String> uidsUsedByDashboards() throws IOException {
        Set<String> uids = new HashSet<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JSON.readTree(file.toFile()).findValues("datasource").forEach(ds -> {
                    String uid = ds.path("uid").asText();
                    // Variables ($ds) and Grafana's built-in sources ("-- Grafana --", "grafana") need no provisioning.
                    if (!uid.isEmpty() && !uid.startsWith("$") && !uid.startsWith("-") && !uid.equals("grafana")) {
                        uids.add(uid);
                    }
                });
            }
        }
        return uids;
    }

    private static JsonNode assertStatefulSet(List<JsonNode> objects, int replicas) {
        JsonNode statefulSet = single(objects, "StatefulSet");
        assertEquals(replicas, statefulSet.at("/spec/replicas").asInt());
        assertEquals("state", statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText());
        JsonNode container = statefulSet.at("/spec/template/spec/containers/0");
        assertEquals("/var/lib/pks-stream/state", container.at("/volumeMounts/0/mountPath").asText());
        assertEquals("state", container.at("/volumeMounts/0/name").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        Set<String> env = new HashSet<>();
        container.path("env").forEach(e -> env.add(e.path("name").asText()));
        assertTrue(env.contains("QUARKUS_DATASOURCE_PASSWORD"), env.toString());
        assertTrue(env.contains("KAFKA_STREAMS_NUM_STANDBY_REPLICAS"), env.toString());
        container.path("env").forEach(e -> {
            if (e.path("name").asText().equals("KAFKA_STREAMS_NUM_STANDBY_REPLICAS")) {
                assertEquals("1", e.path("value").asText());
            }
        });
        // KAFKA_BOOTSTRAP_SERVERS and the other non-secret settings come from the ConfigMap (envFrom).
        assertEquals(configMapOf(objects).at("/metadata/name").asText(),
                container.at("/envFrom/0/configMapRef/name").asText());
        assertFalse(configMapOf(objects).at("/data/KAFKA_BOOTSTRAP_SERVERS").asText().isBlank());
        return statefulSet;
    }

    /** The service's own ConfigMap: the one that is neither a dashboard nor a data source for Grafana. */
    private static JsonNode configMapOf(List<JsonNode> objects) {
        List<JsonNode> own = ofKind(objects, "ConfigMap").stream()
                .filter(c -> !c.at("/metadata/labels").has("grafana_dashboard")
                        && !c.at("/metadata/labels").has("grafana_datasource"))
                .toList();
        assertEquals(1, own.size(), "one service ConfigMap");
        return own.get(0);
    }

    private static List<JsonNode> render(com.marcnuri.helm.TemplateCommand command) throws IOException {
        String manifest = command.call();
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(manifest)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && node.has("kind")) {
                    objects.add(node);
                }
            }
        }
        assertFalse(objects.isEmpty(), manifest);
        return objects;
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    private static JsonNode single(List<JsonNode> objects, String kind) {
        List<JsonNode> found = ofKind(objects, kind);
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> result = new HashSet<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    private static void assertLintClean(LintResult result) {
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    private static Path copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(CHART, FileVisitOption.FOLLOW_LINKS)) {
            for (Path source : files.toList()) {
                Path dest = target.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest);
                }
            }
        }
        return target;
    }
}
