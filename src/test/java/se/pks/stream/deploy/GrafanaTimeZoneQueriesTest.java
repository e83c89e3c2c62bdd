package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * The dashboards' queries with Grafana's time range as a user in Stockholm sends it: "this year" 2025 starts at
 * 2024-12-31T23:00:00Z, so a query that takes the UTC date of $__timeFrom() lets last December's month, tertial and
 * year into this year. One unit has monthly figures and plans from September 2024 to January 2025, so every period
 * kind has a period on each side of the year boundary.
 */
class GrafanaTimeZoneQueriesTest extends MigratedDatabaseTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    /** Grafana's "This year" in 2025 in Stockholm, as the UTC instants it sends. */
    private static final GrafanaQueries.TimeRange YEAR_2025_IN_STOCKHOLM = new GrafanaQueries.TimeRange(
            LocalDate.of(2025, 1, 1).atStartOfDay(STOCKHOLM).toInstant(),
            LocalDate.of(2026, 1, 1).atStartOfDay(STOCKHOLM).toInstant().minusSeconds(1));
    /** A whole year in the past, 2024 in Stockholm, looked at on 31 January 2025. */
    private static final GrafanaQueries.TimeRange YEAR_2024_IN_STOCKHOLM = new GrafanaQueries.TimeRange(
            LocalDate.of(2024, 1, 1).atStartOfDay(STOCKHOLM).toInstant(),
            LocalDate.of(2025, 1, 1).atStartOfDay(STOCKHOLM).toInstant().minusSeconds(1));
    /** ISO week 1 of 2025 begins on Monday 30 December 2024: a week may start there, nothing else may. */
    private static final LocalDate FIRST_WEEK_OF_2025 = LocalDate.of(2024, 12, 30);
    private static final Set<Integer> NUMBERS = Set.of(Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC,
            Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE);
    private static final Set<String> DATE_COLUMNS = Set.of("period_start", "week_start", "day", "first_day");
    private static final List<String> MONTHS = List.of("2024-09-01", "2024-10-01", "2024-11-01", "2024-12-01",
            "2025-01-01");

    @BeforeEach
    void oneUnitAcrossTheYearBoundary() throws SQLException {
        execute("TRUNCATE pks.measure_value, pks.deviation, pks.plan, pks.unit, pks.calendar_week, pks.projection");
        execute("SET pks.as_of = '2025-01-31'");
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,"
                + " region_id) VALUES ('u1', 'Unit One', 'p1', 'o1', 'Organisation One', 'PUBLIC', 'r1')");
        for (final String month : MONTHS) {
            for (final String[] measure : new String[][] {{"first_visits", "TARGET"},
                {"referrals_in", "INFLOW_FORECAST"}, {"operation_hours", "CAPACITY_FORECAST"}}) {
                execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value)"
                        + " VALUES ('MONTH', '" + month + "', 'u1', '" + measure[0] + "', 100)");
                execute("INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value)"
                        + " VALUES ('u1', '" + measure[0] + "', '" + measure[1] + "', 'MONTH', '" + month + "', 110)");
            }
        }
    }

    @Test
    void theRegionsDateOfGrafanasRangeEnds() throws SQLException {
        // 23:00 UTC on New Year's Eve is midnight in Stockholm (UTC+1 in winter); 22:00 UTC on 31 May is midnight
        // on 1 June (UTC+2 in summer); the UTC date would be the day before in both
        assertEquals("2025-01-01", text("SELECT pks.local_day('2024-12-31T23:00:00Z')::text"));
        assertEquals("2025-06-01", text("SELECT pks.local_day('2025-05-31T22:00:00Z')::text"));
        assertEquals("2024-12-31", text("SELECT pks.local_day('2024-12-31T22:59:59Z')::text"));
    }

    @Test
    void thisYearInStockholmHoldsNoPeriodOfLastYear() throws SQLException {
        final List<String> leaks = new ArrayList<>();
        int answeredWithThisYear = 0;
        for (final String periodKind : List.of("MONTH", "TERTIAL", "YEAR")) {
            for (final GrafanaQueries.Query query : allQueries()) {
                final String sql = GrafanaQueries.expand(query.sql(), YEAR_2025_IN_STOCKHOLM, variables(periodKind));
                boolean thisYear = false;
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery(sql)) {
                    final ResultSetMetaData meta = result.getMetaData();
                    while (result.next()) {
                        for (int column = 1; column <= meta.getColumnCount(); column++) {
                            if (!DATE_COLUMNS.contains(meta.getColumnLabel(column))
                                    || result.getString(column) == null) {
                                continue;
                            }
                            final LocalDate day = LocalDate.parse(result.getString(column).substring(0, 10));
                            if (day.isBefore(FIRST_WEEK_OF_2025)) {
                                leaks.add(query + " (" + periodKind + "): " + meta.getColumnLabel(column) + " " + day);
                            } else {
                                thisYear = true;
                            }
                        }
                    }
                } catch (final SQLException e) {
                    throw new AssertionError(query + ": " + e.getMessage() + "\n" + sql, e);
                }
                answeredWithThisYear += thisYear ? 1 : 0;
            }
        }
        assertEquals(List.of(), leaks, "rows of 2024 in Grafana's \"this year\" 2025 in Stockholm");
        // the check above saw figures: the strategic, capacity, inflow, own vs private and scorecard tables
        assertTrue(answeredWithThisYear >= 10, "queries with a period of 2025: " + answeredWithThisYear);
    }

    @Test
    void yearToDateAnswersAsOfTodayWhateverTheTimeRange() throws SQLException {
        // Year to date is the period that ends today (31 January 2025): a time range in 2024 does not blank it.
        final List<String> blank = new ArrayList<>();
        int tables = 0;
        for (final GrafanaQueries.Query query : allQueries()) {
            if (!query.sql().contains("$period_kind")
                    || rows(query, YEAR_2025_IN_STOCKHOLM, variables("YEAR_TO_DATE")).isEmpty()) {
                continue;
            }
            tables++;
            if (rows(query, YEAR_2024_IN_STOCKHOLM, variables("YEAR_TO_DATE")).isEmpty()) {
                blank.add(query.toString());
            }
        }
        assertEquals(List.of(), blank, "year to date blank for a time range in 2024");
        assertTrue(tables >= 10, "period tables with figures this year: " + tables);
    }

    @Test
    void aTableOverSeveralPeriodsTellsThemApart() throws SQLException {
        // September 2024 to January 2025: five months, two tertials, two years; each row of a table must be told from
        // the others by what it shows as text or date (the period), not only by its numbers
        final GrafanaQueries.TimeRange fiveMonths = new GrafanaQueries.TimeRange(
                LocalDate.of(2024, 9, 1).atStartOfDay(STOCKHOLM).toInstant(),
                LocalDate.of(2025, 2, 1).atStartOfDay(STOCKHOLM).toInstant().minusSeconds(1));
        final List<String> repeated = new ArrayList<>();
        int tables = 0;
        for (final String periodKind : List.of("MONTH", "TERTIAL", "YEAR")) {
            for (final GrafanaQueries.Query query : allQueries()) {
                if (!query.panelType().equals("table") || !query.sql().contains("$period_kind")) {
                    continue;
                }
                final List<List<String>> rows = rows(query, fiveMonths, variables(periodKind));
                tables += rows.size() > 1 ? 1 : 0;
                if (new HashSet<>(rows).size() < rows.size()) {
                    repeated.add(query + " (" + periodKind + ")");
                }
            }
        }
        assertEquals(List.of(), repeated, "tables with rows that look the same");
        assertTrue(tables >= 10, "tables with more than one period: " + tables);
    }

    /** The rows of a query as the texts of their label columns (anything but a number). */
    private List<List<String>> rows(final GrafanaQueries.Query query, final GrafanaQueries.TimeRange range,
                                    final Map<String, String> variables) throws SQLException {
        final String sql = GrafanaQueries.expand(query.sql(), range, variables);
        final List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                final List<String> labels = new ArrayList<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    if (!NUMBERS.contains(meta.getColumnType(column))) {
                        labels.add(result.getString(column));
                    }
                }
                rows.add(labels);
            }
        } catch (final SQLException e) {
            throw new AssertionError(query + ": " + e.getMessage() + "\n" + sql, e);
        }
        return rows;
    }

    private static Map<String, String> variables(final String periodKind) {
        final Map<String, String> variables = new HashMap<>(Map.of("unit", "u1", "measure", "first_visits",
                "granularity", "MONTH", "region", "r1", "organisation", "o1", "period_kind", periodKind,
                "level", "ORGANISATION", "group", "o1", "plan", "CURRENT"));
        // the key-figure dashboard's chosen period: January 2025, the first tertial, 2025, or 2025 to date
        variables.put("period", "2025-01-01");
        variables.put("key_figure", "first_visits_vs_plan_pct");
        variables.put("comparison_group", "region:r1");
        return variables;
    }

    private static List<GrafanaQueries.Query> allQueries() {
        final List<GrafanaQueries.Query> queries = new ArrayList<>();
        for (final Path file : GrafanaQueries.files()) {
            queries.addAll(GrafanaQueries.of(GrafanaQueries.read(file)));
        }
        return queries;
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String text(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertTrue(result.next(), sql);
            return result.getString(1);
        }
    }
}
