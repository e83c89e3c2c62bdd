package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * The refresher's claims on pks.refresh_request against a real PostgreSQL, with the sink writing on a connection of
 * its own: a request for new figures written while a round computes is kept for the next round, and a failed round
 * gives its requests back.
 */
class RefreshClaimsTest extends MigratedDatabaseTest {

    private static final String SINK_REQUEST = "INSERT INTO pks.refresh_request (kind, unit_id, measure) "
            + "VALUES ('QUEUE', 'u1', '') ON CONFLICT DO NOTHING";

    @BeforeEach
    void threeRequests() throws SQLException {
        execute(connection, "TRUNCATE pks.refresh_request");
        execute(connection, "INSERT INTO pks.refresh_request VALUES ('QUEUE', 'u1', ''), ('SERIES', 'u1', "
                + "'first_visits'), ('SERIES', 'u2', 'operations')");
    }

    @Test
    void aRequestWrittenWhileARoundComputesIsKeptForTheNextRound() throws SQLException {
        try (Connection refresher = DriverManager.getConnection(connection.getMetaData().getURL(), "pks", "pks");
             Connection sink = DriverManager.getConnection(connection.getMetaData().getURL(), "pks", "pks")) {
            refresher.setAutoCommit(false);
            final List<RefreshClaims.Request> claimed = RefreshClaims.claim(refresher, 2);
            assertEquals(List.of(new RefreshClaims.Request("QUEUE", "u1", ""),
                                 new RefreshClaims.Request("SERIES", "u1", "first_visits")), claimed);
            // the round computes u1's queue figures (its transaction is open) while the sink commits new figures
            // of u1's list with their request: it must not be lost
            execute(refresher, "SELECT count(*) FROM pks.measure_value WHERE unit_id = 'u1'");
            execute(sink, SINK_REQUEST);
            refresher.commit();
            assertEquals(List.of("QUEUE u1 ", "SERIES u2 operations"), requests());
        }
    }

    @Test
    void aFailedRoundGivesItsRequestsBack() throws SQLException {
        try (Connection refresher = DriverManager.getConnection(connection.getMetaData().getURL(), "pks", "pks")) {
            refresher.setAutoCommit(false);
            final List<RefreshClaims.Request> claimed = RefreshClaims.claim(refresher, 10);
            assertEquals(List.of(), requests());
            refresher.rollback();
            RefreshClaims.giveBack(refresher, claimed);
            assertEquals(List.of("QUEUE u1 ", "SERIES u1 first_visits", "SERIES u2 operations"), requests());
        }
    }

    private List<String> requests() throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT kind || ' ' || unit_id || ' ' || measure "
                                                    + "FROM pks.refresh_request ORDER BY 1")) {
            while (row.next()) {
                rows.add(row.getString(1));
            }
        }
        return rows;
    }

    private static void execute(final Connection on, final String sql) throws SQLException {
        try (Statement statement = on.createStatement()) {
            statement.execute(sql);
        }
    }
}
