package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.topics.OutputTopics;

/**
 * The refresher's claims on pks.refresh_request against a real PostgreSQL, with the sink writing its requests
 * ({@link RefreshRequests}) on a connection of its own while a round computes: a request for new figures of a
 * claimed series is kept for the next round, a failed round releases its claims, and a round cut off by a crash
 * leaves claims that the next round takes up once they have expired.
 */
class RefreshClaimsTest extends MigratedDatabaseTest {

    private static final OutputTopics OUTPUTS = OutputTopics.of("pks-stream-v2");

    @BeforeEach
    void threeRequests() throws SQLException {
        execute(connection, "TRUNCATE pks.refresh_request");
        execute(connection, "INSERT INTO pks.refresh_request (kind, unit_id, measure) VALUES ('QUEUE', 'u1', ''), "
                + "('SERIES', 'u1', 'waiting_count_first_visit'), ('SERIES', 'u2', 'operations')");
    }

    @Test
    void newFiguresOfAClaimedSeriesAreRecomputedByTheNextRound() throws SQLException {
        try (Connection refresher = connect(); Connection sink = connect()) {
            refresher.setAutoCommit(false);
            final List<RefreshClaims.Request> claimed = RefreshClaims.claim(refresher, 2);
            assertEquals(List.of("QUEUE u1 ", "SERIES u1 waiting_count_first_visit"), claimed.stream()
                    .map(r -> r.kind() + " " + r.unitId() + " " + r.measure()).toList());
            // a second round (another instance) finds only what is not claimed
            try (Connection other = connect()) {
                other.setAutoCommit(false);
                assertEquals(List.of("u2"), RefreshClaims.claim(other, 10).stream()
                        .map(RefreshClaims.Request::unitId).toList());
            }
            // while the round computes u1, the sink commits a new week of u1's first-visit list with its requests
            final RefreshRequests requests = new RefreshRequests(OUTPUTS);
            requests.note(new ConsumerRecord<>(OUTPUTS.measureValues().name(), 0, 0L,
                    "WEEK|2025-03-03|u1|waiting_count_first_visit", new byte[0]));
            requests.store(sink);
            RefreshClaims.done(refresher, claimed);
            refresher.commit();
            // u1's queue and chart are requested again, unclaimed; u2 is still the other round's
            assertEquals(List.of("QUEUE u1  unclaimed", "SERIES u1 waiting_count_first_visit unclaimed",
                                 "SERIES u2 operations claimed"), requests());
        }
    }

    @Test
    void aFailedRoundReleasesItsClaimsAndACrashedOnesExpire() throws SQLException {
        try (Connection refresher = connect()) {
            refresher.setAutoCommit(false);
            final List<RefreshClaims.Request> claimed = RefreshClaims.claim(refresher, 1);
            refresher.rollback();
            RefreshClaims.release(refresher, claimed);
            assertEquals(List.of("QUEUE u1  unclaimed", "SERIES u1 waiting_count_first_visit unclaimed",
                                 "SERIES u2 operations unclaimed"), requests());

            // a round that died: its claims hold for the lease, then the next round takes them
            RefreshClaims.claim(refresher, 10);
            assertEquals(0, RefreshClaims.claim(refresher, 10).size());
            execute(connection, "UPDATE pks.refresh_request SET claimed_until = now() - interval '1 second'");
            assertEquals(3, RefreshClaims.claim(refresher, 10).size());
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(connection.getMetaData().getURL(), "pks", "pks");
    }

    private List<String> requests() throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT kind || ' ' || unit_id || ' ' || measure || ' ' || "
                     + "CASE WHEN claimed_until IS NULL THEN 'unclaimed' ELSE 'claimed' END "
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
