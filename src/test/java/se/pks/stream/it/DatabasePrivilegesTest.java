package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Least privilege on the real PostgreSQL the service runs against: the service's runtime login reads and writes rows
 * but cannot change the schema, and Grafana's role (created by the same script Docker Compose runs) only reads.
 * A refusal is PostgreSQL's own: SQLSTATE 42501, insufficient privilege.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class DatabasePrivilegesTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final Path GRAFANA_ROLE_SCRIPT = Path.of("docker/timescaledb/10-pks-grafana-role.sh");

    /** Statements that change the schema or bypass row-level DML; none may succeed for the service or Grafana. */
    private static final List<String> SCHEMA_CHANGES = List.of(
            "CREATE TABLE pks.intruder (id int)",
            "CREATE TABLE public.intruder (id int)",
            "CREATE SCHEMA intruder",
            "CREATE INDEX unit_by_name ON pks.unit (name)",
            "CREATE VIEW pks.intruder AS SELECT 1 AS one",
            "CREATE FUNCTION pks.intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "ALTER TABLE pks.measure_value ADD COLUMN intruder int",
            "ALTER TABLE pks.unit RENAME TO unit_gone",
            "DROP TABLE pks.measure_value",
            "DROP VIEW pks.period_deviation",
            "DROP FUNCTION pks.week_start(date)",
            "TRUNCATE pks.measure_value",
            "TRUNCATE pks.deviation",
            "DELETE FROM pks.flyway_schema_history",
            "ALTER ROLE CURRENT_USER SUPERUSER");

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = EmbeddedInfrastructureResource.SUPERUSER_URL)
    String superuserUrl;

    @Test
    void theServiceRunsAsALoginThatOwnsNothingAndMayNotChangeTheSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertEquals("pks_service", text(statement, "SELECT current_user"));
            assertEquals("false", text(statement, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"));
            assertEquals("false", text(statement,
                    "SELECT (rolcreaterole OR rolcreatedb OR rolbypassrls)::text FROM pg_roles "
                            + "WHERE rolname = current_user"));
            assertEquals("0", text(statement, """
                    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'pks' AND pg_get_userbyid(c.relowner) = current_user"""));
            assertEquals("false", text(statement, "SELECT has_schema_privilege('pks', 'CREATE')::text"));
            assertEquals("false", text(statement, "SELECT has_database_privilege(current_database(), 'CREATE')::text"));
            // ... and still has what it needs: rows of every table of the schema, and its sequences.
            assertEquals("0", text(statement, """
                    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'pks' AND c.relkind IN ('r', 'p')
                      AND c.relname NOT IN ('flyway_schema_history', 'audit_entry', 'plan_version', 'plan_adoption',
                                            'plan_adoption_version', 'benchmarking_round_figure')
                      AND NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT')
                               AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))"""));
            // The audit trail: appended to and read, never rewritten (docs/audit.md); pruned only by pks.prune_audit.
            assertEquals("t t f f f t", text(statement, """
                    SELECT concat_ws(' ', has_table_privilege('pks.audit_entry', 'INSERT'),
                                     has_table_privilege('pks.audit_entry', 'SELECT'),
                                     has_table_privilege('pks.audit_entry', 'UPDATE'),
                                     has_table_privilege('pks.audit_entry', 'DELETE'),
                                     has_table_privilege('pks.audit_entry', 'TRUNCATE'),
                                     has_function_privilege('pks.prune_audit(interval)', 'EXECUTE'))"""));
            // Plan versions and adoptions, and a benchmarking round's frozen figures: appended and read, never
            // rewritten (docs/plans-and-units-api.md, docs/benchmarking-round.md).
            for (final String table : List.of("plan_version", "plan_adoption", "plan_adoption_version",
                    "benchmarking_round_figure")) {
                assertEquals("t t f f f", text(statement, String.format("""
                        SELECT concat_ws(' ', has_table_privilege('pks.%1$s', 'INSERT'),
                                         has_table_privilege('pks.%1$s', 'SELECT'),
                                         has_table_privilege('pks.%1$s', 'UPDATE'),
                                         has_table_privilege('pks.%1$s', 'DELETE'),
                                         has_table_privilege('pks.%1$s', 'TRUNCATE'))""", table)), table);
            }
            assertEquals("0", text(statement, """
                    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'pks'
                      -- CASE, because PostgreSQL may test the privilege before the relkind, and fails on non-sequences
                      AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(c.oid, 'USAGE') ELSE false END"""));
        }
        assertEquals(List.of(), notRefused(dataSource::getConnection, SCHEMA_CHANGES));
    }

    @Test
    void theServiceReadsAndWritesRows() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                assertEquals(1, statement.executeUpdate("""
                        INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name,
                                              ownership, region_id)
                        VALUES ('priv-unit', 'Privileges', 'prov-priv', 'org-priv', 'Org', 'PUBLIC', 'r-priv')"""));
                assertEquals(1, statement.executeUpdate(
                        "UPDATE pks.unit SET name = 'Renamed' WHERE unit_id = 'priv-unit'"));
                assertEquals("Renamed", text(statement, "SELECT name FROM pks.unit WHERE unit_id = 'priv-unit'"));
                // a bigserial column: the sequence is usable
                assertEquals(1, statement.executeUpdate("""
                        INSERT INTO pks.subscription (username, scope, scope_id, channel, target, min_severity)
                        VALUES ('priv', 'UNIT', 'priv-unit', 'EMAIL', 'a@b.example', 'WARNING')"""));
                assertEquals(1, statement.executeUpdate("DELETE FROM pks.unit WHERE unit_id = 'priv-unit'"));
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void grafanasRoleReadsEverythingAndChangesNothing() throws SQLException, IOException {
        try (Connection superuser = DriverManager.getConnection(superuserUrl);
             Statement statement = superuser.createStatement()) {
            if (text(statement, "SELECT count(*) FROM pg_roles WHERE rolname = 'pks_grafana'").equals("0")) {
                for (final String sql : grafanaRoleSql().split(";\n")) {
                    // The embedded database has made the service's login already, under the same name.
                    if (!sql.isBlank() && !sql.startsWith("CREATE ROLE pks_service")) {
                        statement.execute(sql);
                    }
                }
            }
        }
        final List<String> relations = new ArrayList<>();
        try (Connection grafana = grafana(); Statement statement = grafana.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT format('pks.%I', c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'pks' AND c.relkind IN ('r', 'v', 'm', 'p') ORDER BY 1""")) {
            while (rows.next()) {
                relations.add(rows.getString(1));
            }
        }
        assertTrue(relations.size() > 30, "tables and views of schema pks: " + relations);
        try (Connection grafana = grafana(); Statement statement = grafana.createStatement()) {
            for (final String relation : relations) {
                statement.executeQuery("SELECT * FROM " + relation + " LIMIT 1").close();
            }
        }
        final List<String> writes = new ArrayList<>(SCHEMA_CHANGES);
        writes.addAll(List.of(
                "INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                        + "region_id) VALUES ('g', 'g', 'g', 'g', 'g', 'PUBLIC', 'g')",
                "UPDATE pks.measure_value SET value = 0",
                "DELETE FROM pks.deviation",
                "INSERT INTO pks.alert_setting SELECT * FROM pks.alert_setting",
                "SELECT nextval('pks.action_action_id_seq')"));
        assertEquals(List.of(), notRefused(this::grafana, writes));
    }

    /** The statements that were not refused for lack of privilege, each in its own transaction. */
    private static List<String> notRefused(final ConnectionSource source, final List<String> statements)
            throws SQLException {
        final List<String> notRefused = new ArrayList<>();
        for (final String sql : statements) {
            try (Connection connection = source.get(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                try {
                    statement.execute(sql);
                    notRefused.add(sql + " (succeeded)");
                } catch (final SQLException e) {
                    if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                        notRefused.add(sql + " (" + e.getSQLState() + " " + e.getMessage() + ")");
                    }
                } finally {
                    connection.rollback();
                }
            }
        }
        return notRefused;
    }

    /** The SQL of the init script Docker Compose runs, with the values psql would fill in. */
    private static String grafanaRoleSql() throws IOException {
        final String script = Files.readString(GRAFANA_ROLE_SCRIPT);
        final int start = script.indexOf("<<'SQL'\n");
        final int end = script.indexOf("\nSQL", start);
        if (start < 0 || end < 0) {
            fail(GRAFANA_ROLE_SCRIPT + " no longer holds its SQL in a <<'SQL' here-document");
        }
        return script.substring(start + "<<'SQL'\n".length(), end)
                .replace(":'grafana_password'", "'grafana-test'")
                .replace(":'service_password'", "'service-test'")
                .replace(":\"database\"", "pks")
                .replace(":\"owner\"", "pks");
    }

    private Connection grafana() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "pks_grafana", "grafana-test");
    }

    @FunctionalInterface
    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private static String text(final Statement statement, final String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql);
            final String value = rows.getString(1);
            assertFalse(rows.next(), sql + " returns one row");
            return value;
        }
    }
}
