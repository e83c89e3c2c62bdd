package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The provisioned Grafana rule "pks-stream is not processing" fires when no instance processes, including when every
 * pod is gone, and not when one instance of several is in ERROR while the others run, as its summary says. Grafana
 * cannot run here, so the rule's parts that decide those cases are checked: what the query answers with no pods,
 * how it combines the instances, the condition, and what no data means. That every metric exists is checked against
 * a real scrape by se.pks.stream.it.OperationsMetricsTest.
 */
class OperatorAlertRulesTest {

    private static final Path RULES = Path.of("grafana/provisioning/alerting/pks-operations.yaml");
    /** An aggregation over every instance at once: max(x), sum(x)... without "by". */
    private static final Pattern ACROSS_INSTANCES = Pattern.compile(
            "\\b(max|min|sum|avg)\\s*\\(\\s*kafka_stream_(client_state|alive_stream_threads)");

    @Test
    void notProcessingCountsTheInstancesThatProcessAndFiresWhenThereAreNone() throws IOException {
        final JsonNode rule = rule("pks-stream-not-running");
        final String expression = rule.at("/data/0/model/expr").asText();
        // per instance: one instance in ERROR must not outweigh the others, as max(state) != 2 did
        assertFalse(ACROSS_INSTANCES.matcher(expression).find(), expression);
        assertTrue(expression.contains("max by (client_id) (kafka_stream_client_state) == 2"), expression);
        assertTrue(expression.contains("and on (client_id)"), "running and with a live thread, on one instance");
        assertTrue(expression.startsWith("count("), "the number of instances that process: " + expression);
        // no pods: count() of nothing is nothing, so the query answers 0 instead
        assertTrue(expression.endsWith(" or vector(0)"), expression);
        final JsonNode evaluator = rule.at("/data/1/model/conditions/0/evaluator");
        assertEquals("lt", evaluator.path("type").asText());
        assertEquals(1, evaluator.path("params").path(0).asInt(), "fires below one processing instance");
        assertEquals("Alerting", rule.path("noDataState").asText(), "no data is not processing");
        assertTrue(rule.at("/annotations/summary").asText().startsWith("No instance has Kafka Streams RUNNING"));
    }

    @Test
    void everyRuleSaysWhatNoDataAndErrorsMean() throws IOException {
        for (final JsonNode rule : new YAMLMapper().readTree(RULES.toFile()).at("/groups/0/rules")) {
            assertTrue(rule.path("noDataState").isTextual(), rule.path("uid").asText());
            assertEquals("Error", rule.path("execErrState").asText(), rule.path("uid").asText());
        }
    }

    private static JsonNode rule(final String uid) throws IOException {
        for (final JsonNode rule : new YAMLMapper().readTree(RULES.toFile()).at("/groups/0/rules")) {
            if (rule.path("uid").asText().equals(uid)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + uid + " in " + RULES);
    }
}
