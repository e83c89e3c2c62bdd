package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.pks.stream.local.EmbeddedDatabase;

/**
 * The views and functions live in repeatable migrations (R__ files) that Flyway runs again, all together, whenever
 * one of them changes (src/main/resources/db/migration/README.md). Each test migrates its own database of one
 * temporary PostgreSQL server, in which the roles of V9 (pks_service, pks_grafana) exist, as in Docker Compose.
 */
class RepeatableMigrationsTest {

    private static final Path MIGRATIONS = migrationFolder();

    private static EmbeddedDatabase server;

    @BeforeAll
    static void startServer() throws SQLException {
        server = EmbeddedDatabase.startTemporary();
        try (Connection connection = DriverManager.getConnection(server.superuserJdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE pks_grafana LOGIN PASSWORD 'pks_grafana'");
            for (final String database : List.of("fresh", "upgraded", "edited", "blocked", "retyped", "dropped")) {
                statement.execute("CREATE DATABASE " + database + " OWNER " + server.username());
            }
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void theFolderHoldsExactlyTheListedRepeatableMigrationsEachWithThePlaceholder() throws IOException {
        final List<String> inFolder;
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            inFolder = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("R__") && name.endsWith(".sql")).sorted().toList();
        }
        // sorted by name, which is the order Flyway runs them in
        assertEquals(inFolder, RepeatableMigrations.FILES);
        for (final String file : inFolder) {
            final String text = Files.readString(MIGRATIONS.resolve(file));
            assertTrue(text.contains("${" + RepeatableMigrations.PLACEHOLDER + "}"),
                    file + " lacks the placeholder, so a change elsewhere would not run it again");
        }
    }

    @Test
    void theChecksumChangesWhenAnyOneFileChangesAndOnlyThen() {
        final Map<String, String> files = new TreeMap<>();
        for (final String file : RepeatableMigrations.FILES) {
            files.put(file, "-- " + file);
        }
        final String before = RepeatableMigrations.checksum(files::get);
        assertEquals(before, RepeatableMigrations.checksum(new TreeMap<>(files)::get));
        for (final String file : RepeatableMigrations.FILES) {
            final Map<String, String> edited = new TreeMap<>(files);
            edited.put(file, files.get(file) + " ");
            assertNotEquals(before, RepeatableMigrations.checksum(edited::get), file);
        }
    }

    /**
     * (a) A deployed region ran V1-V10, which created the views and functions themselves; its next migration runs the
     * R__ files on top. It must end where a new region, migrated at once, ends: the same views, functions and
     * privileges.
     */
    @Test
    void aDatabaseMigratedToV10AndThenToTheLatestEndsLikeAFreshOne(@TempDir final Path v1ToV10)
            throws IOException, SQLException {
        // Flyway's target("10") would still run the R__ files (they have no version), so the region's migrations
        // as they were deployed are V1-V10 alone, copied byte for byte: the same checksums as the class path's.
        for (int version = 1; version <= 10; version++) {
            final String prefix = "V" + version + "__";
            try (Stream<Path> files = Files.list(MIGRATIONS)) {
                final Path file = files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst()
                        .orElseThrow();
                Files.copy(file, v1ToV10.resolve(file.getFileName()));
            }
        }
        Flyway.configure().dataSource(url("upgraded"), server.username(), server.password()).schemas("pks")
                .createSchemas(true).locations("filesystem:" + v1ToV10).load().migrate();
        final Snapshot deployed = Snapshot.of(url("upgraded"));
        // As deployed: the views and functions V1-V10 created, counted by hand in those files (views: V2 7, V3 2,
        // V4 6, V7 2, V8 1, V10 1; functions: V2 8, V8 3, V10 2), and no R__ file run yet.
        assertEquals(19, deployed.views().size());
        assertEquals(13, deployed.functions().size());
        assertEquals(0, appliedRepeatables("upgraded").size());

        migrate("upgraded", config -> config);
        migrate("fresh", config -> config);
        final Snapshot upgraded = Snapshot.of(url("upgraded"));
        final Snapshot fresh = Snapshot.of(url("fresh"));

        assertEquals(fresh.views(), upgraded.views());
        assertEquals(fresh.functions(), upgraded.functions());
        assertEquals(fresh.privileges(), upgraded.privileges());
        // every view and function of V1-V10 is still there (later migrations may add more)
        assertTrue(upgraded.views().keySet().containsAll(deployed.views().keySet()));
        assertTrue(upgraded.functions().keySet().containsAll(deployed.functions().keySet()));
        assertEquals(RepeatableMigrations.FILES, appliedRepeatables("upgraded"));
        // V9's privileges on a view the R__ files re-created: rows for the service, SELECT for Grafana
        // (aclitem letters: a INSERT, r SELECT, w UPDATE, d DELETE)
        assertTrue(upgraded.privileges().get("view pks.period_deviation").contains("pks_service=arwd/pks"),
                upgraded.privileges().get("view pks.period_deviation"));
        assertTrue(upgraded.privileges().get("view pks.scorecard").contains("pks_grafana=r/pks"),
                upgraded.privileges().get("view pks.scorecard"));
        // and every object V1-V10 created has the privileges it had before the R__ files re-created the views
        for (final Map.Entry<String, String> before : deployed.privileges().entrySet()) {
            assertEquals(before.getValue(), upgraded.privileges().get(before.getKey()), before.getKey());
        }
    }

    /**
     * (b) Taking a column out of a view that another view reads is what CREATE OR REPLACE VIEW refuses and what a
     * plain DROP VIEW refuses while the other view exists. Edited in a copy of the migrations, it migrates, and only
     * a change runs the R__ files again.
     */
    @Test
    void removingAColumnOfAViewOtherViewsReadMigratesCleanly(@TempDir final Path copy)
            throws IOException, SQLException {
        copyMigrations(copy);
        migrateCopy("edited", copy);
        final int rowsAfterFirstRun = historyRows("edited");
        migrateCopy("edited", copy);
        assertEquals(rowsAfterFirstRun, historyRows("edited"), "nothing changed, so nothing ran again");
        assertTrue(columns("edited", "period_deviation").contains("low_production"));

        // pks.capacity_utilisation reads pks.period_deviation; the edit drops period_deviation's last column
        final Path periods = copy.resolve("R__02_periods_rollups_status.sql");
        final String text = Files.readString(periods);
        final String lowProduction = "           AS status,\n"
                + "       CASE WHEN period_kind = 'WEEK' THEN pks.is_low_production_week(unit_id, period_start) END"
                + " AS low_production\n";
        assertTrue(text.contains(lowProduction), "the edit no longer applies to R__02_periods_rollups_status.sql");
        // period_deviation is period_deviation_by_basis's rows of one plan and names the column too
        final String selected = "       deviation_pct, status, low_production\nFROM pks.period_deviation_by_basis";
        assertTrue(text.contains(selected), "the edit no longer applies to pks.period_deviation");
        Files.writeString(periods, text.replace(lowProduction, "           AS status\n")
                .replace(selected, "       deviation_pct, status\nFROM pks.period_deviation_by_basis"));
        // a view in a later file that names the column is edited with it, as its author would
        final Path deficiencies = copy.resolve("R__07_deficiencies.sql");
        final String reader = Files.readString(deficiencies);
        final String named = "d.deviation, d.deviation_pct, d.status, d.low_production,";
        assertTrue(reader.contains(named), "the edit no longer applies to R__07_deficiencies.sql");
        Files.writeString(deficiencies, reader.replace(named, "d.deviation, d.deviation_pct, d.status,"));

        migrateCopy("edited", copy);

        assertEquals(List.of("period_kind", "period_start", "period_end", "unit_id", "measure", "plan_kind", "actual",
                "expected", "deviation", "deviation_pct", "status"), columns("edited", "period_deviation"));
        assertEquals(List.of("period_kind", "period_start", "period_end", "unit_id", "measure", "actual",
                "planned_capacity", "utilisation"), columns("edited", "capacity_utilisation"));
        // every R__ file ran a second time, in order, and succeeded
        final List<String> twice = new ArrayList<>(RepeatableMigrations.FILES);
        twice.addAll(RepeatableMigrations.FILES);
        assertEquals(twice, appliedRepeatables("edited"));
        try (Connection connection = connect("edited"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pks.capacity_utilisation")) {
            assertTrue(rows.next());
            assertEquals(0, rows.getInt(1));
        }
    }

    /**
     * A view outside the set that reads one of its views (a region's own, in another schema) is never dropped
     * unseen: the migration stops with PostgreSQL's reason, and its transaction leaves both views as they were.
     */
    @Test
    void aForeignViewOnASetViewStopsTheMigrationInsteadOfBeingDropped(@TempDir final Path copy)
            throws IOException, SQLException {
        copyMigrations(copy);
        migrateCopy("blocked", copy);
        try (Connection connection = connect("blocked"); Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE VIEW public.my_red_weeks AS SELECT * FROM pks.period_deviation WHERE status = 'RED'");
        }
        final Path actions = copy.resolve("R__04_actions.sql");
        Files.writeString(actions, Files.readString(actions) + "\n-- any change runs the whole set again\n");

        final FlywayException refused = assertThrows(FlywayException.class, () -> migrateCopy("blocked", copy));

        assertTrue(refused.getMessage().contains("cannot drop desired object(s) because other objects depend on them"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("view my_red_weeks depends on view period_deviation"),
                refused.getMessage());
        assertTrue(columns("blocked", "period_deviation").contains("low_production"));
        try (Connection connection = connect("blocked"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM public.my_red_weeks")) {
            assertTrue(rows.next());
            assertEquals(0, rows.getInt(1));
        }
    }

    /**
     * A new V file that changes a column a view reads must drop that view first (PostgreSQL refuses otherwise); the
     * README's procedure, naming the V file in R__00, makes the set run after it and create the view again.
     */
    @Test
    void aVersionedMigrationThatDropsAViewGetsItBackThroughTheLineInR00(@TempDir final Path copy)
            throws IOException, SQLException {
        copyMigrations(copy);
        migrateCopy("retyped", copy);
        Files.writeString(copy.resolve("V99__longer_action_titles.sql"), """
                DROP VIEW IF EXISTS pks.overdue_action;
                ALTER TABLE pks.action ALTER COLUMN title TYPE varchar(300);
                """);
        final Path drops = copy.resolve("R__00_drop_views.sql");
        final String text = Files.readString(drops);
        final String line = "Views last dropped by a versioned migration: none.";
        assertTrue(text.contains(line), "R__00_drop_views.sql no longer has the line the README names");
        Files.writeString(drops, text.replace(line, "Views last dropped by a versioned migration: V99."));

        migrateCopy("retyped", copy);

        try (Connection connection = connect("retyped"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT data_type, character_maximum_length FROM information_schema.columns
                        WHERE table_schema = 'pks' AND table_name = 'overdue_action' AND column_name = 'title'""")) {
            assertTrue(rows.next(), "pks.overdue_action was created again");
            assertEquals("character varying", rows.getString(1));
            assertEquals(300, rows.getInt(2));
        }
    }

    /** R__00 must drop every view the R__ files create; run alone on a migrated database, it leaves none. */
    @Test
    void theFirstRepeatableMigrationDropsEveryViewOfSchemaPks() throws IOException, SQLException {
        migrate("dropped", config -> config);
        assertFalse(Snapshot.of(url("dropped")).views().isEmpty());
        final String drop = Files.readString(MIGRATIONS.resolve("R__00_drop_views.sql"))
                .replace("${" + RepeatableMigrations.PLACEHOLDER + "}", "test");
        try (Connection connection = connect("dropped"); Statement statement = connection.createStatement()) {
            statement.execute(drop);
        }
        assertEquals(Map.of(), Snapshot.of(url("dropped")).views());
        assertFalse(Snapshot.of(url("dropped")).functions().isEmpty(), "functions are kept");
    }

    private static void migrate(final String database, final Function<FluentConfiguration, FluentConfiguration> more) {
        final FluentConfiguration config = Flyway.configure()
                .dataSource(url(database), server.username(), server.password()).schemas("pks").createSchemas(true);
        more.apply(RepeatableMigrations.configure(config)).load().migrate();
    }

    private static void copyMigrations(final Path copy) throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (final Path file : files.filter(file -> file.toString().endsWith(".sql")).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
    }

    private static void migrateCopy(final String database, final Path folder) {
        final FluentConfiguration config = Flyway.configure()
                .dataSource(url(database), server.username(), server.password()).schemas("pks").createSchemas(true)
                .locations("filesystem:" + folder);
        RepeatableMigrations.configure(config, file -> read(folder.resolve(file))).load().migrate();
    }

    private static List<String> appliedRepeatables(final String database) throws SQLException {
        final List<String> scripts = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT script FROM pks.flyway_schema_history
                        WHERE type = 'SQL' AND version IS NULL AND success ORDER BY installed_rank""")) {
            while (rows.next()) {
                scripts.add(rows.getString(1));
            }
        }
        return scripts;
    }

    private static int historyRows(final String database) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pks.flyway_schema_history")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<String> columns(final String database, final String view) throws SQLException {
        final List<String> names = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT column_name FROM information_schema.columns
                        WHERE table_schema = 'pks' AND table_name = '%s'
                        ORDER BY ordinal_position""".formatted(view))) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static Connection connect(final String database) throws SQLException {
        return DriverManager.getConnection(url(database), server.username(), server.password());
    }

    /** The URL of another database of the same server ({@link EmbeddedDatabase#jdbcUrl()} ends in "/pks"). */
    private static String url(final String database) {
        return server.jdbcUrl().replaceFirst("/pks$", "/" + database);
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path migrationFolder() {
        try {
            return Path.of(RepeatableMigrationsTest.class.getClassLoader().getResource("db/migration").toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the migrations leave in schema pks: each view's and function's definition as PostgreSQL prints it, and
     * the owner and privileges of every table, view, sequence and function, keyed by kind and name.
     */
    record Snapshot(Map<String, String> views, Map<String, String> functions, Map<String, String> privileges) {

        static Snapshot of(final String url) throws SQLException {
            try (Connection connection = DriverManager.getConnection(url, server.username(), server.password());
                    Statement statement = connection.createStatement()) {
                return new Snapshot(
                        rows(statement, """
                                SELECT 'pks.' || c.relname, pg_get_viewdef(c.oid, true)
                                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                WHERE n.nspname = 'pks' AND c.relkind = 'v'"""),
                        rows(statement, """
                                SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid)
                                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                WHERE n.nspname = 'pks'"""),
                        // ACL items sorted, so that only what is granted counts, not the order it was granted in
                        rows(statement, """
                                SELECT CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'S' THEN 'sequence ' ELSE 'table ' END
                                           || 'pks.' || c.relname,
                                       pg_get_userbyid(c.relowner) || ' '
                                           || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text)
                                                        FROM unnest(c.relacl) AS a), 'default')
                                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                WHERE n.nspname = 'pks' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                                UNION ALL
                                SELECT 'function ' || p.oid::regprocedure::text,
                                       pg_get_userbyid(p.proowner) || ' '
                                           || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text)
                                                        FROM unnest(p.proacl) AS a), 'default')
                                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                WHERE n.nspname = 'pks'"""));
            }
        }

        private static Map<String, String> rows(final Statement statement, final String query) throws SQLException {
            final Map<String, String> byName = new TreeMap<>();
            try (ResultSet rows = statement.executeQuery(query)) {
                while (rows.next()) {
                    byName.put(rows.getString(1), rows.getString(2));
                }
            }
            return byName;
        }
    }
}
