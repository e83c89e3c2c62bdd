-- Repeatable migration, family "data quality" (set ${pks_repeatables_checksum}). How the R__ files work and how to
-- change a view or function: README.md in this folder.
--
-- Views that turn what each provider sent (pks.feed_quality, filled by the stream) and what each unit is expected
-- to send (pks.expected_reporting) into deficiencies that travel with the figures: missing data, incomplete or late
-- feeds, outliers and implausible values. Each is a plain view, so a late report clears its MISSING_DATA at the next
-- query. docs/data-quality.md describes the views for analysts and providers. The tables are in V4 and V10 (days
-- off); the views were first defined in V4, and expected_report redefined in V10.

-- ----------------------------------------------------------------------------------------------------------------
-- Expected reports and missing data
-- ----------------------------------------------------------------------------------------------------------------

-- Every report a unit owed up to yesterday (today is still under way), one row per day for DAILY and WORKING_DAYS
-- and per complete ISO week for WEEKLY, with whether it came: received when some provider has accepted events of the
-- feed for the unit on that day (in that week). Owing starts at valid_from, or at the unit's first day with any
-- feed_quality row when that is later, so a unit is not in arrears for the time before it was connected. "Today" is
-- pks.as_of_date(), which a session can pin with SET pks.as_of.
-- A WORKING_DAYS feed owes nothing on a day off (pks.is_day_off): clinics closed at Easter, midsummer and Christmas
-- are not missing data. DAILY feeds (wards census every day) still owe every day; a WEEKLY feed owes one report a
-- week, which no Swedish week's days off make impossible. Low-production weeks are not taken out: a clinic open at
-- a lower level still reports.
CREATE VIEW pks.expected_report AS
WITH yesterday AS (
    SELECT pks.as_of_date() - 1 AS day
),
accepted_day AS (
    SELECT unit_id, feed, day
    FROM pks.feed_quality
    GROUP BY unit_id, feed, day
    HAVING sum(accepted) > 0
),
owing AS (
    SELECT r.unit_id, r.feed, r.cadence, greatest(r.valid_from, f.first_day) AS first_day, y.day AS last_day
    FROM pks.expected_reporting r
    CROSS JOIN yesterday y
    JOIN (SELECT unit_id, min(day) AS first_day FROM pks.feed_quality GROUP BY unit_id) AS f USING (unit_id)
),
slot AS (
    SELECT o.unit_id, o.feed, 'DAY' AS period_kind, d::date AS period_start, d::date AS period_end
    FROM owing o
    CROSS JOIN LATERAL generate_series(o.first_day::timestamp, o.last_day::timestamp, interval '1 day') AS d
    WHERE o.cadence = 'DAILY'
       OR (o.cadence = 'WORKING_DAYS' AND extract(isodow FROM d) <= 5 AND NOT pks.is_day_off(o.unit_id, d::date))
    UNION ALL
    -- a week is judged once it is over, including the week the unit started in
    SELECT o.unit_id, o.feed, 'WEEK', w::date, w::date + 6
    FROM owing o
    CROSS JOIN LATERAL generate_series(pks.week_start(o.first_day)::timestamp, (o.last_day - 6)::timestamp,
                                          interval '7 days') AS w
    WHERE o.cadence = 'WEEKLY'
)
SELECT s.unit_id, s.feed, s.period_kind, s.period_start, s.period_end,
       EXISTS (SELECT 1 FROM accepted_day a
               WHERE a.unit_id = s.unit_id AND a.feed = s.feed
                 AND a.day BETWEEN s.period_start AND s.period_end) AS received
FROM slot s;

-- The expected reports that did not come.
CREATE VIEW pks.missing_data AS
SELECT unit_id, feed, period_kind, period_start, 'MISSING_DATA'::text AS deficiency
FROM pks.expected_report
WHERE NOT received;

-- Per unit, feed and ISO week or calendar month: how many of the expected reports came (completeness) and how many
-- of the accepted events came on time (timeliness = 1 - late / accepted). A WEEKLY report counts in the week and in
-- the month its week starts in. Only periods with expected reports have a row; completeness is null when nothing
-- was owed yet, timeliness when nothing was accepted.
CREATE VIEW pks.feed_completeness AS
WITH report_in_period AS (
    SELECT e.unit_id, e.feed, e.received, p.period_kind, p.period_start
    FROM pks.expected_report e
    CROSS JOIN LATERAL (VALUES ('WEEK', pks.week_start(e.period_start)),
                               ('MONTH', pks.month_start(e.period_start))) AS p (period_kind, period_start)
),
counted AS (
    SELECT unit_id, feed, period_kind, period_start, count(*) AS expected_reports,
           count(*) FILTER (WHERE received) AS received_reports
    FROM report_in_period
    GROUP BY unit_id, feed, period_kind, period_start
),
events AS (
    SELECT q.unit_id, q.feed, p.period_kind, p.period_start, sum(q.accepted) AS accepted, sum(q.late) AS late
    FROM pks.feed_quality q
    CROSS JOIN LATERAL (VALUES ('WEEK', pks.week_start(q.day)),
                               ('MONTH', pks.month_start(q.day))) AS p (period_kind, period_start)
    GROUP BY q.unit_id, q.feed, p.period_kind, p.period_start
)
SELECT c.unit_id, c.feed, c.period_kind, c.period_start, c.expected_reports, c.received_reports,
       c.received_reports::double precision / nullif(c.expected_reports, 0) AS completeness,
       coalesce(e.accepted, 0) AS accepted_events, coalesce(e.late, 0) AS late_events,
       1 - e.late::double precision / nullif(e.accepted, 0) AS timeliness
