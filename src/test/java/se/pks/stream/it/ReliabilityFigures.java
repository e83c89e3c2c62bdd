package se.pks.stream.it;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/** What the reliability tests read back: figures from the database, readiness from the health endpoint. */
final class ReliabilityFigures {

    private ReliabilityFigures() {
    }

    /**
     * granularity|period|unit|measure=value of the non-zero visit figures of the units whose id starts with the
     * prefix, e.g. {@code WEEK|2025-01-06|u1|first_visits=3.0000}.
     */
    static Set<String> measureValues(final DataSource dataSource, final String unitPrefix) throws SQLException {
        return rows(dataSource, """
                SELECT granularity || '|' || period_start || '|' || unit_id || '|' || measure, value
                FROM pks.measure_value WHERE unit_id LIKE '%s%%' AND measure LIKE '%%visits' AND value <> 0"""
                .formatted(unitPrefix));
    }

    /** unit|measure|kind|granularity|period=actual,expected (only the two the tests compute by hand). */
    static Set<String> deviations(final DataSource dataSource, final String unitPrefix) throws SQLException {
        final Set<String> rows = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT unit_id || '|' || measure || '|' || plan_kind || '|' || granularity || '|' || period_start,
                            actual, expected
                     FROM pks.deviation WHERE unit_id LIKE '%s%%'""".formatted(unitPrefix))) {
            while (result.next()) {
                rows.add(result.getString(1) + "=" + format(result.getDouble(2)) + "," + format(result.getDouble(3)));
            }
        }
        return rows;
    }

    static long count(final DataSource dataSource, final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    static String format(final double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** The status of the database sink's readiness check, UP or DOWN. */
    static String sinkReadiness() {
        final JsonPath health = given().when().get("/q/health/ready").then().extract().jsonPath();
        return health.getString("checks.find { it.name == 'pks-database-sink' }.status");
    }

    /** The sink's failed attempts in a row, as its readiness check reports them. */
    static int sinkFailuresInARow() {
        final JsonPath health = given().when().get("/q/health/ready").then().extract().jsonPath();
        return health.getInt("checks.find { it.name == 'pks-database-sink' }.data.failuresInARow");
    }

    private static Set<String> rows(final DataSource dataSource, final String sql) throws SQLException {
        final Set<String> rows = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1) + "=" + format(result.getDouble(2)));
            }
        }
        return rows;
    }
}
