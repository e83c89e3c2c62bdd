package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.FigureQueries.MeasureValueRow;

/**
 * The same week last year beside each weekly figure (V10): the same ISO week number of the previous ISO year, and
 * nothing for week 53. Mondays by hand: 2024-W10 is 4 March 2024, 2025-W10 3 March 2025; 2025-W01 began on
 * 30 December 2024, 2026-W01 on 29 December 2025; 2026 has a week 53, from 28 December 2026; 2027-W01 begins on
 * 4 January 2027.
 */
class SameWeekLastYearTest extends MigratedDatabaseTest {

    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.measure_value");
    }

    @Test
    void theSameIsoWeekOfThePreviousIsoYearAndNoneForWeek53() throws SQLException {
        assertEquals("2024-03-04", text("SELECT pks.same_week_last_year('2025-03-03')"));
        // week 1 of 2026 began in December 2025; the week before it in the ISO calendar of 2025 is week 1 of 2025
        assertEquals("2024-12-30", text("SELECT pks.same_week_last_year('2025-12-29')"));
        // the week after the 53-week year: week 1 of 2027 against week 1 of 2026, 53 weeks earlier
        assertEquals("2025-12-29", text("SELECT pks.same_week_last_year('2027-01-04')"));
        assertNull(text("SELECT pks.same_week_last_year('2026-12-28')"));
    }

    @Test
    void theViewAndTheApiRowsCarryLastYearsValue() throws SQLException {
        weekly("2024-03-04", 40);
        weekly("2025-03-03", 50);
        weekly("2026-12-28", 7);
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('MONTH', '2025-03-01', 'u1', 'first_visits', 200)");
        // 50 against 40: +10, +25 %
        assertEquals(List.of("2024-03-04 2024 10 40 2023-03-06 null null null",
                        "2025-03-03 2025 10 50 2024-03-04 40 10 0.25",
                        "2026-12-28 2026 53 7 null null null null"),
                rows("""
                        SELECT week_start || ' ' || iso_year || ' ' || iso_week || ' ' || value || ' '
                               || coalesce(last_year_week_start::text, 'null') || ' '
                               || coalesce(last_year_value::text, 'null') || ' ' || coalesce(change::text, 'null') || ' '
                               || coalesce(change_pct::text, 'null')
                        FROM pks.weekly_value_vs_last_year ORDER BY week_start"""));

        final FigureQueries queries = new FigureQueries();
        queries.dataSource = dataSource();
        final List<MeasureValueRow> api = queries.measureValues(new FigureQueries.Filter("u1", "first_visits", null,
                LocalDate.of(2025, 1, 1), null, 10));
        assertEquals(List.of("MONTH 2025-03-01 null null", "WEEK 2025-03-03 2024-03-04 40.0",
                        "WEEK 2026-12-28 null null"),
                api.stream().map(row -> row.granularity() + " " + row.periodStart() + " " + row.sameWeekLastYear()
                        + " " + row.sameWeekLastYearValue()).toList());
    }

    private void weekly(final String week, final double value) throws SQLException {
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES ('WEEK', '"
                + week + "', 'u1', 'first_visits', " + value + ")");
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String text(final String sql) throws SQLException {
        return rows(sql).getFirst();
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