FROM counted c
LEFT JOIN events e USING (unit_id, feed, period_kind, period_start);

-- ----------------------------------------------------------------------------------------------------------------
-- Outliers and implausible values
-- ----------------------------------------------------------------------------------------------------------------

-- Weekly values far from the unit's usual level for the measure, by the modified z-score of Iglewicz and Hoaglin:
-- M = 0.6745 (x - median) / MAD, MAD = median |x - median|, over all the unit's stored normal weeks of the measure.
-- Median and MAD are robust: the outlier itself barely moves them, unlike a mean and standard deviation.
-- Low-production weeks in the unit's region are left out of median and MAD and are never flagged: summer weeks are
-- low by design. A MAD of 0 (half the weeks or more share one value) gives no scale to judge by, so nothing is
-- flagged. Flagged when |M| > pks.data_quality_setting.outlier_threshold.
-- Median, MAD and the number of normal weeks are kept per unit and measure in pks.weekly_spread (V28), computed again
-- as the transaction that changes one of the unit's weekly values, its region or its region's low-production weeks
-- commits; a pair still waiting for that (pks.weekly_spread_pending: while the sink catches up) is computed here from
-- its weeks, so outliers are exact whenever the values are. Here the weeks are only scored against them: a filter on the unit or its
-- region (region_id: the unit's region in the register, null for a unit not in it) reaches that unit's weeks, and a
-- filter on week_start the weeks of the period. Computed at query time, median and MAD needed every unit's whole
-- weekly history three times over, and a region's deficiency panels took 0.3 to 1 s at national size
-- (docs/benchmarks.md, "Outliers from a kept median and MAD"). The low-production weeks are
-- pks.is_low_production_week written out, so that PostgreSQL joins them instead of calling the function per week.
CREATE VIEW pks.outlier AS
WITH spread AS (
    SELECT k.unit_id, k.measure, k.median, k.mad
    FROM pks.weekly_spread k
    WHERE NOT EXISTS (SELECT 1 FROM pks.weekly_spread_pending p WHERE p.unit_id = k.unit_id AND p.measure = k.measure)
    UNION ALL
    -- a pair whose weeks changed while the sink caught up, not yet settled: computed from its weeks
    SELECT p.unit_id, p.measure, w.median, w.mad
    FROM pks.weekly_spread_pending p
    CROSS JOIN LATERAL pks.weekly_spread_of(p.unit_id, p.measure) AS w
)
SELECT n.unit_id, n.measure, n.period_start AS week_start, n.value, s.median, s.mad,
       0.6745 * (n.value - s.median) / s.mad AS modified_z, 'OUTLIER'::text AS deficiency, u.region_id
FROM pks.measure_value n
JOIN spread s ON s.unit_id = n.unit_id AND s.measure = n.measure
LEFT JOIN pks.unit u ON u.unit_id = n.unit_id
CROSS JOIN pks.data_quality_setting t
WHERE n.granularity = 'WEEK' AND s.mad > 0
  AND NOT EXISTS (SELECT 1 FROM pks.calendar_week lw
                  WHERE lw.region_id = u.region_id AND lw.week_start = n.period_start AND lw.kind = 'LOW_PRODUCTION')
  AND abs(0.6745 * (n.value - s.median) / s.mad) > t.outlier_threshold;

-- Stored figures (weeks and months) that cannot be true, whatever the unit's history: a negative value, a share
-- above 1, a mean stay of more than a year. rule names the broken rule.
CREATE VIEW pks.implausible AS
SELECT v.granularity, v.period_start, v.unit_id, v.measure, v.value, r.rule, 'IMPLAUSIBLE'::text AS deficiency
FROM pks.measure_value v
CROSS JOIN LATERAL (VALUES
    ('NEGATIVE', v.value < 0),
    ('SHARE_OVER_1', v.measure IN ('occupancy_rate', 'guarantee_compliance', 'medical_target_compliance')
                     AND v.value > 1),
    ('STAY_OVER_365_DAYS', v.measure = 'avg_length_of_stay' AND v.value > 365)
) AS r (rule, broken)
WHERE r.broken;

-- ----------------------------------------------------------------------------------------------------------------
-- Deviations with their deficiencies
-- ----------------------------------------------------------------------------------------------------------------

-- Every row of pks.deviation with what is known to be wrong with it, so that known deficiencies travel with the
-- figures:
--   incomplete    the unit has MISSING_DATA in the period for the feed the measure comes from (a WEEKLY gap counts
--                 when its week overlaps the period);
--   flagged       the figure itself is suspect: a weekly row whose value is an OUTLIER or IMPLAUSIBLE; a monthly
--                 row whose monthly value is IMPLAUSIBLE or that has an OUTLIER week starting in the month;
--   deficiencies  each of them as text: 'MISSING_DATA 2025-01-09 BED_OCCUPANCY' (the missing day or week start and
--                 the feed), 'OUTLIER' (a monthly row: 'OUTLIER 2025-01-06', the outlier week), 'IMPLAUSIBLE
--                 NEGATIVE'; missing data first, in date order. Empty when nothing is known to be wrong.
CREATE VIEW pks.deviation_quality AS
-- Every part is inlined (NOT MATERIALIZED), none computed once for all units: a dashboard that asks for the units of
-- an organisation one unit at a time (a lateral join on unit_id) gets each unit's deficiencies from that unit's rows
-- alone; computed once, outliers and implausible values were the whole country's on every query, 10 to 30 s at
-- national size (docs/benchmarks.md, "The read side at national size").
WITH period AS NOT MATERIALIZED (
    SELECT d.*,
           CASE d.granularity WHEN 'WEEK' THEN d.period_start + 6
                              ELSE (d.period_start + interval '1 month')::date - 1 END AS period_end
    FROM pks.deviation d
),
missing AS NOT MATERIALIZED (
    SELECT x.unit_id, f.measure, x.feed, x.period_start,
           x.period_start + CASE x.period_kind WHEN 'WEEK' THEN 6 ELSE 0 END AS period_end
    FROM pks.missing_data x
    JOIN pks.measure_feed f ON f.feed = x.feed
),
outliers AS NOT MATERIALIZED (
    SELECT unit_id, measure, week_start FROM pks.outlier
),
implausibles AS NOT MATERIALIZED (
    SELECT unit_id, measure, granularity, period_start, rule FROM pks.implausible
),
missing_per_row AS (
    SELECT p.granularity, p.period_start, p.unit_id, p.measure, p.plan_kind,
           array_agg('MISSING_DATA ' || m.period_start || ' ' || m.feed ORDER BY m.period_start, m.feed) AS missing
    FROM period p
    JOIN missing m ON m.unit_id = p.unit_id AND m.measure = p.measure
                  AND m.period_start <= p.period_end AND m.period_end >= p.period_start
    GROUP BY p.granularity, p.period_start, p.unit_id, p.measure, p.plan_kind
),
suspect_per_row AS (
    SELECT granularity, period_start, unit_id, measure, plan_kind, array_agg(label ORDER BY label) AS suspect
    FROM (
        SELECT p.granularity, p.period_start, p.unit_id, p.measure, p.plan_kind,
               CASE p.granularity WHEN 'WEEK' THEN 'OUTLIER' ELSE 'OUTLIER ' || o.week_start END AS label
        FROM period p
        JOIN outliers o ON o.unit_id = p.unit_id AND o.measure = p.measure
             AND ((p.granularity = 'WEEK' AND o.week_start = p.period_start)
                  OR (p.granularity = 'MONTH' AND o.week_start BETWEEN p.period_start AND p.period_end))
        UNION ALL
        SELECT p.granularity, p.period_start, p.unit_id, p.measure, p.plan_kind, 'IMPLAUSIBLE ' || i.rule
        FROM period p
        JOIN implausibles i ON i.unit_id = p.unit_id AND i.measure = p.measure AND i.granularity = p.granularity
             AND i.period_start = p.period_start
    ) AS suspect_label
    GROUP BY granularity, period_start, unit_id, measure, plan_kind
)
SELECT p.granularity, p.period_start, p.unit_id, p.measure, p.plan_kind, p.actual, p.expected, p.deviation,
       p.deviation_pct, p.updated_at,
       m.missing IS NOT NULL AS incomplete,
       s.suspect IS NOT NULL AS flagged,
       coalesce(m.missing, '{}') || coalesce(s.suspect, '{}') AS deficiencies
FROM period p
LEFT JOIN missing_per_row m USING (granularity, period_start, unit_id, measure, plan_kind)
LEFT JOIN suspect_per_row s USING (granularity, period_start, unit_id, measure, plan_kind);
