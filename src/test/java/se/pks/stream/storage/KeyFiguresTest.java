package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key figures comparable between units on the real schema, against figures worked out by hand: three operating units
 * of one region, one of them in a group the region defined, and a March 2025 of figures.
 */
class KeyFiguresTest extends MigratedDatabaseTest {

    @BeforeEach
    void region() throws SQLException {
        execute("""
                TRUNCATE pks.unit, pks.measure_value, pks.plan, pks.comparison_group CASCADE;
                DELETE FROM pks.catchment_population;
                INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                      region_id) VALUES
                    ('op-a', 'Op A', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('op-b', 'Op B', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('op-c', 'Op C', 'p2', 'org-2', 'Org 2', 'PRIVATE', 'r1');
                INSERT INTO pks.comparison_group (group_id, label) VALUES ('day-surgery', 'Day surgery');
                INSERT INTO pks.comparison_group_unit (group_id, unit_id) VALUES ('day-surgery', 'op-a'),
                                                                                 ('day-surgery', 'op-b');
                INSERT INTO pks.catchment_population (organisation_id, year, population) VALUES ('org-1', 2025, 20000);
                """);
        // operations 10, 20, 30 in 10 operating hours each: 1, 2 and 3 operations per hour
        month("op-a", "operations", 10);
        month("op-a", "operation_hours", 10);
        month("op-b", "operations", 20);
        month("op-b", "operation_hours", 10);
        month("op-c", "operations", 30);
        month("op-c", "operation_hours", 10);
        // waiting over the limit: 5 of 50 (100 per 1,000) and 30 of 100 (300 per 1,000)
        month("op-a", "waiting_count", 50);
        month("op-a", "waiting_over_limit", 5);
        month("op-b", "waiting_count", 100);
        month("op-b", "waiting_over_limit", 30);
        // op-a planned 8 operations in March: 10 against 8 is 125 %
        execute("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) "
                + "VALUES ('op-a', 'operations', 'TARGET', 'MONTH', '2025-03-01', 8)");
    }

    @Test
    void eachUnitBesideTheRegionsUnitsMedianQuartilesRankAndDistance() throws SQLException {
        // 1, 2, 3: median 2, quartiles (interpolated) 1.5 and 2.5; higher is better, so op-c ranks first
        assertEquals(List.of(
                        "op-a 1 n=3 q1=1.5 median=2 q3=2.5 rank=3 distance=-1 (-50.0 %)",
                        "op-b 2 n=3 q1=1.5 median=2 q3=2.5 rank=2 distance=0 (0.0 %)",
                        "op-c 3 n=3 q1=1.5 median=2 q3=2.5 rank=1 distance=1 (50.0 %)"),
                comparison("region:r1", "operations_per_operating_hour", "MONTH"));
        // the tertial holds only March here, so the same figures
        assertEquals("op-a 1 n=3 q1=1.5 median=2 q3=2.5 rank=3 distance=-1 (-50.0 %)",
                comparison("region:r1", "operations_per_operating_hour", "TERTIAL").getFirst());
    }

    @Test
    void aGroupTheRegionDefinedComparesItsOwnUnitsOnly() throws SQLException {
        // 1 and 2: median 1.5, quartiles 1.25 and 1.75
        assertEquals(List.of(
                        "op-a 1 n=2 q1=1.25 median=1.5 q3=1.75 rank=2 distance=-0.5 (-33.3 %)",
                        "op-b 2 n=2 q1=1.25 median=1.5 q3=1.75 rank=1 distance=0.5 (33.3 %)"),
                comparison("day-surgery", "operations_per_operating_hour", "MONTH"));
    }

    @Test
    void lowerIsBetterRanksTheLowestFirstAndOutcomeAgainstPlanIsInPercent() throws SQLException {
        // 100 and 300 per 1,000: median 200; lower is better, so op-a ranks first
        assertEquals(List.of(
                        "op-a 100 n=2 q1=150 median=200 q3=250 rank=1 distance=-100 (-50.0 %)",
                        "op-b 300 n=2 q1=150 median=200 q3=250 rank=2 distance=100 (50.0 %)"),
                comparison("region:r1", "waiting_over_limit_per_1000", "MONTH"));
        assertEquals(List.of("op-a 125 n=1 q1=125 median=125 q3=125 rank=1 distance=0 (0.0 %)"),
                comparison("region:r1", "operations_vs_plan_pct", "MONTH"));
    }

    @Test
    void theQueriesOfTheApiFilterByGroupAndKeyFigureBestFirst() {
        final KeyFigureQueries queries = new KeyFigureQueries();
        queries.dataSource = dataSource();
        final List<KeyFigureQueries.ComparisonRow> rows = queries.comparison(new KeyFigureQueries.Filter("MONTH",
                java.time.LocalDate.of(2025, 3, 1), "region:r1", "operations_per_operating_hour", null, 10));
        assertEquals(List.of("op-c 1 3", "op-b 2 3", "op-a 3 3"),
                rows.stream().map(row -> row.unitId() + " " + row.rank() + " " + row.n()).toList());
        assertEquals(-50.0, rows.getLast().distanceToMedianPct(), 1e-9);
    }

    @Test
    void volumesPerTenThousandInhabitantsOfTheOrganisationsCatchment() throws SQLException {
        // org-1: 10 + 20 operations for 20,000 inhabitants = 15 per 10,000; org-2 registered no population
        assertEquals(List.of("org-1 30 20000 15"), rows("""
                SELECT organisation_id || ' ' || volume || ' ' || population || ' ' || per_10000_inhabitants
                FROM pks.volume_per_inhabitants
                WHERE period_kind = 'MONTH' AND period_start = '2025-03-01' AND measure = 'operations'"""));
    }

    private List<String> comparison(final String group, final String keyFigure, final String periodKind)
            throws SQLException {
        return rows("""
                SELECT unit_id || ' ' || value || ' n=' || n || ' q1=' || q1 || ' median=' || median || ' q3=' || q3
                       || ' rank=' || rank || ' distance=' || distance_to_median
                       || ' (' || round(distance_to_median_pct::numeric, 1) || ' %%)'
                FROM pks.key_figure_comparison
                WHERE group_id = '%s' AND key_figure = '%s' AND period_kind = '%s' AND period_start = '%s'
                ORDER BY unit_id""".formatted(group, keyFigure, periodKind,
                periodKind.equals("MONTH") ? "2025-03-01" : "2025-01-01"));
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

    private List<String> rows(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
