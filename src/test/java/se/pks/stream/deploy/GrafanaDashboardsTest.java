package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.topology.JsonSerde;

/**
 * Every Grafana dashboard is provisionable (a stable uid, no numeric id) and every query in it, template variables
 * included, runs against the real schema once Grafana's macros and variables are filled in: a renamed column or view
 * breaks this test, not a dashboard in front of the region's leadership.
 */
class GrafanaDashboardsTest extends MigratedDatabaseTest {

    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
    private static final Map<String, String> VARIABLES = Map.of(
            "unit", "u1", "measure", "first_visits", "granularity", "WEEK", "region", "r1",
            "period_kind", "YEAR_TO_DATE");

    @Test
    void everyDashboardHasAStableUidAndNoNumericId() throws IOException {
        final List<Path> files = dashboards();
        assertFalse(files.isEmpty());
        for (final Path file : files) {
            final JsonNode dashboard = JsonSerde.MAPPER.readTree(file.toFile());
            assertTrue(dashboard.path("uid").asText().matches("pks-[a-z0-9-]+"), file + " needs a stable uid");
            assertTrue(dashboard.path("id").isMissingNode() || dashboard.path("id").isNull(), file + " has an id");
        }
    }

    @Test
    void everyQueryRunsAgainstTheSchema() throws IOException, SQLException {
        int queries = 0;
        for (final Path file : dashboards()) {
            final JsonNode dashboard = JsonSerde.MAPPER.readTree(file.toFile());
            for (final JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    run(connection, file, variable.path("name").asText(), variable.path("query").asText(), false);
                    queries++;
                }
            }
            for (final JsonNode annotation : dashboard.path("annotations").path("list")) {
                if (annotation.has("rawQuery")) {
                    run(connection, file, annotation.path("name").asText(), annotation.path("rawQuery").asText(),
                            false);
                    queries++;
                }
            }
            for (final JsonNode panel : dashboard.path("panels")) {
                for (final JsonNode target : panel.path("targets")) {
                    if (isPrometheus(panel, target)) {
                        continue; // PromQL: OperationsMetricsTest checks its metric names against /q/metrics
                    }
                    run(connection, file, panel.path("title").asText(), target.path("rawSql").asText(),
                            panel.path("type").asText().equals("timeseries"));
                    queries++;
                }
            }
        }
        assertTrue(queries >= 8, "expected the dashboards' queries, ran " + queries);
    }

    private static boolean isPrometheus(final JsonNode panel, final JsonNode target) {
        final JsonNode source = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
        return source.path("type").asText().equals("prometheus");
    }

    /** Runs one query with macros and variables filled in; a time series must return a column named time. */
    private static void run(final Connection connection, final Path file, final String what, final String sql,
                            final boolean timeSeries) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(expand(sql))) {
            final ResultSetMetaData columns = result.getMetaData();
            if (timeSeries) {
                assertEquals("time", columns.getColumnLabel(1), file + " / " + what + ": the first column is time");
            }
        } catch (final SQLException e) {
            throw new AssertionError(file + " / " + what + ": " + e.getMessage() + "\n" + expand(sql), e);
        }
    }

    /** Grafana's PostgreSQL macros and this project's template variables, as Grafana would fill them in. */
    static String expand(final String sql) {
        String expanded = TIME_FILTER.matcher(sql).replaceAll(match -> Matcher.quoteReplacement(
                match.group(1) + " BETWEEN '2025-01-01T00:00:00Z' AND '2025-12-31T23:59:59Z'"));
        expanded = expanded.replace("$__timeFrom()", "'2025-01-01T00:00:00Z'")
                .replace("$__timeTo()", "'2025-12-31T23:59:59Z'");
        for (final Map.Entry<String, String> variable : VARIABLES.entrySet()) {
            expanded = expanded.replace("${" + variable.getKey() + "}", variable.getValue())
                    .replace("$" + variable.getKey(), variable.getValue());
        }
        return expanded;
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return new ArrayList<>(files.filter(file -> file.toString().endsWith(".json")).sorted().toList());
        }
    }
}
