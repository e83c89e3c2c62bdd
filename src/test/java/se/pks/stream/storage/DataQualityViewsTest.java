package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Measure;

/**
 * The data-quality views of the V4 migration against a real PostgreSQL: hand-made feed_quality, expected_reporting,
 * measure_value and deviation rows go in with plain SQL, and every expected figure is worked out by hand in the
 * comments. The as-of day is pinned per test with {@code SET pks.as_of}. Mon 6 Jan 2025 opens ISO week 2.
 */
class DataQualityViewsTest extends MigratedDatabaseTest {

    private static final double EXACT = 1e-9;


    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.feed_quality, pks.feed_rejection, pks.expected_reporting, pks.measure_value, "
                + "pks.deviation, pks.unit, pks.calendar_week");
        execute("UPDATE pks.data_quality_setting SET outlier_threshold = 3.5");
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('u1', 'Ward 1', 'p1', 'H1', 'Hospital One', 'PUBLIC', 'R1'), "
                + "('u2', 'Ward 2', 'p1', 'H1', 'Hospital One', 'PUBLIC', 'R1')");
    }

    @Test
    void aDailyFeedThatStopsIsMissingUpToYesterdayAndMarksTheDeviationsItFeeds() throws SQLException {
        expect("u1", "BED_OCCUPANCY", "DAILY");
        expect("u2", "BED_OCCUPANCY", "DAILY");
        // u1 reports Mon-Wed and stops; u2 reports every day of the week
        for (final String day : List.of("2025-01-06", "2025-01-07", "2025-01-08")) {
            report("p1", "u1", "BED_OCCUPANCY", day, 10, 0);
        }
        for (int day = 6; day <= 12; day++) {
            report("p1", "u2", "BED_OCCUPANCY", "2025-01-%02d".formatted(day), 10, 0);
        }
        // today Mon 13 Jan, so yesterday is Sun 12: Thu 9 to Sun 12 are missing, Mon 13 is not owed yet
        execute("SET pks.as_of = '2025-01-13'");
        assertEquals(List.of("u1 BED_OCCUPANCY DAY 2025-01-09", "u1 BED_OCCUPANCY DAY 2025-01-10",
                        "u1 BED_OCCUPANCY DAY 2025-01-11", "u1 BED_OCCUPANCY DAY 2025-01-12"),
                missing());

        deviation("WEEK", "2025-01-06", "u1", "care_days");
        deviation("WEEK", "2025-01-06", "u2", "care_days");
        // no expected reporting of visits: u1's first visits are not incomplete for want of bed censuses
        deviation("WEEK", "2025-01-06", "u1", "first_visits");
        assertEquals(List.of(
                        "u1 care_days true false [MISSING_DATA 2025-01-09 BED_OCCUPANCY, "
                                + "MISSING_DATA 2025-01-10 BED_OCCUPANCY, MISSING_DATA 2025-01-11 BED_OCCUPANCY, "
                                + "MISSING_DATA 2025-01-12 BED_OCCUPANCY]",
                        "u1 first_visits false false []",
                        "u2 care_days false false []"),
                deviationQuality());

        // a late census for Thursday clears its day; Friday's events were all rejected, so Friday stays missing
        report("p1", "u1", "BED_OCCUPANCY", "2025-01-09", 10, 0);
        execute("INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted, rejected) "
                + "VALUES ('p1', 'u1', 'BED_OCCUPANCY', '2025-01-10', 4, 0, 4)");
        assertEquals(List.of("u1 BED_OCCUPANCY DAY 2025-01-10", "u1 BED_OCCUPANCY DAY 2025-01-11",
                "u1 BED_OCCUPANCY DAY 2025-01-12"), missing());
    }

    @Test
    void workingDaysSkipTheWeekendAndOwingStartsAtValidFromOrTheFirstReport() throws SQLException {
        expect("u1", "VISITS", "WORKING_DAYS");
        execute("INSERT INTO pks.expected_reporting (unit_id, feed, cadence, valid_from) "
                + "VALUES ('u1', 'OPERATIONS', 'WORKING_DAYS', '2025-01-09')");
        // u2 is expected but has never sent anything: it is not connected yet, so nothing is missing
        expect("u2", "VISITS", "DAILY");
        // u1's first report of any feed is Mon 6 Jan; no operations at all
        report("p1", "u1", "VISITS", "2025-01-06", 30, 0);
        // today Tue 14 Jan: visits owed Tue 7 - Fri 10 and Mon 13 (not Sat 11, Sun 12); operations from Thu 9
        execute("SET pks.as_of = '2025-01-14'");
        assertEquals(List.of("u1 OPERATIONS DAY 2025-01-09", "u1 OPERATIONS DAY 2025-01-10",
                        "u1 OPERATIONS DAY 2025-01-13", "u1 VISITS DAY 2025-01-07", "u1 VISITS DAY 2025-01-08",
                        "u1 VISITS DAY 2025-01-09", "u1 VISITS DAY 2025-01-10", "u1 VISITS DAY 2025-01-13"),
                missing());
    }

    @Test
    void aWeeklyFeedIsMissingForEachCompleteWeekWithoutAnAcceptedEvent() throws SQLException {
        expect("u1", "WAITING_LIST", "WEEKLY");
        report("p1", "u1", "WAITING_LIST", "2025-01-08", 200, 0);
        // today Mon 27 Jan, yesterday Sun 26: weeks of 6 (reported), 13 and 20 Jan (missing) are over; 27 is not
        execute("SET pks.as_of = '2025-01-27'");
        assertEquals(List.of("u1 WAITING_LIST WEEK 2025-01-13", "u1 WAITING_LIST WEEK 2025-01-20"), missing());

        // a monthly waiting-list deviation for January carries both weeks
        deviation("MONTH", "2025-01-01", "u1", "waiting_count");
        assertEquals(List.of("u1 waiting_count true false [MISSING_DATA 2025-01-13 WAITING_LIST, "
                + "MISSING_DATA 2025-01-20 WAITING_LIST]"), deviationQuality());
    }

    @Test
    void completenessCountsReceivedReportsAndTimelinessTheShareOfAcceptedEventsOnTime() throws SQLException {
        expect("u1", "BED_OCCUPANCY", "DAILY");
        // Mon: p1 10 accepted (0 late) and p2 5 (1 late); Tue 10 (2 late); Wed 10 (1 late); Thu all rejected
        report("p1", "u1", "BED_OCCUPANCY", "2025-01-06", 10, 0);
        report("p2", "u1", "BED_OCCUPANCY", "2025-01-06", 5, 1);
        report("p1", "u1", "BED_OCCUPANCY", "2025-01-07", 10, 2);
        report("p1", "u1", "BED_OCCUPANCY", "2025-01-08", 10, 1);
        execute("INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted, rejected) "
                + "VALUES ('p1', 'u1', 'BED_OCCUPANCY', '2025-01-09', 4, 0, 4)");
        execute("SET pks.as_of = '2025-01-15'");

        // week of 6 Jan: 7 days owed, 3 received (Mon, Tue, Wed): 3/7; accepted 10 + 5 + 10 + 10 = 35, late
        // 0 + 1 + 2 + 1 = 4: timeliness 1 - 4/35 = 31/35
        assertCompleteness("WEEK", "2025-01-06", 7.0, 3.0, 3 / 7.0, 35.0, 4.0, 31 / 35.0);
        // week of 13 Jan: Mon 13 and Tue 14 owed so far, neither received, nothing accepted: timeliness unknown
        assertCompleteness("WEEK", "2025-01-13", 2.0, 0.0, 0.0, 0.0, 0.0, null);
        // January: 6 - 14 Jan is 9 days owed, 3 received
        assertCompleteness("MONTH", "2025-01-01", 9.0, 3.0, 3 / 9.0, 35.0, 4.0, 31 / 35.0);
    }

    @Test
    void aWeeklyOutlierIsFlaggedByItsModifiedZScoreAndLowProductionWeeksAreLeftOut() throws SQLException {
        // normal weeks 100, 102, 98, 101, 150, 99, 100; the low-production week of 24 Feb has 20
        weekly("u1", "first_visits", "2025-01-06", 100);
        weekly("u1", "first_visits", "2025-01-13", 102);
        weekly("u1", "first_visits", "2025-01-20", 98);
        weekly("u1", "first_visits", "2025-01-27", 101);
        weekly("u1", "first_visits", "2025-02-03", 150);
        weekly("u1", "first_visits", "2025-02-10", 99);
        weekly("u1", "first_visits", "2025-02-17", 100);
        weekly("u1", "first_visits", "2025-02-24", 20);
        execute("INSERT INTO pks.calendar_week (region_id, week_start, kind, label) "
                + "VALUES ('R1', '2025-02-24', 'LOW_PRODUCTION', 'sportlov')");
        // sorted 98 99 100 100 101 102 150: median 100; |x - 100| sorted 0 0 1 1 2 2 50: MAD 1;
        // 150: M = 0.6745 x 50 / 1 = 33.725 > 3.5; 102 and 98: |M| = 1.349. (With the low week of 20 counted the
        // MAD would be (1 + 2) / 2 = 1.5, and 20 would score 0.6745 x -80 = -53.96.)
        assertEquals(List.of(List.of("u1", "first_visits", "2025-02-03", 150.0, 100.0, 1.0, 33.725, "OUTLIER")),
                rows("SELECT unit_id, measure, week_start::text, value, median, mad, round(modified_z::numeric, 6)"
                        + "::float8, deficiency FROM pks.outlier ORDER BY unit_id, measure, week_start"));

        // the deviations of the outlier week and of its month say so
        deviation("WEEK", "2025-02-03", "u1", "first_visits");
        deviation("WEEK", "2025-02-10", "u1", "first_visits");
        deviation("MONTH", "2025-02-01", "u1", "first_visits");
        assertEquals(List.of("u1 first_visits false true [OUTLIER 2025-02-03]",
                        "u1 first_visits false true [OUTLIER]", "u1 first_visits false false []"),
                deviationQuality());

        // a threshold of 40 tolerates 33.7
        execute("UPDATE pks.data_quality_setting SET outlier_threshold = 40");
        assertEquals(0, rows("SELECT * FROM pks.outlier").size());
    }

    @Test
    void aMadOfZeroFlagsNothing() throws SQLException {
        // median 10, |x - 10| = 0 0 0 0 40: MAD 0, so even 50 has no scale to be judged by
        for (final String week : List.of("2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27")) {
            weekly("u2", "operations", week, 10);
        }
        weekly("u2", "operations", "2025-02-03", 50);
        assertEquals(0, rows("SELECT * FROM pks.outlier").size());
    }

    @Test
    void implausibleValuesBreakFixedRulesAndFlagTheirDeviation() throws SQLException {
        weekly("u1", "occupancy_rate", "2025-01-06", 1.2);
        weekly("u1", "occupancy_rate", "2025-01-13", 1.0);
        weekly("u1", "care_days", "2025-01-06", -3);
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('MONTH', '2025-01-01', 'u1', 'avg_length_of_stay', 400), "
                + "('MONTH', '2025-02-01', 'u1', 'avg_length_of_stay', 365)");
        // a full ward (1.0) and a stay of exactly a year are possible; 1.2, -3 and 400 days are not
        assertEquals(List.of(
                        List.of("MONTH", "2025-01-01", "avg_length_of_stay", 400.0, "STAY_OVER_365_DAYS"),
                        List.of("WEEK", "2025-01-06", "care_days", -3.0, "NEGATIVE"),
                        List.of("WEEK", "2025-01-06", "occupancy_rate", 1.2, "SHARE_OVER_1")),
                rows("SELECT granularity, period_start::text, measure, value, rule FROM pks.implausible "
                        + "ORDER BY measure"));

        deviation("WEEK", "2025-01-06", "u1", "occupancy_rate");
        assertEquals(List.of("u1 occupancy_rate false true [IMPLAUSIBLE SHARE_OVER_1]"), deviationQuality());
    }

    @Test
    void everyMeasureOfTheCodeSaysWhichFeedItComesFrom() throws SQLException {
        final List<List<Object>> unmapped = new ArrayList<>();
        for (final Measure measure : Measure.values()) {
            unmapped.addAll(rows("SELECT '" + measure.id() + "' WHERE NOT EXISTS (SELECT 1 FROM pks.measure_feed "
                    + "WHERE measure = '" + measure.id() + "')"));
        }
        assertEquals(List.of(), unmapped);
    }

    private void expect(final String unitId, final String feed, final String cadence) throws SQLException {
        update("INSERT INTO pks.expected_reporting (unit_id, feed, cadence) VALUES (?, ?, ?)", unitId, feed, cadence);
    }

    private void report(final String providerId, final String unitId, final String feed, final String day,
                        final long accepted, final long late) throws SQLException {
        update("INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted, late) "
                + "VALUES (?, ?, ?, ?::date, ?, ?, ?)", providerId, unitId, feed, day, accepted, accepted, late);
    }

    private void weekly(final String unitId, final String measure, final String weekStart, final double value)
            throws SQLException {
        update("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('WEEK', ?::date, ?, ?, ?)", weekStart, unitId, measure, value);
    }

    private void deviation(final String granularity, final String periodStart, final String unitId,
                           final String measure) throws SQLException {
        update("INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected, "
                + "deviation, deviation_pct) VALUES (?, ?::date, ?, ?, 'TARGET', 90, 100, -10, -10)", granularity,
                periodStart, unitId, measure);
    }

    private List<String> missing() throws SQLException {
        final List<String> missing = new ArrayList<>();
        for (final List<Object> row : rows("SELECT unit_id, feed, period_kind, period_start::text FROM "
                + "pks.missing_data WHERE deficiency = 'MISSING_DATA' ORDER BY unit_id, feed, period_start")) {
            missing.add(row.get(0) + " " + row.get(1) + " " + row.get(2) + " " + row.get(3));
        }
        return missing;
    }

    /** unit, measure, incomplete, flagged and deficiencies of each deviation, by unit, measure, granularity. */
    private List<String> deviationQuality() throws SQLException {
        final List<String> quality = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT unit_id, measure, incomplete, flagged, deficiencies "
                     + "FROM pks.deviation_quality ORDER BY unit_id, measure, granularity, period_start")) {
            while (result.next()) {
                final Array deficiencies = result.getArray(5);
                quality.add(result.getString(1) + " " + result.getString(2) + " " + result.getBoolean(3) + " "
                        + result.getBoolean(4) + " " + Arrays.toString((Object[]) deficiencies.getArray()));
            }
        }
        return quality;
    }

    /**
     * Asserts expected and received reports, completeness, accepted and late events and timeliness of u1's bed
     * occupancy in one period; a null expects an unknown figure.
     */
    private void assertCompleteness(final String periodKind, final String periodStart, final Double... expected)
            throws SQLException {
        final List<List<Object>> rows = rows("SELECT expected_reports::float8, received_reports::float8, completeness, "
                + "accepted_events::float8, late_events::float8, timeliness FROM pks.feed_completeness "
                + "WHERE unit_id = 'u1' AND feed = 'BED_OCCUPANCY' AND period_kind = '" + periodKind
                + "' AND period_start = '" + periodStart + "'");
        assertEquals(1, rows.size());
        for (int column = 0; column < expected.length; column++) {
            final Object actual = rows.get(0).get(column);
            if (expected[column] == null) {
                assertNull(actual, "column " + column);
            } else {
                assertEquals(expected[column], (Double) actual, EXACT, "column " + column);
            }
        }
    }

    private List<List<Object>> rows(final String sql) throws SQLException {
        final List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                final List<Object> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
        }
        return rows;
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
