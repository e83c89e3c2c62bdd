package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import se.pks.stream.storage.PublicResultsQueries.Deficiency;
import se.pks.stream.storage.PublicResultsQueries.PublicUnit;
import se.pks.stream.storage.PublicResultsQueries.Threshold;
import se.pks.stream.storage.PublicResultsQueries.Week;
import se.pks.stream.storage.PublicResultsQueries.YearToDate;

/**
 * The public results queries on a real PostgreSQL with a hand-made region; every expected figure is worked out in
 * the comments. Today is pinned to Mon 3 Feb 2025 for every connection of the queries and approvals. The public
 * answers read published figures only: the weeks and year to date frozen when January was approved (V26). ISO weeks
 * of 2025: week 1 starts Mon 30 Dec 2024 and ends Sun 5 Jan, weeks 2-4 start Mon 6, 13 and 20 Jan, week 5 starts
 * Mon 27 Jan and ends Sun 2 Feb. A week is published with the month its Sunday lies in: weeks 1-4 with January, week
 * 5 with February (not approved), the week of Mon 23 Dec 2024 with December 2024 (not approved).
 */
class PublicResultsQueriesTest extends MigratedDatabaseTest {

    private static final double EXACT = 1e-9;
    private static final LocalDate JANUARY = LocalDate.parse("2025-01-01");
    private static final LocalDate JANUARY_END = LocalDate.parse("2025-01-31");
    private static final LocalDate WEEK_1 = LocalDate.parse("2024-12-30");
    private static final LocalDate WEEK_2 = LocalDate.parse("2025-01-06");
    private static final LocalDate WEEK_3 = LocalDate.parse("2025-01-13");
    private static final LocalDate WEEK_4 = LocalDate.parse("2025-01-20");
    private static final AuditTrail.Actor PM = AuditTrail.Actor.person("pm-1");

    private PublicResultsQueries queries;
    private ApprovalTable approvals;

    @BeforeEach
    void handMadeRegion() throws SQLException {
        execute("""
                ALTER TABLE pks.published_figure DISABLE TRIGGER published_figure_frozen;
                TRUNCATE pks.published_figure, pks.approval CASCADE;
                ALTER TABLE pks.published_figure ENABLE TRIGGER published_figure_frozen;
                TRUNCATE pks.feed_quality, pks.expected_reporting, pks.measure_value, pks.deviation, pks.plan,
                         pks.unit, pks.calendar_week""");
        execute("DELETE FROM pks.threshold WHERE unit_id <> '*'");
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('u1', 'Clinic 1', 'p1', 'H1', 'Hospital One', 'PUBLIC', 'R1'), "
                + "('u2', 'Clinic 2', 'p1', 'H1', 'Hospital One', 'PUBLIC', 'R1'), "
                + "('x1', 'Other clinic', 'p2', 'P2', 'A Provider', 'PRIVATE', 'R1')");
        execute("INSERT INTO pks.expected_reporting (unit_id, feed, cadence) VALUES ('u1', 'VISITS', 'WORKING_DAYS'), "
                + "('u2', 'VISITS', 'WORKING_DAYS')");
        // u1 reports every working day from Mon 6 Jan to Fri 31 Jan except Wed 8 Jan; in week 3, 6 of its 50 events
        // came late (12 % > 10 %). u2 reports the same days except Wed 15 and Thu 16 Jan, and not Wed 8 Jan's gap.
        for (final String day : List.of("06", "07", "09", "10", "13", "14", "15", "16", "17", "20", "21", "22", "23",
                "24", "27", "28", "29", "30", "31")) {
            final int late = "13".equals(day) ? 5 : "14".equals(day) ? 1 : 0;
            report("u1", "2025-01-" + day, late);
        }
        for (final String day : List.of("06", "07", "08", "09", "10", "13", "14", "17", "20", "21", "22", "23", "24",
                "27", "28", "29", "30", "31")) {
            report("u2", "2025-01-" + day, 0);
        }
        // Weekly first visits of u1 and their TARGET: nothing stored in week 1 (a count: 0 happened); week 5 and the
        // week of 23 Dec belong to months nobody approved. A CAPACITY_FORECAST row must lose to the TARGET.
        weekly("u1", "first_visits", "2024-12-23", 7);
        weekly("u1", "first_visits", "2025-01-06", 8);
        weekly("u1", "first_visits", "2025-01-13", 12);
        weekly("u1", "first_visits", "2025-01-20", 17);
        weekly("u1", "first_visits", "2025-01-27", 6);
        for (final String[] row : new String[][] {{"2024-12-30", "0", "7"}, {"2025-01-06", "8", "10"},
                {"2025-01-13", "12", "10"}, {"2025-01-20", "17", "20"}, {"2025-01-27", "6", "7"}}) {
            update("INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, "
                    + "expected) VALUES ('WEEK', ?::date, 'u1', 'first_visits', 'TARGET', ?::float8, ?::float8)",
                    row[0], row[1], row[2]);
            update("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) "
                    + "VALUES ('u1', 'first_visits', 'TARGET', 'WEEK', ?::date, ?::float8)", row[0], row[2]);
        }
        execute("INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected) "
                + "VALUES ('WEEK', '2025-01-06', 'u1', 'first_visits', 'CAPACITY_FORECAST', 8, 99)");
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('MONTH', '2025-01-01', 'u1', 'first_visits', 46)");
        // A waiting list without a plan; week 3's share above 1 cannot be true.
        weekly("u1", "guarantee_compliance", "2025-01-06", 0.9);
        weekly("u1", "guarantee_compliance", "2025-01-13", 1.2);
        // Bed occupancy in January against a TARGET of 0.9 in both units: u1 270 of 300 bed-days, u2 120 of 200.
        execute("""
                INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value, numerator,
                                               denominator) VALUES
                    ('MONTH', '2025-01-01', 'u1', 'occupancy_rate', 0.9, 270, 300),
                    ('MONTH', '2025-01-01', 'u2', 'occupancy_rate', 0.6, 120, 200);
                INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) VALUES
                    ('u1', 'occupancy_rate', 'TARGET', 'MONTH', '2025-01-01', 0.9),
                    ('u2', 'occupancy_rate', 'TARGET', 'MONTH', '2025-01-01', 0.9)""");

