package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Assumptions;

/**
 * A real TimescaleDB for the tests that need one (docs/timescaledb.md), given by environment variables:
 * {@value #URL} (a JDBC URL without user), {@value #USER} and {@value #PASSWORD} (the owner login Flyway migrates
 * as), and the passwords of the service's and Grafana's logins, {@value #SERVICE_PASSWORD} and
 * {@value #GRAFANA_PASSWORD} (default: the ones docker-compose.yml sets, pks_service and pks_grafana). Without
 * {@value #URL} every test of the calling class is skipped with a message saying so ({@link #assumeGiven}): the
 * embedded PostgreSQL of the other tests has no TimescaleDB, and neither has CI.
 *
 * <p>Each test class starts from an empty schema: {@link #wipe()} drops schema pks and the extension. So the database's
 * name must say it is for tests ({@code pks_test}); any other is refused rather than wiped.
 */
public final class TimescaleDb {

    public static final String URL = "PKS_TIMESCALEDB_URL";
    public static final String USER = "PKS_TIMESCALEDB_USER";
    public static final String PASSWORD = "PKS_TIMESCALEDB_PASSWORD";
    public static final String SERVICE_PASSWORD = "PKS_TIMESCALEDB_SERVICE_PASSWORD";
    public static final String GRAFANA_PASSWORD = "PKS_TIMESCALEDB_GRAFANA_PASSWORD";

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    private final String url;
    private final String user;
    private final String password;

