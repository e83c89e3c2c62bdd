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
 * Each unit's usual weekly level (V28, pks.weekly_spread) against a real PostgreSQL: every change that moves a unit's
 * normal weeks (a week written, corrected or deleted, a low-production week of its region, the unit moved to another
 * region or registered, the tables emptied) computes its median and MAD again in the same statement. Every expected
 * figure is worked out by hand in the comments: the median of an even number of weeks is the mean of the middle two,
 * and the MAD is the median of the distances to the median. Mon 6 Jan 2025 opens ISO week 2.
 */
class WeeklySpreadTest extends MigratedDatabaseTest {

    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.measure_value, pks.unit, pks.calendar_week");
        execute("UPDATE pks.data_quality_setting SET outlier_threshold = 3.5");
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('u1', 'Ward 1', 'p1', 'H1', 'Hospital One', 'PUBLIC', 'R1')");
        // 10, 12, 11, 13: sorted 10 11 12 13, median 11.5; distances 1.5 0.5 0.5 1.5, sorted 0.5 0.5 1.5 1.5: MAD 1
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES "
                + "('WEEK', '2025-01-06', 'u1', 'first_visits', 10), ('WEEK', '2025-01-13', 'u1', 'first_visits', 12), "
                + "('WEEK', '2025-01-20', 'u1', 'first_visits', 11), ('WEEK', '2025-01-27', 'u1', 'first_visits', 13), "
                // a month is not a week: it has no usual weekly level
                + "('MONTH', '2025-01-01', 'u1', 'first_visits', 46), ('MONTH', '2025-01-01', 'u1', 'operations', 9)");
    }

    @Test
    void aLateWeekACorrectionAndADeletionMoveTheLevelAtOnce() throws SQLException {
        assertEquals(List.of("u1 first_visits 11.5 1 4"), spreads());

        // A late week of 50 arrives with the sink's kind of statement: an upsert of several rows, one of them
        // unchanged. 10 11 12 13 50: median 12; distances 2 1 0 1 38, sorted 0 1 1 2 38: MAD 1. 50 scores
        // 0.6745 x 38 / 1 = 25.631 > 3.5; 10 scores -1.349.
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES "
                + "('WEEK', '2025-01-06', 'u1', 'first_visits', 10), ('WEEK', '2025-02-03', 'u1', 'first_visits', 50) "
                + "ON CONFLICT (granularity, period_start, unit_id, measure) DO UPDATE SET value = excluded.value");
        assertEquals(List.of("u1 first_visits 12 1 5"), spreads());
        assertEquals(List.of("u1 first_visits 2025-02-03 25.631"), outliers());

        // corrected to 14: 10 11 12 13 14, median 12, distances 0 1 1 2 2: MAD 1, and nothing stands out
        execute("UPDATE pks.measure_value SET value = 14 WHERE period_start = '2025-02-03'");
        assertEquals(List.of("u1 first_visits 12 1 5"), spreads());
        assertEquals(List.of(), outliers());

        // deleted: back to the first four weeks
        execute("DELETE FROM pks.measure_value WHERE period_start = '2025-02-03'");
        assertEquals(List.of("u1 first_visits 11.5 1 4"), spreads());

        // all weeks deleted: no level at all
        execute("DELETE FROM pks.measure_value WHERE granularity = 'WEEK'");
        assertEquals(List.of(), spreads());
    }

    @Test
    void whileTheSinkCatchesUpTheLevelIsLeftForLaterAndOutliersAreComputedFromTheWeeks() throws SQLException {
        // a catching-up batch (BatchWriter, DatabaseSink) writes the late week of 50
        connection.setAutoCommit(false);
        execute("SELECT set_config('pks.weekly_spread_later', 'on', true)");
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('WEEK', '2025-02-03', 'u1', 'first_visits', 50)");
        connection.commit();
        connection.setAutoCommit(true);
        // the kept level is still that of the four weeks, the pair waits ...
        assertEquals(List.of("u1 first_visits 11.5 1 4"), spreads());
        assertEquals(List.of("u1 first_visits"),
                rows("SELECT unit_id || ' ' || measure FROM pks.weekly_spread_pending"));
        // ... and the outlier is the one the five weeks give: median 12, MAD 1, 0.6745 x 38 = 25.631
        assertEquals(List.of("u1 first_visits 2025-02-03 25.631"), outliers());

        // the derived-figure round settles it (DerivedFiguresRefresher)
        assertEquals(List.of("1"), rows("SELECT pks.settle_weekly_spread_now()::text"));
        assertEquals(List.of("u1 first_visits 12 1 5"), spreads());
        assertEquals(List.of(), rows("SELECT unit_id FROM pks.weekly_spread_pending"));
        assertEquals(List.of("u1 first_visits 2025-02-03 25.631"), outliers());
    }

    @Test
    void lowProductionWeeksOfTheUnitsRegionAreLeftOutWhereverTheUnitIs() throws SQLException {
        // R2 takes the week of 13 Jan (12) as a low-production week: u1, in R1, is not affected
        execute("INSERT INTO pks.calendar_week (region_id, week_start, kind, label) "
                + "VALUES ('R2', '2025-01-13', 'LOW_PRODUCTION', 'sportlov')");
        assertEquals(List.of("u1 first_visits 11.5 1 4"), spreads());

        // u1 moves to R2: 10 11 13 remain, median 11, distances 1 0 2: MAD 1
        execute("UPDATE pks.unit SET region_id = 'R2' WHERE unit_id = 'u1'");
        assertEquals(List.of("u1 first_visits 11 1 3"), spreads());

        // R2 makes it a normal week after all (a NORMAL row counts as nothing special)
        execute("UPDATE pks.calendar_week SET kind = 'NORMAL' WHERE region_id = 'R2'");
        assertEquals(List.of("u1 first_visits 11.5 1 4"), spreads());

        // and a low-production week again, then removed from the calendar altogether
        execute("UPDATE pks.calendar_week SET kind = 'LOW_PRODUCTION' WHERE region_id = 'R2'");
        assertEquals(List.of("u1 first_visits 11 1 3"), spreads());
        execute("DELETE FROM pks.calendar_week");
        assertEquals(List.of("u1 first_visits 11.5 1 4"), spreads());
    }

    @Test
    void aUnitOutsideTheRegisterHasNoLowProductionWeeksUntilItIsRegistered() throws SQLException {
        execute("INSERT INTO pks.calendar_week (region_id, week_start, kind, label) "
                + "VALUES ('R3', '2025-01-20', 'LOW_PRODUCTION', 'sportlov')");
        // x9 is in no region: 4, 6, 100 all count. Median 6; distances 2 0 94: MAD 2
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES "
                + "('WEEK', '2025-01-06', 'x9', 'operations', 4), ('WEEK', '2025-01-13', 'x9', 'operations', 6), "
                + "('WEEK', '2025-01-20', 'x9', 'operations', 100)");
        assertEquals(List.of("u1 first_visits 11.5 1 4", "x9 operations 6 2 3"), spreads());

        // registered in R3, whose week of 20 Jan is low: 4 and 6 remain, median 5, distances 1 1: MAD 1
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('x9', 'Clinic 9', 'p1', 'H1', 'Hospital One', 'PUBLIC', 'R3')");
        assertEquals(List.of("u1 first_visits 11.5 1 4", "x9 operations 5 1 2"), spreads());

        // removed from the register again
        execute("DELETE FROM pks.unit WHERE unit_id = 'x9'");
        assertEquals(List.of("u1 first_visits 11.5 1 4", "x9 operations 6 2 3"), spreads());
    }

    @Test
    void emptiedTablesLeaveTheLevelsOfWhatRemains() throws SQLException {
        execute("INSERT INTO pks.calendar_week (region_id, week_start, kind, label) "
                + "VALUES ('R1', '2025-01-13', 'LOW_PRODUCTION', 'sportlov')");
        assertEquals(List.of("u1 first_visits 11 1 3"), spreads());
        execute("TRUNCATE pks.calendar_week");
        assertEquals(List.of("u1 first_visits 11.5 1 4"), spreads());
        execute("TRUNCATE pks.measure_value");
        assertEquals(List.of(), spreads());
    }

    private List<String> spreads() throws SQLException {
        return rows("SELECT concat_ws(' ', unit_id, measure, median, mad, weeks) FROM pks.weekly_spread ORDER BY 1");
    }

    private List<String> outliers() throws SQLException {
        return rows("SELECT concat_ws(' ', unit_id, measure, week_start, round(modified_z::numeric, 3)) "
                + "FROM pks.outlier ORDER BY 1");
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

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
