package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.pks.stream.storage.TimescaleDb.text;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.local.EmbeddedDatabase;

/**
 * The migrations on a real TimescaleDB (issue 17 item 4; docs/timescaledb.md): from an empty database and from the
 * release before V22, the hypertables, their compression and its policy, the retention of rejected records, and the
 * privileges of the service's and Grafana's logins, on the tables and on the chunks TimescaleDB makes of them. Skipped
 * without {@value TimescaleDb#URL}.
 */
class TimescaleDbMigrationsTest {

    private static TimescaleDb database;

    @BeforeAll
    static void givenATimescaleDb() throws SQLException {
        database = TimescaleDb.fromEnvironment();
    }

    @BeforeEach
    void withTheServicesAndGrafanasLogins() throws SQLException {
        TimescaleDb.assumeGiven(database);
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            assertEquals("2", text(statement, "SELECT count(*) FROM pg_roles"
                            + " WHERE rolname IN ('pks_service', 'pks_grafana')"),
                    "the logins pks_service and pks_grafana exist (docker/timescaledb/10-pks-grafana-role.sh)");
        }
    }

    @Test
    void fromAnEmptyDatabaseTheExtensionLivesInPublicAndTheSchemaIsThatOfPlainPostgres() throws SQLException {
        database.wipe();
        database.migrate();
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            assertEquals("public", TimescaleDb.extensionSchema(statement));
            assertEquals("0", text(statement, "SELECT count(*) FROM pks.flyway_schema_history WHERE NOT success"));
            // Every table, view, column and function of schema pks as on plain PostgreSQL: TimescaleDB adds nothing
            // to the schema (its functions are in public) and takes nothing away.
            final List<String> timescale = schema(statement);
            try (EmbeddedDatabase plain = MigratedDatabase.start(); Connection other = MigratedDatabase.connect(plain);
                 Statement otherStatement = other.createStatement()) {
                assertEquals(schema(otherStatement), timescale);
            }
            assertHypertablesCompressedByUnitAndMeasure(statement);
        }
        assertPrivileges();
    }

    @Test
    void fromTheReleaseBeforeV22TheFiguresStayAndClosedYearsAreCompressed() throws SQLException {
        database.wipe();
        final String earlier = TimescaleDb.lastVersionBefore(22);
        database.migrateAsAnEarlierReleaseTo(earlier);
        final String figures;
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            // as the earlier release left it: the extension in schema pks, hypertables without compression
            assertEquals("pks", TimescaleDb.extensionSchema(statement));
            assertEquals(earlier, text(statement, "SELECT max(version::int) FROM pks.flyway_schema_history"
                    + " WHERE version IS NOT NULL"));
            assertEquals("2 0", text(statement, "SELECT count(*) || ' ' || count(*) FILTER (WHERE compression_enabled)"
                    + " FROM timescaledb_information.hypertables WHERE hypertable_schema = 'pks'"));
            TimescaleDb.fourYearsOfFigures(statement);
            figures = text(statement, FIGURES);
        }
        database.migrate();
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            // TimescaleDB cannot be moved once installed: it stays where V1 put it (docs/timescaledb.md)
            assertEquals("pks", TimescaleDb.extensionSchema(statement));
            assertEquals("22", text(statement, "SELECT max(version::int) FROM pks.flyway_schema_history"
                    + " WHERE version::int <= 22"));
            assertHypertablesCompressedByUnitAndMeasure(statement);
            TimescaleDb.holdTheScheduler(statement);
            assertEquals(figures, text(statement, FIGURES));
            TimescaleDb.compressAsThePolicyDoes(statement);
            TimescaleDb.assertOnlyClosedYearsCompressed(statement);
            assertEquals(figures, text(statement, FIGURES), "the same figures read from compressed chunks");
        }
        assertPrivileges();
    }

    @Test
    void thePoliciesCompressChunksAYearOldAndDropRejectionsThirteenMonthsOld() throws SQLException {
        database.wipe();
        database.migrate();
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            TimescaleDb.holdTheScheduler(statement);
            TimescaleDb.fourYearsOfFigures(statement);
            final String figures = text(statement, FIGURES);
            TimescaleDb.compressAsThePolicyDoes(statement);
            TimescaleDb.assertOnlyClosedYearsCompressed(statement);
            assertEquals(figures, text(statement, FIGURES));

            statement.execute("""
                    INSERT INTO pks.rejected_record (source_topic, source_partition, source_offset, record_key, reasons,
                                                     received_at)
                    VALUES ('pks.visits.v1', 0, 1, 'old', '[]', now() - interval '13 months 1 day'),
                           ('pks.visits.v1', 0, 2, 'kept', '[]', now() - interval '12 months 27 days')""");
            final String retention = text(statement, """
                    SELECT job_id FROM timescaledb_information.jobs
                    WHERE proc_schema = 'pks' AND proc_name = 'drop_old_rejected_records'""");
            statement.execute("CALL public.run_job(" + retention + ")");
            assertEquals("kept", text(statement, "SELECT string_agg(record_key, ',') FROM pks.rejected_record"));
        }
        assertPrivileges();
    }

    /** A digest of every figure and deviation: the same text for the same rows. */
    private static final String FIGURES = """
            SELECT (SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', granularity, period_start, unit_id, measure,
                                                            value), ',' ORDER BY granularity, period_start, unit_id,
                                                            measure)) FROM pks.measure_value)
                   || ' ' || (SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', period_start, unit_id, expected,
                                                            deviation), ',' ORDER BY period_start, unit_id))
                              FROM pks.deviation)""";

    private static void assertHypertablesCompressedByUnitAndMeasure(final Statement statement) throws SQLException {
        assertEquals("deviation 360 days true, measure_value 360 days true", text(statement, """
                SELECT string_agg(h.hypertable_name || ' ' || d.time_interval || ' ' || h.compression_enabled, ', '
                                  ORDER BY h.hypertable_name)
                FROM timescaledb_information.hypertables h
                JOIN timescaledb_information.dimensions d USING (hypertable_schema, hypertable_name)
                WHERE h.hypertable_schema = 'pks'"""));
        assertEquals("deviation unit_id,measure granularity,plan_kind,period_start;"
                + " measure_value unit_id,measure granularity,period_start", text(statement, """
                SELECT string_agg(concat_ws(' ', c.relname, s.segmentby, s.orderby), '; ' ORDER BY c.relname)
                FROM timescaledb_information.hypertable_compression_settings s
                JOIN pg_class c ON c.oid = s.hypertable
                WHERE c.relnamespace = 'pks'::regnamespace"""));
        // TimescaleDB's own schedule for compression, every 12 hours; the retention's once a day
        assertEquals("deviation policy_compression 12:00:00 t {\"compress_after\": \"1 year\"}; measure_value"
                + " policy_compression 12:00:00 t {\"compress_after\": \"1 year\"}; - drop_old_rejected_records"
                + " 1 day t"
                + " {\"keep\": \"13 months\"}", text(statement, """
                SELECT string_agg(concat_ws(' ', coalesce(hypertable_name, '-'), proc_name, schedule_interval,
                                            scheduled, config - 'hypertable_id'), '; '
                                  ORDER BY hypertable_name, proc_name)
                FROM timescaledb_information.jobs WHERE proc_name <> 'policy_telemetry'
                  AND (hypertable_schema = 'pks' OR proc_schema = 'pks')"""));
    }

    /**
     * The service's login reads and writes rows of every table and chunk (compressed ones included), but for the
     * append-only ones (the audit trail, plan versions and adoptions, a benchmarking round's frozen figures:
     * DatabasePrivilegesTest), and changes no schema; Grafana's only reads. As docs/reliability.md, "Security", and
     * DatabasePrivilegesTest on plain PostgreSQL.
     */
    private static void assertPrivileges() throws SQLException {
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            assertEquals("", text(statement, """
                    SELECT coalesce(string_agg(c.oid::regclass::text, ', '), '')
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p')
                      AND (n.nspname = 'pks' AND c.relname NOT IN ('flyway_schema_history', 'audit_entry', 'plan_version',
                                                                   'plan_adoption', 'plan_adoption_version',
                                                                   'benchmarking_round_figure')
                           OR c.oid IN (SELECT format('%I.%I', chunk_schema, chunk_name)::regclass
                                        FROM timescaledb_information.chunks WHERE hypertable_schema = 'pks')
                           -- the compressed copies, which a late correction decompresses from
                           OR c.oid IN (SELECT format('%I.%I', compressed.schema_name, compressed.table_name)::regclass
                                        FROM _timescaledb_catalog.chunk chunk
                                        JOIN _timescaledb_catalog.chunk compressed
                                          ON compressed.id = chunk.compressed_chunk_id
                                        JOIN _timescaledb_catalog.hypertable h ON h.id = chunk.hypertable_id
                                        WHERE h.schema_name = 'pks'))
                      AND NOT (has_table_privilege('pks_service', c.oid, 'SELECT')
                               AND has_table_privilege('pks_service', c.oid, 'INSERT')
                               AND has_table_privilege('pks_service', c.oid, 'UPDATE')
                               AND has_table_privilege('pks_service', c.oid, 'DELETE'))"""),
                    "tables and chunks the service may not read and write");
            assertEquals("f f f", text(statement, """
                    SELECT concat_ws(' ', has_schema_privilege('pks_service', 'pks', 'CREATE'),
                                     has_schema_privilege('pks_service', 'public', 'CREATE'),
                                     has_database_privilege('pks_service', current_database(), 'CREATE'))"""));
            assertEquals("", text(statement, """
                    SELECT coalesce(string_agg(c.oid::regclass::text, ', '), '')
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'pks' AND c.relkind IN ('r', 'v', 'm', 'p')
                      AND (NOT has_table_privilege('pks_grafana', c.oid, 'SELECT')
                           OR has_table_privilege('pks_grafana', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))"""),
                    "relations Grafana may not read, or may change");
        }
        try (Connection grafana = database.grafana(); Statement statement = grafana.createStatement()) {
            // Grafana reads through the hypertables, compressed chunks included
            assertTrue(Long.parseLong(text(statement, "SELECT count(*) FROM pks.measure_value")) >= 0);
            assertTrue(Long.parseLong(text(statement, "SELECT count(*) FROM pks.deviation")) >= 0);
        }
    }

    /** Every column of every relation and every function of schema pks, one line each, sorted. */
    private static List<String> schema(final Statement statement) throws SQLException {
        final List<String> lines = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = 'pks' AND c.relkind IN ('r', 'v', 'm', 'p')
                  AND c.relname <> 'flyway_schema_history'
                UNION ALL
                SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'pks'
                ORDER BY 1""")) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return lines;
    }
}
