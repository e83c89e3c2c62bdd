-- Repeatable migration, family "deficiencies" (set ${pks_repeatables_checksum}). How the R__ files work and how to
-- change a view or function: README.md in this folder.
--
-- Issue 18, items 4 and 5: known data deficiencies on every figure at every level, and year-end projections summed to
-- organisations, the region and own vs private (docs/data-quality.md, "Deficiencies on every figure";
-- docs/status-projection-queues.md, "Year-end projection"). The deficiencies are those of R__03 (missing data,
-- outliers, implausible values), attached to more figures; every object is a plain view, so a late report clears its
-- deficiency at the next query. The *_quality views sit beside the views they describe rather than replacing them:
-- the alert rounds read pks.period_deviation and pks.rollup_deviation often and need none of this. First defined in
-- V11 (the projection's new columns stay there).

-- ----------------------------------------------------------------------------------------------------------------
-- Deficiencies per unit, measure and period
-- ----------------------------------------------------------------------------------------------------------------

-- Every deficiency the data-quality register knows of, per unit and measure, with the days it belongs to:
--   MISSING_DATA  a report of the measure's feed that did not come: its day, or its week for a WEEKLY feed;
--   OUTLIER       a weekly value far from the unit's usual level: it belongs to the day its week starts, so that a
--                 week straddling two months or tertials counts once, in the one it starts in (as in V4's months);
--   IMPLAUSIBLE   a stored weekly or monthly value that cannot be true; granularity says which.
-- label is the text the *_quality views list: 'MISSING_DATA 2025-01-09 BED_OCCUPANCY', 'OUTLIER 2025-01-06',
-- 'IMPLAUSIBLE NEGATIVE 2025-03-01' (the rule and the period the value is for). region_id is the unit's region in
-- the register (null for a unit not in it), so that a region's deficiencies are found from its own units' rows
-- (docs/benchmarks.md, "The read side at national size").
CREATE VIEW pks.unit_deficiency AS
SELECT m.unit_id, f.measure, 'MISSING_DATA'::text AS kind, NULL::text AS granularity, m.period_start AS day_from,
       m.period_start + CASE m.period_kind WHEN 'WEEK' THEN 6 ELSE 0 END AS day_to,
       'MISSING_DATA ' || m.period_start || ' ' || m.feed AS label, u.region_id
FROM pks.missing_data m
JOIN pks.measure_feed f ON f.feed = m.feed
LEFT JOIN pks.unit u ON u.unit_id = m.unit_id
UNION ALL
SELECT o.unit_id, o.measure, 'OUTLIER', NULL, o.week_start, o.week_start, 'OUTLIER ' || o.week_start, o.region_id
FROM pks.outlier o
UNION ALL
SELECT i.unit_id, i.measure, 'IMPLAUSIBLE', i.granularity, i.period_start, i.period_start,
       'IMPLAUSIBLE ' || i.rule || ' ' || i.period_start, u.region_id
FROM pks.implausible i
LEFT JOIN pks.unit u ON u.unit_id = i.unit_id;

-- The deficiencies of each unit figure of every period kind of pks.period_actual (week, month, tertial, year, year
-- to date, rolling 12 months, rolling 4 weeks), one row per figure that has any; a figure without a row has none.
-- A deficiency belongs to every period its days overlap. An implausible value marks the periods built from it: a
-- month marks its month and the tertial, year, year to date and rolling 12 months it lies in; a week its week and the
-- rolling 4 weeks. The cumulative periods end on the as-of day (pks.as_of_date()), as in pks.period_actual.
--   incomplete        some report of the measure's feed is missing in the period;
--   flagged           some value of the period is an outlier or implausible;
--   deficiency_count  how many deficiencies are listed;
--   deficiencies      the labels of pks.unit_deficiency, missing data first, each kind in date order.
CREATE VIEW pks.unit_period_deficiency AS
-- One branch per period kind, as in pks.period_actual: a filter on period_kind leaves out the other branches before
-- anything is read, and the cumulative kinds say which days they cover, so that their deficiencies are found among
-- those days only (a region's year to date scores the weeks of this year for outliers, not the whole history:
-- docs/benchmarks.md, "Deficiencies of the year to date"). A week, month, tertial or year holds the day a deficiency
-- begins or ends (a deficiency spans at most a week), so those branches take the period of either end day, which
-- overlaps the deficiency by construction.
WITH deficiency_in_period AS (
    SELECT d.unit_id, d.measure, d.kind, d.day_from, d.label, 'WEEK'::text AS period_kind,
           pks.week_start(e.day) AS period_start, pks.week_start(e.day) + 6 AS period_end, d.region_id
    FROM pks.unit_deficiency d
    CROSS JOIN LATERAL (VALUES (d.day_from), (d.day_to)) AS e (day)
    WHERE d.granularity IS NULL OR d.granularity = 'WEEK'
    UNION ALL
    SELECT d.unit_id, d.measure, d.kind, d.day_from, d.label, 'MONTH', pks.month_start(e.day),
           (pks.month_start(e.day) + interval '1 month')::date - 1, d.region_id
    FROM pks.unit_deficiency d
    CROSS JOIN LATERAL (VALUES (d.day_from), (d.day_to)) AS e (day)
    WHERE d.granularity IS NULL OR d.granularity = 'MONTH'
    UNION ALL
    SELECT d.unit_id, d.measure, d.kind, d.day_from, d.label, 'TERTIAL', pks.tertial_start(e.day),
           (pks.tertial_start(e.day) + interval '4 months')::date - 1, d.region_id
    FROM pks.unit_deficiency d
    CROSS JOIN LATERAL (VALUES (d.day_from), (d.day_to)) AS e (day)
    WHERE d.granularity IS NULL OR d.granularity = 'MONTH'
    UNION ALL
    SELECT d.unit_id, d.measure, d.kind, d.day_from, d.label, 'YEAR', pks.year_start(e.day),
           (pks.year_start(e.day) + interval '1 year')::date - 1, d.region_id
    FROM pks.unit_deficiency d
    CROSS JOIN LATERAL (VALUES (d.day_from), (d.day_to)) AS e (day)
    WHERE d.granularity IS NULL OR d.granularity = 'MONTH'
    UNION ALL
    SELECT d.unit_id, d.measure, d.kind, d.day_from, d.label, 'YEAR_TO_DATE', pks.year_start(pks.as_of_date()),
           pks.as_of_date(), d.region_id
    FROM pks.unit_deficiency d
    WHERE (d.granularity IS NULL OR d.granularity = 'MONTH')
      AND d.day_from <= pks.as_of_date() AND d.day_to >= pks.year_start(pks.as_of_date())
    UNION ALL
    SELECT d.unit_id, d.measure, d.kind, d.day_from, d.label, 'ROLLING_12_MONTHS',
           (pks.month_start(pks.as_of_date()) - interval '11 months')::date, pks.as_of_date(), d.region_id
    FROM pks.unit_deficiency d
    WHERE (d.granularity IS NULL OR d.granularity = 'MONTH')
      AND d.day_from <= pks.as_of_date() AND d.day_to >= (pks.month_start(pks.as_of_date()) - interval '11 months')::date
    UNION ALL
    SELECT d.unit_id, d.measure, d.kind, d.day_from, d.label, 'ROLLING_4_WEEKS', pks.week_start(pks.as_of_date()) - 21,
           pks.as_of_date(), d.region_id
    FROM pks.unit_deficiency d
    WHERE (d.granularity IS NULL OR d.granularity = 'WEEK')
      AND d.day_from <= pks.as_of_date() AND d.day_to >= pks.week_start(pks.as_of_date()) - 21
),
-- a deficiency whose two end days lie in one period is listed once
distinct_in_period AS (
    SELECT DISTINCT * FROM deficiency_in_period
)
SELECT unit_id, measure, period_kind, period_start, period_end,
       bool_or(kind = 'MISSING_DATA') AS incomplete,
       bool_or(kind <> 'MISSING_DATA') AS flagged,
       count(*) AS deficiency_count,
       array_agg(label ORDER BY kind <> 'MISSING_DATA', kind, day_from, label) AS deficiencies,
       region_id
FROM distinct_in_period
-- the unit determines its region, so grouping by it too changes no group
GROUP BY unit_id, measure, period_kind, period_start, period_end, region_id;

-- One row per deficiency label of a unit that takes part in a group's figure: the rows pks.group_deficiency adds up.
-- A filter on the group (an organisation) reaches the units' rows only after every unit's deficiencies of the period
-- have been computed; with the group's units listed as well (unit_id = ANY (...)) only theirs are, as
-- pks.organisation_deficiency does.
CREATE VIEW pks.group_deficiency_label AS
WITH part AS (
    SELECT q.*, k.plan_kind
    FROM pks.unit_period_deficiency q
    CROSS JOIN LATERAL (
        SELECT DISTINCT p.plan_kind
        FROM pks.plan_in_use p
        WHERE p.unit_id = q.unit_id AND p.measure = q.measure
          AND (p.granularity = 'WEEK' OR q.period_kind NOT IN ('WEEK', 'ROLLING_4_WEEKS'))
          AND p.period_start <= q.period_end
          AND CASE p.granularity WHEN 'WEEK' THEN p.period_start + 6
                                 ELSE (p.period_start + interval '1 month')::date - 1 END >= q.period_start
        UNION ALL
        SELECT NULL::text
        WHERE EXISTS (SELECT 1 FROM pks.measure_value v
                      WHERE v.unit_id = q.unit_id AND v.measure = q.measure
                        AND v.granularity = CASE WHEN q.period_kind IN ('WEEK', 'ROLLING_4_WEEKS') THEN 'WEEK'
                                                 ELSE 'MONTH' END
                        AND v.period_start BETWEEN q.period_start AND q.period_end)
    ) AS k
)
-- the region from pks.unit_period_deficiency, not from u: a filter on it then reaches the units' rows
SELECT part.region_id, g.level, g.group_id, part.period_kind, part.period_start, part.period_end, part.measure,
       part.plan_kind, part.unit_id, l.label, l.position
FROM part
JOIN pks.unit u ON u.unit_id = part.unit_id
CROSS JOIN LATERAL (VALUES
    ('ORGANISATION', u.organisation_id),
    ('REGION', u.region_id),
    ('OWNERSHIP', u.ownership)
) AS g (level, group_id)
CROSS JOIN LATERAL unnest(part.deficiencies) WITH ORDINALITY AS l (label, position);

-- The deficiencies of each organisation, region and own-vs-private group (the levels of pks.rollup_deviation) per
-- period kind, measure and plan kind: those of the units that take part in the group's figure. A unit takes part in
-- a planned figure when it has a plan of that kind overlapping the period (a weekly plan for weeks and rolling 4
-- weeks, any plan otherwise), as in pks.period_expected; in an unplanned one (plan_kind null: the scorecard's
-- indicators held to their value) when it has a stored value in the period. Only groups with a deficiency have a
-- row.
--   deficient_units   how many of the group's units have a deficiency;
--   deficiency_count  how many deficiencies there are in all;
--   deficiencies      each unit's list prefixed with the unit: 'u1: MISSING_DATA 2025-03-05 VISITS', by unit.
CREATE VIEW pks.group_deficiency AS
SELECT level, region_id, group_id, period_kind, period_start, period_end, measure, plan_kind,
       bool_or(label LIKE 'MISSING_DATA %') AS incomplete,
       bool_or(label NOT LIKE 'MISSING_DATA %') AS flagged,
       count(DISTINCT unit_id) AS deficient_units,
       count(*) AS deficiency_count,
       array_agg(unit_id || ': ' || label ORDER BY unit_id, position) AS deficiencies
FROM pks.group_deficiency_label
GROUP BY level, region_id, group_id, period_kind, period_start, period_end, measure, plan_kind;

-- pks.group_deficiency of one organisation and period, computed from its own units' deficiencies only (an
-- organisation's approval freezes them: 4.6 s on the demo's 30 units before, reading every unit's).
CREATE OR REPLACE FUNCTION pks.organisation_deficiency(organisation text, kind text, start date)
RETURNS TABLE (measure text, plan_kind text, incomplete boolean, flagged boolean, deficient_units bigint,
               deficiency_count bigint, deficiencies text[])
LANGUAGE sql STABLE AS $$
    SELECT measure, plan_kind,
           bool_or(label LIKE 'MISSING_DATA %'), bool_or(label NOT LIKE 'MISSING_DATA %'), count(DISTINCT unit_id),
           count(*), array_agg(unit_id || ': ' || label ORDER BY unit_id, position)
    FROM pks.group_deficiency_label
    WHERE level = 'ORGANISATION' AND group_id = organisation AND period_kind = kind AND period_start = start
      AND unit_id = ANY (ARRAY(SELECT u.unit_id FROM pks.unit u WHERE u.organisation_id = organisation))
    GROUP BY measure, plan_kind
$$;

-- ----------------------------------------------------------------------------------------------------------------
-- Figures with their deficiencies
-- ----------------------------------------------------------------------------------------------------------------

-- Every stored weekly and monthly value with its deficiencies (the figures of /api/v1/measure-values).
CREATE VIEW pks.measure_value_quality AS
SELECT v.granularity, v.period_start, v.unit_id, v.measure, v.value, v.numerator, v.denominator, v.updated_at,
       coalesce(q.incomplete, false) AS incomplete, coalesce(q.flagged, false) AS flagged,
       coalesce(q.deficiency_count, 0) AS deficiency_count, coalesce(q.deficiencies, '{}') AS deficiencies
FROM pks.measure_value v
LEFT JOIN pks.unit_period_deficiency q
       ON q.period_kind = v.granularity AND q.period_start = v.period_start AND q.unit_id = v.unit_id
      AND q.measure = v.measure;

-- pks.period_deviation (every period kind, per unit) with its deficiencies.
CREATE VIEW pks.period_deviation_quality AS
SELECT d.period_kind, d.period_start, d.period_end, d.unit_id, d.measure, d.plan_kind, d.actual, d.expected,
       d.deviation, d.deviation_pct, d.status, d.low_production,
       coalesce(q.incomplete, false) AS incomplete, coalesce(q.flagged, false) AS flagged,
       coalesce(q.deficiency_count, 0) AS deficiency_count, coalesce(q.deficiencies, '{}') AS deficiencies
FROM pks.period_deviation d
LEFT JOIN pks.unit_period_deficiency q
       ON q.period_kind = d.period_kind AND q.period_start = d.period_start AND q.unit_id = d.unit_id
      AND q.measure = d.measure;

-- pks.rollup_deviation_by_basis (organisation, region, own vs private, against either plan) with the deficiencies of
-- the units in each figure; pks.rollup_deviation_quality is its rows of the transaction's plan (pks.plan_basis()).
CREATE VIEW pks.rollup_deviation_quality_by_basis AS
SELECT r.basis, r.level, r.region_id, r.group_id, r.group_name, r.period_kind, r.period_start, r.period_end, r.measure,
       r.plan_kind, r.actual, r.expected, r.deviation, r.deviation_pct, r.status,
       coalesce(g.incomplete, false) AS incomplete, coalesce(g.flagged, false) AS flagged,
       coalesce(g.deficient_units, 0) AS deficient_units, coalesce(g.deficiency_count, 0) AS deficiency_count,
       coalesce(g.deficiencies, '{}') AS deficiencies
FROM pks.rollup_deviation_by_basis r
LEFT JOIN pks.group_deficiency g
       ON g.level = r.level AND g.region_id = r.region_id AND g.group_id = r.group_id
      AND g.period_kind = r.period_kind AND g.period_start = r.period_start AND g.measure = r.measure
      AND g.plan_kind = r.plan_kind;

CREATE VIEW pks.rollup_deviation_quality AS
SELECT level, region_id, group_id, group_name, period_kind, period_start, period_end, measure, plan_kind, actual,
       expected, deviation, deviation_pct, status, incomplete, flagged, deficient_units, deficiency_count, deficiencies
FROM pks.rollup_deviation_quality_by_basis
WHERE basis = pks.plan_basis();

-- pks.scorecard with the deficiencies of the units behind each indicator: planned indicators those of the rollup
-- figure, indicators held to their value those of the units with a value in the period.
CREATE VIEW pks.scorecard_quality AS
SELECT s.level, s.region_id, s.group_id, s.group_name, s.period_kind, s.period_start, s.period_end, s.perspective,
       s.perspective_title, s.perspective_position, s.indicator_position, s.measure, s.description, s.plan_kind,
       s.goal, s.actual, s.expected, s.deviation_pct, s.status,
       coalesce(g.incomplete, false) AS incomplete, coalesce(g.flagged, false) AS flagged,
       coalesce(g.deficient_units, 0) AS deficient_units, coalesce(g.deficiency_count, 0) AS deficiency_count,
       coalesce(g.deficiencies, '{}') AS deficiencies
FROM pks.scorecard s
LEFT JOIN pks.group_deficiency g
       ON g.level = s.level AND g.region_id = s.region_id AND g.group_id = s.group_id
      AND g.period_kind = s.period_kind AND g.period_start = s.period_start AND g.measure = s.measure
      AND coalesce(g.plan_kind, '') = coalesce(s.plan_kind, '');

-- Every SPC point with the deficiencies of its week: a point beyond a limit in a week with missing reports may be
-- the gap, not the process.
CREATE VIEW pks.spc_point_quality AS
SELECT p.unit_id, p.measure, p.week_start, p.value, p.moving_range, p.centre, p.lower_limit, p.upper_limit,
       p.low_production, p.rule, p.signal, p.segment_start,
       coalesce(q.incomplete, false) AS incomplete, coalesce(q.flagged, false) AS flagged,
       coalesce(q.deficiency_count, 0) AS deficiency_count, coalesce(q.deficiencies, '{}') AS deficiencies
FROM pks.spc_point p
LEFT JOIN pks.unit_period_deficiency q
       ON q.period_kind = 'WEEK' AND q.period_start = p.week_start AND q.unit_id = p.unit_id
      AND q.measure = p.measure;

-- ----------------------------------------------------------------------------------------------------------------
-- Projections with their deficiencies, and summed over units
-- ----------------------------------------------------------------------------------------------------------------

-- Each unit's year-end projection with the deficiencies of its year so far: the run-rate is only as good as the
-- figures it is taken from. Against the transaction's plan (pks.projection_in_use): the current plan, or the adopted
-- one for plan=adopted; status as in pks.projection_by_basis.
CREATE VIEW pks.projection_quality AS
SELECT p.unit_id, p.measure, p.year, p.plan_granularity, p.weeks_elapsed, p.elapsed_through, p.actual_to_date,
       p.plan_to_date, p.annual_target, p.projected, p.standard_error, p.interval_low, p.interval_high, p.deviation,
       p.deviation_pct, p.updated_at,
       coalesce(q.incomplete, false) AS incomplete, coalesce(q.flagged, false) AS flagged,
       coalesce(q.deficiency_count, 0) AS deficiency_count, coalesce(q.deficiencies, '{}') AS deficiencies, p.status
FROM pks.projection_in_use p
LEFT JOIN pks.unit_period_deficiency q
       ON q.period_kind = 'YEAR' AND q.period_start = make_date(p.year, 1, 1) AND q.unit_id = p.unit_id
      AND q.measure = p.measure;

-- Year-end projections of organisations, the region and own vs private: the sums of their units' projections. The
-- units' errors are taken as independent, so their variances add: standard_error = sqrt(sum of the units' squared
-- standard errors), and the 95 % interval is projected -/+ 1.96 of it. projected, standard_error and the interval
-- are null while any unit of the group has none (a unit with nothing planned so far, or a single period counted):
-- a sum that leaves a unit out would look like a shortfall. units counts the units with a projection row. Against
-- the transaction's plan (pks.projection_in_use); status by the measure's thresholds for any unit, as in
-- pks.rollup_deviation.
CREATE VIEW pks.rollup_projection AS
WITH unit_in_group AS (
    SELECT p.*, u.region_id, g.level, g.group_id, g.group_name
    FROM pks.projection_in_use p
    JOIN pks.unit u ON u.unit_id = p.unit_id
    CROSS JOIN LATERAL (VALUES
        ('ORGANISATION', u.organisation_id, u.organisation_name),
        ('REGION', u.region_id, u.region_id),
        ('OWNERSHIP', u.ownership, u.ownership)
    ) AS g (level, group_id, group_name)
),
summed AS (
    SELECT level, region_id, group_id, max(group_name) AS group_name, measure, year, count(*) AS units,
           sum(actual_to_date) AS actual_to_date, sum(plan_to_date) AS plan_to_date,
           sum(annual_target) AS annual_target,
           CASE WHEN count(projected) = count(*) THEN sum(projected) END AS projected,
           CASE WHEN count(projected) = count(*) AND count(standard_error) = count(*)
                THEN sqrt(sum(standard_error * standard_error)) END AS standard_error
    FROM unit_in_group
    GROUP BY level, region_id, group_id, measure, year
)
SELECT s.level, s.region_id, s.group_id, s.group_name, s.measure, s.year, s.units, s.actual_to_date,
       s.plan_to_date, s.annual_target, s.projected, s.standard_error,
       s.projected - 1.96 * s.standard_error AS interval_low, s.projected + 1.96 * s.standard_error AS interval_high,
       s.projected - s.annual_target AS deviation,
       100 * (s.projected - s.annual_target) / nullif(s.annual_target, 0) AS deviation_pct,
       coalesce(g.incomplete, false) AS incomplete, coalesce(g.flagged, false) AS flagged,
       coalesce(g.deficient_units, 0) AS deficient_units, coalesce(g.deficiency_count, 0) AS deficiency_count,
       coalesce(g.deficiencies, '{}') AS deficiencies,
       pks.threshold_status(s.measure, '*', s.year, 100 * (s.projected - s.annual_target) / nullif(s.annual_target, 0),
                            s.projected) AS status
FROM summed s
LEFT JOIN pks.group_deficiency g
       ON g.level = s.level AND g.region_id = s.region_id AND g.group_id = s.group_id
      AND g.period_kind = 'YEAR' AND g.period_start = make_date(s.year, 1, 1) AND g.measure = s.measure
      AND g.plan_kind = 'TARGET';
