package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Which plan the period views compare with (pks.plan_in_use, R__02_periods_rollups_status.sql): the current plan, as
 * it stands after every revision, or the plan the board adopted for each year (V21). The views read the current plan
 * unless the transaction names the adopted one, so the current plan needs nothing and the adopted one a transaction.
 */
public enum PlanBasis {
    CURRENT,
    ADOPTED;

    private static final String ADOPTED_PLAN = "SELECT set_config('pks.plan_basis', 'adopted', true)";

    /** What is read on a connection set to this plan. */
    interface Reading<T> {
        T read(Connection connection) throws SQLException;
    }

    /** Reads on a connection of its own whose views compare with this plan. */
    <T> T read(final javax.sql.DataSource dataSource, final Reading<T> reading) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (this == CURRENT) {
                return reading.read(connection);
            }
            // the setting is the transaction's own, so it ends with it and never reaches the pool's next user
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement set = connection.prepareStatement(ADOPTED_PLAN)) {
                    set.executeQuery().close();
                }
                return reading.read(connection);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }
}
