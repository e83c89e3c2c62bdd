package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topics;

/**
 * The operations metrics on /q/metrics move when a record goes through the real broker, stream and database sink, and
 * every metric the operations dashboard queries is one the service exposes.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class OperationsMetricsTest {

    private static final Path OPERATIONS_DASHBOARD = Path.of("grafana/dashboards/pks-operations.json");
    private static final Path ALERT_RULES = Path.of("grafana/provisioning/alerting/pks-operations.yaml");
    /** A metric name inside PromQL: the service's own, Kafka Streams' and its consumers', the JVM's, the process's. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:pks|kafka_stream|kafka_consumer|jvm|process|system)_[a-z0-9_]+)");

    @Inject
    OutputTopics outputs;

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aVisitMovesTheLatencyBatchAndLagMetricsAndKafkaStreamsMetricsAreExposed() throws IOException {
        final Instant sent = Instant.now();
        try (ProviderFeed producer = new ProviderFeed(bootstrapServers)) {
            producer.unit("m1", "prov-m", "org-m", "Organisation M", "PUBLIC", "region-test", sent);
            producer.flush();
            ProviderFeed.awaitUnitsKnown(streams, "m1");
            producer.send(Topics.VISITS.name(), "m1", """
                    {"eventId":"mv1","providerId":"prov-m","unitId":"m1","occurredAt":"%s","visitType":"FIRST"}"""
                    .formatted(sent.minusSeconds(3600)), Instant.now());
            // A visit to a unit nobody registered: rejected on unitId.
            producer.send(Topics.VISITS.name(), "nowhere", """
                    {"eventId":"mv2","providerId":"prov-m","unitId":"nowhere","occurredAt":"%s","visitType":"FIRST"}"""
                    .formatted(sent.minusSeconds(3600)), Instant.now());
            producer.flush();
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    final String scraped = scrape();
                    return sample(scraped, "pks_end_to_end_latency_seconds_count", "from=\"event_received\"") >= 2
                            && sample(scraped, "pks_records_rejected_total", "") >= 1;
                });
        final double waited = Duration.between(sent, Instant.now()).toMillis() / 1000.0;
        final String metrics = scrape();

        // The visit's measure values (week and month of first visits) were written from a receipt taken just now:
        // their latency is positive and no longer than the whole wait of this test.
        final double count = sample(metrics, "pks_end_to_end_latency_seconds_count", "from=\"event_received\"");
        final double sum = sample(metrics, "pks_end_to_end_latency_seconds_sum", "from=\"event_received\"");
        assertTrue(count >= 2, metrics);
        assertTrue(sum > 0 && sum <= count * waited, "latency sum " + sum + " for " + count + " within " + waited);
        assertTrue(metrics.contains("pks_end_to_end_latency_seconds_bucket{"), "published as a histogram");
        assertTrue(sample(metrics, "pks_sink_batch_records_count", "") >= 1, metrics);
        assertTrue(sample(metrics, "pks_sink_batch_records_sum", "") >= 2, metrics);
        // Once written, nothing is left behind on the measure-values topic.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sample(scrape(), "pks_sink_lag_records",
                "topic=\"" + outputs.measureValues().name() + "\"") == 0);
        assertTrue(sample(metrics, "pks_deviations", "status=\"RED\"") >= 0, "pks_deviations{status} is exposed");
        assertEquals(1.0, sample(metrics, "pks_records_rejected_total",
                "topic=\"" + Topics.VISITS.name() + "\""), metrics);
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("kafka_stream_")),
                "Kafka Streams' own metrics are exposed");
        Files.writeString(Path.of("target/operations-metrics.txt"), metrics);

        final Set<String> exposed = metricNames(metrics);
        final Set<String> missing = new TreeSet<>();
        for (final String expression : promQlExpressions()) {
            final Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                if (!exposed.contains(matcher.group(1))) {
                    missing.add(matcher.group(1));
                }
            }
        }
        assertEquals(Set.of(), missing, "metrics the operations dashboard queries but /q/metrics lacks");
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The sum of a metric's samples whose labels contain {@code labels}; -1 when there is none. Summed, because the
     * JVM-wide registry also lists, at zero, the series earlier applications in this test JVM created.
     */
    private static double sample(final String metrics, final String name, final String labels) {
        final double[] values = metrics.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .toArray();
        return values.length == 0 ? -1 : Arrays.stream(values).sum();
    }

    private static Set<String> metricNames(final String metrics) {
        final Set<String> names = new HashSet<>();
        metrics.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /** The PromQL of the operations dashboard and of the Grafana alert rules for operators. */
    private static List<String> promQlExpressions() throws IOException {
        final JsonNode dashboard = new ObjectMapper().readTree(OPERATIONS_DASHBOARD.toFile());
        final List<String> expressions = new ArrayList<>(
                dashboard.findValues("expr").stream().map(JsonNode::asText).toList());
        assertFalse(expressions.isEmpty(), "the operations dashboard has PromQL targets");
        final JsonNode rules = new YAMLMapper().readTree(ALERT_RULES.toFile());
        int ruleQueries = 0;
        for (final JsonNode query : rules.findValues("data")) {
            for (final JsonNode step : query) {
                final String source = step.path("datasourceUid").asText();
                assertTrue(source.equals("pks-prometheus") || source.equals("__expr__"), "rule data source " + source);
                if (source.equals("pks-prometheus")) {
                    expressions.add(step.at("/model/expr").asText());
                    ruleQueries++;
                }
            }
        }
        assertEquals(rules.findValues("uid").size(), ruleQueries, "one Prometheus query per alert rule");
        return expressions;
    }
}
