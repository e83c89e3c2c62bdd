package se.pks.stream.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Alert noise as figures (docs/alerts-and-actions.md, "Alert noise"), as gauges refreshed at every alert round from
 * the views pks.open_alerts_per_unit and pks.alert: open alerts per unit, alerts raised per unit over the last 30
 * days, and of those the share acknowledged and the median hours to acknowledgement. NaN while there is nothing to
 * measure (no unit, no alert in the 30 days, none acknowledged).
 */
final class AlertNoise {

    private static final String FIGURES = """
            WITH units AS (SELECT count(*) AS units, sum(open_alerts) AS open FROM pks.open_alerts_per_unit),
            recent AS (
                SELECT count(*) AS raised, count(acknowledged_at) AS acknowledged,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - opened_at) / 3600)
                           AS median_hours
                FROM pks.alert
                WHERE unit_id IS NOT NULL AND opened_at > now() - interval '30 days')
            SELECT open::double precision / nullif(units, 0), raised::double precision / nullif(units, 0),
                   acknowledged::double precision / nullif(raised, 0), median_hours
            FROM units, recent""";

    /** open per unit, raised per unit in 30 days, share acknowledged, median hours to acknowledge */
    private final AtomicReference<double[]> figures = new AtomicReference<>(new double[] {
        Double.NaN, Double.NaN, Double.NaN, Double.NaN});

    AlertNoise(final MeterRegistry registry) {
        gauge(registry, "pks_alerts_open_per_unit", 0, "Open and acknowledged alerts per unit of the register");
        gauge(registry, "pks_alerts_raised_per_unit_30d", 1, "Alerts opened in the last 30 days per unit");
        gauge(registry, "pks_alerts_acknowledged_share_30d", 2,
              "Share of the alerts opened in the last 30 days that a person acknowledged");
        gauge(registry, "pks_alerts_median_hours_to_acknowledge_30d", 3,
              "Median hours from opening to acknowledgement, alerts opened in the last 30 days");
    }

    private void gauge(final MeterRegistry registry, final String name, final int index, final String description) {
        Gauge.builder(name, figures, current -> current.get()[index]).description(description).register(registry);
    }

    void refresh(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(FIGURES)) {
            row.next();
            final double[] next = new double[4];
            for (int i = 0; i < next.length; i++) {
                final double value = row.getDouble(i + 1);
                next[i] = row.wasNull() ? Double.NaN : value;
            }
            figures.set(next);
        }
    }

    double[] figures() {
        return figures.get().clone();
    }
}
