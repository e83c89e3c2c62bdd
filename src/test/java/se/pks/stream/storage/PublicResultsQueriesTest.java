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
 * the comments. Today is pinned to Mon 20 Jan 2025 for every connection of the queries. ISO weeks of 2025: week 1
 * starts Mon 30 Dec 2024, week 2 Mon 6 Jan, week 3 Mon 13 Jan, week 4 (the current week) Mon 20 Jan.
 */
class PublicResultsQueriesTest extends MigratedDatabaseTest {

    private static final double EXACT = 1e-9;
    private static final LocalDate WEEK_1 = LocalDate.parse("2024-12-30");
    private static final LocalDate WEEK_2 = LocalDate.parse("2025-01-06");
    private static final LocalDate WEEK_3 = LocalDate.parse("2025-01-13");

    private PublicResultsQueries queries;

    @BeforeEach
    void handMadeRegion() throws SQLException {
        execute("TRUNCATE pks.feed_quality, pks.expected_reporting, pks.measure_value, pks.deviation, pks.plan, "
                + "pks.unit, pks.calendar_week");
        execute("DELETE FROM pks.threshold WHERE unit_id <> '*'");
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('u1', 'Clinic 1', 'p1', 'H1', 'Hospital One', 'PUBLIC', 'R1'), "
                + "('u2', 'Clinic 2', 'p1', 'H1', 'Hospital One', 'PUBLIC', 'R1'), "
                + "('x1', 'Other clinic', 'p2', 'P2', 'A Provider', 'PRIVATE', 'R1')");
        execute("INSERT INTO pks.expected_reporting (unit_id, feed, cadence) VALUES ('u1', 'VISITS', 'WORKING_DAYS'), "
                + "('u2', 'VISITS', 'WORKING_DAYS')");
        // u1 reports every working day from Mon 6 Jan except Wed 8 Jan; in week 3, 6 of its 50 events came late
        // (12 % > 10 %). u2 reports from Mon 6 Jan except Wed 15 and Thu 16 Jan.
        for (final String day : List.of("06", "07", "09", "10", "13", "14", "15", "16", "17")) {
            final int late = "13".equals(day) ? 5 : "14".equals(day) ? 1 : 0;
            report("u1", "2025-01-" + day, late);
        }
        for (final String day : List.of("06", "07", "08", "09", "10", "13", "14", "17")) {
            report("u2", "2025-01-" + day, 0);
        }
        // Weekly first visits of u1 and their TARGET: nothing stored in week 1 (a count: 0 happened); week 4 is
        // under way; a week of ISO year 2024 is not in 2025. A CAPACITY_FORECAST row for the same measure must lose
        // to the TARGET.
        weekly("u1", "first_visits", "2024-12-23", 7);
        weekly("u1", "first_visits", "2025-01-06", 8);
        weekly("u1", "first_visits", "2025-01-13", 12);
        weekly("u1", "first_visits", "2025-01-20", 3);
        for (final String[] row : new String[][] {{"2024-12-30", "0", "5"}, {"2025-01-06", "8", "10"},
                {"2025-01-13", "12", "10"}, {"2025-01-20", "3", "10"}}) {
            update("INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, "
                    + "expected) VALUES ('WEEK', ?::date, 'u1', 'first_visits', 'TARGET', ?::float8, ?::float8)",
                    row[0], row[1], row[2]);
            update("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) "
                    + "VALUES ('u1', 'first_visits', 'TARGET', 'WEEK', ?::date, ?::float8)", row[0], row[2]);
        }
        execute("INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected) "
                + "VALUES ('WEEK', '2025-01-06', 'u1', 'first_visits', 'CAPACITY_FORECAST', 8, 99)");
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('MONTH', '2025-01-01', 'u1', 'first_visits', 23)");
        // A waiting list without a plan; week 3's share above 1 cannot be true.
        weekly("u1", "guarantee_compliance", "2025-01-06", 0.9);
        weekly("u1", "guarantee_compliance", "2025-01-13", 1.2);

