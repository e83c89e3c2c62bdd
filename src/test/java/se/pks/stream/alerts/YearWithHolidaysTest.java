package se.pks.stream.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.HolidayRegister;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.storage.SpcCharts;

/**
 * A whole year, 2025, of a clinic that does exactly what it planned: it reports its visits on every working day and
 * runs its low-production weeks (new year, Easter, summer, Christmas) at their planned level. Nothing in that year
 * may raise an alert, nor mark an SPC concern. The holidays below are typed in from the published Swedish calendar for
 * 2025, not computed: Easter Sunday was 20 April.
 */
class YearWithHolidaysTest extends MigratedDatabaseTest {

    /**
     * The 2025 days off that fell on a weekday: New Year's Day, Epiphany, Good Friday, Easter Monday, 1 May, Ascension
     * Day, National Day, Midsummer Eve, Christmas Eve, Christmas Day, Boxing Day, New Year's Eve. The rest (Easter
     * Sunday, Whit Sunday 8 June, Midsummer Day 21 June, All Saints' Day 1 November) fell on a weekend.
     */
    private static final Set<LocalDate> WEEKDAY_HOLIDAYS_2025 = Set.of(
            LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 6), LocalDate.of(2025, 4, 18),
            LocalDate.of(2025, 4, 21), LocalDate.of(2025, 5, 1), LocalDate.of(2025, 5, 29),
            LocalDate.of(2025, 6, 6), LocalDate.of(2025, 6, 20), LocalDate.of(2025, 12, 24),
            LocalDate.of(2025, 12, 25), LocalDate.of(2025, 12, 26), LocalDate.of(2025, 12, 31));
    /** Monday of ISO week 1 of 2025. */
    private static final LocalDate WEEK_1 = LocalDate.of(2024, 12, 30);
    /** Low-production weeks by ISO week number with their planned level of first visits; normal weeks plan 100. */
    private static final Map<Integer, Double> LOW_WEEKS = Map.of(1, 50.0, 16, 60.0, 27, 50.0, 28, 50.0, 29, 50.0,
            30, 50.0, 31, 50.0, 32, 50.0, 52, 50.0);

    private AlertEvaluator evaluator;

    @BeforeEach
    void yearOfFigures() throws SQLException {
        execute("TRUNCATE pks.unit, pks.plan, pks.measure_value, pks.alert, pks.alert_change, pks.spc_point, "
                + "pks.spc_chart, pks.feed_quality, pks.expected_reporting, pks.calendar_week, pks.day_off CASCADE");
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('u1', 'Ortopedmottagningen', 'p1', 'o1', 'Norrstad sjukhus', 'PUBLIC', 'r1')");
        execute("INSERT INTO pks.expected_reporting (unit_id, feed, cadence) VALUES ('u1', 'VISITS', 'WORKING_DAYS')");
        execute("UPDATE pks.alert_setting SET enabled = condition IN ('FEED_MISSING', 'SPC')");
        HolidayRegister.store(connection, 2025, 2025);
        for (LocalDate day = LocalDate.of(2025, 1, 1); day.getYear() == 2025; day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue() && !WEEKDAY_HOLIDAYS_2025.contains(day)) {
                execute("INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted) "
                        + "VALUES ('p1', 'u1', 'VISITS', '" + day + "', 20, 20)");
            }
        }
        // Normal weeks alternate 98 and 102 (centre 100, AMR 4, limits 89.36 .. 110.64); a low-production week runs
        // one below or above its plan, well inside plan -/+ 10.64.
        for (int week = 1; week <= 52; week++) {
            final LocalDate monday = WEEK_1.plusWeeks(week - 1);
            final Double low = LOW_WEEKS.get(week);
            final double plan = low == null ? 100 : low;
            execute("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) VALUES "
                    + "('u1', 'first_visits', 'TARGET', 'WEEK', '" + monday + "', " + plan + ")");
            execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES "
                    + "('WEEK', '" + monday + "', 'u1', 'first_visits', " + (plan + (week % 2 == 0 ? 2 : -2)
                    * (low == null ? 1 : 0.5)) + ")");
            if (low != null) {
                execute("INSERT INTO pks.calendar_week VALUES ('r1', '" + monday + "', 'LOW_PRODUCTION', 'low')");
            }
        }
        evaluator = new AlertEvaluator();
        evaluator.dataSource = dataSource();
    }

    @Test
    void theClinicOwesNoReportOnItsHolidaysAndIsNeverMissingData() throws SQLException {
        execute("SET pks.as_of = '2026-01-01'");
        // 2025 began on a Wednesday: 52 weeks and one weekday, 261 weekdays; 12 of them were days off
        assertEquals(249, count("SELECT count(*) FROM pks.expected_report WHERE unit_id = 'u1' "
                + "AND period_start BETWEEN '2025-01-01' AND '2025-12-31'"));
        assertEquals(0, count("SELECT count(*) FROM pks.missing_data"));

        // without the calendar, 11 of the 12 would be missing reports: owing starts at the first report, 2 January
        execute("DELETE FROM pks.day_off");
        assertEquals(11, count("SELECT count(*) FROM pks.missing_data"));
    }

    @Test
    void aYearRunAsPlannedRaisesNoAlertWeekByWeek() throws SQLException {
        new SpcCharts().refresh(connection, "u1", "first_visits", LocalDate.of(2026, 1, 5));
        assertEquals(0, count("SELECT count(*) FROM pks.spc_point WHERE signal <> 'NONE'"));
        evaluateEveryMondayOf2025();
        assertEquals(List.of(), rows("SELECT alert_key FROM pks.alert"));
    }

    @Test
    void withoutTheCalendarTheSameYearWouldRaiseFalseAlerts() throws SQLException {
        // The control: the same year judged as in the earlier version, low-production weeks against the normal limits
        // and holidays owed as working days.
        execute("DELETE FROM pks.calendar_week");
        execute("DELETE FROM pks.day_off");
        new SpcCharts().refresh(connection, "u1", "first_visits", LocalDate.of(2026, 1, 5));
        evaluateEveryMondayOf2025();
        final List<String> alerts = rows("SELECT alert_key FROM pks.alert ORDER BY alert_key");
        assertTrue(alerts.contains("FEED_MISSING|u1|VISITS"), alerts.toString());
        // the summer weeks against the normal limits are SPC concerns; evidence of a problem, not alerts on their own
        assertTrue(count("SELECT count(*) FROM pks.spc_point WHERE signal = 'CONCERN'") > 0);
    }

    private void evaluateEveryMondayOf2025() throws SQLException {
        // Each Monday evaluates the eight weeks before it, as the alert rounds do, with the reports owed and due by
        // that Monday.
        for (LocalDate monday = LocalDate.of(2025, 1, 6); monday.getYear() == 2025; monday = monday.plusWeeks(1)) {
            evaluator.evaluate(monday);
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(final String sql) throws SQLException {
        return Long.parseLong(rows(sql).getFirst());
    }

    private List<String> rows(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
