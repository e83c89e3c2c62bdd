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
 * figures (the tertial under way) are not published. Published means approved: every unit and organisation has
 * approved January-April unless a test says otherwise, and the key figures are those frozen at the approval.
 */
class PublishedKeyFiguresTest extends MigratedDatabaseTest {

    private static final LocalDate JANUARY = LocalDate.of(2025, 1, 1);
    private static final LocalDate APRIL_END = LocalDate.of(2025, 4, 30);
    private static final AuditTrail.Actor PM = AuditTrail.Actor.person("pm-1");

    private PublishedKeyFigureQueries queries;
    private ApprovalTable approvals;

    @BeforeEach
    void twoRegions() throws SQLException {
        execute("""
                ALTER TABLE pks.published_figure DISABLE TRIGGER published_figure_frozen;
                TRUNCATE pks.published_figure, pks.approval CASCADE;
                ALTER TABLE pks.published_figure ENABLE TRIGGER published_figure_frozen;
                TRUNCATE pks.unit, pks.measure_value, pks.plan, pks.comparison_group CASCADE;
                INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                      region_id) VALUES
                    ('op-a', 'Op A', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('op-b', 'Op B', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('op-c', 'Op C', 'p2', 'org-2', 'Org 2', 'PRIVATE', 'r1'),
                    ('op-d', 'Op D', 'p3', 'org-3', 'Org 3', 'PUBLIC', 'r2');
                -- a target each, so that the organisations have figures to approve (an organisation's figures are
                -- its units' deviations from their plans)
                INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value)
                SELECT unit_id, 'operations', 'TARGET', 'MONTH', '2025-03-01', 10 FROM pks.unit;
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
        approvals = new ApprovalTable();
        approvals.dataSource = source;
    }

    /** The first tertial of 2025 approved by the units' production managers and then by these organisations. */
    private void approveFirstTertial(final String... organisations) {
        for (final String organisation : organisations) {
            final List<String> units = switch (organisation) {
                case "org-1" -> List.of("op-a", "op-b");
                case "org-2" -> List.of("op-c");
                default -> List.of("op-d");
            };
            for (final String unit : units) {
                approvals.approve(new ApprovalTable.Key(ApprovalTable.Level.UNIT, unit, organisation, "TERTIAL",
                        JANUARY, APRIL_END), PM, null);
            }
            approvals.approve(new ApprovalTable.Key(ApprovalTable.Level.ORGANISATION, organisation, organisation,
                    "TERTIAL", JANUARY, APRIL_END), PM, null);
        }
    }

    @Test
    void onlyTheOrganisationsThatApprovedTheTertialCountWithTheirFiguresAsApproved() throws SQLException {
        assertEquals(List.of(), queries.units(JANUARY, null), "nothing approved, nothing published");
        // org-2 has approved nothing, org-1 approved before a late registration moved op-a's March to 5 an hour
        approveFirstTertial("org-1", "org-3");
        execute("UPDATE pks.measure_value SET value = 50 WHERE unit_id = 'op-a' AND measure = 'operations' "
                + "AND period_start = '2025-03-01'");
        // r1: op-a 1 and op-b 2 as approved, median 1.5: op-b 33.3 % above, op-a 33.3 % below; op-c not at all
        assertEquals(List.of("r1 1 op-b 2.0 33.3", "r1 2 op-a 1.0 -33.3", "r2 1 op-d 4.0 0.0"), operationsPerHour());
        // the unit re-opened and approved again (its organisation first): the new figure, 5 an hour, ranks first
        final ApprovalTable.Key organisation = new ApprovalTable.Key(ApprovalTable.Level.ORGANISATION, "org-1",
                "org-1", "TERTIAL", JANUARY, APRIL_END);
        final ApprovalTable.Key unit = new ApprovalTable.Key(ApprovalTable.Level.UNIT, "op-a", "org-1", "TERTIAL",
                JANUARY, APRIL_END);
        approvals.reopen(organisation, PM, "late registrations");
        approvals.reopen(unit, PM, "late registrations");
        assertEquals(List.of("r1 1 op-b 2.0 33.3", "r1 2 op-a 1.0 -33.3", "r2 1 op-d 4.0 0.0"), operationsPerHour(),
                "re-opened: the figures last approved stand");
        approvals.approve(unit, PM, null);
        approvals.approve(organisation, PM, null);
        // 5 and 2: median 3.5; (5 - 3.5) / 3.5 = 42.9 %, (2 - 3.5) / 3.5 = -42.9 %
        assertEquals(List.of("r1 1 op-a 5.0 42.9", "r1 2 op-b 2.0 -42.9", "r2 1 op-d 4.0 0.0"), operationsPerHour());
    }

    private List<String> operationsPerHour() {
        return queries.units(JANUARY, null).stream()
                .filter(row -> row.keyFigure().equals("operations_per_operating_hour"))
                .map(row -> row.regionId() + " " + row.rank() + " " + row.unitId() + " " + row.value() + " "
                        + Math.round(row.distanceToMedianPct() * 10) / 10.0)
                .toList();
    }

    @Test
    void theLastCompleteTertialIsTheOneBeforeToday() {
        assertEquals(new PublishedKeyFigureQueries.Tertial(JANUARY, LocalDate.of(2025, 4, 30),
                LocalDate.of(2025, 5, 15)), queries.lastCompleteTertial());
    }

    @Test
    void eachUnitBesideItsRegionBestFirstWithDistanceToTheMedian() {
        approveFirstTertial("org-1", "org-2", "org-3");
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
        approveFirstTertial("org-1", "org-2", "org-3");
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
        approveFirstTertial("org-1", "org-2", "org-3");
        assertEquals(List.of("op-c", "op-b", "op-a"), queries.units(JANUARY, "org-2").stream()
                .filter(row -> row.keyFigure().equals("operations_per_operating_hour"))
                .map(PublishedKeyFigureQueries.UnitFigure::unitId).toList());
        assertEquals(List.of("r1"), queries.regions(JANUARY, "org-1").stream()
                .map(PublishedKeyFigureQueries.RegionFigure::regionId).distinct().toList());
        // op-a is also in the group 'day-surgery', alone there: it would show rank 1 of 1 if that group leaked
        assertEquals(List.of(3), queries.units(JANUARY, "org-1").stream()
                .filter(row -> row.unitId().equals("op-a") && row.keyFigure().equals("operations_per_operating_hour"))
                .map(PublishedKeyFigureQueries.UnitFigure::rank).toList());
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
