package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads one family of alert conditions from the stored figures, one point per key and week of the window. */
interface ConditionSource {

    List<ConditionPoint> read(Connection connection, EvaluationWindow window, AlertSettings settings)
            throws SQLException;
}
