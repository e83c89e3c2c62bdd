package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Each unit's usual weekly level (median and MAD of its normal weeks, {@code pks.weekly_spread}, V28), which the
 * database computes again as a transaction that changed a weekly value commits. While the sink catches up it leaves
 * that to the derived-figure rounds: a replay rewrites the same weeks many times, and each commit would compute their
 * units' medians from their whole history again (docs/benchmarks.md, "Outliers from a kept median and MAD").
 * {@code pks.outlier} computes a pair that is left from its weeks until then, so outliers are exact either way.
 */
final class WeeklySpreads {

    private WeeklySpreads() {
    }

    /** This transaction's changed weeks are settled later, by {@link #settle}. */
    static void leaveForLater(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('pks.weekly_spread_later', 'on', true)");
        }
    }

    /** Computes every left pair's median and MAD again; returns how many. */
    static int settle(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pks.settle_weekly_spread_now()")) {
            result.next();
            return result.getInt(1);
        }
    }
}
