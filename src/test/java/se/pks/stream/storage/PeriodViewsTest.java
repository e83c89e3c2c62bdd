package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Measure;

/**
 * The period, status and rollup views of the V2 migration against a real PostgreSQL: hand-made rows go in with plain
 * SQL, and every expected figure is worked out by hand in the comments. The as-of day is pinned per test with
 * {@code SET pks.as_of}, so year-to-date and rolling periods do not depend on when the test runs.
 */
class PeriodViewsTest extends MigratedDatabaseTest {

    private static final double EXACT = 1e-9;


    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.measure_value, pks.deviation, pks.plan, pks.unit, pks.calendar_week");
        // the seeded defaults stay; what a test adds goes
        execute("DELETE FROM pks.threshold WHERE unit_id <> '*' OR year <> 0");
        execute("SET pks.as_of = '2025-06-30'");
        unit("u1", "H1", "Hospital One", "PUBLIC", "R1");
    }

    @Test
    void aTertialSumsCountsAcrossAPlanChangeAndFollowsACorrectedPlan() throws SQLException {
        monthlyPlans("first_visits", "TARGET", 100, 100, 120, 120, 130);
        monthlyActuals("first_visits", 90, 100, 130, 110, 50);

        // Jan-Apr actual 90 + 100 + 130 + 110 = 430; plan 100 + 100 + 120 + 120 = 440 (raised from March on)
        assertRow(List.of("2025-04-30", 430.0, 440.0, -10.0, "GREEN"),
                row("SELECT period_end::text, actual, expected, deviation, status FROM pks.period_deviation "
                        + "WHERE period_kind = 'TERTIAL' AND period_start = '2025-01-01' AND measure = 'first_visits'"));
        // -10 / 440 = -2.2727 %
        assertEquals(-2.272727272727, number("SELECT deviation_pct FROM pks.period_deviation WHERE period_kind = "
                + "'TERTIAL' AND period_start = '2025-01-01' AND measure = 'first_visits'"), 1e-9);
        // May-Aug has only May so far: 50 against 130
        assertRow(List.of(50.0, 130.0), row("SELECT actual, expected FROM pks.period_deviation WHERE period_kind "
                + "= 'TERTIAL' AND period_start = '2025-05-01' AND measure = 'first_visits'"));
        // the year: 430 + 50 = 480 against 440 + 130 = 570
        assertRow(List.of(480.0, 570.0), row("SELECT actual, expected FROM pks.period_deviation WHERE period_kind "
                + "= 'YEAR' AND period_start = '2025-01-01' AND measure = 'first_visits'"));

        // March's plan corrected to 160: 100 + 100 + 160 + 120 = 480; -50 / 480 = -10.42 % is red
        execute("UPDATE pks.plan SET value = 160 WHERE measure = 'first_visits' AND period_start = '2025-03-01'");
        assertRow(List.of(480.0, -50.0, "RED"), row("SELECT expected, deviation, status FROM pks.period_deviation "
                + "WHERE period_kind = 'TERTIAL' AND period_start = '2025-01-01' AND measure = 'first_visits'"));
    }

    @Test
    void aTertialRecomputesRatesFromTheirPartsAndTakesTheLastLevelOfAStock() throws SQLException {
        // mean staffed beds per month 310/31 = 10, 336/28 = 12, 434/31 = 14, 240/15 = 16 (April: 15 censuses)
        ratioActual("MONTH", "2025-01-01", "u1", "staffed_beds", 310, 31);
        ratioActual("MONTH", "2025-02-01", "u1", "staffed_beds", 336, 28);
        ratioActual("MONTH", "2025-03-01", "u1", "staffed_beds", 434, 31);
        ratioActual("MONTH", "2025-04-01", "u1", "staffed_beds", 240, 15);
        // over all censuses: (310 + 336 + 434 + 240) / (31 + 28 + 31 + 15) = 1320 / 105 = 12.5714,
        // not the mean of the monthly means (10 + 12 + 14 + 16) / 4 = 13
        assertRow(List.of(1320 / 105.0, 1320.0, 105.0), row("SELECT value, numerator, denominator "
                + "FROM pks.period_actual WHERE period_kind = 'TERTIAL' AND measure = 'staffed_beds'"));
        // a plan of beds is a level: the mean over the tertial's days (31 x 10 + 28 x 10 + 31 x 14 + 30 x 14) / 120
        // = (310 + 280 + 434 + 420) / 120 = 1444 / 120
        monthlyPlans("staffed_beds", "CAPACITY_FORECAST", 10, 10, 14, 14);
        assertEquals(1444 / 120.0, number("SELECT expected FROM pks.period_expected WHERE period_kind = 'TERTIAL' "
                + "AND measure = 'staffed_beds'"), EXACT);

        // waiting at the end of the tertial: March's 50, April has no figure; the plan's level at its end: April's 46
        monthlyActuals("waiting_count", 40, 45, 50);
        monthlyPlans("waiting_count", "WAITING_FORECAST", 40, 42, 44, 46);
        assertRow(List.of(50.0, 46.0), row("SELECT actual, expected FROM pks.period_deviation "
                + "WHERE period_kind = 'TERTIAL' AND measure = 'waiting_count'"));

        // a month stored without its parts: the tertial's occupancy is unknown rather than built from January alone
        ratioActual("MONTH", "2025-01-01", "u1", "occupancy_rate", 90, 100);
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('MONTH', '2025-02-01', 'u1', 'occupancy_rate', 0.5)");
        assertRow(Arrays.asList(null, null, null), row("SELECT value, numerator, denominator "
                + "FROM pks.period_actual WHERE period_kind = 'TERTIAL' AND measure = 'occupancy_rate'"));
    }

    @Test
    void aWeekAcrossAMonthBoundaryCountsProRataByDayUnlessTheMonthHasItsOwnPlan() throws SQLException {
        // Mon 28 Apr - Sun 4 May 2025: 3 days in April, 4 in May
        plan("first_visits", "TARGET", "WEEK", "2025-04-21", 70);
        plan("first_visits", "TARGET", "WEEK", "2025-04-28", 70);
        plan("first_visits", "TARGET", "WEEK", "2025-05-05", 140);
        // April 70 + 70 x 3/7 = 100; May 70 x 4/7 + 140 = 180; the week itself keeps its 70
        assertEquals(100.0, expected("MONTH", "2025-04-01", "first_visits"), EXACT);
        assertEquals(180.0, expected("MONTH", "2025-05-01", "first_visits"), EXACT);
        assertEquals(70.0, expected("WEEK", "2025-04-28", "first_visits"), EXACT);
        // the week is split between two tertials as well: Jan-Apr 100, May-Aug 180, the year 280
        assertEquals(100.0, expected("TERTIAL", "2025-01-01", "first_visits"), EXACT);
        assertEquals(180.0, expected("TERTIAL", "2025-05-01", "first_visits"), EXACT);
        assertEquals(280.0, expected("YEAR", "2025-01-01", "first_visits"), EXACT);

        // a monthly plan for May replaces the weekly plans in May only: April 100, May 200, the year 300
        plan("first_visits", "TARGET", "MONTH", "2025-05-01", 200);
        assertEquals(100.0, expected("MONTH", "2025-04-01", "first_visits"), EXACT);
        assertEquals(200.0, expected("MONTH", "2025-05-01", "first_visits"), EXACT);
        assertEquals(200.0, expected("TERTIAL", "2025-05-01", "first_visits"), EXACT);
        assertEquals(300.0, expected("YEAR", "2025-01-01", "first_visits"), EXACT);
        assertEquals(70.0, expected("WEEK", "2025-04-28", "first_visits"), EXACT);

        // levels: April has 7 planned days at 20 beds and 3 at 30: (140 + 90) / 10 = 23; May's 4 days are all at 30
        plan("staffed_beds", "CAPACITY_FORECAST", "WEEK", "2025-04-21", 20);
        plan("staffed_beds", "CAPACITY_FORECAST", "WEEK", "2025-04-28", 30);
        assertEquals(23.0, expected("MONTH", "2025-04-01", "staffed_beds"), EXACT);
        assertEquals(30.0, expected("MONTH", "2025-05-01", "staffed_beds"), EXACT);
        // a stock at the end of April: the plan of the week that covers 30 April
        plan("waiting_count", "WAITING_FORECAST", "WEEK", "2025-04-21", 100);
        plan("waiting_count", "WAITING_FORECAST", "WEEK", "2025-04-28", 90);
        assertEquals(90.0, expected("MONTH", "2025-04-01", "waiting_count"), EXACT);
    }

    @Test
    void cumulativePeriodsExpectThePlanUpToTheAsOfDayNotTheWholePeriod() throws SQLException {
        execute("SET pks.as_of = '2025-03-15'");
        plan("first_visits", "TARGET", "MONTH", "2024-03-01", 999);
        plan("first_visits", "TARGET", "MONTH", "2024-12-01", 310);
        monthlyPlans("first_visits", "TARGET", 310, 280, 310, 300, 300, 300, 300, 300, 300, 300, 300, 300);
        actual("MONTH", "2024-03-01", "first_visits", 500);
        actual("MONTH", "2024-12-01", "first_visits", 320);
        monthlyActuals("first_visits", 300, 290, 140);

        // Jan 310 + Feb 280 + 15 of March's 31 days 310 x 15/31 = 150 -> 740, not the year's
        // 310 + 280 + 310 + 9 x 300 = 3600; actual 300 + 290 + 140 = 730
        assertRow(List.of("2025-01-01", "2025-03-15", 730.0, 740.0, -10.0), row("SELECT period_start::text, "
                + "period_end::text, actual, expected, deviation FROM pks.period_deviation "
                + "WHERE period_kind = 'YEAR_TO_DATE' AND measure = 'first_visits'"));
        assertEquals(3600.0, expected("YEAR", "2025-01-01", "first_visits"), EXACT);
        // the 12 months ending with March 2025 start in April 2024: December's 310 + 740 = 1050, 320 + 730 = 1050
        assertRow(List.of("2024-04-01", 1050.0, 1050.0), row("SELECT period_start::text, actual, expected "
                + "FROM pks.period_deviation WHERE period_kind = 'ROLLING_12_MONTHS' AND measure = 'first_visits'"));

        // the 4 weeks ending with the week of Sat 15 March start on Mon 17 Feb: 3 x 70 + 6 days of 10-16 March
        // 70 x 6/7 = 60 -> 270; actual 60 + 70 + 80 + 50 = 260 (weekly plans are not used for months that have
        // monthly plans, so the months above are unchanged)
        plan("first_visits", "TARGET", "WEEK", "2025-02-10", 700);
        for (final String week : List.of("2025-02-17", "2025-02-24", "2025-03-03", "2025-03-10", "2025-03-17")) {
            plan("first_visits", "TARGET", "WEEK", week, 70);
        }
        actual("WEEK", "2025-02-10", "first_visits", 100);
        actual("WEEK", "2025-02-17", "first_visits", 60);
        actual("WEEK", "2025-02-24", "first_visits", 70);
        actual("WEEK", "2025-03-03", "first_visits", 80);
        actual("WEEK", "2025-03-10", "first_visits", 50);
        assertRow(List.of("2025-02-17", 260.0, 270.0), row("SELECT period_start::text, actual, expected "
                + "FROM pks.period_deviation WHERE period_kind = 'ROLLING_4_WEEKS' AND measure = 'first_visits'"));
        assertEquals(740.0, expected("YEAR_TO_DATE", "2025-01-01", "first_visits"), EXACT);

        // a stock to date: March's 55 waiting against March's forecast 58
        monthlyActuals("waiting_count", 50, 60, 55);
        monthlyPlans("waiting_count", "WAITING_FORECAST", 50, 55, 58, 60);
        assertRow(List.of(55.0, 58.0), row("SELECT actual, expected FROM pks.period_deviation "
                + "WHERE period_kind = 'YEAR_TO_DATE' AND measure = 'waiting_count'"));

        // without pks.as_of the day is today in Stockholm
        execute("RESET pks.as_of");
        assertEquals(LocalDate.now(ZoneId.of("Europe/Stockholm")).toString(), text("SELECT pks.as_of_date()::text"));
    }

    @Test
    void aCountWithoutActualIsZeroOnceItsPeriodHasBegunAndARatioIsUnknown() throws SQLException {
        execute("SET pks.as_of = '2025-03-15'");
        plan("first_visits", "TARGET", "MONTH", "2025-02-01", 100);
        plan("first_visits", "TARGET", "MONTH", "2025-04-01", 100);
        plan("occupancy_rate", "CAPACITY_FORECAST", "MONTH", "2025-02-01", 0.8);
        // February: nothing happened, 0 against 100 is -100 %; April has not begun
        assertRow(List.of(0.0, -100.0, -100.0, "RED"), row("SELECT actual, deviation, deviation_pct, status "
                + "FROM pks.period_deviation WHERE period_kind = 'MONTH' AND period_start = '2025-02-01' "
                + "AND measure = 'first_visits'"));
        assertRow(Arrays.asList(null, null, "NONE"), row("SELECT actual, deviation, status "
                + "FROM pks.period_deviation WHERE period_kind = 'MONTH' AND period_start = '2025-04-01' "
                + "AND measure = 'first_visits'"));
        assertRow(Arrays.asList(null, 0.8, "NONE"), row("SELECT actual, expected, status "
                + "FROM pks.period_deviation WHERE period_kind = 'MONTH' AND measure = 'occupancy_rate'"));
    }

    @Test
    void aRollupRecomputesRatesFromTheSumOfPartsNotTheMeanOfUnitRates() throws SQLException {
        unit("u2", "H1", "Hospital One", "PUBLIC", "R1");
        unit("u3", "P1", "Private One", "PRIVATE", "R1");
        // March 2025 occupancy: u1 270/300 = 0.9, u2 45/90 = 0.5, u3 80/100 = 0.8; planned 0.85, 0.6, 0.8
        ratioActual("MONTH", "2025-03-01", "u1", "occupancy_rate", 270, 300);
        ratioActual("MONTH", "2025-03-01", "u2", "occupancy_rate", 45, 90);
        ratioActual("MONTH", "2025-03-01", "u3", "occupancy_rate", 80, 100);
        plan("u1", "occupancy_rate", "CAPACITY_FORECAST", "MONTH", "2025-03-01", 0.85);
        plan("u2", "occupancy_rate", "CAPACITY_FORECAST", "MONTH", "2025-03-01", 0.6);
        plan("u3", "occupancy_rate", "CAPACITY_FORECAST", "MONTH", "2025-03-01", 0.8);
        // Hospital One: (270 + 45) / (300 + 90) = 315/390 = 0.8077, not the mean of rates (0.9 + 0.5) / 2 = 0.7;
        // planned (0.85 x 300 + 0.6 x 90) / 390 = (255 + 54) / 390 = 309/390; deviation 6/390; 6/309 = 1.94 %
        assertRow(List.of("Hospital One", 315 / 390.0, 309 / 390.0, 6 / 390.0, 600 / 309.0),
                row(rollup("ORGANISATION", "H1", "occupancy_rate",
                        "group_name, actual, expected, deviation, deviation_pct")));
        // the region adds u3: (315 + 80) / (390 + 100) = 395/490; planned (309 + 80) / 490 = 389/490
        assertRow(List.of(395 / 490.0, 389 / 490.0), row(rollup("REGION", "R1", "occupancy_rate",
                "actual, expected")));
        assertRow(List.of(315 / 390.0, 0.8), row("SELECT (SELECT actual FROM pks.rollup_deviation WHERE "
                + "level = 'OWNERSHIP' AND group_id = 'PUBLIC' AND measure = 'occupancy_rate' AND period_kind = "
                + "'MONTH'), (SELECT actual FROM pks.rollup_deviation WHERE level = 'OWNERSHIP' AND group_id = "
                + "'PRIVATE' AND measure = 'occupancy_rate' AND period_kind = 'MONTH')"));

        // staffed beds add up over units: u1 310/31 = 10, u2 93/31 = 3, u3 155/31 = 5; planned 12, 3, 5
        ratioActual("MONTH", "2025-03-01", "u1", "staffed_beds", 310, 31);
        ratioActual("MONTH", "2025-03-01", "u2", "staffed_beds", 93, 31);
        ratioActual("MONTH", "2025-03-01", "u3", "staffed_beds", 155, 31);
        plan("u1", "staffed_beds", "CAPACITY_FORECAST", "MONTH", "2025-03-01", 12);
        plan("u2", "staffed_beds", "CAPACITY_FORECAST", "MONTH", "2025-03-01", 3);
        plan("u3", "staffed_beds", "CAPACITY_FORECAST", "MONTH", "2025-03-01", 5);
        // Hospital One 13 beds against 15: -2/15 = -13.3 % red; the region 18 against 20: -10 % exactly, red
        assertRow(List.of(13.0, 15.0, "RED"), row(rollup("ORGANISATION", "H1", "staffed_beds",
                "actual, expected, status")));
        assertRow(List.of(18.0, 20.0, -10.0, "RED"), row(rollup("REGION", "R1", "staffed_beds",
                "actual, expected, deviation_pct, status")));

        // counts add up: first visits 100, 50, 30 against 90, 60, 40
        actual("MONTH", "2025-03-01", "u1", "first_visits", 100);
        actual("MONTH", "2025-03-01", "u2", "first_visits", 50);
        actual("MONTH", "2025-03-01", "u3", "first_visits", 30);
        plan("u1", "first_visits", "TARGET", "MONTH", "2025-03-01", 90);
        plan("u2", "first_visits", "TARGET", "MONTH", "2025-03-01", 60);
        plan("u3", "first_visits", "TARGET", "MONTH", "2025-03-01", 40);
        // Hospital One 150 = 150 green; region 180 against 190: -10/190 = -5.26 % yellow; private 30/40: -25 % red
        assertRow(List.of(150.0, 150.0, "GREEN"), row(rollup("ORGANISATION", "H1", "first_visits",
                "actual, expected, status")));
        assertRow(List.of(180.0, 190.0, "YELLOW"), row(rollup("REGION", "R1", "first_visits",
                "actual, expected, status")));
        assertRow(List.of("R1", 30.0, 40.0, "RED"), row(rollup("OWNERSHIP", "PRIVATE", "first_visits",
                "region_id, actual, expected, status")));
    }

    @Test
    void statusFollowsTheBandsAtAndEitherSideOfEachBoundary() throws SQLException {
        // first_visits (higher is better): yellow from -5 %, red from -10 %
        assertEquals("GREEN", deviationStatus("first_visits", -4.99, 95.01));
        assertEquals("YELLOW", deviationStatus("first_visits", -5.0, 95.0));
        assertEquals("YELLOW", deviationStatus("first_visits", -9.99, 90.01));
        assertEquals("RED", deviationStatus("first_visits", -10.0, 90.0));
        assertEquals("RED", deviationStatus("first_visits", -10.01, 89.99));
        assertEquals("NONE", deviationStatus("first_visits", null, null));
        // waiting_count (lower is better): yellow from +5 %, red from +10 %
        assertEquals("GREEN", deviationStatus("waiting_count", 4.99, 104.99));
        assertEquals("YELLOW", deviationStatus("waiting_count", 5.0, 105.0));
        assertEquals("YELLOW", deviationStatus("waiting_count", 9.99, 109.99));
        assertEquals("RED", deviationStatus("waiting_count", 10.0, 110.0));
        // guarantee_compliance on the value itself: yellow from 0.8, red from 0.7
        assertEquals("GREEN", deviationStatus("guarantee_compliance", 1.0, 0.81));
        assertEquals("YELLOW", deviationStatus("guarantee_compliance", 0.0, 0.8));
        assertEquals("YELLOW", deviationStatus("guarantee_compliance", -12.5, 0.71));
        assertEquals("RED", deviationStatus("guarantee_compliance", -12.5, 0.7));
        // a neutral measure has no threshold
        assertEquals("NONE", deviationStatus("emergency_visits", -50.0, 50.0));
    }

    @Test
    void theMostSpecificThresholdWins() throws SQLException {
        unit("u2", "H1", "Hospital One", "PUBLIC", "R1");
        threshold("operations", "*", 2025, -2, -4);
        threshold("operations", "*", 2026, -2, -4);
        threshold("operations", "u1", 0, -20, -30);
        threshold("operations", "u1", 2025, -1, -2);
        // u1 in 2025, (u1, 2025): -1.5 <= -1 yellow (any less specific row would say green)
        assertEquals("YELLOW", status("u1", "2025-01-01", -1.5));
        // u1 in 2024, (u1, any year): -25 <= -20 yellow (the default -5/-10 would say red)
        assertEquals("YELLOW", status("u1", "2024-01-01", -25));
        // u1 in 2026, (u1, any year) before (any unit, 2026): -3 > -20 green (the latter would say yellow)
        assertEquals("GREEN", status("u1", "2026-01-01", -3));
        // u2 in 2025, (any unit, 2025): -3 <= -2 yellow (the default would say green)
        assertEquals("YELLOW", status("u2", "2025-01-01", -3));
        // u2 in 2024, the default (any, any): -3 > -5 green
        assertEquals("GREEN", status("u2", "2024-01-01", -3));
    }

    @Test
    void weeklyRowsSayWhetherTheirWeekIsALowProductionWeekInTheUnitsRegion() throws SQLException {
        unit("u2", "P1", "Private One", "PRIVATE", "R2");
        execute("INSERT INTO pks.calendar_week (region_id, week_start, kind, label) VALUES "
                + "('R1', '2025-07-07', 'LOW_PRODUCTION', 'summer'), ('R1', '2025-07-14', 'NORMAL', null)");
        for (final String week : List.of("2025-07-07", "2025-07-14", "2025-07-21")) {
            deviation("WEEK", week, "u1", "first_visits", 10.0, 0.0);
        }
        deviation("WEEK", "2025-07-07", "u2", "first_visits", 10.0, 0.0);
        deviation("MONTH", "2025-07-01", "u1", "first_visits", 10.0, 0.0);
        assertEquals("u1 2025-07-07 true, u1 2025-07-14 false, u1 2025-07-21 false, u2 2025-07-07 false",
                text("SELECT string_agg(unit_id || ' ' || period_start || ' ' || low_production, ', ' "
                        + "ORDER BY unit_id, period_start) FROM pks.deviation_status WHERE granularity = 'WEEK'"));
        assertNull(text("SELECT low_production::text FROM pks.deviation_status WHERE granularity = 'MONTH'"));

        plan("first_visits", "TARGET", "WEEK", "2025-07-07", 10);
        assertEquals("WEEK true, TERTIAL null, MONTH null", text("SELECT string_agg(period_kind || ' ' "
                + "|| coalesce(low_production::text, 'null'), ', ' ORDER BY period_kind DESC) FROM pks.period_deviation "
                + "WHERE period_kind IN ('WEEK', 'MONTH', 'TERTIAL')"));
    }

    @Test
    void theCatalogueHasEveryMeasureOfTheCodeWithTheSameKindAndDirection() throws SQLException {
        for (final Measure measure : Measure.values()) {
            assertEquals(List.of(measure.kind().name(), measure.direction().name()),
                    row("SELECT kind, direction FROM pks.measure_catalogue WHERE measure = ?", measure.id()),
                    measure.id());
        }
        // the waiting-list measures issue 3 adds, whether or not the code has them yet
        assertEquals("guarantee_compliance RATIO HIGHER_IS_BETTER, medical_target_compliance RATIO HIGHER_IS_BETTER, "
                        + "waiting_over_limit STOCK LOWER_IS_BETTER",
                text("SELECT string_agg(measure || ' ' || kind || ' ' || direction, ', ' ORDER BY measure) "
                        + "FROM pks.measure_catalogue WHERE measure IN ('waiting_over_limit', 'guarantee_compliance', "
                        + "'medical_target_compliance')"));
    }

    private void unit(final String unitId, final String organisationId, final String organisationName,
                      final String ownership, final String regionId) throws SQLException {
        update("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES (?, ?, ?, ?, ?, ?, ?)", unitId, "Unit " + unitId, organisationId, organisationId,
                organisationName, ownership, regionId);
    }

    /** Monthly plans for u1 from January 2025 on, one value per month. */
    private void monthlyPlans(final String measure, final String planKind, final double... values)
            throws SQLException {
        for (int month = 0; month < values.length; month++) {
            plan(measure, planKind, "MONTH", LocalDate.of(2025, month + 1, 1).toString(), values[month]);
        }
    }

    /** Monthly actuals of u1 from January 2025 on, one value per month. */
    private void monthlyActuals(final String measure, final double... values) throws SQLException {
        for (int month = 0; month < values.length; month++) {
            actual("MONTH", LocalDate.of(2025, month + 1, 1).toString(), measure, values[month]);
        }
    }

    private void plan(final String measure, final String planKind, final String granularity,
                      final String periodStart, final double value) throws SQLException {
        plan("u1", measure, planKind, granularity, periodStart, value);
    }

    private void plan(final String unitId, final String measure, final String planKind, final String granularity,
                      final String periodStart, final double value) throws SQLException {
        update("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) "
                + "VALUES (?, ?, ?, ?, ?::date, ?)", unitId, measure, planKind, granularity, periodStart, value);
    }

    private void actual(final String granularity, final String periodStart, final String measure,
                        final double value) throws SQLException {
        actual(granularity, periodStart, "u1", measure, value);
    }

    private void actual(final String granularity, final String periodStart, final String unitId,
                        final String measure, final double value) throws SQLException {
        update("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES (?, ?::date, ?, ?, ?)", granularity, periodStart, unitId, measure, value);
    }

    private void ratioActual(final String granularity, final String periodStart, final String unitId,
                             final String measure, final double numerator, final double denominator)
            throws SQLException {
        update("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value, numerator, "
                + "denominator) VALUES (?, ?::date, ?, ?, ?, ?, ?)", granularity, periodStart, unitId, measure,
                numerator / denominator, numerator, denominator);
    }

    private void deviation(final String granularity, final String periodStart, final String unitId,
                           final String measure, final Double actual, final Double deviationPct)
            throws SQLException {
        update("INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected, "
                + "deviation, deviation_pct) VALUES (?, ?::date, ?, ?, 'TARGET', ?, 100, ?::float8 - 100, ?)", granularity,
                periodStart, unitId, measure, actual, actual, deviationPct);
    }

    /** The status of a fresh monthly deviation row of u1 with this deviation_pct and actual. */
    private String deviationStatus(final String measure, final Double deviationPct, final Double actual)
            throws SQLException {
        execute("DELETE FROM pks.deviation");
        deviation("MONTH", "2025-05-01", "u1", measure, actual, deviationPct);
        return text("SELECT status FROM pks.deviation_status");
    }

    /** The status of an operations deviation of {@code deviationPct} for a unit in a month. */
    private String status(final String unitId, final String month, final double deviationPct) throws SQLException {
        execute("DELETE FROM pks.deviation");
        deviation("MONTH", month, unitId, "operations", 100 + deviationPct, deviationPct);
        return text("SELECT status FROM pks.deviation_status");
    }

    private void threshold(final String measure, final String unitId, final int year, final double yellowFrom,
                           final double redFrom) throws SQLException {
        update("INSERT INTO pks.threshold (measure, unit_id, year, direction, basis, yellow_from, red_from) "
                + "VALUES (?, ?, ?, 'HIGHER_IS_BETTER', 'DEVIATION_PCT', ?, ?)", measure, unitId, year, yellowFrom,
                redFrom);
    }

    private double expected(final String periodKind, final String periodStart, final String measure)
            throws SQLException {
        return number("SELECT expected FROM pks.period_expected WHERE unit_id = 'u1' AND period_kind = ? "
                + "AND period_start = ?::date AND measure = ?", periodKind, periodStart, measure);
    }

    private static String rollup(final String level, final String groupId, final String measure,
                                 final String columns) {
        return "SELECT " + columns + " FROM pks.rollup_deviation WHERE level = '" + level + "' AND group_id = '"
                + groupId + "' AND measure = '" + measure + "' AND period_kind = 'MONTH' "
                + "AND period_start = '2025-03-01'";
    }

    /** Compares a row with the values expected, numbers to within {@link #EXACT}. */
    private static void assertRow(final List<?> expected, final List<Object> actual) {
        assertEquals(expected.size(), actual.size(), "columns");
        for (int column = 0; column < expected.size(); column++) {
            if (expected.get(column) instanceof Double wanted && actual.get(column) instanceof Double got) {
                assertEquals(wanted, got, EXACT, "column " + (column + 1));
            } else {
                assertEquals(expected.get(column), actual.get(column), "column " + (column + 1));
            }
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void update(final String sql, final Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private double number(final String sql, final Object... parameters) throws SQLException {
        return ((Number) row(sql, parameters).get(0)).doubleValue();
    }

    private String text(final String sql) throws SQLException {
        return (String) row(sql).get(0);
    }

    /** The only row the query returns, numbers as doubles; fails on no row or more than one. */
    private List<Object> row(final String sql, final Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet result = statement.executeQuery()) {
            assertTrue(result.next(), "no row for " + sql);
            final List<Object> values = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                final Object value = result.getObject(column);
                values.add(value instanceof Number number ? number.doubleValue() : value);
            }
            assertFalse(result.next(), "more than one row for " + sql);
            return values;
        }
    }

    private PreparedStatement prepare(final String sql, final Object... parameters) throws SQLException {
        final PreparedStatement statement = connection.prepareStatement(sql);
        for (int index = 0; index < parameters.length; index++) {
            statement.setObject(index + 1, parameters[index]);
        }
        return statement;
    }
}
