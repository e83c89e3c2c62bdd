package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import se.pks.stream.deploy.GrafanaQueries;

/**
 * Every query of every Grafana dashboard (template variables, annotations and panels) answers with the columns its
 * panel is built for and at least one row, on the service with the demo region loaded, as an analyst opening the
 * dashboards on the local run sees them. The variables take values a user can pick in the demo (each checked against
 * the variable's own query) and the time range is the demo's whole span, 1 January last year to now.
 *
 * <p>Every panel has figures on the demo: the demo's registration errors (se.pks.stream.demo.ProviderMistakes)
 * give the rejections and the implausible figure, and the variables pick a unit whose chart has special causes.
 */
@QuarkusTest
@TestProfile(DemoRegionProfile.class)
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class DemoRegionDashboardsTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final int FIRST_DAYS_OF_A_YEAR_WITHOUT_FIGURES = 14;

    /** Values every dashboard's variables take: the demo's region, its largest hospital, the region as a whole. */
    private static final Map<String, String> VARIABLES = Map.of(
            "region", "region-demo", "organisation", "org-sus", "measure", "first_visits", "granularity", "WEEK",
            "period_kind", "YEAR_TO_DATE", "level", "REGION", "group", "region-demo",
            "key_figure", "first_visits_vs_plan_pct", "comparison_group", "region:region-demo", "plan", "CURRENT");

    /**
     * The unit each dashboard is looked at for: one its unit variable offers. The dermatology clinic's first visits
     * slide over the demo's time, so its SPC chart has special causes; the orthopaedic clinic has waiting lists and an
     * inflow forecast; the medical ward has capacity forecasts and reports daily.
     */
    private static final Map<String, String> UNIT = Map.of(
            "pks-unit-follow-up", "sus-hud-mott", "pks-waiting-lists", "sus-ort-mott", "pks-inflow", "sus-ort-mott",
            "pks-capacity", "sus-med-avd", "pks-data-quality", "sus-med-avd", "pks-key-figures", "sus-ort-mott");

    /** The columns each query returns, in order: grafana/query-columns.txt on the test class path. */
    private static final Map<String, String> COLUMNS = GrafanaQueries.expectedColumns();

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    /**
     * The demo has no benchmarking round until leadership opens one: opened and closed here for a month, as a region
     * would, so that the key-figure dashboard's rounds panel has one to list (the documented steps open their own for
     * the last tertial, which a month's round does not stand in the way of). Closed, so that it is not the open round
     * those steps look up.
     */
    private static void benchmarkingRoundOfAMonth(final LocalDate month) {
        final String period = "%d-%02d".formatted(month.getYear(), month.getMonthValue());
        final io.restassured.response.Response opened = given().auth().preemptive().basic("leader", "leader")
                .contentType("application/json")
                .body("{\"regionId\":\"region-demo\",\"period\":\"" + period + "\",\"deadline\":\""
                        + LocalDate.now(STOCKHOLM).plusDays(7) + "\"}")
                .when().post("/api/v1/benchmarking-rounds");
        // 409: this instance of the service has the round already, from an earlier test of the same profile
        assertTrue(opened.statusCode() == 201 || opened.statusCode() == 409, opened.asString());
        if (opened.statusCode() == 201) {
            given().auth().preemptive().basic("leader", "leader").when()
                    .post("/api/v1/benchmarking-rounds/" + opened.jsonPath().getLong("roundId") + "/close")
                    .then().statusCode(200);
        }
    }

    @Test
    void everyDashboardQueryAnswersWithItsColumnsAndFiguresOnTheDemoRegion() throws SQLException {
        new SettledDemo(dataSource, bootstrapServers, applicationId).await();
        final LocalDate today = LocalDate.now(STOCKHOLM);
        benchmarkingRoundOfAMonth(today.minusMonths(2));
        final Instant demoStart = today.minusYears(1).withDayOfYear(1).atStartOfDay(STOCKHOLM).toInstant();
        // In the first two weeks of January the new year has no ended week yet, so its year-to-date, cumulative and
        // projection panels are rightly empty: the dashboards are then looked at as they stood on 31 December.
        final boolean yearJustBegun = today.getDayOfYear() <= FIRST_DAYS_OF_A_YEAR_WITHOUT_FIGURES;
        final LocalDate newYearsEve = today.withDayOfYear(1).minusDays(1);
        final GrafanaQueries.TimeRange demoSpan = new GrafanaQueries.TimeRange(demoStart, yearJustBegun
                ? newYearsEve.plusDays(1).atStartOfDay(STOCKHOLM).toInstant().minusSeconds(1) : Instant.now());
        final List<String> failures = new ArrayList<>();
        final Set<String> checked = new HashSet<>();
        int queries = 0;
        try (Connection connection = dataSource.getConnection()) {
            if (yearJustBegun) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET pks.as_of = '" + newYearsEve + "'");
                }
            }
            for (final Path file : GrafanaQueries.files()) {
                final JsonNode dashboard = GrafanaQueries.read(file);
                final Map<String, String> variables = new HashMap<>(VARIABLES);
                // the key-figure dashboard's period: the year to date, which starts on 1 January of "today"
                variables.put("period", (yearJustBegun ? newYearsEve : today).withDayOfYear(1).toString());
                final String uid = dashboard.path("uid").asText();
                if (UNIT.containsKey(uid)) {
                    variables.put("unit", UNIT.get(uid));
                }
                for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
                    final String key = query.toString();
                    checked.add(key);
                    queries++;
                    final String sql = GrafanaQueries.expand(query.sql(), demoSpan, variables);
                    final Answer answer;
                    try {
                        answer = run(connection, sql);
                    } catch (final SQLException e) {
                        failures.add(key + ": " + e.getMessage());
                        continue;
                    }
                    if (!answer.columns().equals(COLUMNS.get(key))) {
                        failures.add(key + ": columns " + answer.columns() + ", expected " + COLUMNS.get(key));
                    }
                    if (answer.rows() == 0) {
                        failures.add(key + ": no rows");
                    }
                    if (query.kind() == GrafanaQueries.Kind.VARIABLE && variables.containsKey(query.name())
                            && !answer.firstColumn().contains(variables.get(query.name()))) {
                        failures.add(key + ": does not offer " + variables.get(query.name()) + ", the value the"
                                + " other queries were run with");
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                // the pooled connection goes back to the service
                statement.execute("RESET pks.as_of");
            }
        }
        final Set<String> unknown = new HashSet<>(COLUMNS.keySet());
        unknown.removeAll(checked);
        assertTrue(unknown.isEmpty(), "expected columns for queries no dashboard has: " + unknown);
        assertTrue(queries >= 60, "expected the dashboards' queries, ran " + queries);
        assertTrue(failures.isEmpty(),
                failures.size() + " of " + queries + " queries:\n" + String.join("\n", failures));
    }

    private record Answer(String columns, int rows, Set<String> firstColumn) {
    }

    private static Answer run(final Connection connection, final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final ResultSetMetaData meta = result.getMetaData();
            final List<String> columns = new ArrayList<>();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                columns.add(meta.getColumnLabel(column));
            }
            int rows = 0;
            final Set<String> firstColumn = new HashSet<>();
            while (result.next()) {
                rows++;
                firstColumn.add(result.getString(1));
            }
            return new Answer(String.join(",", columns), rows, firstColumn);
        }
    }
}
