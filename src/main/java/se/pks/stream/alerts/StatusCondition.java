package se.pks.stream.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.pks.stream.storage.Rows;

/**
 * A unit off its plan. A YELLOW or RED week on its own is only evidence (NOTICE): at the volumes of one unit a week
 * is often 10 % off by chance. The shortfall is sustained, a WARNING, when two windows agree (the multi-window idea of
 * burn-rate alerting): the last four weeks are off plan as a whole (YELLOW or RED with the same thresholds), so it is
 * still happening, and the deviation over the last 26 weeks is more than the threshold (default 3.5) standard errors
 * from none, judged against the spread of the unit's own weekly figures, so it is not chance (see {@link #sigmas}).
 * A waiting list is judged by its growth against the forecast over up to a year ({@link #stockSigmas}), or by one of
 * its flows ({@link WaitingListFlows}). Before 12 weeks of figures nothing is sustained. Weeks are judged against the
 * weekly plans (as pks.period_deviation does for weeks, a count without a figure is 0); where a measure has both a
 * target and a forecast, the target counts.
 */
final class StatusCondition implements ConditionSource {

    /** Weeks of the long window. */
    static final int LONG_WEEKS = 26;
    /** Weeks of figures the long window needs before a deviation can be sustained: as many as firm SPC limits. */
    static final int FIRM_WEEKS = 12;

    private static final String WEEKS = """
            WITH weekly AS (
                SELECT DISTINCT ON (p.unit_id, p.measure, p.period_start)
                       p.unit_id, p.measure, p.period_start,
                       CASE WHEN mv.value IS NOT NULL THEN mv.value WHEN c.kind = 'COUNT' THEN 0 END AS actual,
                       p.value AS expected, c.kind, c.direction
                FROM pks.plan p
                JOIN pks.measure_catalogue c ON c.measure = p.measure
                LEFT JOIN pks.measure_value mv ON mv.granularity = 'WEEK' AND mv.unit_id = p.unit_id
                      AND mv.measure = p.measure AND mv.period_start = p.period_start
                WHERE p.granularity = 'WEEK' AND p.period_start BETWEEN ?::date - 7 * 52 AND ?
                ORDER BY p.unit_id, p.measure, p.period_start, p.plan_kind <> 'TARGET', p.plan_kind
            ),
            changes AS (
                SELECT w.*, actual - expected AS deviation,
                       actual - expected - lag(actual - expected) OVER (PARTITION BY unit_id, measure
                                                                        ORDER BY period_start) AS change
                FROM weekly w
            ),
            windows AS (
                SELECT c.*,
                       CASE WHEN kind = 'COUNT' THEN sum(actual) OVER r ELSE avg(actual) OVER r END AS actual_4w,
                       CASE WHEN kind = 'COUNT' THEN sum(expected) OVER r ELSE avg(expected) OVER r END AS expected_4w,
                       count(actual) OVER r AS weeks_4w,
                       sum(deviation) OVER l AS deviation_long, stddev_samp(deviation) OVER l AS deviation_sd,
                       stddev_samp(change) OVER y AS change_sd, count(change) OVER y AS changes,
                       sum(change) OVER y AS growth,
                       sum(deviation) OVER y AS deviation_year, stddev_samp(deviation) OVER y AS deviation_sd_year,
                       count(deviation) OVER y AS weeks_year,
                       sum(expected) FILTER (WHERE actual IS NOT NULL) OVER y AS expected_year,
                       count(deviation) OVER l AS weeks_long,
                       sum(expected) FILTER (WHERE actual IS NOT NULL) OVER l AS expected_long
                FROM changes c
                WINDOW r AS (PARTITION BY unit_id, measure ORDER BY period_start
                             RANGE BETWEEN '21 days'::interval PRECEDING AND CURRENT ROW),
                       l AS (PARTITION BY unit_id, measure ORDER BY period_start
                             RANGE BETWEEN '175 days'::interval PRECEDING AND CURRENT ROW),
                       y AS (PARTITION BY unit_id, measure ORDER BY period_start
                             RANGE BETWEEN '357 days'::interval PRECEDING AND CURRENT ROW)
            )
            SELECT f.unit_id, u.organisation_id, f.measure, f.period_start, f.actual, f.expected,
                   100 * (f.actual - f.expected) / nullif(f.expected, 0) AS deviation_pct,
                   pks.threshold_status(f.measure, f.unit_id, pks.ambition_year('WEEK', f.period_start, f.period_start),
                                        100 * (f.actual - f.expected) / nullif(f.expected, 0), f.actual) AS status,
                   CASE WHEN f.weeks_4w = 4 THEN
                       pks.threshold_status(f.measure, f.unit_id, pks.ambition_year('WEEK', f.period_start, f.period_start),
                                            100 * (f.actual_4w - f.expected_4w) / nullif(f.expected_4w, 0), f.actual_4w)
                   END AS status_4w,
                   100 * (f.actual_4w - f.expected_4w) / nullif(f.expected_4w, 0) AS deviation_pct_4w,
                   f.kind, f.direction, f.weeks_long, f.deviation_long, f.deviation_sd, f.deviation, f.change_sd,
                   f.expected_long, f.changes, f.growth, f.weeks_year, f.deviation_year, f.deviation_sd_year,
                   f.expected_year
            FROM windows f
            JOIN pks.unit u ON u.unit_id = f.unit_id
            WHERE f.period_start BETWEEN ? AND ?
            ORDER BY f.unit_id, f.measure, f.period_start""";

