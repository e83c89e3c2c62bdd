package se.pks.stream.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import se.pks.stream.deploy.GrafanaQueries;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.storage.RepeatableMigrations;
import se.pks.stream.testing.Machine;

/**
 * The read side at national size (issue 17, item 1; docs/benchmarks.md, "The read side at national size"): figures
 * and deviations for {@code PKS_READ_UNITS} units (default 1,000) in 21 regions over {@code PKS_READ_YEARS} years
 * (default 5), bulk-loaded with COPY (the read side does not depend on how rows arrived), then every panel, variable
 * and annotation query of every dashboard, with Grafana's macros expanded as the dashboard tests do, run
 * {@value #LOADS} times: p50, p95 and rows read per query, and the plans of the slowest. Not part of
 * {@code ./mvnw verify}; run {@code ./pks-bench --read-side}. {@code PKS_READ_URL} (a JDBC URL with user and
 * password, e.g. a TimescaleDB) runs it there instead of an embedded PostgreSQL; the database must be empty.
 */
class ReadSideBench {

    private static final int LOADS = Integer.parseInt(System.getenv().getOrDefault("PKS_READ_LOADS", "10"));
    private static final int SLOWEST_PLANS = 3;
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    @Test
    void everyDashboardQueryAtNationalSize() throws Exception {
        final int units = Integer.parseInt(System.getenv().getOrDefault("PKS_READ_UNITS", "1000"));
        final int years = Integer.parseInt(System.getenv().getOrDefault("PKS_READ_YEARS", "5"));
        final String url = System.getenv("PKS_READ_URL");
        final LocalDate lastWeek = LocalDate.now(STOCKHOLM).with(TemporalAdjusters.previous(DayOfWeek.MONDAY))
                .minusWeeks(1);
        final LocalDate first = lastWeek.minusYears(years).with(TemporalAdjusters.firstDayOfYear())
                .with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        final List<NationalFigures.Unit> register = NationalFigures.units(units);
        final EmbeddedDatabase embedded = url == null ? EmbeddedDatabase.startTemporary() : null;
        try {
            final String jdbcUrl = url != null ? url : embedded.jdbcUrl();
            final String user = url != null ? null : embedded.username();
            final String password = url != null ? null : embedded.password();
            RepeatableMigrations.configure(Flyway.configure().dataSource(jdbcUrl, user, password).schemas("pks")
                    .createSchemas(true)).load().migrate();
            try (Connection connection = user == null ? DriverManager.getConnection(jdbcUrl)
                    : DriverManager.getConnection(jdbcUrl, user, password)) {
                if (timescaleDb(connection)) {
                    // the compression policy runs when this benchmark says, not while it measures uncompressed
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT alter_job(job_id, scheduled => false)"
                                + " FROM timescaledb_information.jobs WHERE hypertable_schema = 'pks'");
                    }
                }
                final long started = System.nanoTime();
                final long[] loaded = NationalFigures.load(connection, register, first, lastWeek);
                System.out.printf(Locale.ROOT, "Read side: %,d units in %d regions, %s to %s: %,d measure values and"
                                + " %,d deviations loaded in %.1f s (load average %s)%n", units,
                        NationalFigures.REGIONS, first, lastWeek.plusDays(6), loaded[0], loaded[1],
                        (System.nanoTime() - started) / 1e9, Machine.loadAverage());
                final List<Timed> timed = measure(connection, register.getFirst(), lastWeek);
                report(connection, timed);
                writeQueries(timed);
                assertTrue(timed.size() > 50, "every dashboard's queries were run: " + timed.size());
                if (timescaleDb(connection)) {
                    // V22's compression policy, run now rather than at its next scheduled time; then the same queries
                    compressClosedYears(connection);
                    reportStorage(connection);
                    System.out.println("Read side with the closed years compressed:");
                    report(connection, measure(connection, register.getFirst(), lastWeek));
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private record Timed(String query, long rowsPerLoad, double p50, double p95, String sql) {
    }

    /** Every query of every dashboard, over the last full year, for the first unit's region, organisation, unit. */
    private static List<Timed> measure(final Connection connection, final NationalFigures.Unit unit, final LocalDate lastWeek)
            throws SQLException {
        final LocalDate yearStart = lastWeek.withDayOfYear(1);
        final GrafanaQueries.TimeRange range = new GrafanaQueries.TimeRange(
                yearStart.atStartOfDay(STOCKHOLM).toInstant(), lastWeek.plusDays(7).atStartOfDay(STOCKHOLM)
                .toInstant().minusSeconds(1));
        final Map<String, String> variables = Map.ofEntries(Map.entry("region", unit.regionId()),
                Map.entry("plan", "CURRENT"),
                Map.entry("organisation", unit.organisationId()), Map.entry("unit", unit.unitId()),
                Map.entry("measure", "first_visits"), Map.entry("granularity", "WEEK"),
                Map.entry("period_kind", "YEAR_TO_DATE"), Map.entry("level", "REGION"),
                Map.entry("group", unit.regionId()), Map.entry("key_figure", "first_visits_vs_plan_pct"),
                Map.entry("comparison_group", "region:" + unit.regionId()), Map.entry("period", yearStart.toString()));
        final List<Timed> timed = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (final Path file : GrafanaQueries.files()) {
                final JsonNode dashboard = GrafanaQueries.read(file);
                for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
                    final String sql = GrafanaQueries.expand(query.sql(), range, variables);
                    final double[] millis = new double[LOADS];
                    long rows = 0;
                    for (int load = 0; load < LOADS; load++) {
                        final long started = System.nanoTime();
                        try (ResultSet result = statement.executeQuery(sql)) {
                            while (result.next()) {
                                rows++;
                            }
                        }
                        millis[load] = (System.nanoTime() - started) / 1e6;
                    }
                    Arrays.sort(millis);
                    timed.add(new Timed(query.toString(), rows / LOADS, DashboardLatency.percentile(millis, 0.5),
                            DashboardLatency.percentile(millis, 0.95), sql));
                }
            }
        }
        return timed;
    }

