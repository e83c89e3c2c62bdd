package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.ds.PGSimpleDataSource;
import se.pks.stream.local.EmbeddedDatabase;

/**
 * Base of the tests that need the real schema: one temporary PostgreSQL with the migrations applied per test class,
 * and a fresh connection per test. Subclasses reset the data they use in their own {@code @BeforeEach}, which runs
 * after this one.
 */
public abstract class MigratedDatabaseTest {

    private static EmbeddedDatabase database;
    protected Connection connection;

    @BeforeAll
    static void startMigratedDatabase() {
        database = MigratedDatabase.start();
    }

    @AfterAll
    static void stopMigratedDatabase() {
        database.close();
    }

    /** The same database as a DataSource, for the service's own beans that open their connections themselves. */
    protected static PGSimpleDataSource dataSource() {
        final PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(database.jdbcUrl());
        source.setUser(database.username());
        source.setPassword(database.password());
        return source;
    }

    @BeforeEach
    void openConnection() throws SQLException {
        connection = MigratedDatabase.connect(database);
    }

    @AfterEach
    void closeConnection() throws SQLException {
        connection.close();
    }
}
