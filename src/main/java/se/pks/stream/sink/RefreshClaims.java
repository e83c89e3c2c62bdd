package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The refresher's share of {@code pks.refresh_request}. A round claims its requests for a lease, committed at once,
 * before it reads any figure; it computes without holding a lock; and it deletes, in the transaction of its results,
 * only the requests whose claim is still its own. A request that the sink writes meanwhile for new figures of a
 * claimed series clears the claim (V19__refresh_claims.sql), so that series stays requested and the next round does
 * it again. Holding the rows locked until the round's end lost such a request: the sink's {@code INSERT ... ON
 * CONFLICT DO NOTHING} met the locked row and did nothing, and the round deleted it. After every replay of the demo
 * the queue figures of units whose last waiting-list weeks arrived during a round stayed months old, with pressures of
 * 5 to 8 and queue alerts on units at plan. A round that fails releases its claims for the next round; one cut off by
 * a crash leaves them to expire, after which another round takes them up.
 */
final class RefreshClaims {

    /** How long a claim holds: far longer than a round of 500 series takes. */
    static final Duration LEASE = Duration.ofMinutes(10);

    /** One claimed request: SERIES (a unit's measure) or QUEUE (a unit's waiting lists), and its claim. */
    record Request(String kind, String unitId, String measure, OffsetDateTime claimedUntil) {
    }

    // Instances share the requests: each claims rows that are neither claimed by a live round nor locked.
    private static final String CLAIM = """
            UPDATE pks.refresh_request r SET claimed_until = now() + ? * interval '1 millisecond'
            FROM (SELECT kind, unit_id, measure FROM pks.refresh_request
                  WHERE claimed_until IS NULL OR claimed_until < now()
                  ORDER BY kind, unit_id, measure LIMIT ? FOR UPDATE SKIP LOCKED) c
            WHERE r.kind = c.kind AND r.unit_id = c.unit_id AND r.measure = c.measure
            RETURNING r.kind, r.unit_id, r.measure, r.claimed_until""";
    private static final String DONE = """
            DELETE FROM pks.refresh_request
            WHERE kind = ? AND unit_id = ? AND measure = ? AND claimed_until = ?""";
    private static final String RELEASE = """
            UPDATE pks.refresh_request SET claimed_until = NULL
            WHERE kind = ? AND unit_id = ? AND measure = ? AND claimed_until = ?""";

    private RefreshClaims() {
    }

    /** Claims up to {@code limit} requests and commits the claim; the connection must not be in auto-commit. */
    static List<Request> claim(final Connection connection, final int limit) throws SQLException {
        final List<Request> claimed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setLong(1, LEASE.toMillis());
            statement.setInt(2, limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    claimed.add(new Request(row.getString(1), row.getString(2), row.getString(3),
                                            row.getObject(4, OffsetDateTime.class)));
                }
            }
            connection.commit();
        } catch (final SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
        return claimed;
    }

    /**
     * Deletes the requests whose claim is still the round's own, in the round's transaction (the caller commits):
     * a request written since for new figures stays, for the next round.
     */
    static void done(final Connection connection, final List<Request> claimed) throws SQLException {
        batch(connection, DONE, claimed);
    }

    /** Releases the claims of a failed round, for the next round, and commits. */
    static void release(final Connection connection, final List<Request> claimed) throws SQLException {
        batch(connection, RELEASE, claimed);
        connection.commit();
    }

    private static void batch(final Connection connection, final String sql, final List<Request> claimed)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (final Request request : claimed) {
                statement.setString(1, request.kind());
                statement.setString(2, request.unitId());
                statement.setString(3, request.measure());
                statement.setObject(4, request.claimedUntil());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