    @Override
    public List<ConditionPoint> read(final Connection connection, final EvaluationWindow window,
                                     final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        // rows come per unit in measure order, so a list's flows (first_visits, operations, referrals_in...) are
        // recorded before the list (waiting_count...) is judged
        final WaitingListFlows flows = new WaitingListFlows();
        ConditionRows.forEach(connection, WEEKS, row -> {
            final String unit = row.getString(1);
            final String measure = row.getString(3);
            final AlertSetting setting = settings.of(AlertCondition.STATUS, measure, unit);
            if (!setting.enabled()) {
                return;
            }
            final String status = row.getString(8);
            final Double actual = Rows.nullableDouble(row, 5);
            final double expected = row.getDouble(6);
            final Double pct = Rows.nullableDouble(row, 7);
            final LocalDate week = row.getObject(4, LocalDate.class);
            final String status4w = row.getString(9);
            final boolean offPlanNow = "RED".equals(status4w) || "YELLOW".equals(status4w);
            final boolean stock = "STOCK".equals(row.getString(11));
            final boolean lowerIsBetter = row.getString(12).equals("LOWER_IS_BETTER");
            final Double sigmas = stock
                    ? stockSigmas(row.getInt(19), Rows.nullableDouble(row, 20), Rows.nullableDouble(row, 17))
                    : sigmas(row.getString(11), row.getInt(13), Rows.nullableDouble(row, 14),
                             Rows.nullableDouble(row, 15), Rows.nullableDouble(row, 18));
            if (!stock) {
                // a flow fills or empties its list over the list's window, up to a year
                flows.record(unit, measure, week, sigmas(row.getString(11), row.getInt(21),
                        Rows.nullableDouble(row, 22), Rows.nullableDouble(row, 23), Rows.nullableDouble(row, 24)));
            }
            final double limit = setting.requiredThreshold(AlertCondition.STATUS);
            final boolean worse = sigmas != null && (lowerIsBetter ? sigmas > limit : sigmas < -limit);
            // a list above its forecast: its own growth beyond chance, or one of its flows beyond chance
            final String flow = stock && !worse && WaitingListFlows.isList(measure)
                    && lowerIsBetter ? flows.confirming(unit, measure, week, limit) : null;
            final boolean sustained = offPlanNow && (worse || flow != null);
            final boolean offPlan = "RED".equals(status) || "YELLOW".equals(status);
            final StringBuilder summary = new StringBuilder(measure).append(" week ").append(Figures.week(week))
                    .append(": ").append(actual == null ? "no figure" : Figures.number(actual))
                    .append(" against a plan of ").append(Figures.number(expected))
                    .append(pct == null ? "" : " (" + Figures.percent(pct) + ")").append(", ").append(status);
            final Double pct4w = Rows.nullableDouble(row, 10);
            if (pct4w != null) {
                summary.append("; last four weeks ").append(Figures.percent(pct4w)).append(", ").append(status4w);
            }
            if (sigmas != null && stock) {
                summary.append("; grown ").append(String.format(Locale.ROOT, "%+.1f", sigmas))
                        .append(" standard deviations of its weekly changes against the forecast over the last ")
                        .append(row.getInt(19)).append(" weeks");
            } else if (sigmas != null) {
                summary.append("; last ").append(row.getInt(13)).append(" weeks ")
                        .append(String.format(Locale.ROOT, "%+.1f", sigmas))
                        .append(" standard deviations of its weekly noise");
            }
            if (flow != null) {
                summary.append("; ").append(flow);
            }
            if (sustained) {
                summary.append(" (beyond ").append(Figures.number(limit)).append("): a sustained deviation");
            }
            points.add(new ConditionPoint(
                    new AlertKey(AlertCondition.STATUS, unit, row.getString(2), measure), week,
                    sustained || offPlan, sustained ? Severity.WARNING : Severity.NOTICE, actual, expected,
                    summary.toString()));
        }, window.firstWeek(), window.latestWeek(), window.firstWeek(), window.latestWeek());
        return points;
    }

    /**
     * How many standard errors the long window's deviation is from none, signed like the deviation: the sum of the
     * weekly deviations against their spread, a count's variance being at least its planned volume (Poisson), so a
     * few quiet weeks do not make an ordinary week look like a shortfall. Null before {@link #FIRM_WEEKS} weeks or
     * without spread.
     */
    static Double sigmas(final String kind, final int weeks, final Double deviation, final Double deviationSd,
                         final Double expected) {
        if (weeks < FIRM_WEEKS || deviation == null || deviationSd == null) {
            return null;
        }
        final double variance = "COUNT".equals(kind) && expected != null
                ? Math.max(deviationSd * deviationSd * weeks, expected) : deviationSd * deviationSd * weeks;
        return variance <= 0 ? null : deviation / Math.sqrt(variance);
    }

    /**
     * The same for a stock (a waiting list): how far it has grown against its forecast over up to a year (the sum of
     * its weekly changes against the forecast's, so a level reached long ago and held since is not new growth),
     * against the spread of those weekly changes: the mean weekly growth divided by its standard error. Null before
     * {@link #FIRM_WEEKS} weeks or without spread.
     */
    static Double stockSigmas(final int changes, final Double growth, final Double changeSd) {
        if (changes < FIRM_WEEKS - 1 || growth == null || changeSd == null || changeSd <= 0) {
            return null;
        }
        return growth / (changeSd * Math.sqrt(changes));
    }
}
