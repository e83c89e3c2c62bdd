package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;

/**
 * What an approved month publishes besides its own figures (V26, docs/approval.md): the weeks that end in the month
 * (a unit's) and the year to date through the month's last day (a unit's or an organisation's), frozen in
 * {@code pks.published_figure} in the approval's transaction, so that the public answers read approved figures only.
 *
 * <p>Each ISO week is published with the month its Sunday lies in: every week exactly once, and never before it has
 * ended (with the month of its Thursday, the ISO rule for years, a month ending on a Thursday would publish a week
 * still three days from its end). The year to date is read as the views read it on the month's last day
 * ({@code pks.as_of}, set for this transaction only): the months of the year through the month, against the plan up
 * to and including that day. Its missing reports are counted through that last day, as the register saw them the
 * day after, so they are read first, with {@code pks.as_of} on the day after, and passed to the insert.
 */
final class MonthPublication {

    /**
     * A week counts as reported late when more than this share of its accepted events arrived late: a few late
     * events are normal corrections, whereas a late majority means the figure was wrong for a while after the week.
     */
    static final double LATE_SHARE = 0.1;

    private static final String CURRENT_AS_OF = "SELECT coalesce(current_setting('pks.as_of', true), '')";
    private static final String SET_AS_OF = "SELECT set_config('pks.as_of', ?, true)";

    private static final String FIGURE_COLUMNS = """
            level, subject_id, period_kind, period_start, version, period_end, figure_kind, figure_start, measure,
            plan_kind, actual, expected, deviation, deviation_pct, status, low_production, incomplete, flagged,
            deficiency_count, deficiencies, deficiency_detail""";

