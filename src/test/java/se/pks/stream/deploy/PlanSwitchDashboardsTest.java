package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.storage.StorageBeans;

/**
 * The Plan switch of the dashboards, panel by panel, on a hand-made region: with the switch on the adopted plan the
 * panels show the figures against the adopted plan, with it on the current plan those against the current one. Every
 * figure is worked out by hand below; the queries are the dashboards' own, with Grafana's macros and variables filled
 * in as Grafana fills them in.
 *
 * <p>Region R-ps has one unit, ps1 of organisation org-ps (own, PUBLIC). It planned 100 first visits a week for the
 * four weeks of January 2029 (Mondays 1, 8, 15 and 22 January), and the board adopted that; then the plan was revised
 * to 80 a week. The unit did 85 and 95 in the first two weeks, 180 in January so far. The dashboards are looked at on
 * Monday 15 January 2029 (pks.as_of), over 1 to 14 January. Year to date on the 15th takes one day of the third week:
 * current plan 80 + 80 + 80 / 7 = 171.428571, 180 done, 105.0 % of plan (+5 %, GREEN by the default thresholds, red
 * at -10 % and yellow at -5 %); adopted plan 100 + 100 + 100 / 7 = 214.285714, 84.0 % (-16 %, RED).
 */
class PlanSwitchDashboardsTest extends MigratedDatabaseTest {

    private static final GrafanaQueries.TimeRange FIRST_TWO_WEEKS = new GrafanaQueries.TimeRange(
            Instant.parse("2028-12-31T23:00:00Z"), Instant.parse("2029-01-14T22:59:59Z"));
    private static final List<String> WEEKS = List.of("2029-01-01", "2029-01-08", "2029-01-15", "2029-01-22");

    @BeforeEach
    void handMadeRegion() throws SQLException {
        execute("DELETE FROM pks.unit WHERE unit_id = 'ps1'");
        execute("INSERT INTO pks.unit VALUES ('ps1', 'Unit PS1', 'p', 'org-ps', 'Org PS', 'PUBLIC', 'R-ps', now())");
        if (number("SELECT count(*) FROM pks.plan_adoption WHERE year = 2029") == 0) {
            for (final String week : WEEKS) {
                execute("INSERT INTO pks.plan VALUES ('ps1', 'first_visits', 'TARGET', 'WEEK', '" + week
                        + "', 100, now())");
            }
            StorageBeans.planVersions(dataSource()).adopt(2029, AuditTrail.Actor.person("leader"), null);
            execute("UPDATE pks.plan SET value = 80 WHERE unit_id = 'ps1'");
            figure("WEEK", "2029-01-01", 85);
            figure("WEEK", "2029-01-08", 95);
            figure("MONTH", "2029-01-01", 180);
            // the stream's own weekly rows, against the current plan, as the sink writes them
            execute("INSERT INTO pks.deviation VALUES ('WEEK', '2029-01-01', 'ps1', 'first_visits', 'TARGET', 85, 80,"
                    + " 5, 6.25, now()), ('WEEK', '2029-01-08', 'ps1', 'first_visits', 'TARGET', 95, 80, 15, 18.75,"
                    + " now())");
            // the refresher's projections (AdoptedProjectionTest checks how they are made): two weeks over, 180 done.
            // Current: plan to date 160, year 320, projected 180 / 160 x 320 = 360, +40, +12.5 %.
            // Adopted: plan to date 200, year 400, projected 180 / 200 x 400 = 360, -40, -10 %.
            for (final String table : List.of("pks.projection", "pks.adopted_projection")) {
                final boolean adopted = table.equals("pks.adopted_projection");
                execute("INSERT INTO " + table + " (unit_id, measure, year, weeks_elapsed, actual_to_date,"
                        + " plan_to_date, annual_target, projected, deviation, deviation_pct) VALUES ('ps1',"
                        + " 'first_visits', 2029, 2, 180, " + (adopted ? "200, 400, 360, -40, -10" : "160, 320, 360, 40,"
                        + " 12.5") + ")");
            }
        }
        execute("SET pks.as_of = '2029-01-15'");
    }