    private TimescaleDb(final String url, final String user, final String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * The TimescaleDB the environment names, or null when it names none (each test then skips itself with
     * {@link #assumeGiven}). Fails when it names one that is not a test database or has no TimescaleDB.
     */
    public static TimescaleDb fromEnvironment() throws SQLException {
        final String url = System.getenv(URL);
        if (url == null || url.isBlank()) {
            return null;
        }
        final TimescaleDb database = new TimescaleDb(url, env(USER, "pks"), env(PASSWORD, "pks"));
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            final String name = text(statement, "SELECT current_database()");
            assertTrue(name.contains("test"), URL + " names the database " + name + ", whose schema pks these tests"
                    + " drop: give a database whose name contains \"test\"");
            assertTrue(Integer.parseInt(text(statement, "SELECT count(*) FROM pg_available_extensions"
                            + " WHERE name = 'timescaledb'")) == 1,
                    URL + " names a server without TimescaleDB (not in pg_available_extensions)");
        }
        return database;
    }

    /**
     * Skips the calling test (a JUnit assumption, reported as skipped with this message) when the environment names
     * no TimescaleDB.
     */
    public static void assumeGiven(final TimescaleDb database) {
        Assumptions.assumeTrue(database != null, URL + " is not set: the tests against a real TimescaleDB are"
                + " skipped (set it, " + USER + " and " + PASSWORD + " to run them; docs/timescaledb.md)");
    }

    private static String env(final String name, final String otherwise) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** The owner: the login Flyway migrates as. */
    public Connection owner() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The service's runtime login, with row privileges only (V9). */
    public Connection service() throws SQLException {
        return DriverManager.getConnection(url, "pks_service", env(SERVICE_PASSWORD, "pks_service"));
    }

    /** Grafana's read-only login (docker/timescaledb/10-pks-grafana-role.sh). */
    public Connection grafana() throws SQLException {
        return DriverManager.getConnection(url, "pks_grafana", env(GRAFANA_PASSWORD, "pks_grafana"));
    }

    /** An empty database: no schema pks, no TimescaleDB extension (each in its own session, as TimescaleDB wants). */
    public void wipe() throws SQLException {
        try (Connection connection = owner(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS pks CASCADE");
        }
        try (Connection connection = owner(); Statement statement = connection.createStatement()) {
            statement.execute("DROP EXTENSION IF EXISTS timescaledb CASCADE");
        }
    }

    /** Every migration of this build, as the service applies them at start. */
    public void migrate() {
        RepeatableMigrations.configure(configuration()).load().migrate();
    }

    /**
     * The migrations up to and including {@code version} as an earlier release applied them: without the callback
     * beforeMigrate.sql, which it did not have, so V1 creates TimescaleDB in schema pks as it did then; and without
     * this build's R__ views, which may read tables of later V files (the earlier release had its own views, which
     * the full migration drops and recreates in any case).
     */
    public void migrateAsAnEarlierReleaseTo(final String version) {
        RepeatableMigrations.configure(configuration().target(MigrationVersion.fromVersion(version))
                .skipDefaultCallbacks(true)).repeatableSqlMigrationPrefix("NOT_IN_AN_EARLIER_RELEASE__").load()
                .migrate();
    }

    private FluentConfiguration configuration() {
        return Flyway.configure().dataSource(url, user, password).schemas("pks").createSchemas(true);
    }

    /** The highest version of the V files below {@code version}: the last one an earlier release can have applied. */
    public static String lastVersionBefore(final int version) {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .filter(number -> number < version).max(Comparator.naturalOrder()).map(String::valueOf)
                    .orElseThrow();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Weekly figures and deviations of two units from four years ago to last week: five or six chunks each. */
    public static void fourYearsOfFigures(final Statement statement) throws SQLException {
        statement.execute("""
                INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value)
                SELECT 'WEEK', week::date, unit, 'first_visits', extract(week FROM week) + length(unit)
                FROM generate_series(date_trunc('week', now() - interval '4 years'), now() - interval '1 week',
                                     interval '1 week') AS week,
                     unnest(ARRAY['tsdb-a-mott', 'tsdb-bb-mott']) AS unit""");
        statement.execute("""
                INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected,
                                           deviation, deviation_pct)
                SELECT granularity, period_start, unit_id, measure, 'TARGET', value, 40, value - 40,
                       100 * (value - 40) / 40
                FROM pks.measure_value""");
    }

    /**
     * Keeps TimescaleDB's scheduler from running the jobs of schema pks by itself (they stay defined; run_job still
     * runs them), so that a test compresses when it means to and not in the middle of an assertion.
     */
    public static void holdTheScheduler(final Statement statement) throws SQLException {
        statement.execute("SELECT " + extensionSchema(statement) + ".alter_job(job_id, scheduled => false)"
                + " FROM timescaledb_information.jobs WHERE hypertable_schema = 'pks' OR proc_schema = 'pks'");
    }

    /** Where TimescaleDB is installed: public, or pks where V1 of an earlier release installed it. */
    public static String extensionSchema(final Statement statement) throws SQLException {
        return text(statement, "SELECT extnamespace::regnamespace::text FROM pg_extension"
                + " WHERE extname = 'timescaledb'");
    }

    /** Runs the compression policies now, as TimescaleDB's scheduler would at their next run. */
    public static void compressAsThePolicyDoes(final Statement statement) throws SQLException {
        final String extensionSchema = extensionSchema(statement);
        final List<String> jobs = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT job_id FROM timescaledb_information.jobs
                WHERE proc_name = 'policy_compression' AND hypertable_schema = 'pks' ORDER BY hypertable_name""")) {
            while (rows.next()) {
                jobs.add(rows.getString(1));
            }
        }
        assertEquals(2, jobs.size(), "a compression policy for measure_value and one for deviation: " + jobs);
        for (final String job : jobs) {
            statement.execute("CALL " + extensionSchema + ".run_job(" + job + ")");
        }
    }

    /** Chunks whose last day is more than a year ago are compressed, the others not; there are both. */
    public static void assertOnlyClosedYearsCompressed(final Statement statement) throws SQLException {
        assertEquals("0", text(statement, """
                SELECT count(*) FROM timescaledb_information.chunks
                WHERE hypertable_schema = 'pks' AND is_compressed <> (range_end <= now() - interval '1 year')"""));
        assertEquals("t t", text(statement, """
                SELECT concat_ws(' ', bool_or(is_compressed), bool_or(NOT is_compressed))
                FROM timescaledb_information.chunks
                WHERE hypertable_schema = 'pks'"""));
    }

    /** The one value of a one-row, one-column query, as text. */
    public static String text(final Statement statement, final String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), "no row: " + sql);
            return Objects.toString(rows.getString(1), null);
        }
    }
}
