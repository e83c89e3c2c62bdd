package se.pks.stream.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
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
    private static final int REGIONS = 21;
    private static final int UNITS_PER_ORGANISATION = 12;
    private static final int SLOWEST_PLANS = 3;
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    /** A unit's kind decides its measures, as in the demo region: clinics, wards and theatres. */
    private enum Kind {
        CLINIC("mott", List.of("first_visits", "return_visits", "emergency_visits", "referrals_in", "waiting_count",
                "waiting_over_limit", "guarantee_compliance"), List.of("first_visits", "return_visits")),
        WARD("avd", List.of("care_days", "staffed_beds", "occupancy_rate", "discharges", "avg_length_of_stay"),
                List.of("discharges", "staffed_beds")),
        THEATRE("op", List.of("operations", "operation_hours"), List.of("operations"));

        final String suffix;
        final List<String> measures;
        final List<String> planned;

        Kind(final String suffix, final List<String> measures, final List<String> planned) {
            this.suffix = suffix;
            this.measures = measures;
            this.planned = planned;
        }
    }

    private record Unit(String unitId, String organisationId, String regionId, Kind kind, double size) {
    }

    @Test
    void everyDashboardQueryAtNationalSize() throws Exception {
        final int units = Integer.parseInt(System.getenv().getOrDefault("PKS_READ_UNITS", "1000"));
        final int years = Integer.parseInt(System.getenv().getOrDefault("PKS_READ_YEARS", "5"));
        final String url = System.getenv("PKS_READ_URL");
        final LocalDate lastWeek = LocalDate.now(STOCKHOLM).with(TemporalAdjusters.previous(DayOfWeek.MONDAY))
                .minusWeeks(1);
        final LocalDate first = lastWeek.minusYears(years).with(TemporalAdjusters.firstDayOfYear())
                .with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        final List<Unit> register = units(units);
        final EmbeddedDatabase embedded = url == null ? EmbeddedDatabase.startTemporary() : null;
        try {
            final String jdbcUrl = url != null ? url : embedded.jdbcUrl();
            final String user = url != null ? null : embedded.username();
            final String password = url != null ? null : embedded.password();
            RepeatableMigrations.configure(Flyway.configure().dataSource(jdbcUrl, user, password).schemas("pks")
                    .createSchemas(true)).load().migrate();
            try (Connection connection = user == null ? DriverManager.getConnection(jdbcUrl)
                    : DriverManager.getConnection(jdbcUrl, user, password)) {
                final long started = System.nanoTime();
                final long[] loaded = load(connection, register, first, lastWeek);
                System.out.printf(Locale.ROOT, "Read side: %,d units in %d regions, %s to %s: %,d measure values and"
                                + " %,d deviations loaded in %.1f s (load average %s)%n", units, REGIONS, first,
                        lastWeek.plusDays(6), loaded[0], loaded[1], (System.nanoTime() - started) / 1e9,
                        Machine.loadAverage());
                final List<Timed> timed = measure(connection, register.getFirst(), lastWeek);
                report(connection, timed);
                writeQueries(timed);
                assertTrue(timed.size() > 50, "every dashboard's queries were run: " + timed.size());
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static List<Unit> units(final int count) {
        final Random random = new Random(42);
        final List<Unit> units = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String region = String.format("region-%02d", i % REGIONS + 1);
            final String organisation = String.format("org-%02d-%02d", i % REGIONS + 1,
                    i / REGIONS / UNITS_PER_ORGANISATION + 1);
            final Kind kind = Kind.values()[i % Kind.values().length];
            units.add(new Unit(String.format("u%04d-%s", i, kind.suffix), organisation, region, kind,
                    0.5 + random.nextDouble()));
        }
        return units;
    }

    /** COPY of the register, weekly and monthly figures, plans and deviations; returns [measure values, deviations]. */
    private static long[] load(final Connection connection, final List<Unit> units, final LocalDate first,
                               final LocalDate lastWeek) throws SQLException, IOException {
        final CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        final StringBuilder register = new StringBuilder();
        for (final Unit unit : units) {
            register.append(String.join("\t", unit.unitId(), "Unit " + unit.unitId(), "prov-" + unit.organisationId(),
                    unit.organisationId(), "Organisation " + unit.organisationId(),
                    unit.organisationId().endsWith("-01") ? "PRIVATE" : "PUBLIC", unit.regionId())).append('\n');
        }
        copy.copyIn("COPY pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,"
                + " region_id) FROM STDIN", new StringReader(register.toString()));
        long values = 0;
        long deviations = 0;
        final Random random = new Random(7);
        for (final Unit unit : units) {
            final StringBuilder figures = new StringBuilder();
            final StringBuilder plans = new StringBuilder();
            final StringBuilder deviationRows = new StringBuilder();
            final Map<LocalDate, Map<String, double[]>> months = new HashMap<>();
            for (LocalDate week = first; !week.isAfter(lastWeek); week = week.plusWeeks(1)) {
                for (final String measure : unit.kind().measures) {
                    final double[] value = weekly(measure, unit.size(), random);
                    figures.append(row("WEEK", week, unit.unitId(), measure, value));
                    values++;
                    // a week's figures go to the month it starts in, as the benchmark's months are not exact
                    final double[] month = months.computeIfAbsent(week.withDayOfMonth(1), m -> new HashMap<>())
                            .computeIfAbsent(measure, m -> new double[3]);
                    month[0] += value[0];
                    month[1] += Double.isNaN(value[1]) ? 0 : value[1];
                    month[2] += Double.isNaN(value[2]) ? 0 : value[2];
                    if (unit.kind().planned.contains(measure)) {
                        final double plan = Math.round(value[0] * (0.9 + 0.2 * random.nextDouble()));
                        plans.append(planRow(unit.unitId(), measure, "WEEK", week, plan));
                        deviationRows.append(deviationRow("WEEK", week, unit.unitId(), measure, value[0], plan));
                        deviations++;
                    }
                }
            }
            for (final Map.Entry<LocalDate, Map<String, double[]>> month : months.entrySet()) {
                for (final Map.Entry<String, double[]> measure : month.getValue().entrySet()) {
                    final double[] sums = measure.getValue();
                    final boolean ratio = sums[2] > 0;
                    figures.append(row("MONTH", month.getKey(), unit.unitId(), measure.getKey(),
                            ratio ? new double[] {sums[1] / sums[2], sums[1], sums[2]}
                                    : new double[] {sums[0], Double.NaN, Double.NaN}));
                    values++;
                }
            }
            copy.copyIn("COPY pks.measure_value (granularity, period_start, unit_id, measure, value, numerator,"
                    + " denominator) FROM STDIN", new StringReader(figures.toString()));
            copy.copyIn("COPY pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) FROM STDIN",
                    new StringReader(plans.toString()));
            copy.copyIn("COPY pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected,"
                    + " deviation, deviation_pct) FROM STDIN", new StringReader(deviationRows.toString()));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        }
        return new long[] {values, deviations};
    }

    /** [value, numerator, denominator] of one week; NaN parts for counts and levels. */
    private static double[] weekly(final String measure, final double size, final Random random) {
        final double noise = 0.85 + 0.3 * random.nextDouble();
        return switch (measure) {
            case "staffed_beds" -> ratio(7 * 20 * size, 7, noise);
            case "occupancy_rate" -> ratio(7 * 18 * size * noise, 7 * 20 * size, 1);
            case "avg_length_of_stay" -> ratio(4.5 * 30 * size * noise, 30 * size, 1);
            case "guarantee_compliance" -> ratio(180 * size * noise * 0.8, 200 * size, 1);
            default -> new double[] {Math.round(100 * size * noise), Double.NaN, Double.NaN};
        };
    }

    private static double[] ratio(final double numerator, final double denominator, final double noise) {
        return new double[] {numerator * noise / denominator, numerator * noise, denominator};
    }

    private static String row(final String granularity, final LocalDate start, final String unit,
                              final String measure, final double[] value) {
        return String.join("\t", granularity, start.toString(), unit, measure, number(value[0]), number(value[1]),
                number(value[2])) + "\n";
    }

    private static String planRow(final String unit, final String measure, final String granularity,
                                  final LocalDate start, final double value) {
        return String.join("\t", unit, measure, "TARGET", granularity, start.toString(), number(value)) + "\n";
    }

    private static String deviationRow(final String granularity, final LocalDate start, final String unit,
                                       final String measure, final double actual, final double expected) {
        return String.join("\t", granularity, start.toString(), unit, measure, "TARGET", number(actual),
                number(expected), number(actual - expected),
                expected == 0 ? "\\N" : number(100 * (actual - expected) / expected)) + "\n";
    }

    private static String number(final double value) {
        return Double.isNaN(value) ? "\\N" : Double.toString(value);
    }

    private record Timed(String query, long rowsPerLoad, double p50, double p95, String sql) {
    }

    /** Every query of every dashboard, over the last full year, for the first unit's region, organisation, unit. */
    private static List<Timed> measure(final Connection connection, final Unit unit, final LocalDate lastWeek)
            throws SQLException {
        final LocalDate yearStart = lastWeek.withDayOfYear(1);
        final GrafanaQueries.TimeRange range = new GrafanaQueries.TimeRange(
                yearStart.atStartOfDay(STOCKHOLM).toInstant(), lastWeek.plusDays(7).atStartOfDay(STOCKHOLM)
                .toInstant().minusSeconds(1));
        final Map<String, String> variables = Map.ofEntries(Map.entry("region", unit.regionId()),
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
