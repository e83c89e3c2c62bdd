package se.pks.stream.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every row of {@code pks.measure_value} and {@code pks.deviation}, all columns but {@code updated_at}, keyed by
 * primary key. Values are compared exactly: the figures are sums of whole amounts and ratios of them, so the same
 * events must give the same bits whatever order they were applied in.
 */
record FiguresSnapshot(Map<String, String> measureValues, Map<String, String> deviations) {

    private static final String MEASURE_VALUES = """
            SELECT concat_ws('|', granularity, period_start, unit_id, measure),
                   concat_ws(' ', 'value=' || value, 'numerator=' || coalesce(numerator::text, 'null'),
                             'denominator=' || coalesce(denominator::text, 'null'))
            FROM pks.measure_value""";
    private static final String DEVIATIONS = """
            SELECT concat_ws('|', granularity, period_start, unit_id, measure, plan_kind),
                   concat_ws(' ', 'actual=' || coalesce(actual::text, 'null'), 'expected=' || expected,
                             'deviation=' || coalesce(deviation::text, 'null'),
                             'deviation_pct=' || coalesce(deviation_pct::text, 'null'))
            FROM pks.deviation""";

    static FiguresSnapshot take(final String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "pks", "pks")) {
            // Shortest exact text of a double, so that equal text means equal bits.
            try (Statement statement = db.createStatement()) {
                statement.execute("SET extra_float_digits = 3");
            }
            return new FiguresSnapshot(rows(db, MEASURE_VALUES), rows(db, DEVIATIONS));
        }
    }

    /** Every row that is missing, extra or different in this snapshot compared with {@code expected}. */
    List<String> differencesFrom(final FiguresSnapshot expected) {
        final List<String> differences = new ArrayList<>();
        compare("pks.measure_value", expected.measureValues, measureValues, differences);
        compare("pks.deviation", expected.deviations, deviations, differences);
        return differences;
    }

    private static void compare(final String table, final Map<String, String> expected,
                                final Map<String, String> actual, final List<String> differences) {
        final TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (final String key : keys) {
            final String want = expected.get(key);
            final String got = actual.get(key);
            if (!Objects.equals(want, got)) {
                differences.add(String.format("%s %s: undisturbed %s, this run %s", table, key,
                        want == null ? "(no row)" : want, got == null ? "(no row)" : got));
            }
        }
    }

    private static Map<String, String> rows(final Connection db, final String query) throws SQLException {
        final Map<String, String> rows = new TreeMap<>();
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }
}
