-- Repeatable migration, family "balanced scorecard" (set ${pks_repeatables_checksum}). How the R__ files work and
-- how to change a view or function: README.md in this folder.
--
-- The balanced scorecard: the follow-up's indicators grouped by perspective, each with its goal and a traffic light,
-- per organisation, region and own-vs-private group. The goals are the thresholds of pks.threshold, so a changed
-- ambition shows in the scorecard's goal and colour at once. docs/balanced-scorecard.md describes the view. The
-- tables (scorecard_perspective, scorecard_indicator) are in V8; the functions and the view were first defined there.

-- Bounds in words: a percent of plan with its sign, a value in its unit (fractions as percentages).
CREATE OR REPLACE FUNCTION pks.signed_percent(value double precision) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value < 0 THEN '-' ELSE '+' END || trim_scale(round(abs(value)::numeric, 2))::text || ' %'
$$;

CREATE OR REPLACE FUNCTION pks.goal_value(value double precision, unit_of_measure text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN unit_of_measure = 'fraction'
                THEN trim_scale(round((100 * value)::numeric, 2))::text || ' %'
                ELSE trim_scale(round(value::numeric, 2))::text || ' ' || unit_of_measure END
$$;

-- The goal a threshold sets, in words, from the same row pks.threshold_status picks: (unit, year) before (unit, any
-- year) before (any unit, year) before (any unit, any year). A boundary takes the worse colour, so green is strictly
-- above (below) the yellow bound. Fractions are shown as percentages. Null when the measure has no threshold.
CREATE OR REPLACE FUNCTION pks.threshold_goal(measure text, unit_id text, year integer) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT CASE t.basis
               WHEN 'DEVIATION_PCT' THEN
                   CASE t.direction WHEN 'HIGHER_IS_BETTER' THEN 'above plan ' ELSE 'below plan ' END
                       || pks.signed_percent(t.yellow_from) || ' (red at ' || pks.signed_percent(t.red_from)
                       || CASE t.direction WHEN 'HIGHER_IS_BETTER' THEN ' or below)' ELSE ' or above)' END
               ELSE
                   CASE t.direction WHEN 'HIGHER_IS_BETTER' THEN 'above ' ELSE 'below ' END
                       || pks.goal_value(t.yellow_from, c.unit_of_measure) || ' (red at '
                       || pks.goal_value(t.red_from, c.unit_of_measure)
                       || CASE t.direction WHEN 'HIGHER_IS_BETTER' THEN ' or below)' ELSE ' or above)' END
           END
    FROM pks.threshold t
    JOIN pks.measure_catalogue c ON c.measure = t.measure
    WHERE t.measure = $1 AND t.unit_id IN ($2, '*') AND t.year IN ($3, 0)
    ORDER BY t.unit_id = '*', t.year = 0
    LIMIT 1
$$;

-- Every indicator of the scorecard for every group of pks.rollup_deviation's levels (ORGANISATION, REGION,
-- OWNERSHIP) and period kind. Planned indicators are the rollup rows themselves. Indicators held to their value are
-- rolled up here the same way as in pks.rollup_deviation: counts, stocks and staffed_beds summed over the units,
-- other ratios as sum(numerator) / sum(denominator); their status compares that value with the threshold. As in
-- the rollups, status and goal use the thresholds for any unit.
CREATE VIEW pks.scorecard AS
WITH indicator AS (
    SELECT i.perspective, p.title AS perspective_title, p.position AS perspective_position,
           i.position AS indicator_position, i.measure, c.description, c.kind AS measure_kind, i.plan_kind
    FROM pks.scorecard_indicator i
    JOIN pks.scorecard_perspective p USING (perspective)
    JOIN pks.measure_catalogue c USING (measure)
),
planned AS (
    SELECT r.level, r.region_id, r.group_id, r.group_name, r.period_kind, r.period_start, r.period_end,
           i.perspective, i.perspective_title, i.perspective_position, i.indicator_position, i.measure,
           i.description, i.plan_kind, r.actual, r.expected, r.deviation_pct, r.status
    FROM indicator i
    JOIN pks.rollup_deviation r ON r.measure = i.measure AND r.plan_kind = i.plan_kind
),
unit_value AS (
    SELECT a.region_id, g.level, g.group_id, g.group_name, a.period_kind, a.period_start, a.period_end,
           i.perspective, i.perspective_title, i.perspective_position, i.indicator_position, i.measure,
           i.description, a.value, a.numerator, a.denominator,
           i.measure_kind = 'RATIO' AND i.measure <> 'staffed_beds' AS rate_of_parts
    FROM indicator i
    JOIN pks.period_actual a ON a.measure = i.measure
    JOIN pks.unit u ON u.unit_id = a.unit_id
    CROSS JOIN LATERAL (VALUES
        ('ORGANISATION', u.organisation_id, u.organisation_name),
        ('REGION', u.region_id, u.region_id),
        ('OWNERSHIP', u.ownership, u.ownership)
    ) AS g (level, group_id, group_name)
    WHERE i.plan_kind IS NULL
),
valued AS (
    SELECT level, region_id, group_id, max(group_name) AS group_name, period_kind, period_start, period_end,
           perspective, perspective_title, perspective_position, indicator_position, measure, description,
           NULL::text AS plan_kind,
           CASE WHEN rate_of_parts THEN sum(numerator) / nullif(sum(denominator), 0) ELSE sum(value) END AS actual,
           NULL::double precision AS expected, NULL::double precision AS deviation_pct
    FROM unit_value
    GROUP BY level, region_id, group_id, period_kind, period_start, period_end, perspective, perspective_title,
             perspective_position, indicator_position, measure, description, rate_of_parts
),
both_kinds AS (
    SELECT p.*, pks.ambition_year(p.period_kind, p.period_start, p.period_end) AS year FROM planned p
    UNION ALL
    SELECT v.*, pks.threshold_status(v.measure, '*', pks.ambition_year(v.period_kind, v.period_start, v.period_end),
                                     NULL, v.actual),
           pks.ambition_year(v.period_kind, v.period_start, v.period_end)
    FROM valued v
)
SELECT level, region_id, group_id, group_name, period_kind, period_start, period_end, perspective,
       perspective_title, perspective_position, indicator_position, measure, description, plan_kind,
       pks.threshold_goal(measure, '*', year) AS goal, actual, expected, deviation_pct, status
FROM both_kinds;
