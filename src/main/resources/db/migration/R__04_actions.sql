-- Repeatable migration, family "actions" (set ${pks_repeatables_checksum}). How the R__ files work and how to change
-- a view or function: README.md in this folder.
--
-- Views over the action register (pks.action, V7; docs/alerts-and-actions.md): the overdue actions, and the effect
-- follow-up of every DONE action computed from pks.measure_value when it is read. The API computes the same effect
-- with the SPC code (se.pks.stream.analysis.EffectFollowUp). First defined in V7.

-- Actions past their deadline and still open, for dashboards and for the ACTION_OVERDUE alert condition. An action
-- due today is not overdue yet. "Today" is pks.as_of_date(): the region's date (pks.time_zone), or SET pks.as_of.
CREATE VIEW pks.overdue_action AS
SELECT a.action_id, a.organisation_id, a.unit_id, a.measure, a.title, a.responsible, a.deadline, a.status,
       (pks.as_of_date() - a.deadline) AS days_overdue
FROM pks.action a
WHERE a.status IN ('PLANNED', 'IN_PROGRESS')
  AND a.deadline < pks.as_of_date();

-- The effect follow-up of every DONE action on one unit, for dashboards: the same rules as the API's effect block
-- (se.pks.stream.analysis.EffectFollowUp, docs/alerts-and-actions.md), without the process limits. The unit's ended
-- normal weeks of the action's measure are split at done_on: weeks that ended by done_on are the baseline, weeks that
-- began on or after it are judged against the baseline's centre line; the week in progress on done_on belongs to
-- neither side, and low-production weeks to neither side either. 7 weeks in a row on one side of the old centre line
-- (the SPC shift rule) are a shift; a week exactly on the line breaks a run; the latest shift gives the verdict.
CREATE VIEW pks.action_effect AS
WITH done AS (
    SELECT a.action_id, a.unit_id, a.measure, a.done_on, a.expected_direction,
           CASE a.expected_direction WHEN 'INCREASE' THEN 1 ELSE -1 END AS intended
    FROM pks.action a
    WHERE a.status = 'DONE' AND a.unit_id IS NOT NULL
),
week AS (
    SELECT d.action_id, mv.period_start, mv.value,
           mv.period_start + 7 <= d.done_on AS before,
           mv.period_start >= d.done_on AS after
    FROM done d
    JOIN pks.measure_value mv ON mv.granularity = 'WEEK' AND mv.unit_id = d.unit_id AND mv.measure = d.measure
    LEFT JOIN pks.unit u ON u.unit_id = mv.unit_id
    LEFT JOIN pks.calendar_week cw ON cw.region_id = u.region_id AND cw.week_start = mv.period_start
    WHERE coalesce(cw.kind, 'NORMAL') <> 'LOW_PRODUCTION'
      AND mv.period_start + 7 <= pks.as_of_date()
),
baseline AS (
    SELECT action_id, avg(value) AS centre, count(*) AS weeks FROM week WHERE before GROUP BY action_id
),
since AS (
    SELECT action_id, avg(value) AS centre, count(*) AS weeks FROM week WHERE after GROUP BY action_id
),
side AS (
    -- +1 on the intended side of the old centre line, -1 on the other, 0 on it
    SELECT w.action_id, w.period_start, sign(w.value - b.centre)::integer * d.intended AS side
    FROM week w JOIN done d USING (action_id) JOIN baseline b USING (action_id)
    WHERE w.after
),
run AS (
    -- consecutive weeks on the same side share (side, island): the gaps-and-islands numbering
    SELECT action_id, side, count(*) AS length, max(period_start) AS last_week
    FROM (SELECT action_id, period_start, side,
                 row_number() OVER (PARTITION BY action_id ORDER BY period_start)
               - row_number() OVER (PARTITION BY action_id, side ORDER BY period_start) AS island
          FROM side) numbered
    WHERE side <> 0
    GROUP BY action_id, side, island
)
SELECT d.action_id, d.unit_id, d.measure, d.done_on, d.expected_direction,
       b.centre AS baseline_centre, coalesce(b.weeks, 0) AS baseline_weeks,
       s.centre AS after_centre, coalesce(s.weeks, 0) AS weeks_after,
       coalesce((SELECT max(r.length) FROM run r WHERE r.action_id = d.action_id AND r.side > 0), 0)
           AS longest_run_intended,
       coalesce((SELECT max(r.length) FROM run r WHERE r.action_id = d.action_id AND r.side < 0), 0)
           AS longest_run_opposite,
       CASE
           WHEN b.centre IS NULL THEN 'NO_BASELINE'
           WHEN latest.side > 0 THEN 'EFFECT_SHOWN'
           WHEN latest.side < 0 THEN 'OPPOSITE_SHIFT'
           WHEN coalesce(s.weeks, 0) < 7 THEN 'TOO_EARLY'
           ELSE 'NO_SHIFT_YET'
       END AS verdict
FROM done d
LEFT JOIN baseline b USING (action_id)
LEFT JOIN since s USING (action_id)
LEFT JOIN LATERAL (SELECT r.side FROM run r WHERE r.action_id = d.action_id AND r.length >= 7
                   ORDER BY r.last_week DESC LIMIT 1) latest ON true;
