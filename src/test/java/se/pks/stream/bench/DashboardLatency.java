package se.pks.stream.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import se.pks.stream.deploy.GrafanaQueries;

/**
 * (7) How long the leadership's dashboards take to answer over the replayed year: every query of the strategic
 * overview and of the unit follow-up, with Grafana's macros and variables filled in as for the first copied region,
 * run as a dashboard load would run them, several times over. The year is 2025, so "today" is pinned to its last day
 * (SET pks.as_of) for the year-to-date and projection panels.
 */
final class DashboardLatency {

    static final List<String> DASHBOARDS = List.of("pks-strategic-overview", "pks-unit-follow-up");
    private static final int LOADS = 10;
    private static final GrafanaQueries.TimeRange YEAR =
            new GrafanaQueries.TimeRange(Instant.parse("2024-12-31T23:00:00Z"), Instant.parse("2025-12-31T23:00:00Z"));
    private static final Map<String, String> VARIABLES = Map.of(
            "region", "region-bench-r00", "organisation", "org-sus-r00", "unit", "sus-hud-mott-r00",
            "measure", "first_visits", "granularity", "WEEK", "period_kind", "YEAR_TO_DATE", "level", "REGION",
            "group", "region-bench-r00", "plan", "CURRENT");

    /** Per-query latencies of one dashboard, in milliseconds, and the rows one load reads. */
    record Timed(String dashboard, int queries, long rowsPerLoad, double p50, double p95) {
    }

    private DashboardLatency() {
    }

    static List<Timed> measure(final String jdbcUrl, final String user, final String password) throws SQLException {
        final List<Timed> timed = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("SET pks.as_of = '2025-12-31'");
            for (final String uid : DASHBOARDS) {
                final List<String> sql = GrafanaQueries.of(GrafanaQueries.read(GrafanaQueries.DASHBOARDS.resolve(
                        uid + ".json"))).stream().map(query -> GrafanaQueries.expand(query.sql(), YEAR, VARIABLES))
                        .toList();
                final double[] millis = new double[sql.size() * LOADS];
                long rowsRead = 0;
                int i = 0;
                for (int load = 0; load < LOADS; load++) {
                    for (final String query : sql) {
                        final long started = System.nanoTime();
                        try (ResultSet rows = statement.executeQuery(query)) {
                            while (rows.next()) {
                                rowsRead++;
                            }
                        }
                        millis[i++] = (System.nanoTime() - started) / 1e6;
                    }
                }
                Arrays.sort(millis);
                timed.add(new Timed(uid, sql.size(), rowsRead / LOADS, percentile(millis, 0.50), percentile(millis, 0.95)));
            }
        }
        return timed;
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(final double[] sorted, final double share) {
        final int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
