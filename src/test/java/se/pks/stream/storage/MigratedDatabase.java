package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import se.pks.stream.local.EmbeddedDatabase;

/** A temporary real PostgreSQL with the service's own migrations applied, for the storage tests. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    public static EmbeddedDatabase start() {
        final EmbeddedDatabase database = EmbeddedDatabase.startTemporary();
        RepeatableMigrations.configure(Flyway.configure()
                        .dataSource(database.jdbcUrl(), database.username(), database.password())
                        .schemas("pks").createSchemas(true))
                .load().migrate();
        return database;
    }

    public static Connection connect(final EmbeddedDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
