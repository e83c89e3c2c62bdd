package se.pks.stream.sink;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that is unreachable (down, restarting, connection cut) from one that refuses a particular
 * statement: the first is waited out, the second must not make the sink wait forever.
 */
final class ConnectionLoss {

    private ConnectionLoss() {
    }

    /** True if the failure, or anything that caused it, is a lost or impossible connection. */
    static boolean isCause(final Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 is "connection exception"; 57P01-57P03 are the server shutting down, crashing or starting
     * up. A pool that cannot hand out a connection (every one broken) reports no state at all, hence the
     * null: a statement the database refused always carries one.
     */
    private static boolean isConnectionState(final String state) {
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }
}
