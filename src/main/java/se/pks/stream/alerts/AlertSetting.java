package se.pks.stream.alerts;

/** One condition's setting for one unit and subject, as resolved from pks.alert_setting. */
public record AlertSetting(boolean enabled, Double threshold, int clearPeriods) {

    /** The threshold, or a clear error naming the row to fix when the operator left it empty. */
    public double requiredThreshold(final AlertCondition condition) {
        if (threshold == null) {
            throw new IllegalStateException("pks.alert_setting has no threshold for " + condition);
        }
        return threshold;
    }
}
