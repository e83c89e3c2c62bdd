package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The refresher's share of {@code pks.refresh_request}: a round claims its requests by deleting them, committed at
 * once, before it reads any figure. A request the sink writes while the round computes (new figures of the same
 * series) is then a new row, handled by the next round. Holding the rows locked until the round's end instead lost
 * it: the sink's {@code INSERT ... ON CONFLICT DO NOTHING} met the locked row and did nothing, the round's delete
 * removed it, and the series stayed computed from the figures before the sink's commit. After every replay of the
 * demo the queue figures of units whose last waiting-list weeks arrived during a round stayed months old, with
 * pressures of 5 to 8 and queue alerts on units at plan. A round that fails gives its requests back; one that dies
 * with its instance loses them, and those series wait for their next change.
 */
final class RefreshClaims {

    /** One request: SERIES (a unit's measure) or QUEUE (a unit's waiting lists). */
    record Request(String kind, String unitId, String measure) {
    }

    // Instances share the requests: each claims rows the others have not locked.
    private static final String CLAIM = """
            DELETE FROM pks.refresh_request r
            USING (SELECT kind, unit_id, measure FROM pks.refresh_request ORDER BY kind, unit_id, measure
                   LIMIT ? FOR UPDATE SKIP LOCKED) c
            WHERE r.kind = c.kind AND r.unit_id = c.unit_id AND r.measure = c.measure
            RETURNING r.kind, r.unit_id, r.measure""";
    private static final String GIVE_BACK = """
            INSERT INTO pks.refresh_request (kind, unit_id, measure) VALUES (?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private RefreshClaims() {
    }

    /** Claims up to {@code limit} requests and commits the claim; the connection must not be in auto-commit. */
    static List<Request> claim(final Connection connection, final int limit) throws SQLException {
        final List<Request> claimed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setInt(1, limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    claimed.add(new Request(row.getString(1), row.getString(2), row.getString(3)));
                }
            }
            connection.commit();
        } catch (final SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
        return claimed;
    }

    /** Puts the requests of a failed round back, for the next round, and commits. */
    static void giveBack(final Connection connection, final List<Request> claimed) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(GIVE_BACK)) {
            for (final Request request : claimed) {
                statement.setString(1, request.kind());
                statement.setString(2, request.unitId());
                statement.setString(3, request.measure());
                statement.addBatch();
            }
            statement.executeBatch();
            connection.commit();
        }
    }
}
