package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of pks.alert_setting, resolved like thresholds: (unit, subject) before (unit, any subject) before
 * (any unit, subject) before (any unit, any subject). A condition with no row at all is off.
 */
public final class AlertSettings {

    private static final String ANY = "*";
    private static final AlertSetting OFF = new AlertSetting(false, null, 1);

    private final Map<String, AlertSetting> rows;

    AlertSettings(final Map<String, AlertSetting> rows) {
        this.rows = rows;
    }

    public static AlertSettings load(final Connection connection) throws SQLException {
        final Map<String, AlertSetting> rows = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT condition, subject, unit_id, enabled, threshold, clear_periods FROM pks.alert_setting")) {
            while (result.next()) {
                final double threshold = result.getDouble(5);
                final Double given = result.wasNull() ? null : threshold;
                rows.put(id(result.getString(1), result.getString(2), result.getString(3)),
                         new AlertSetting(result.getBoolean(4), given, result.getInt(6)));
            }
        }
        return new AlertSettings(rows);
    }

    /**
     * The most specific row; a row that leaves the threshold empty (one that only switches a condition on or off, or
     * changes its clear periods) takes it from the next less specific row that has one.
     */
    public AlertSetting of(final AlertCondition condition, final String subject, final String unitId) {
        final String unit = unitId == null ? ANY : unitId;
        AlertSetting found = null;
        for (final String id : new String[] {id(condition.name(), subject, unit), id(condition.name(), ANY, unit),
                                             id(condition.name(), subject, ANY), id(condition.name(), ANY, ANY)}) {
            final AlertSetting setting = rows.get(id);
            if (setting == null) {
                continue;
            }
            if (found == null) {
                found = setting;
            }
            if (setting.threshold() != null) {
                return new AlertSetting(found.enabled(), setting.threshold(), found.clearPeriods());
            }
        }
        return found == null ? OFF : found;
    }

    private static String id(final String condition, final String subject, final String unit) {
        return condition + '\u0000' + subject + '\u0000' + unit;
    }
}
