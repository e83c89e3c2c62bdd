package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Feeds that leave figures incomplete (docs/data-quality.md): expected reports that did not come in a week, or a
 * share of a week's records rejected above the threshold. The subject is the feed. A production manager hears of it
 * because the unit's figures for that week are not to be trusted until the provider fixes it.
 */
final class FeedConditions implements ConditionSource {

    // Only reports that are due count: a day's report may come until due_days after the day (the expected-reporting
    // rule of the unit and feed), so the census of yesterday is not missing this morning. pks.expected_report owes
    // the working days and holidays as pks.day_off says, up to the round's day (the evaluator pins pks.as_of).
    private static final String MISSING = """
            SELECT e.unit_id, u.organisation_id, e.feed, pks.week_start(e.period_start) AS week,
                   count(*) FILTER (WHERE NOT e.received), count(*)
            FROM pks.expected_report e
            JOIN pks.expected_reporting r ON r.unit_id = e.unit_id AND r.feed = e.feed
            JOIN pks.unit u ON u.unit_id = e.unit_id
            WHERE e.period_end + r.due_days < ? AND pks.week_start(e.period_start) BETWEEN ? AND ?
            GROUP BY e.unit_id, u.organisation_id, e.feed, week
            ORDER BY e.unit_id, e.feed, week""";
    private static final String REJECTED = """
            SELECT q.unit_id, u.organisation_id, q.feed, pks.week_start(q.day) AS week, sum(q.rejected),
                   sum(q.received)
            FROM pks.feed_quality q
            JOIN pks.unit u ON u.unit_id = q.unit_id
            WHERE q.day BETWEEN ? AND ?::date + 6
            GROUP BY q.unit_id, u.organisation_id, q.feed, week
            ORDER BY q.unit_id, q.feed, week""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        readMissing(connection, window, settings, points);
        readRejected(connection, window, settings, points);
        return points;
    }

    private static void readMissing(final Connection connection, final EvaluationWindow window,
                                    final AlertSettings settings, final List<ConditionPoint> points)
            throws SQLException {
        ConditionRows.forEach(connection, MISSING, row -> {
            final String unit = row.getString(1);
            final String feed = row.getString(3);
            final AlertSetting setting = settings.of(AlertCondition.FEED_MISSING, feed, unit);
            if (!setting.enabled()) {
                return;
            }
            final double atLeast = setting.requiredThreshold(AlertCondition.FEED_MISSING);
            final LocalDate week = row.getObject(4, LocalDate.class);
            final long missing = row.getLong(5);
            points.add(new ConditionPoint(new AlertKey(AlertCondition.FEED_MISSING, unit, row.getString(2), feed),
                    week, missing >= atLeast, Severity.WARNING, (double) missing, atLeast,
                    feed.toLowerCase(Locale.ROOT).replace('_', ' ') + " week " + Figures.week(week) + ": "
                            + missing + " of " + row.getLong(6) + " reports due so far missing"));
        }, window.today(), window.firstWeek(), window.latestWeek());
    }

    private static void readRejected(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings, final List<ConditionPoint> points)
            throws SQLException {
        ConditionRows.forEach(connection, REJECTED, row -> {
            final String unit = row.getString(1);
            final String feed = row.getString(3);
            final AlertSetting setting = settings.of(AlertCondition.FEED_REJECTED, feed, unit);
            final long received = row.getLong(6);
            if (!setting.enabled() || received == 0) {
                return;
            }
            final double limit = setting.requiredThreshold(AlertCondition.FEED_REJECTED);
            final LocalDate week = row.getObject(4, LocalDate.class);
            final long rejected = row.getLong(5);
            final double share = (double) rejected / received;
            points.add(new ConditionPoint(new AlertKey(AlertCondition.FEED_REJECTED, unit, row.getString(2), feed),
                    week, share > limit, Severity.WARNING, share, limit,
                    feed.toLowerCase(Locale.ROOT).replace('_', ' ') + " week " + Figures.week(week) + ": "
                            + rejected + " of " + received + " records rejected ("
                            + String.format(Locale.ROOT, "%.1f %%", 100 * share) + ")"));
        }, window.firstWeek(), window.latestWeek());
    }
}
