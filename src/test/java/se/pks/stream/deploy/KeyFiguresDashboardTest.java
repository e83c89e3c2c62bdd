package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * The key-figure dashboard's queries as Grafana runs them, against figures worked out by hand: three operating units
 * of region r1 in March 2025 with 1, 2 and 3 operations per operating hour (two own units, one private provider),
 * the first two also in a group the region defined, and one unit's share of first visits.
 */
class KeyFiguresDashboardTest extends MigratedDatabaseTest {

    private static final GrafanaQueries.TimeRange YEAR_2025 = new GrafanaQueries.TimeRange(
            Instant.parse("2024-12-31T23:00:00Z"), Instant.parse("2025-12-31T22:59:59Z"));

    private final JsonNode dashboard = GrafanaQueries.read(GrafanaQueries.DASHBOARDS.resolve("pks-key-figures.json"));
    private final Map<String, String> variables = new HashMap<>(Map.of("region", "r1", "organisation", "org-1",
            "unit", "op-a", "period_kind", "MONTH", "period", "2025-03-01",
            "key_figure", "operations_per_operating_hour", "comparison_group", "region:r1"));

    @BeforeEach
    void region() throws SQLException {
        execute("""
                TRUNCATE pks.unit, pks.measure_value, pks.plan, pks.comparison_group CASCADE;
                INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                      region_id) VALUES
                    ('op-a', 'Op A', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('op-b', 'Op B', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('op-c', 'Op C', 'p2', 'org-2', 'Org 2', 'PRIVATE', 'r1'),
                    ('op-x', 'Op X', 'p9', 'org-9', 'Org 9', 'PUBLIC', 'r2');
                INSERT INTO pks.comparison_group (group_id, label) VALUES ('day-surgery', 'Day surgery');
                INSERT INTO pks.comparison_group_unit (group_id, unit_id) VALUES ('day-surgery', 'op-a'),
                                                                                 ('day-surgery', 'op-b');
                """);
        month("op-a", "operations", 10);
        month("op-a", "operation_hours", 10);
        month("op-b", "operations", 20);
        month("op-b", "operation_hours", 10);
        month("op-c", "operations", 30);
        month("op-c", "operation_hours", 10);
        // another region's unit, at 5 an hour: not in r1's table
        month("op-x", "operations", 50);
        month("op-x", "operation_hours", 10);
        // 30 first visits of 100 planned visits: a share of 0.3, shown as 30 %
        month("op-a", "first_visits", 30);
        month("op-a", "return_visits", 70);
    }

    @Test
    void theUnitsRankedBesideTheGroupsMedianAndQuartiles() throws SQLException {
        // 1, 2, 3: median 2, interpolated quartiles 1.5 and 2.5; more is better, so op-c ranks first, 50 % above
        assertEquals(List.of(
                "1|op-c|Op C|org-2|Org 2|Private provider|3.00|2.00|1.50|2.50|50.0|Above the upper quartile|3",
                "2|op-b|Op B|org-1|Org 1|Own unit|2.00|2.00|1.50|2.50|0.0|Between the quartiles|3",
                "3|op-a|Op A|org-1|Org 1|Own unit|1.00|2.00|1.50|2.50|-50.0|Below the lower quartile|3"),
                panel(1));
        // each bar in the band it lies in
        assertEquals(List.of("Op C|null|null|3.00", "Op B|null|2.00|null", "Op A|1.00|null|null"), panel(2));
    }

    @Test
    void aGroupTheRegionDefinedAndAShareInPerCent() throws SQLException {
        variables.put("comparison_group", "day-surgery");
        // 1 and 2: median 1.5, quartiles 1.25 and 1.75
        assertEquals(List.of("1|op-b|Op B|org-1|Org 1|Own unit|2.00|1.50|1.25|1.75|33.3|Above the upper quartile|2",
                "2|op-a|Op A|org-1|Org 1|Own unit|1.00|1.50|1.25|1.75|-33.3|Below the lower quartile|2"), panel(1));
        variables.put("comparison_group", "region:r1");
        variables.put("key_figure", "first_visit_share");
        assertEquals(List.of("1|op-a|Op A|org-1|Org 1|Own unit|30.00|30.00|30.00|30.00|0.0|Between the quartiles|1"),
                panel(1));
    }

    @Test
    void ownUnitsAndPrivateProvidersSideBySide() throws SQLException {
        // own: 1 and 2, median 1.5; private: 3; the group's median 2. The share of first visits has no private unit.
        assertEquals(List.of("Operations per operating hour|2|1.50|1|3.00|2.00",
                "First visits, % of planned visits|1|30.00|0|null|30.00"), panel(3));
    }

    @Test
    void theChosenUnitBesideEveryGroupItIsIn() throws SQLException {
        assertEquals(List.of(
                "Operations per operating hour|Day surgery|1.00|1.50|1.25|1.75|2|2|-33.3",
                "Operations per operating hour|Region r1|1.00|2.00|1.50|2.50|3|3|-50.0",
                // op-a is the only unit of either group with visits
                "First visits, % of planned visits|Day surgery|30.00|30.00|30.00|30.00|1|1|0.0",
                "First visits, % of planned visits|Region r1|30.00|30.00|30.00|30.00|1|1|0.0"), panel(4));
    }

    @Test
    void thePeriodsOfferedAreThoseOfTheTimeRangeInWords() throws SQLException {
        assertEquals(List.of("2025-03-01|March 2025"), variable("period"));
        variables.put("period_kind", "TERTIAL");
        assertEquals(List.of("2025-01-01|Jan to Apr 2025"), variable("period"));
        assertEquals(List.of("region:r1|All units of region r1", "day-surgery|Day surgery"),
                variable("comparison_group"));
    }

    private List<String> panel(final int id) throws SQLException {
        for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
            if (query.kind() == GrafanaQueries.Kind.PANEL && query.panel().path("id").asInt() == id) {
                return rows(query);
            }
        }
        throw new AssertionError("no panel " + id);
    }

    private List<String> variable(final String name) throws SQLException {
        for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
            if (query.kind() == GrafanaQueries.Kind.VARIABLE && query.name().equals(name)) {
                return rows(query);
            }
        }
        throw new AssertionError("no variable " + name);
    }

    private List<String> rows(final GrafanaQueries.Query query) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(GrafanaQueries.expand(query.sql(), YEAR_2025, variables))) {
            final ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                final List<String> cells = new ArrayList<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    cells.add(result.getString(column));
                }
                rows.add(String.join("|", cells));
            }
        }
        return rows;
    }

    private void month(final String unit, final String measure, final double value) throws SQLException {
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES ('MONTH', "
                + "'2025-03-01', '" + unit + "', '" + measure + "', " + value + ")");
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
