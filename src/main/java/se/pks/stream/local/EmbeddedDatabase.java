package se.pks.stream.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 17 server (zonky's binaries, run as a child process) for the local run and the integration
 * tests, where there is no Docker. With a fixed data directory the data survives a stop and a restart; the
 * temporary variant is for tests and deletes its directory on close.
 *
 * <p>Two ordinary users, as in production, neither of them the superuser: {@code pks} owns database and schema and
 * migrates them (Flyway), {@code pks_service} is the service's runtime login with only the row privileges that
 * migration V9 grants it, so a flaw in the service cannot change or drop the schema. The server trusts local
 * connections (zonky runs initdb with {@code -A trust}), so the passwords are only there for clients that insist.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM runs as root, zonky starts initdb, pg_ctl and postgres under
 * {@code unshare -U} (a new user namespace where the process is "nobody"), which needs the util-linux
 * {@code unshare} command and unprivileged user namespaces.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final String DATABASE = "pks";
    private static final String USER = "pks";
    private static final String PASSWORD = "pks";
    private static final String SERVICE_USER = "pks_service";
    private static final String SERVICE_PASSWORD = "pks_service";

    /**
     * zonky logs every line initdb and postgres print at INFO, some forty per start. WARNING hides them; set
     * {@code io.zonky} to INFO again to see PostgreSQL's own messages when it does not start. Kept as a field
     * because JUL holds loggers weakly and a collected logger forgets its level.
     */
    private static final Logger ZONKY = Logger.getLogger("io.zonky");

    private final Path dataDir;
    private final boolean durable;
    private final Path deleteOnClose;
    private volatile EmbeddedPostgres postgres;
    private final int port;
    private volatile boolean closedByOwnerOnly;

    private EmbeddedDatabase(final Path dataDir, final int port, final boolean durable, final Path deleteOnClose) {
        this.dataDir = dataDir;
        this.durable = durable;
        this.deleteOnClose = deleteOnClose;
        this.postgres = startPostgres(dataDir, port, durable);
        this.port = postgres.getPort();
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (initialised on first use, kept afterwards) and creates the {@code pks}
     * user and database if they are missing.
     *
     * @param port the server port, 0 for any free port
     */
    public static EmbeddedDatabase start(final Path dataDir, final int port) {
        OrphanedPostmaster.stopIfRunning(dataDir);
        return new EmbeddedDatabase(dataDir, port, true, null);
    }

    /** A throw-away server for one test: its own temporary directory and port, deleted on close. */
    public static EmbeddedDatabase startTemporary() {
        try {
            final Path dataDir = Files.createTempDirectory("pks-pg");
            return new EmbeddedDatabase(dataDir, 0, false, dataDir);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** The service's runtime login: no DDL, not the owner; its row privileges come from migration V9. */
    public String serviceUsername() {
        return SERVICE_USER;
    }

    public String servicePassword() {
        return SERVICE_PASSWORD;
    }

    /** The superuser, for tests that create roles or check what others may do; the service never uses it. */
    public String superuserJdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE + "?user=postgres";
    }

    /**
     * Stops the server (a fast shutdown: open sessions are ended) but keeps its data directory, as a database that
     * goes down and comes back would; {@link #restart()} starts it again. For outage tests.
     */
    public void stop() {
        try {
            postgres.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again after {@link #stop()}, on the same data directory and port. */
    public void restart() {
        postgres = startPostgres(dataDir, port, durable);
    }

    /**
     * From now on only {@link #close()} stops the server. zonky also stops it from a JVM shutdown hook of its own,
     * and hooks run side by side: in the local run that hook stopped PostgreSQL within a second of Ctrl-C, while the
     * service was still finishing its last writes (issue 22). The hook is muted through the flag zonky's close
     * checks first, which it offers no other way to reach.
     */
    public void stopOnlyOnClose() {
        zonkyClosedFlag().set(true);
        closedByOwnerOnly = true;
    }

    /** Stops the server with a fast shutdown (open sessions are ended, committed data is kept). */
    @Override
    public void close() {
        try {
            if (closedByOwnerOnly) {
                zonkyClosedFlag().set(false);
            }
            postgres.close();
            if (deleteOnClose != null) {
                deleteRecursively(deleteOnClose);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AtomicBoolean zonkyClosedFlag() {
        try {
            final Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
            closed.setAccessible(true);
            return (AtomicBoolean) closed.get(postgres);
        } catch (final ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("This zonky version has no AtomicBoolean 'closed' in EmbeddedPostgres; "
                    + "find another way to keep its shutdown hook from stopping PostgreSQL early", e);
        }
    }

    /**
     * @param durable whether to turn fsync and synchronous commit back on: zonky switches them off for speed, which
     *     a throw-away test database can afford but a data directory that is meant to outlive a crash cannot
     */
    private static EmbeddedPostgres startPostgres(final Path dataDir, final int port, final boolean durable) {
        ZONKY.setLevel(Level.WARNING);
        try {
            final EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false);
            if (durable) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            if (port != 0) {
                builder.setPort(port);
            }
            final EmbeddedPostgres postgres = builder.start();
            createUserAndDatabase(postgres);
            return postgres;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createUserAndDatabase(final EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", SERVICE_USER)) {
                statement.execute("CREATE ROLE " + SERVICE_USER + " LOGIN PASSWORD '" + SERVICE_PASSWORD + "'");
            }
            // CREATE DATABASE cannot run in a transaction block, hence no IF NOT EXISTS trick with DO $$ ... $$.
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not create the " + DATABASE + " database", e);
        }
    }

    private static boolean exists(final Connection connection, final String query, final String name)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void deleteRecursively(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
