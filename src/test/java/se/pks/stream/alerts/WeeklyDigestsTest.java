package se.pks.stream.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * The weekly digest of week 2025-W10 (Monday 3 March to Sunday 9 March, Stockholm), written once per recipient by the
 * round that judged the week, one minute into Monday 10 March, and the next week's after it.
 */
class WeeklyDigestsTest extends MigratedDatabaseTest {

    private static final LocalDate WEEK = LocalDate.of(2025, 3, 3);
    private static final LocalDate MONDAY_AFTER = WEEK.plusWeeks(1);
    /** Monday 10 March 00:01 in Stockholm (UTC+1). */
    private static final Instant WRITTEN = Instant.parse("2025-03-09T23:01:00Z");

    @BeforeEach
    void unitsAlertsAndSubscriptions() throws SQLException {
        execute("TRUNCATE pks.unit, pks.alert, pks.alert_change, pks.subscription, pks.digest, pks.action CASCADE");
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES ('u1', 'Ortopedi', 'p1', 'o1', 'Norrstad', 'PUBLIC', 'r1'), "
                + "('u2', 'Kirurgi', 'p2', 'o2', 'Söderby', 'PUBLIC', 'r1'), "
                + "('u3', 'Urologi', 'p2', 'o2', 'Söderby', 'PUBLIC', 'r1')");
        // pm-o1 follows organisation o1 and unit u2 in the same mailbox, from WARNING up: one digest; another person
        // follows u3 by webhook.
        execute("INSERT INTO pks.subscription (username, scope, scope_id, channel, target, min_severity) VALUES "
                + "('pm-o1', 'ORGANISATION', 'o1', 'EMAIL', 'pm@o1.test', 'WARNING'), "
                + "('pm-o1', 'UNIT', 'u2', 'EMAIL', 'pm@o1.test', 'WARNING'), "
                + "('pm-o2', 'UNIT', 'u3', 'WEBHOOK', 'https://hooks.test/pks', 'NOTICE')");
        // opened in the week; opened before and still open; resolved in the week; a NOTICE (below WARNING); resolved
        // the week before; u3's, which pm-o1 does not follow. 3 March 00:30 Stockholm is 2 March 23:30 UTC.
        alert(1, "u1", "WARNING", "OPEN", "'2025-03-02 23:30+00'", "NULL");
        alert(2, "u2", "CRITICAL", "ACKNOWLEDGED", "'2025-02-10 08:00+00'", "NULL");
        alert(3, "u1", "WARNING", "RESOLVED", "'2025-02-17 08:00+00'", "'2025-03-09 20:00+00'");
        alert(4, "u1", "NOTICE", "OPEN", "'2025-03-04 08:00+00'", "NULL");
        alert(5, "u2", "WARNING", "RESOLVED", "'2025-02-03 08:00+00'", "'2025-03-02 20:00+00'");
        alert(6, "u3", "WARNING", "OPEN", "'2025-03-05 08:00+00'", "NULL");
        // opened by the round that judged the week, seconds before it wrote the digest: news of this digest
        alert(7, "u1", "WARNING", "OPEN", "'2025-03-09 23:00:30+00'", "NULL");
        // opened after the digest was written: next week's news
        alert(8, "u1", "WARNING", "OPEN", "'2025-03-10 08:00+00'", "NULL");
        // opened by the round that judged the week before, just before it wrote pm-o1's digest of that week (below),
        // which listed it as new: still open now
        alert(9, "u1", "WARNING", "OPEN", "'2025-03-02 23:00:20+00'", "NULL");
        execute("INSERT INTO pks.digest (username, channel, target, week_start, subject, body, state, created_at) "
                + "VALUES ('pm-o1', 'EMAIL', 'pm@o1.test', '2025-02-24', 'week 9', 'week 9', 'DELIVERED', "
                + "'2025-03-02 23:00:40+00')");
        execute("INSERT INTO pks.action (action_id, title, organisation_id, unit_id, measure, expected_direction, "
                + "responsible, deadline, created_by) VALUES (41, 'Extra evening clinics', 'o1', 'u1', 'first_visits', "
                + "'INCREASE', 'clinic head', '2025-03-07', 'pm-o1')");
    }

    @Test
    void eachRecipientGetsOneDigestOfWhatChangedSinceTheirLastOne() throws SQLException {
        final WeeklyDigests digests = new WeeklyDigests("Europe/Stockholm");
        assertEquals(2, digests.write(connection, WEEK, MONDAY_AFTER, WRITTEN));
        assertEquals(List.of("PKS weekly digest 2025-W10: 2 new, 2 still open, 1 resolved, 1 overdue action"),
                rows("SELECT subject FROM pks.digest WHERE username = 'pm-o1' AND week_start = '" + WEEK + "'"));
        // CRITICAL before WARNING; a NOTICE (4) is below the subscription's WARNING; 5 resolved before the last
        // digest; 6 is of a unit pm-o1 does not follow; 8 opened after this digest.
        assertEquals("""
                Alerts of your units in week 2025-W10 (2025-03-03 to 2025-03-09)

                New this week (2)
                - [WARNING] Ortopedi, m1: summary 1 (alert 1, OPEN)
                - [WARNING] Ortopedi, m7: summary 7 (alert 7, OPEN)

                Still open (2)
                - [CRITICAL] Kirurgi, m2: summary 2 (alert 2, ACKNOWLEDGED)
                - [WARNING] Ortopedi, m9: summary 9 (alert 9, OPEN)

                Resolved this week (1)
                - [WARNING] Ortopedi, m3: summary 3 (alert 3, RESOLVED)

                Overdue actions (1)
                - Ortopedi: action 41 "Extra evening clinics" (clinic head), deadline 2025-03-07, 3 days overdue
                """, rows("SELECT body FROM pks.digest WHERE username = 'pm-o1' AND week_start = '" + WEEK + "'")
                .getFirst());
        // pm-o2 has no earlier digest: theirs starts at the week's Monday
        assertEquals(List.of("PKS weekly digest 2025-W10: 1 new, 0 still open, 0 resolved, 0 overdue actions"),
                rows("SELECT subject FROM pks.digest WHERE username = 'pm-o2'"));
        assertEquals(List.of("PENDING 2025-03-09 23:01:00+00"), rows("SELECT state || ' ' || "
                + "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS+00') FROM pks.digest "
                + "WHERE username = 'pm-o2'"));

        // Every later round of the week finds the digests written.
        assertEquals(0, digests.write(connection, WEEK, MONDAY_AFTER.plusDays(1), WRITTEN.plusSeconds(86_400)));
        assertEquals(3, rows("SELECT digest_id FROM pks.digest").size());

        // The next week's starts where this one ended: 8 is new, 1 and 7 are still open, 3 is not resolved again.
        assertEquals(2, digests.write(connection, WEEK.plusWeeks(1), MONDAY_AFTER.plusWeeks(1),
                                      WRITTEN.plus(7, ChronoUnit.DAYS)));
        assertEquals(List.of("PKS weekly digest 2025-W11: 1 new, 4 still open, 0 resolved, 1 overdue action"),
                rows("SELECT subject FROM pks.digest WHERE username = 'pm-o1' AND week_start = '"
                     + WEEK.plusWeeks(1) + "'"));
    }

    private void alert(final long id, final String unit, final String severity, final String state,
                       final String openedAt, final String resolvedAt) throws SQLException {
        execute("INSERT INTO pks.alert (alert_id, alert_key, condition, unit_id, organisation_id, subject, severity, "
                + "state, first_period, last_active_period, last_period, summary, opened_at, resolved_at) VALUES ("
                + id + ", 'STATUS|" + unit + "|m" + id + "', 'STATUS', '" + unit + "', (SELECT organisation_id FROM "
                + "pks.unit WHERE unit_id = '" + unit + "'), 'm" + id + "', '" + severity + "', '" + state + "', "
                + "'2025-03-03', '2025-03-03', '2025-03-03', 'summary " + id + "', " + openedAt + ", " + resolvedAt
                + ")");
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
