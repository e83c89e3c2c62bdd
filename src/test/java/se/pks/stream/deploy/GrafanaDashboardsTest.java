package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * Every Grafana dashboard is provisionable (a stable uid, no numeric id, the project's data source) and every query
 * in it, template variables included, runs against the real schema once Grafana's macros and variables are filled
 * in: a renamed column or view breaks this test, not a dashboard in front of the region's leadership. That the
 * queries return figures is checked on the demo region by se.pks.stream.it.DemoRegionDashboardsTest.
 */
class GrafanaDashboardsTest extends MigratedDatabaseTest {

    private static final GrafanaQueries.TimeRange YEAR_2025 = new GrafanaQueries.TimeRange(
            Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-12-31T23:59:59Z"));
    /** The data sources grafana/provisioning creates: the figures in TimescaleDB, the service's own metrics. */
    private static final Set<String> DATA_SOURCES = Set.of("pks-timescaledb", "pks-prometheus");
    private static final Set<Integer> NUMBERS = Set.of(Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC,
            Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE);
    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("unit", "u1"), Map.entry("measure", "first_visits"), Map.entry("granularity", "WEEK"),
            Map.entry("region", "r1"), Map.entry("plan", "CURRENT"), Map.entry("organisation", "o1"), Map.entry("period_kind", "YEAR_TO_DATE"),
            Map.entry("level", "ORGANISATION"), Map.entry("group", "o1"), Map.entry("period", "2025-01-01"),
            Map.entry("key_figure", "first_visits_vs_plan_pct"), Map.entry("comparison_group", "region:r1"));

    @Test
    void everyDashboardHasAStableUidAndNoNumericId() {
        final List<Path> files = GrafanaQueries.files();
        assertFalse(files.isEmpty());
        final Set<String> uids = new HashSet<>();
        for (final Path file : files) {
            final JsonNode dashboard = GrafanaQueries.read(file);
            final String uid = dashboard.path("uid").asText();
            assertTrue(uid.matches("pks-[a-z0-9-]+"), file + " needs a stable uid");
            assertTrue(uids.add(uid), file + " repeats the uid " + uid);
            assertEquals(uid + ".json", file.getFileName().toString(), "the file is named for its uid");
            assertTrue(dashboard.path("id").isMissingNode() || dashboard.path("id").isNull(), file + " has an id");
        }
    }

    @Test
    void everyPanelReadsAPksDataSourceAndSaysWhatItShows() {
        for (final Path file : GrafanaQueries.files()) {
            final JsonNode dashboard = GrafanaQueries.read(file);
            for (final JsonNode panel : GrafanaQueries.panels(dashboard)) {
                if (panel.path("type").asText().equals("row")) {
                    continue; // a row only groups the panels below it
                }
                final String where = file + " / " + panel.path("title").asText();
                assertTrue(DATA_SOURCES.contains(panel.path("datasource").path("uid").asText()), where);
                assertFalse(panel.path("description").asText().isBlank(), where + " needs a description");
            }
            assertTrue(linksToTheOtherDashboards(dashboard), file + " needs the link to the other PKS dashboards");
        }
    }

    @Test
    void everyQueryRunsAgainstTheSchema() throws SQLException {
        int queries = 0;
        for (final Path file : GrafanaQueries.files()) {
            for (final GrafanaQueries.Query query : GrafanaQueries.of(GrafanaQueries.read(file))) {
                final String sql = GrafanaQueries.expand(query.sql(), YEAR_2025, VARIABLES);
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery(sql)) {
                    if (query.timeSeries()) {
                        assertEquals("time", result.getMetaData().getColumnLabel(1),
                                query + ": the first column is time");
                    }
                } catch (final SQLException e) {
                    throw new AssertionError(query + ": " + e.getMessage() + "\n" + sql, e);
                }
                queries++;
            }
        }
        assertTrue(queries >= 60, "expected the dashboards' queries, ran " + queries);
    }

    /**
     * Each query answers with the columns grafana/query-columns.txt lists for it (the panels' overrides name them), and
     * every number a table or stat shows carries a unit (percent, days, beds, or "none" for a plain count), so no one
     * reads 0.83 as 0.83 beds or 83 %: a unit on the field itself or on the whole panel, hidden columns aside.
     */
    @Test
    void everyQueryAnswersWithItsListedColumnsAndEveryNumberShownHasAUnit() throws SQLException {
        final Map<String, String> expected = GrafanaQueries.expectedColumns();
        final List<String> failures = new ArrayList<>();
        for (final Path file : GrafanaQueries.files()) {
            for (final GrafanaQueries.Query query : GrafanaQueries.of(GrafanaQueries.read(file))) {
                final String sql = GrafanaQueries.expand(query.sql(), YEAR_2025, VARIABLES);
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery(sql)) {
                    final ResultSetMetaData meta = result.getMetaData();
                    final List<String> columns = new ArrayList<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        final String label = meta.getColumnLabel(column);
                        columns.add(label);
                        if (NUMBERS.contains(meta.getColumnType(column)) && shown(query, label)
                                && !DashboardFields.hasUnit(query.panel(), label)) {
                            failures.add(query + ": the number " + label + " has no unit");
                        }
                    }
                    if (!String.join(",", columns).equals(expected.get(query.toString()))) {
                        failures.add(query + ": columns " + columns + ", query-columns.txt says "
                                + expected.get(query.toString()));
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * The strategic overview's headline colours are the region's default thresholds (any unit, any year), with a
     * figure on a boundary taking the worse colour as pks.threshold_status gives it: Grafana colours a value from the
     * step it reaches, so each step sits a hair above the boundary. A changed default fails here until the dashboard
     * follows.
     */
    @Test
    void headlineColoursAreTheDefaultThresholds() throws SQLException {
        final JsonNode overview = GrafanaQueries.read(GrafanaQueries.DASHBOARDS.resolve("pks-strategic-overview.json"));
        final List<Double> production = List.of(100 + number("SELECT DISTINCT red_from FROM pks.threshold t"
                + " JOIN pks.measure_catalogue c USING (measure) WHERE t.unit_id = '*' AND t.year = 0"
                + " AND t.basis = 'DEVIATION_PCT' AND t.direction = 'HIGHER_IS_BETTER'"),
                100 + number("SELECT DISTINCT yellow_from FROM pks.threshold t JOIN pks.measure_catalogue c"
                        + " USING (measure) WHERE t.unit_id = '*' AND t.year = 0 AND t.basis = 'DEVIATION_PCT'"
                        + " AND t.direction = 'HIGHER_IS_BETTER'"));
        final List<Double> guarantee = List.of(
                number("SELECT red_from FROM pks.threshold WHERE measure = 'guarantee_compliance' AND unit_id = '*'"
                        + " AND year = 0"),
                number("SELECT yellow_from FROM pks.threshold WHERE measure = 'guarantee_compliance'"
                        + " AND unit_id = '*' AND year = 0"));
        assertEquals(List.of(90.0, 95.0), production, "the defaults this dashboard was drawn for");
        for (final JsonNode panel : GrafanaQueries.panels(overview)) {
            final List<Double> boundaries = switch (panel.path("id").asInt()) {
                case 5 -> production;
                case 6 -> guarantee;
                default -> null;
            };
            if (boundaries == null) {
                continue;
            }
            final JsonNode steps = panel.at("/fieldConfig/defaults/thresholds/steps");
            assertEquals(List.of("red", "yellow", "green"),
                    List.of(steps.path(0).path("color").asText(), steps.path(1).path("color").asText(),
                            steps.path(2).path("color").asText()), panel.path("title").asText());
            for (int step = 0; step < 2; step++) {
                final double above = steps.path(step + 1).path("value").asDouble() - boundaries.get(step);
                assertTrue(above > 0 && above < 1e-6, panel.path("title").asText() + ": step " + (step + 1)
                        + " just above " + boundaries.get(step));
            }
        }
    }

    /** The single value of a query: there must be exactly one. */
    private double number(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertTrue(result.next(), sql);
            final double value = result.getDouble(1);
            assertFalse(result.next(), "one value: " + sql);
            return value;
        }
    }

    /** Whether a table or stat shows the column: not a time series' time, not hidden, not left out of a stat. */
    private static boolean shown(final GrafanaQueries.Query query, final String column) {
        if (query.kind() != GrafanaQueries.Kind.PANEL || query.timeSeries()) {
            return false;
        }
        final String fields = query.panel().path("options").path("reduceOptions").path("fields").asText();
        if (query.panelType().equals("stat") && fields.startsWith("/") && fields.endsWith("/")) {
            return Pattern.compile(fields.substring(1, fields.length() - 1)).matcher(column).find();
        }
        return !DashboardFields.hidden(query.panel(), column);
    }

    @Test
    void macrosAndVariablesAreFilledInAsGrafanaDoes() {
        final String sql = "SELECT 1 FROM t WHERE $__timeFilter(day) AND u = '$unit' AND g = '${granularity}'"
                + " AND d <= $__timeTo()::date";
        assertEquals("SELECT 1 FROM t WHERE day BETWEEN '2025-01-01T00:00:00Z' AND '2025-12-31T23:59:59Z'"
                + " AND u = 'u1' AND g = 'WEEK' AND d <= '2025-12-31T23:59:59Z'::date",
                GrafanaQueries.expand(sql, YEAR_2025, VARIABLES));
    }

    /** A dashboards link by the tag every PKS dashboard has, so each one lists all the others. */
    private static boolean linksToTheOtherDashboards(final JsonNode dashboard) {
        for (final JsonNode link : dashboard.path("links")) {
            if (link.path("type").asText().equals("dashboards")) {
                for (final JsonNode tag : link.path("tags")) {
                    if (tag.asText().equals("pks")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