        final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(connection.getMetaData().getURL());
        dataSource.setUser(connection.getMetaData().getUserName());
        // The embedded server trusts local connections; today is pinned for every connection the queries open.
        dataSource.setOptions("-c pks.as_of=2025-01-20");
        queries = new PublicResultsQueries();
        queries.dataSource = dataSource;
    }

    @Test
    void organisationsListTheirUnitsByName() {
        assertEquals(LocalDate.parse("2025-01-20"), queries.asOf());
        assertEquals(List.of("A Provider/x1", "Hospital One/u1", "Hospital One/u2"),
                queries.units().stream().map(u -> u.organisationName() + "/" + u.unitId()).toList());
        assertEquals(List.of("u1", "u2"), queries.organisationUnits("H1").stream().map(PublicUnit::unitId).toList());
        assertEquals(List.of(), queries.organisationUnits("nobody"));
    }

    @Test
    void endedWeeksOfTheIsoYearWithTheTargetAndZeroForAPlannedWeekWithoutEvents() {
        assertEquals(List.of(
                        new Week(WEEK_1, 0.0, 5.0, "TARGET", false),
                        new Week(WEEK_2, 8.0, 10.0, "TARGET", false),
                        new Week(WEEK_3, 12.0, 10.0, "TARGET", false)),
                queries.weeks("u1", "first_visits", 2025));
        // a measure without a plan: only its stored weeks
        assertEquals(List.of(new Week(WEEK_2, 0.9, null, null, false), new Week(WEEK_3, 1.2, null, null, false)),
                queries.weeks("u1", "guarantee_compliance", 2025));
    }

    @Test
    void deficienciesGoWithTheWeeksAndTheMeasuresTheyAffect() {
        // Owing starts Mon 6 Jan (u1's first report) and ends yesterday, Sun 19 Jan: only Wed 8 Jan is missing.
        // Week 3: 6 late of 5 x 10 accepted = 12 % > 10 %. Week 2: no late events.
        assertEquals(List.of(
                        new Deficiency(WEEK_2, "MISSING_DATA", "DAY", LocalDate.parse("2025-01-08"), "VISITS", null,
                                null, null),
                        new Deficiency(WEEK_3, "LATE_REPORTING", "WEEK", WEEK_3, "VISITS", null, 6L, 50L)),
                queries.weekDeficiencies("u1", "first_visits", 2025));
        // the waiting list is not a visits measure: the visits gaps do not touch it, its own implausible week does
        assertEquals(List.of(new Deficiency(WEEK_3, "IMPLAUSIBLE", "WEEK", WEEK_3, null, "SHARE_OVER_1", null,
                null)), queries.weekDeficiencies("u1", "guarantee_compliance", 2025));
    }

    @Test
    void yearToDateOfAUnitAndItsOrganisationWithTheReportsMissingThisYear() {
        // Plan up to and including Mon 20 Jan, weekly plans pro rata by day: week 1 has 5 of its 7 days in 2025
        // (5 x 5/7), weeks 2 and 3 whole (10 + 10), week 4 one day (10 x 1/7): 25/7 + 20 + 10/7 = 25.
        // Actual from the stored month: 23. Deviation -2 = -8 % of plan: YELLOW (yellow from -5 %, red from -10 %).
        final List<YearToDate> unit = queries.unitYearToDate("u1");
        assertEquals(1, unit.size());
        assertYearToDate(unit.get(0), 23, 25, -8, "YELLOW", 1, 1);
        // u2 has no plan, so it adds nothing to the organisation's figures, but its 2 missing days (Wed 15, Thu 16)
        // count among the organisation's deficiencies: 1 + 2 reports in 2 units.
        final List<YearToDate> organisation = queries.organisationYearToDate("H1");
        assertEquals(1, organisation.size());
        assertYearToDate(organisation.get(0), 23, 25, -8, "YELLOW", 3, 2);
        assertEquals(List.of(), queries.unitYearToDate("u2"));
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

    private static void assertYearToDate(final YearToDate row, final double actual, final double expected,
                                         final double deviationPct, final String status, final long missing,
                                         final long units) {
        assertEquals("first_visits", row.measure());
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
