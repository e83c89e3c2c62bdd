package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The key figures the public page publishes, against figures worked out by hand: on 15 May 2025 the last complete
 * tertial is January to April. Region r1 has two own operating units and a private provider with 1, 2 and 3
 * operations per operating hour in March; region r2 has one unit with 4, which must not count in r1's group; May's
 * figures (the tertial under way) are not published.
 */
class PublishedKeyFiguresTest extends MigratedDatabaseTest {

    private static final LocalDate JANUARY = LocalDate.of(2025, 1, 1);

    private PublishedKeyFigureQueries queries;

    @BeforeEach
    void twoRegions() throws SQLException {
        execute("""
                TRUNCATE pks.unit, pks.measure_value, pks.plan, pks.comparison_group CASCADE;
                INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                      region_id) VALUES
                    ('op-a', 'Op A', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('op-b', 'Op B', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('op-c', 'Op C', 'p2', 'org-2', 'Org 2', 'PRIVATE', 'r1'),
                    ('op-d', 'Op D', 'p3', 'org-3', 'Org 3', 'PUBLIC', 'r2');
                INSERT INTO pks.comparison_group (group_id, label) VALUES ('day-surgery', 'Day surgery');
                INSERT INTO pks.comparison_group_unit (group_id, unit_id) VALUES ('day-surgery', 'op-a');
                """);
        operations("op-a", "2025-03-01", 10);
        operations("op-b", "2025-03-01", 20);
        operations("op-c", "2025-03-01", 30);
        operations("op-d", "2025-03-01", 40);
        // the tertial under way: op-a at 9 an hour in May would rank it first if May were published
        operations("op-a", "2025-05-01", 90);
        final PGSimpleDataSource source = dataSource();
        source.setOptions("-c pks.as_of=2025-05-15");
        queries = new PublishedKeyFigureQueries();
        queries.dataSource = source;
    }

    @Test
    void theLastCompleteTertialIsTheOneBeforeToday() {
        assertEquals(new PublishedKeyFigureQueries.Tertial(JANUARY, LocalDate.of(2025, 4, 30),
                LocalDate.of(2025, 5, 15)), queries.lastCompleteTertial());
    }

    @Test
    void eachUnitBesideItsRegionBestFirstWithDistanceToTheMedian() {
        // 1, 2, 3: median 2; op-c 3 is 50 % above it, op-a 1 is 50 % below
        assertEquals(List.of("r1 1 op-c Org 2 PRIVATE 3.0 50.0", "r1 2 op-b Org 1 PUBLIC 2.0 0.0",
                        "r1 3 op-a Org 1 PUBLIC 1.0 -50.0", "r2 1 op-d Org 3 PUBLIC 4.0 0.0"),
                queries.units(JANUARY, null).stream()
                        .filter(row -> row.keyFigure().equals("operations_per_operating_hour"))
                        .map(row -> row.regionId() + " " + row.rank() + " " + row.unitId() + " "
                                + row.organisationName() + " " + row.ownership() + " " + row.value() + " "
                                + Math.round(row.distanceToMedianPct() * 10) / 10.0)
                        .toList());
    }

    @Test
    void ownUnitsAndPrivateProvidersApartByTheSameRuleAsTheRegion() {
        // r1: quartiles of 1, 2, 3 are 1.5 and 2.5; own units 1 and 2 have the median 1.5, the one private
        // provider 3; r2 has no private provider, so no private median
        final List<PublishedKeyFigureQueries.RegionFigure> regions = queries.regions(JANUARY, null).stream()
                .filter(row -> row.keyFigure().equals("operations_per_operating_hour")).toList();
        assertEquals(List.of(
                        new PublishedKeyFigureQueries.RegionFigure("r1", "operations_per_operating_hour",
                                "HIGHER_IS_BETTER", 3, 1.5, 2.0, 2.5, 2, 1.5, 1, 3.0),
                        new PublishedKeyFigureQueries.RegionFigure("r2", "operations_per_operating_hour",
                                "HIGHER_IS_BETTER", 1, 4.0, 4.0, 4.0, 1, 4.0, 0, null)),
                regions);
        assertNull(regions.getLast().privateMedian());
    }

    @Test
    void anOrganisationNarrowsTheAnswerToItsRegionAndNoDefinedGroupIsPublished() {
        assertEquals(List.of("op-c", "op-b", "op-a"), queries.units(JANUARY, "org-2").stream()
                .filter(row -> row.keyFigure().equals("operations_per_operating_hour"))
                .map(PublishedKeyFigureQueries.UnitFigure::unitId).toList());
        assertEquals(List.of("r1"), queries.regions(JANUARY, "org-1").stream()
                .map(PublishedKeyFigureQueries.RegionFigure::regionId).distinct().toList());
        // op-a is also in the group 'day-surgery', alone there: it would show rank 1 of 1 if that group leaked
        assertEquals(List.of(3), queries.units(JANUARY, "org-1").stream()
                .filter(row -> row.unitId().equals("op-a")).map(PublishedKeyFigureQueries.UnitFigure::rank).toList());
    }

    private void operations(final String unit, final String month, final double perTenHours) throws SQLException {
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES "
                + "('MONTH', '" + month + "', '" + unit + "', 'operations', " + perTenHours + "), "
                + "('MONTH', '" + month + "', '" + unit + "', 'operation_hours', 10)");
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
