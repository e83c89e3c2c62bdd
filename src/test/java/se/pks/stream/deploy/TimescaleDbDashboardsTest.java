package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.bench.NationalFigures;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.storage.MigratedDatabase;
import se.pks.stream.storage.TimescaleDb;

/**
 * Every query of every Grafana dashboard (variables, annotations, panels; macros expanded as Grafana does) on a real
 * TimescaleDB, as Grafana's own login, over three years of figures of 42 units whose closed years the compression
 * policy has compressed; each answers with the columns its panel is built for and the same rows as plain PostgreSQL
 * (the embedded one of the other tests) given the same figures. Skipped without {@value TimescaleDb#URL}.
 */
class TimescaleDbDashboardsTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final int UNITS = 2 * NationalFigures.REGIONS;
    private static final int YEARS = 3;
    private static final Map<String, String> COLUMNS = GrafanaQueries.expectedColumns();

    private static TimescaleDb database;

    @BeforeAll
    static void givenATimescaleDb() throws SQLException {
        database = TimescaleDb.fromEnvironment();
    }

    @BeforeEach
    void given() {
        TimescaleDb.assumeGiven(database);
    }

    @Test
    void everyDashboardQueryAnswersAsOnPlainPostgresWithClosedYearsCompressed() throws Exception {
        final LocalDate lastWeek = LocalDate.now(STOCKHOLM).with(TemporalAdjusters.previous(DayOfWeek.MONDAY))
                .minusWeeks(1);
        final LocalDate first = lastWeek.minusYears(YEARS).with(TemporalAdjusters.firstDayOfYear())
                .with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        final List<NationalFigures.Unit> units = NationalFigures.units(UNITS);
        database.wipe();
        database.migrate();
        try (Connection owner = database.owner(); Statement statement = owner.createStatement()) {
            TimescaleDb.holdTheScheduler(statement);
            NationalFigures.load(owner, units, first, lastWeek);
            sameUpdateTimes(statement);
            TimescaleDb.compressAsThePolicyDoes(statement);
            TimescaleDb.assertOnlyClosedYearsCompressed(statement);
        }
        // the whole span, so that the panels read compressed and uncompressed chunks alike
        final GrafanaQueries.TimeRange range = new GrafanaQueries.TimeRange(first.atStartOfDay(STOCKHOLM).toInstant(),
                lastWeek.plusDays(7).atStartOfDay(STOCKHOLM).toInstant().minusSeconds(1));
        final NationalFigures.Unit unit = units.getFirst();
        final Map<String, String> variables = Map.ofEntries(Map.entry("region", unit.regionId()),
                Map.entry("plan", "CURRENT"),
                Map.entry("organisation", unit.organisationId()), Map.entry("unit", unit.unitId()),
                Map.entry("measure", "first_visits"), Map.entry("granularity", "WEEK"),
                Map.entry("period_kind", "YEAR_TO_DATE"), Map.entry("level", "REGION"),
                Map.entry("group", unit.regionId()), Map.entry("key_figure", "first_visits_vs_plan_pct"),
                Map.entry("comparison_group", "region:" + unit.regionId()),
                Map.entry("period", lastWeek.withDayOfYear(1).toString()));
        final List<String> failures = new ArrayList<>();
        int queries = 0;
        int withRows = 0;
        final long started = System.nanoTime();
        try (EmbeddedDatabase plain = MigratedDatabase.start(); Connection reference = MigratedDatabase.connect(plain);
             Connection grafana = database.grafana()) {
            try (Statement statement = reference.createStatement()) {
                NationalFigures.load(reference, units, first, lastWeek);
                sameUpdateTimes(statement);
            }
            for (final Path file : GrafanaQueries.files()) {
                for (final GrafanaQueries.Query query : GrafanaQueries.of(GrafanaQueries.read(file))) {
                    queries++;
                    final String sql = GrafanaQueries.expand(query.sql(), range, variables);
                    final List<String> timescale;
                    try {
                        timescale = rows(grafana, sql);
                    } catch (final SQLException e) {
                        failures.add(query + ": " + e.getMessage());
                        continue;
                    }
                    if (!timescale.getFirst().equals(COLUMNS.get(query.toString()))) {
                        failures.add(query + ": columns " + timescale.getFirst() + ", expected "
                                + COLUMNS.get(query.toString()));
                    }
                    final List<String> expected = rows(reference, sql);
                    if (!timescale.equals(expected)) {
                        failures.add(query + ": " + (timescale.size() - 1) + " rows, plain PostgreSQL "
                                + (expected.size() - 1) + difference(timescale, expected));
                    }
                    withRows += timescale.size() > 1 ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "TimescaleDB dashboards: %d queries as pks_grafana, %d with rows, %d failed,"
                + " in %.1f s (both databases)%n", queries, withRows, failures.size(), (System.nanoTime() - started) / 1e9);
        assertTrue(queries >= 60, "expected every dashboard's queries, ran " + queries);
        assertTrue(failures.isEmpty(), failures.size() + " of " + queries + " queries:\n" + String.join("\n", failures));
        // most panels show figures of the loaded units; the rest read what these figures do not have (alerts, actions)
        assertTrue(withRows > queries / 2, withRows + " of " + queries + " queries answered with rows");
    }

    /** updated_at is the time of the load, which differs between the two databases; the queries must not. */
    private static void sameUpdateTimes(final Statement statement) throws SQLException {
        for (final String table : List.of("pks.unit", "pks.measure_value", "pks.deviation", "pks.plan")) {
            statement.execute("UPDATE " + table + " SET updated_at = '2026-01-01T00:00:00Z'");
        }
        statement.execute("ANALYZE");
    }

    /**
     * The column labels, then every row as text, sorted (a query without ORDER BY may return its rows in any order);
     * numbers to ten significant digits, since sums over compressed batches may add in another order.
     */
    private static List<String> rows(final Connection connection, final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final ResultSetMetaData meta = result.getMetaData();
            final List<String> columns = new ArrayList<>();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                columns.add(meta.getColumnLabel(column));
            }
            final List<String> rows = new ArrayList<>();
            while (result.next()) {
                final List<String> row = new ArrayList<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.add(text(result.getObject(column)));
                }
                rows.add(String.join("|", row));
            }
            rows.sort(null);
            rows.addFirst(String.join(",", columns));
            return rows;
        }
    }

    private static String text(final Object value) {
        return switch (value) {
            case null -> "null";
            case Double number when number.isNaN() || number.isInfinite() -> number.toString();
            case Double number -> new BigDecimal(number).round(new MathContext(10)).stripTrailingZeros()
                    .toPlainString();
            case Float number -> text(number.doubleValue());
            case BigDecimal number -> number.round(new MathContext(10)).stripTrailingZeros().toPlainString();
            default -> value.toString();
        };
    }

    private static String difference(final List<String> actual, final List<String> expected) {
        for (int row = 0; row < Math.min(actual.size(), expected.size()); row++) {
            if (!actual.get(row).equals(expected.get(row))) {
                return "; first difference:\n  TimescaleDB " + actual.get(row) + "\n  PostgreSQL  " + expected.get(row);
            }
        }
        return "";
    }
}
