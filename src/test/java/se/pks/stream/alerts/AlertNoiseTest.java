package se.pks.stream.alerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/** Alert noise as figures: the views pks.alert_noise and pks.open_alerts_per_unit, and the gauges read from them. */
class AlertNoiseTest extends MigratedDatabaseTest {

    @BeforeEach
    void twoUnits() throws SQLException {
        execute("TRUNCATE pks.unit, pks.alert, pks.alert_change CASCADE");
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('u1', 'Ortopedi', 'p1', 'o1', 'Norrstad', 'PUBLIC', 'r1'), "
                + "('u2', 'Kirurgi', 'p1', 'o1', 'Norrstad', 'PUBLIC', 'r1')");
        execute("SET pks.time_zone = 'Europe/Stockholm'");
    }

    @Test
    void raisedAcknowledgedAndTimeToAcknowledgePerUnitAndMonth() throws SQLException {
        // March 2025 (Stockholm): a WARNING acknowledged after 2 hours, a CRITICAL after 6, a NOTICE never.
        // 31 March 23:30 UTC is 1 April 01:30 in Stockholm (summer time): April, not March.
        alert(1, "u1", "WARNING", "ACKNOWLEDGED", "'2025-03-03 08:00+00'", "'2025-03-03 10:00+00'");
        alert(2, "u1", "CRITICAL", "ACKNOWLEDGED", "'2025-03-10 08:00+00'", "'2025-03-10 14:00+00'");
        alert(3, "u1", "NOTICE", "RESOLVED", "'2025-03-17 08:00+00'", "NULL");
        alert(4, "u1", "WARNING", "OPEN", "'2025-03-31 23:30+00'", "NULL");
        assertEquals(List.of("u1 2025-03-01 3 2 2 0.6666666666666666 4", "u1 2025-04-01 1 1 0 0 null"),
                rows("SELECT unit_id || ' ' || month || ' ' || raised || ' ' || raised_warning_or_above || ' ' "
                     + "|| acknowledged || ' ' || share_acknowledged || ' ' "
                     + "|| coalesce(median_hours_to_acknowledge::text, 'null') FROM pks.alert_noise ORDER BY month"));
        // open now: alerts 1, 2 (acknowledged) and 4; u2 has none
        assertEquals(List.of("u1 3 1 2 2", "u2 0 0 0 0"),
                rows("SELECT unit_id || ' ' || open_alerts || ' ' || critical || ' ' || warning || ' ' "
                     + "|| acknowledged FROM pks.open_alerts_per_unit ORDER BY unit_id"));
    }

    @Test
    void theGaugesReadTheLastThirtyDays() throws SQLException {
        final AlertNoise noise = new AlertNoise(new SimpleMeterRegistry());
        noise.refresh(connection);
        // no alert yet: none open or raised per unit, and no share or time to acknowledge
        assertArrayEquals(new double[] {0, 0, Double.NaN, Double.NaN}, noise.figures());

        alert(1, "u1", "WARNING", "ACKNOWLEDGED", "now() - interval '2 days'",
              "now() - interval '2 days' + interval '2 hours'");
        alert(2, "u1", "WARNING", "ACKNOWLEDGED", "now() - interval '1 day'",
              "now() - interval '1 day' + interval '6 hours'");
        alert(3, "u2", "WARNING", "OPEN", "now() - interval '3 days'", "NULL");
        alert(4, "u2", "WARNING", "RESOLVED", "now() - interval '40 days'", "NULL");
        noise.refresh(connection);
        // 3 open alerts on 2 units; 3 raised in 30 days on 2 units; 2 of those 3 acknowledged, after 2 and 6 hours
        assertArrayEquals(new double[] {1.5, 1.5, 2.0 / 3, 4.0}, noise.figures(), 1e-9);
    }

    private void alert(final long id, final String unit, final String severity, final String state,
                       final String openedAt, final String acknowledgedAt) throws SQLException {
        execute("INSERT INTO pks.alert (alert_id, alert_key, condition, unit_id, organisation_id, subject, severity, "
                + "state, first_period, last_active_period, last_period, summary, opened_at, acknowledged_at) VALUES ("
                + id + ", 'STATUS|" + unit + "|m" + id + "', 'STATUS', '" + unit + "', 'o1', 'm" + id + "', '"
                + severity + "', '" + state + "', '2025-03-03', '2025-03-03', '2025-03-03', 's', " + openedAt + ", "
                + acknowledgedAt + ")");
        execute("INSERT INTO pks.alert_change (alert_id, version, state, severity, reason) VALUES (" + id + ", 1, "
                + "'OPEN', '" + severity + "', 'opened')");
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> rows(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