    @Test
    void theStrategicOverviewFollowsTheSwitch() throws SQLException {
        final String dashboard = "pks-strategic-overview";
        // Region: per cent of plan, year to date
        assertEquals(List.of("first_visits 105.0"), rows(dashboard, 5, "CURRENT", "measure", "per_cent_of_plan"));
        assertEquals(List.of("first_visits 84.0"), rows(dashboard, 5, "ADOPTED", "measure", "per_cent_of_plan"));
        // Red and yellow figures: none against the current plan, the one figure red against the adopted plan
        assertEquals(List.of("0 0"), rows(dashboard, 7, "CURRENT", "red", "yellow"));
        assertEquals(List.of("1 0"), rows(dashboard, 7, "ADOPTED", "red", "yellow"));
        // Where to look
        assertEquals(List.of("Org PS first_visits GREEN"), rows(dashboard, 1, "CURRENT", "organisation", "measure",
                "status"));
        assertEquals(List.of("Org PS first_visits RED"), rows(dashboard, 1, "ADOPTED", "organisation", "measure",
                "status"));
        // Organisations against target and their year-end projection: the same 180 done and 360 projected, against
        // 171.4 and 320 (current) or 214.3 and 400 (adopted); 360 / 320 = 112.5 %, 360 / 400 = 90.0 % (-10 %, RED)
        final String[] table = {"actual", "plan", "per_cent_of_plan", "status", "projected_year", "annual_target",
                "projected_per_cent_of_target", "projection_status"};
        assertEquals(List.of("180.0 171.4 105.0 GREEN 360 320 112.5 GREEN"), rows(dashboard, 2, "CURRENT", table));
        assertEquals(List.of("180.0 214.3 84.0 RED 360 400 90.0 RED"), rows(dashboard, 2, "ADOPTED", table));
        // Own vs private providers: the unit is the region's own
        assertEquals(List.of("PUBLIC 171.4 105.0 GREEN"), rows(dashboard, 3, "CURRENT", "ownership", "plan",
                "per_cent_of_plan", "status"));
        assertEquals(List.of("PUBLIC 214.3 84.0 RED"), rows(dashboard, 3, "ADOPTED", "ownership", "plan",
                "per_cent_of_plan", "status"));
        // Units furthest from their year-end target
        assertEquals(List.of("ps1 320 360 112.5 GREEN"), rows(dashboard, 4, "CURRENT", "unit_id", "annual_target",
                "projected", "per_cent_of_target", "status"));
        assertEquals(List.of("ps1 400 360 90.0 RED"), rows(dashboard, 4, "ADOPTED", "unit_id", "annual_target",
                "projected", "per_cent_of_target", "status"));
    }

    @Test
    void ownVsPrivateAndTheUnitFollowUpFollowTheSwitch() throws SQLException {
        // Every provider, year to date: +5 % GREEN, or -16 % RED
        assertEquals(List.of("Org PS 171.4 5.0 GREEN"), rows("pks-own-vs-private", 4, "CURRENT", "provider", "plan",
                "deviation_pct", "status"));
        assertEquals(List.of("Org PS 214.3 -16.0 RED"), rows("pks-own-vs-private", 4, "ADOPTED", "provider", "plan",
                "deviation_pct", "status"));
        // Actual vs target, weekly: 85 and 95 against 80 and 80, or against 100 and 100
        assertEquals(List.of("85.0 80.0", "95.0 80.0"), rows("pks-unit-follow-up", 1, "CURRENT", "actual",
                "expected"));
        assertEquals(List.of("85.0 100.0", "95.0 100.0"), rows("pks-unit-follow-up", 1, "ADOPTED", "actual",
                "expected"));
        // Cumulative: 85, 180 against 80, 160 or 100, 200
        assertEquals(List.of("85.0 100.0", "180.0 200.0"), rows("pks-unit-follow-up", 3, "ADOPTED",
                "cumulative_actual", "cumulative_plan"));
        // Latest deviation per unit: the week of 8 January, 95 against 80 (+15, +18.75 %, GREEN) or against 100
        // (-5, -5 %: YELLOW, a bound takes the worse colour)
        assertEquals(List.of("ps1 80.0 15.0 18.8 GREEN"), rows("pks-unit-follow-up", 2, "CURRENT", "unit_id",
                "expected", "deviation", "deviation_pct", "status"));
        assertEquals(List.of("ps1 100.0 -5.0 -5.0 YELLOW"), rows("pks-unit-follow-up", 2, "ADOPTED", "unit_id",
                "expected", "deviation", "deviation_pct", "status"));
    }

    /** The chosen columns of each row of a panel's query with the Plan switch on {@code plan}, joined by spaces. */
    private List<String> rows(final String uid, final int panelId, final String plan, final String... columns)
            throws SQLException {
        final JsonNode dashboard = GrafanaQueries.read(GrafanaQueries.DASHBOARDS.resolve(uid + ".json"));
        final GrafanaQueries.Query query = GrafanaQueries.of(dashboard).stream()
                .filter(q -> q.kind() == GrafanaQueries.Kind.PANEL && q.panel().path("id").asInt() == panelId)
                .findFirst().orElseThrow();
        final Map<String, String> variables = new HashMap<>(Map.of("region", "R-ps", "organisation", "org-ps",
                "unit", "ps1", "measure", "first_visits", "granularity", "WEEK", "period_kind", "YEAR_TO_DATE"));
        variables.put("plan", plan);
        final String sql = GrafanaQueries.expand(query.sql(), FIRST_TWO_WEEKS, variables);
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                final List<String> values = new ArrayList<>();
                for (final String column : columns) {
                    // a double to one decimal, as the panel shows it; numeric (rounded in the query) and text as is
                    final Object value = result.getObject(column);
                    values.add(value instanceof Double number ? String.format(Locale.ROOT, "%.1f", number)
                            : String.valueOf(value));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }

    private void figure(final String granularity, final String start, final double value) throws SQLException {
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES ('"
                + granularity + "', '" + start + "', 'ps1', 'first_visits', " + value + ")");
    }

    private long number(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