    /**
     * The unit's weeks ending in the month, per measure the unit has weekly figures or weekly plans for: the stored
     * value (plan_kind null; null when nothing was stored but the week has a plan or a deficiency) and the stream's
     * deviation from each weekly plan, each with the week's deficiencies as the public API lists them (reports of the
     * measure's feed that did not come, a week whose events mostly came late, outlier and implausible values).
     */
    private static final NamedParameters WEEKS = new NamedParameters("""
            INSERT INTO pks.published_figure (%s)
            WITH week AS (
                SELECT day::date AS week_start
                FROM generate_series((:start::date - 6)::timestamp, (:end::date - 6)::timestamp,
                                     interval '1 day') AS day
                WHERE extract(isodow FROM day) = 1
            ),
            unit_measure AS (
                SELECT measure FROM pks.measure_value WHERE unit_id = :unit AND granularity = 'WEEK'
                UNION
                SELECT measure FROM pks.deviation WHERE unit_id = :unit AND granularity = 'WEEK'
            ),
            stored AS (
                SELECT v.period_start AS week_start, v.measure, v.value
                FROM pks.measure_value v
                WHERE v.unit_id = :unit AND v.granularity = 'WEEK' AND v.period_start IN (SELECT week_start FROM week)
            ),
            planned AS (
                SELECT d.period_start AS week_start, d.measure, d.plan_kind, d.actual, d.expected, d.deviation,
                       d.deviation_pct, d.status
                FROM pks.deviation_status d
                WHERE d.unit_id = :unit AND d.granularity = 'WEEK' AND d.period_start IN (SELECT week_start FROM week)
            ),
            deficiency AS (
                SELECT pks.week_start(m.period_start) AS week_start, f.measure, 'MISSING_DATA' AS kind,
                       m.period_kind, m.period_start, m.feed, NULL::text AS rule, NULL::bigint AS late_events,
                       NULL::bigint AS accepted_events,
                       'MISSING_DATA ' || m.period_start || ' ' || m.feed AS label
                FROM pks.missing_data m
                JOIN pks.measure_feed f ON f.feed = m.feed
                WHERE m.unit_id = :unit AND m.period_start BETWEEN :start::date - 6 AND :end::date
                UNION ALL
                SELECT pks.week_start(q.day), f.measure, 'LATE_REPORTING', 'WEEK', pks.week_start(q.day), q.feed,
                       NULL, sum(q.late), sum(q.accepted),
                       'LATE_REPORTING ' || pks.week_start(q.day) || ' ' || q.feed || ' ' || sum(q.late) || ' of '
                           || sum(q.accepted)
                FROM pks.feed_quality q
                JOIN pks.measure_feed f ON f.feed = q.feed
                WHERE q.unit_id = :unit AND q.day BETWEEN :start::date - 6 AND :end::date
                GROUP BY pks.week_start(q.day), f.measure, q.feed
                HAVING sum(q.late) > :lateShare * sum(q.accepted)
                UNION ALL
                SELECT o.week_start, o.measure, 'OUTLIER', 'WEEK', o.week_start, NULL, NULL, NULL, NULL,
                       'OUTLIER ' || o.week_start
                FROM pks.outlier o
                WHERE o.unit_id = :unit AND o.week_start BETWEEN :start::date - 6 AND :end::date
                UNION ALL
                SELECT i.period_start, i.measure, 'IMPLAUSIBLE', 'WEEK', i.period_start, NULL, i.rule, NULL, NULL,
                       'IMPLAUSIBLE ' || i.rule || ' ' || i.period_start
                FROM pks.implausible i
                WHERE i.unit_id = :unit AND i.granularity = 'WEEK'
                  AND i.period_start BETWEEN :start::date - 6 AND :end::date
            ),
            week_deficiency AS (
                SELECT week_start, measure, bool_or(kind = 'MISSING_DATA') AS incomplete,
                       bool_or(kind <> 'MISSING_DATA') AS flagged, count(*) AS deficiency_count,
                       array_agg(label ORDER BY kind, period_start, label) AS deficiencies,
                       jsonb_agg(jsonb_build_object('kind', kind, 'period_kind', period_kind,
                                                    'period_start', period_start, 'feed', feed, 'rule', rule,
                                                    'late_events', late_events, 'accepted_events', accepted_events)
                                 ORDER BY kind, period_start, label) AS detail
                FROM deficiency
                WHERE week_start IN (SELECT week_start FROM week)
                GROUP BY week_start, measure
            ),
            figure AS (
                SELECT week_start, measure FROM stored
                UNION
                SELECT week_start, measure FROM planned
                UNION
                SELECT week_start, measure FROM week_deficiency
                WHERE measure IN (SELECT measure FROM unit_measure)
            )
            SELECT 'UNIT', :unit, 'MONTH', :start::date, :version, :end::date, 'WEEK', g.week_start, g.measure,
                   NULL, s.value, NULL, NULL, NULL,
                   pks.threshold_status(g.measure, :unit::text,
                                        pks.ambition_year('WEEK', g.week_start, g.week_start + 6), NULL, s.value),
                   pks.is_low_production_week(:unit::text, g.week_start), coalesce(q.incomplete, false),
                   coalesce(q.flagged, false), coalesce(q.deficiency_count, 0), coalesce(q.deficiencies, '{}'),
                   coalesce(q.detail, '[]')
            FROM figure g
            LEFT JOIN stored s ON s.week_start = g.week_start AND s.measure = g.measure
            LEFT JOIN week_deficiency q ON q.week_start = g.week_start AND q.measure = g.measure
            UNION ALL
            SELECT 'UNIT', :unit, 'MONTH', :start::date, :version, :end::date, 'WEEK', p.week_start, p.measure,
                   p.plan_kind, p.actual, p.expected, p.deviation, p.deviation_pct, p.status,
                   pks.is_low_production_week(:unit::text, p.week_start), coalesce(q.incomplete, false),
                   coalesce(q.flagged, false), coalesce(q.deficiency_count, 0), coalesce(q.deficiencies, '{}'),
                   coalesce(q.detail, '[]')
            FROM planned p
            LEFT JOIN week_deficiency q ON q.week_start = p.week_start AND q.measure = p.measure""".formatted(
            FIGURE_COLUMNS));