        final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(connection.getMetaData().getURL());
        dataSource.setUser(connection.getMetaData().getUserName());
        // The embedded server trusts local connections; today is pinned for every connection the queries open.
        dataSource.setOptions("-c pks.as_of=2025-02-03");
        queries = new PublicResultsQueries();
        queries.dataSource = dataSource;
        approvals = new ApprovalTable();
        approvals.dataSource = dataSource;
    }

    @Test
    void organisationsListTheirUnitsByName() {
        assertEquals(LocalDate.parse("2025-02-03"), queries.asOf());
        assertEquals(List.of("A Provider/x1", "Hospital One/u1", "Hospital One/u2"),
                queries.units().stream().map(u -> u.organisationName() + "/" + u.unitId()).toList());
        assertEquals(List.of("u1", "u2"), queries.organisationUnits("H1").stream().map(PublicUnit::unitId).toList());
        assertEquals(List.of(), queries.organisationUnits("nobody"));
    }

    @Test
    void nothingIsPublishedBeforeAMonthIsApproved() {
        assertEquals(Optional.empty(), queries.latestApprovedMonth(ApprovalTable.Level.UNIT, "u1"));
        assertEquals(List.of(), queries.weeks("u1", "first_visits", 2025));
        assertEquals(List.of(), queries.weekDeficiencies("u1", "first_visits", 2025));
        assertEquals(List.of(), queries.unitMeasures("u1"));
    }

    @Test
    void theWeeksOfTheApprovedMonthWithTheTargetAndZeroForAPlannedWeekWithoutEvents() {
        approveJanuary();
        // weeks 1-4 end in January; week 5 (Mon 27 Jan) belongs to February, which is not approved
        assertEquals(List.of(
                        new Week(WEEK_1, 0.0, 7.0, "TARGET", false),
                        new Week(WEEK_2, 8.0, 10.0, "TARGET", false),
                        new Week(WEEK_3, 12.0, 10.0, "TARGET", false),
                        new Week(WEEK_4, 17.0, 20.0, "TARGET", false)),
                queries.weeks("u1", "first_visits", 2025));
        // a measure without a plan: only its stored weeks; the week of 23 Dec 2024 belongs to December 2024
        assertEquals(List.of(new Week(WEEK_2, 0.9, null, null, false), new Week(WEEK_3, 1.2, null, null, false)),
                queries.weeks("u1", "guarantee_compliance", 2025));
        assertEquals(List.of(), queries.weeks("u1", "first_visits", 2024));
        assertEquals(List.of("first_visits", "guarantee_compliance"),
                queries.unitMeasures("u1").stream().map(PublicResultsQueries.MeasureInfo::measure).toList());
    }

    @Test
    void deficienciesGoWithTheWeeksAndTheMeasuresTheyAffectAsApproved() throws SQLException {
        approveJanuary();
        // Owing starts Mon 6 Jan (u1's first report): only Wed 8 Jan is missing up to Fri 31 Jan.
        // Week 3: 6 late of 5 x 10 accepted = 12 % > 10 %. Weeks 2 and 4: no late events.
        final List<Deficiency> approved = List.of(
                new Deficiency(WEEK_2, "MISSING_DATA", "DAY", LocalDate.parse("2025-01-08"), "VISITS", null, null,
                        null),
                new Deficiency(WEEK_3, "LATE_REPORTING", "WEEK", WEEK_3, "VISITS", null, 6L, 50L));
        assertEquals(approved, queries.weekDeficiencies("u1", "first_visits", 2025));
        // the waiting list is not a visits measure: the visits gaps do not touch it, its own implausible week does
        assertEquals(List.of(new Deficiency(WEEK_3, "IMPLAUSIBLE", "WEEK", WEEK_3, null, "SHARE_OVER_1", null,
                null)), queries.weekDeficiencies("u1", "guarantee_compliance", 2025));
        // Wed 8 Jan's report arrives after the approval: the published week keeps the deficiency it was approved with
        report("u1", "2025-01-08", 0);
        assertEquals(approved, queries.weekDeficiencies("u1", "first_visits", 2025));
    }

    @Test
    void yearToDateThroughTheApprovedMonthOfAUnitAndItsOrganisationWithTheReportsMissingThen() {
        approveJanuary();
        final PublicResultsQueries.ApprovedMonth month =
                queries.latestApprovedMonth(ApprovalTable.Level.UNIT, "u1").orElseThrow();
        assertEquals(JANUARY_END, month.approvedThrough());
        assertEquals("APPROVED", month.state());
        assertEquals(1, month.version());
        // Plan up to and including Fri 31 Jan, weekly plans pro rata by day: week 1 has 5 of its 7 days in 2025
        // (7 x 5/7 = 5), weeks 2-4 whole (10 + 10 + 20), week 5 five days up to 31 Jan (7 x 5/7 = 5): 50. Actual from
        // the stored month: 46. Deviation -4 = -8 % of plan: YELLOW (yellow from -5 %, red from -10 %). Occupancy:
        // 270/300 = 0.9 against 0.9.
        final List<YearToDate> unit = queries.yearToDate(ApprovalTable.Level.UNIT, "u1", month);
        assertEquals(2, unit.size());
        assertYearToDate(unit.get(0), "first_visits", 46, 50, -8, "YELLOW", 1, 1);
        assertYearToDate(unit.get(1), "occupancy_rate", 0.9, 0.9, 0, "NONE", 0, 0);
        // The organisation: first visits are u1's alone (u2 plans none), but u2's 2 missing days (Wed 15, Thu 16)
        // count among the organisation's deficiencies: 1 + 2 reports in 2 units. Occupancy from the parts:
        // (270 + 120) / (300 + 200) = 0.78, not the mean 0.75 of the units' rates; plan 0.9 weighted by the beds:
        // 0.9; -0.12 / 0.9 = -13.33 %.
        final PublicResultsQueries.ApprovedMonth organisationMonth =
                queries.latestApprovedMonth(ApprovalTable.Level.ORGANISATION, "H1").orElseThrow();
        final List<YearToDate> organisation =
                queries.yearToDate(ApprovalTable.Level.ORGANISATION, "H1", organisationMonth);
        assertEquals(2, organisation.size());
        assertYearToDate(organisation.get(0), "first_visits", 46, 50, -8, "YELLOW", 3, 2);
        assertYearToDate(organisation.get(1), "occupancy_rate", 0.78, 0.9, -12.0 / 0.9, "NONE", 0, 0);
    }

    @Test
    void aLateEventMovesTheLiveFigureWhileThePublicAnswersKeepTheApprovedOneUntilReapproval() throws SQLException {
        approveJanuary();
        // late registrations for January: the month 46 -> 49, week 3 12 -> 15
        execute("""
                UPDATE pks.measure_value SET value = 49 WHERE unit_id = 'u1' AND granularity = 'MONTH'
                   AND measure = 'first_visits';
                UPDATE pks.measure_value SET value = 15 WHERE unit_id = 'u1' AND granularity = 'WEEK'
                   AND measure = 'first_visits' AND period_start = '2025-01-13';
                UPDATE pks.deviation SET actual = 15 WHERE unit_id = 'u1' AND granularity = 'WEEK'
                   AND period_start = '2025-01-13'""");
        assertEquals(46, firstVisitsYearToDate().actual(), EXACT);
        assertEquals(12.0, queries.weeks("u1", "first_visits", 2025).get(2).actual());

        // re-opened: the published version still stands, marked so
        approvals.reopen(organisationJanuary(), PM, "late registrations");
        approvals.reopen(unitJanuary("u1"), PM, "late registrations");
        assertEquals("REOPENED", queries.latestApprovedMonth(ApprovalTable.Level.UNIT, "u1").orElseThrow().state());
        assertEquals(46, firstVisitsYearToDate().actual(), EXACT);

        // approved again: version 2 with the new figures, -1 of 50 = -2 %: GREEN
        approvals.approve(unitJanuary("u1"), PM, null);
        final PublicResultsQueries.ApprovedMonth month =
                queries.latestApprovedMonth(ApprovalTable.Level.UNIT, "u1").orElseThrow();
        assertEquals(2, month.version());
        assertYearToDate(firstVisitsYearToDate(), "first_visits", 49, 50, -2, "GREEN", 1, 1);
        assertEquals(new Week(WEEK_3, 15.0, 10.0, "TARGET", false), queries.weeks("u1", "first_visits", 2025).get(2));
    }

    private YearToDate firstVisitsYearToDate() {
        final PublicResultsQueries.ApprovedMonth month =
                queries.latestApprovedMonth(ApprovalTable.Level.UNIT, "u1").orElseThrow();
        return queries.yearToDate(ApprovalTable.Level.UNIT, "u1", month).getFirst();
    }

    private void approveJanuary() {
        approvals.approve(unitJanuary("u1"), PM, null);
        approvals.approve(unitJanuary("u2"), PM, null);
        approvals.approve(organisationJanuary(), PM, null);
    }

    private static ApprovalTable.Key unitJanuary(final String unitId) {
        return new ApprovalTable.Key(ApprovalTable.Level.UNIT, unitId, "H1", "MONTH", JANUARY, JANUARY_END);
    }

    private static ApprovalTable.Key organisationJanuary() {
        return new ApprovalTable.Key(ApprovalTable.Level.ORGANISATION, "H1", "H1", "MONTH", JANUARY, JANUARY_END);
    }

    @Test
    void theMostSpecificThresholdOfTheUnitMeasureAndYearApplies() throws SQLException {
        execute("INSERT INTO pks.threshold (measure, unit_id, year, direction, basis, yellow_from, red_from) "
                + "VALUES ('guarantee_compliance', 'u1', 2025, 'HIGHER_IS_BETTER', 'VALUE', 0.85, 0.75)");
        assertEquals(Optional.of(new Threshold("HIGHER_IS_BETTER", "VALUE", 0.85, 0.75)),
                queries.threshold("u1", "guarantee_compliance", 2025));
        // another year or another unit: the region's default (any unit, any year) from the V2 migration
        assertEquals(Optional.of(new Threshold("HIGHER_IS_BETTER", "VALUE", 0.8, 0.7)),
                queries.threshold("u1", "guarantee_compliance", 2024));
        assertEquals(Optional.of(new Threshold("HIGHER_IS_BETTER", "VALUE", 0.8, 0.7)),
                queries.threshold("u2", "guarantee_compliance", 2025));
        // a neutral measure has no default threshold
        assertEquals(Optional.empty(), queries.threshold("u1", "referrals_in", 2025));
    }

    private static void assertYearToDate(final YearToDate row, final String measure, final double actual,
                                         final double expected, final double deviationPct, final String status,
                                         final long missing, final long units) {
        assertEquals(measure, row.measure());
        assertEquals("TARGET", row.planKind());
        assertEquals(actual, row.actual(), EXACT);
        assertEquals(expected, row.expected(), EXACT);
        assertEquals(deviationPct, row.deviationPct(), EXACT);
        assertEquals(status, row.status());
        assertEquals(missing, row.missingReports());
        assertEquals(units, row.unitsMissing());
    }
    private void report(final String unitId, final String day, final long late) throws SQLException {
        update("INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted, late) "
                + "VALUES ('p1', ?, 'VISITS', ?::date, 10, 10, ?)", unitId, day, late);
    }

    private void weekly(final String unitId, final String measure, final String weekStart, final double value)
            throws SQLException {
        update("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('WEEK', ?::date, ?, ?, ?)", weekStart, unitId, measure, value);
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void update(final String sql, final Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            statement.executeUpdate();
        }
    }
}
