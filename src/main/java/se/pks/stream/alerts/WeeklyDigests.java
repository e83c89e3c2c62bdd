package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weekly digest of each recipient (a person's channel and target, over all of their subscriptions): the week
 * that ended, with the alerts of their units that opened since their last digest, that are still open and that
 * resolved since, and their organisations' overdue actions. Each alert counts from its subscription's severity up.
 * "Since the last digest" rather than "in the week": the round that writes a week's digest is the one that judged
 * the week, on the Monday after it, so the alerts it opened about the week belong in this digest, not next week's.
 * Written once per recipient and week into pks.digest, the outbox the notifications package delivers from; a
 * repeated round finds the week's digest there and writes nothing.
 */
final class WeeklyDigests {

    private static final String SEVERITY_ORDER = "array_position(ARRAY['NOTICE', 'WARNING', 'CRITICAL'], %s)";
    private static final String RECIPIENTS_WITHOUT_DIGEST = """
            SELECT DISTINCT s.username, s.channel, s.target
            FROM pks.subscription s
            WHERE NOT EXISTS (SELECT 1 FROM pks.digest d WHERE d.username = s.username AND d.channel = s.channel
                                                           AND d.target = s.target AND d.week_start = ?)
            ORDER BY 1, 2, 3""";
    // The week runs from its Monday to the next, in the region's time zone.
    private static final String ALERTS = """
            SELECT DISTINCT a.alert_id, a.severity, coalesce(u.name, a.unit_id, a.organisation_id), a.subject,
                   a.summary, a.state,
                   a.opened_at >= w.since AND a.opened_at < w.until AS opened,
                   a.resolved_at >= w.since AND a.resolved_at < w.until AS resolved,
                   a.state <> 'RESOLVED' AS open, %s AS severity_rank
            FROM pks.subscription s
            JOIN pks.alert a ON (s.scope = 'UNIT' AND a.unit_id = s.scope_id)
                             OR (s.scope = 'ORGANISATION' AND a.organisation_id = s.scope_id)
            LEFT JOIN pks.unit u ON u.unit_id = a.unit_id
            CROSS JOIN (SELECT ?::timestamptz AS since, ?::timestamptz AS until) AS w
            WHERE s.username = ? AND s.channel = ? AND s.target = ?
              AND %s <= %s
              AND (a.state <> 'RESOLVED' OR a.resolved_at >= w.since AND a.resolved_at < w.until)
              AND a.opened_at < w.until
            ORDER BY severity_rank DESC, 3, a.alert_id""".formatted(SEVERITY_ORDER.formatted("a.severity"),
                                                                SEVERITY_ORDER.formatted("s.min_severity"),
                                                                SEVERITY_ORDER.formatted("a.severity"));
    private static final String OVERDUE = """
            SELECT DISTINCT a.action_id, a.title, a.responsible, a.deadline, coalesce(u.name, a.organisation_id)
            FROM pks.subscription s
            JOIN pks.action a ON (s.scope = 'UNIT' AND a.unit_id = s.scope_id)
                              OR (s.scope = 'ORGANISATION' AND a.organisation_id = s.scope_id)
            LEFT JOIN pks.unit u ON u.unit_id = a.unit_id
            WHERE s.username = ? AND s.channel = ? AND s.target = ?
              AND a.status IN ('PLANNED', 'IN_PROGRESS') AND a.deadline < ?
            ORDER BY a.deadline, a.action_id""";
    // The recipient's last digest before this week's; without one, the digest starts at the week's Monday.
    private static final String SINCE = """
            SELECT coalesce((SELECT max(created_at) FROM pks.digest
                             WHERE username = ? AND channel = ? AND target = ? AND week_start < ?),
                            (?::date)::timestamp AT TIME ZONE ?)""";
    private static final String INSERT = """
            INSERT INTO pks.digest (username, channel, target, week_start, subject, body, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private final String timeZone;

    WeeklyDigests(final String timeZone) {
        this.timeZone = timeZone;
    }

    /**
     * Writes the digests of the week starting {@code week} that are not written yet, with what changed up to
     * {@code now}; returns how many.
     */
    int write(final Connection connection, final LocalDate week, final LocalDate today, final Instant now)
            throws SQLException {
        final List<String[]> recipients = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(RECIPIENTS_WITHOUT_DIGEST)) {
            statement.setObject(1, week);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    recipients.add(new String[] {row.getString(1), row.getString(2), row.getString(3)});
                }
            }
        }
        int written = 0;
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (final String[] recipient : recipients) {
                final Digest digest = compose(connection, recipient, week, today, since(connection, recipient, week),
                                              now);
                insert.setString(1, recipient[0]);
                insert.setString(2, recipient[1]);
                insert.setString(3, recipient[2]);
                insert.setObject(4, week);
                insert.setString(5, digest.subject());
                insert.setString(6, digest.body());
                insert.setObject(7, now.atOffset(ZoneOffset.UTC));
                written += insert.executeUpdate();
            }
        }
        return written;
    }

    /** The subject line and the text of one recipient's digest. */
    record Digest(String subject, String body) {
    }

    private OffsetDateTime since(final Connection connection, final String[] recipient, final LocalDate week)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SINCE)) {
            for (int i = 0; i < recipient.length; i++) {
                statement.setString(i + 1, recipient[i]);
            }
            statement.setObject(4, week);
            statement.setObject(5, week);
            statement.setString(6, timeZone);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getObject(1, OffsetDateTime.class);
            }
        }
    }

    Digest compose(final Connection connection, final String[] recipient, final LocalDate week,
                   final LocalDate today, final OffsetDateTime since, final Instant until) throws SQLException {
        final Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("New this week", new ArrayList<>());
        sections.put("Still open", new ArrayList<>());
        sections.put("Resolved this week", new ArrayList<>());
        sections.put("Overdue actions", new ArrayList<>());
        try (PreparedStatement statement = connection.prepareStatement(ALERTS)) {
            int i = 1;
            statement.setObject(i++, since);
            statement.setObject(i++, until.atOffset(ZoneOffset.UTC));
            for (final String part : recipient) {
                statement.setString(i++, part);
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    final String line = "[" + row.getString(2) + "] " + row.getString(3) + ", " + row.getString(4)
                            + ": " + row.getString(5) + " (alert " + row.getLong(1) + ", " + row.getString(6) + ")";
                    if (row.getBoolean(8)) {
                        sections.get("Resolved this week").add(line);
                    } else if (row.getBoolean(7)) {
                        sections.get("New this week").add(line);
                    } else if (row.getBoolean(9)) {
                        sections.get("Still open").add(line);
                    }
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(OVERDUE)) {
            for (int i = 0; i < recipient.length; i++) {
                statement.setString(i + 1, recipient[i]);
            }
            statement.setObject(4, today);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    final LocalDate deadline = row.getObject(4, LocalDate.class);
                    sections.get("Overdue actions").add(row.getString(5) + ": action " + row.getLong(1) + " \""
                            + row.getString(2) + "\" (" + row.getString(3) + "), deadline " + deadline + ", "
                            + java.time.temporal.ChronoUnit.DAYS.between(deadline, today) + " days overdue");
                }
            }
        }
        final StringBuilder body = new StringBuilder("Alerts of your units in week ").append(Figures.week(week))
                .append(" (").append(week).append(" to ").append(week.plusDays(6)).append(")\n");
        sections.forEach((title, lines) -> {
            body.append('\n').append(title).append(" (").append(lines.size()).append(")\n");
            lines.forEach(line -> body.append("- ").append(line).append('\n'));
        });
        final String subject = "PKS weekly digest " + Figures.week(week) + ": "
                + sections.get("New this week").size() + " new, " + sections.get("Still open").size()
                + " still open, " + sections.get("Resolved this week").size() + " resolved, "
                + sections.get("Overdue actions").size() + " overdue action"
                + (sections.get("Overdue actions").size() == 1 ? "" : "s");
        return new Digest(subject, body.toString());
    }
}