    /**
     * The reports of the year missing up to the month's last day, per measure (of the feed it comes from), as the
     * labels the deficiency views use; an organisation's prefixed with the unit ('u1: MISSING_DATA 2025-01-08
     * VISITS'), as in pks.group_deficiency. One JSON array, handed to the year-to-date insert.
     */
    private static final NamedParameters MISSING_THIS_YEAR = new NamedParameters("""
            SELECT coalesce(jsonb_agg(jsonb_build_object('measure', measure, 'labels', labels)), '[]')::text
            FROM (
                SELECT f.measure,
                       array_agg(CASE WHEN :organisation THEN m.unit_id || ': ' ELSE '' END || 'MISSING_DATA '
                                 || m.period_start || ' ' || m.feed ORDER BY m.unit_id, m.period_start, m.feed)
                           AS labels
                FROM pks.missing_data m
                JOIN pks.unit u ON u.unit_id = m.unit_id
                JOIN pks.measure_feed f ON f.feed = m.feed
                WHERE CASE WHEN :organisation THEN u.organisation_id = :subject ELSE m.unit_id = :subject END
                  AND m.period_start BETWEEN pks.year_start(:end::date) AND :end::date
                GROUP BY f.measure
            ) AS missing""");

    private static final String YEAR_TO_DATE_SELECT = """
            SELECT :level, :subject, 'MONTH', :start::date, :version, :end::date, 'YEAR_TO_DATE', d.period_start,
                   d.measure, d.plan_kind, d.actual, d.expected, d.deviation, d.deviation_pct, d.status, NULL,
                   m.labels IS NOT NULL, false, coalesce(cardinality(m.labels), 0), coalesce(m.labels, '{}'), NULL
            """;

    private static final NamedParameters UNIT_YEAR_TO_DATE = new NamedParameters("""
            INSERT INTO pks.published_figure (%s)
            %s
            FROM pks.period_deviation d
            LEFT JOIN jsonb_to_recordset(:missing::jsonb) AS m (measure text, labels text[]) USING (measure)
            WHERE d.unit_id = :subject AND d.period_kind = 'YEAR_TO_DATE'""".formatted(FIGURE_COLUMNS,
            YEAR_TO_DATE_SELECT));

    private static final NamedParameters ORGANISATION_YEAR_TO_DATE = new NamedParameters("""
            INSERT INTO pks.published_figure (%s)
            %s
            FROM pks.rollup_deviation d
            LEFT JOIN jsonb_to_recordset(:missing::jsonb) AS m (measure text, labels text[]) USING (measure)
            WHERE d.level = 'ORGANISATION' AND d.group_id = :subject
              AND d.period_kind = 'YEAR_TO_DATE'""".formatted(FIGURE_COLUMNS, YEAR_TO_DATE_SELECT));

    private MonthPublication() {
    }

    /** Publishes the month's weeks (a unit's) and year to date under the approval's version. */
    static void publish(final Connection connection, final ApprovalTable.Key key, final int version)
            throws SQLException {
        final String asOf = single(connection, CURRENT_AS_OF);
        final boolean organisation = key.level() == ApprovalTable.Level.ORGANISATION;
        final LocalDate end = key.periodEnd();
        setAsOf(connection, end.plusDays(1).toString());
        if (!organisation) {
            try (PreparedStatement weeks = WEEKS.prepare(connection, Map.of("unit", key.subjectId(),
                    "start", key.periodStart(), "end", end, "version", version,
                    "lateShare", LATE_SHARE))) {
                weeks.executeUpdate();
            }
        }
        final String missing;
        try (PreparedStatement select = MISSING_THIS_YEAR.prepare(connection, Map.of("organisation", organisation,
                "subject", key.subjectId(), "end", end));
             ResultSet row = select.executeQuery()) {
            row.next();
            missing = row.getString(1);
        }
        setAsOf(connection, end.toString());
        try (PreparedStatement yearToDate = (organisation ? ORGANISATION_YEAR_TO_DATE : UNIT_YEAR_TO_DATE)
                .prepare(connection, Map.of("level", key.level().name(), "subject", key.subjectId(),
                        "start", key.periodStart(), "end", end, "version", version, "missing", missing))) {
            yearToDate.executeUpdate();
        }
        // back to the transaction's own day for what follows; a failure above rolls the setting back with the rest
        setAsOf(connection, asOf);
    }

    private static void setAsOf(final Connection connection, final String day) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement(SET_AS_OF)) {
            set.setString(1, day);
            set.executeQuery().close();
        }
    }

    private static String single(final Connection connection, final String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }
}