    private static boolean timescaleDb(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            return rows.next();
        }
    }

    /** Runs the compression policies of pks.measure_value and pks.deviation: chunks ending a year ago are compressed. */
    private static void compressClosedYears(final Connection connection) throws SQLException {
        final long started = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            final List<String> calls = new ArrayList<>();
            try (ResultSet jobs = statement.executeQuery("""
                    SELECT format('CALL %I.run_job(%s)', e.extnamespace::regnamespace, j.job_id)
                    FROM timescaledb_information.jobs j, pg_extension e
                    WHERE e.extname = 'timescaledb' AND j.proc_name = 'policy_compression'
                      AND j.hypertable_schema = 'pks'""")) {
                while (jobs.next()) {
                    calls.add(jobs.getString(1));
                }
            }
            for (final String call : calls) {
                statement.execute(call);
            }
            statement.execute("ANALYZE");
        }
        System.out.printf(Locale.ROOT, "Compressed the closed years in %.1f s (load average %s)%n",
                (System.nanoTime() - started) / 1e9, Machine.loadAverage());
    }

    /** Each chunk's range, rows and size (table, indexes, TOAST), before compression and, if compressed, after. */
    private static void reportStorage(final Connection connection) throws SQLException {
        System.out.println("| table | chunk from | to | compressed | MiB uncompressed | MiB compressed |");
        System.out.println("|---|---|---|---|---|---|");
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
                SELECT c.hypertable_name, c.range_start::date, c.range_end::date, c.is_compressed,
                       round(coalesce(s.before_compression_total_bytes, d.total_bytes) / 1048576.0, 1),
                       round(s.after_compression_total_bytes / 1048576.0, 1)
                FROM timescaledb_information.chunks c
                JOIN LATERAL chunks_detailed_size(format('%I.%I', c.hypertable_schema, c.hypertable_name)::regclass) d
                  ON d.chunk_name = c.chunk_name
                LEFT JOIN LATERAL chunk_compression_stats(format('%I.%I', c.hypertable_schema,
                                                                 c.hypertable_name)::regclass) s
                  ON s.chunk_name = c.chunk_name AND s.compression_status = 'Compressed'
                WHERE c.hypertable_schema = 'pks'
                ORDER BY 1, 2""")) {
            while (rows.next()) {
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", rows.getString(1),
                        rows.getString(2), rows.getString(3), rows.getBoolean(4) ? "yes" : "no", rows.getString(5),
                        rows.getString(6) == null ? "" : rows.getString(6));
            }
        }
    }

    /**
     * With {@code PKS_READ_SQL} (a file name), every query as run, macros expanded, one after the other, each headed
     * by a comment naming it: to read a plan or compare a rewrite's rows by hand against the loaded database.
     */
    private static void writeQueries(final List<Timed> timed) throws IOException {
        final String file = System.getenv("PKS_READ_SQL");
        if (file != null) {
            final StringBuilder text = new StringBuilder();
            for (final Timed query : timed) {
                text.append("-- ").append(query.query()).append('\n').append(query.sql().strip()).append(";\n\n");
            }
            java.nio.file.Files.writeString(Path.of(file), text);
        }
    }

    private static void report(final Connection connection, final List<Timed> timed) throws SQLException {
        final List<Timed> slowestFirst = timed.stream().sorted(Comparator.comparingDouble(Timed::p95).reversed())
                .toList();
        final double[] p95s = timed.stream().mapToDouble(Timed::p95).sorted().toArray();
        System.out.printf(Locale.ROOT, "Read side: %d queries x %d loads; p95 per query: median %.1f ms, worst %.1f ms;"
                        + " %d queries over 1 s (load average %s)%n", timed.size(), LOADS,
                DashboardLatency.percentile(p95s, 0.5), p95s[p95s.length - 1],
                timed.stream().filter(t -> t.p95() > 1000).count(), Machine.loadAverage());
        System.out.println("| query | rows per load | p50 ms | p95 ms |");
        System.out.println("|---|---|---|---|");
        for (final Timed query : slowestFirst) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.1f |%n", query.query(), query.rowsPerLoad(),
                    query.p50(), query.p95());
        }
        try (Statement statement = connection.createStatement()) {
            for (final Timed query : slowestFirst.subList(0, Math.min(SLOWEST_PLANS, slowestFirst.size()))) {
                System.out.println("Plan of " + query.query() + ":");
                try (ResultSet plan = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + query.sql())) {
                    while (plan.next()) {
                        System.out.println("    " + plan.getString(1));
                    }
                }
            }
        }
    }
}
