-- Repeatable migration, family "key figures" (set ${pks_repeatables_checksum}). How the R__ files work and how to
-- change a view or function: README.md in this folder.
--
-- Key figures comparable between units (docs/key-figures.md): the benchmarking figures of seeds 000 and 001, computed
-- by one method for every unit, own and private alike, and set beside the other units of a group. The registers
-- they read (comparison groups, catchment population) are tables of V16.

-- One value per unit, period and key figure. Each is a ratio of summed parts over the whole period (operations over
-- operating hours, not the mean of monthly ratios), so a short month weighs what it holds. A key figure is absent
-- where its denominator is zero or unknown: a clinic has no beds, a ward no operations.
--   operations_per_operating_hour  operations / operation_hours (theatre time used)        higher is better
--   care_days_per_staffed_bed      care_days / mean staffed beds                           neutral
--   occupancy_rate                 occupied / staffed beds over the censuses               neutral
--   first_visit_share              first / (first + return) visits: planned visits only    neutral
--   waiting_over_limit_per_1000    waiting over the guarantee limit per 1,000 waiting      lower is better
--   first_visits_vs_plan_pct       first visits against the TARGET plan, %                 higher is better
--   operations_vs_plan_pct         operations against the TARGET plan, %                   higher is better
-- One unit's key figures for every period: the definition, which pks.key_figure applies to every unit. A function
-- so that a query that knows its units (a comparison group's members, a round's units) computes the figures of those
-- units only. PostgreSQL inlines it (a single SELECT in SQL, STABLE), so the unit and the caller's filters on period
-- kind and period reach the stored months and plans of that unit; a view filtered by a join cannot be, and a group's
-- 48 members cost the key figures of all 1,000 units of the country (docs/benchmarks.md, "Key figures per member").
-- Do not add SET, STRICT or SECURITY DEFINER: each of them stops the inlining.
CREATE OR REPLACE FUNCTION pks.unit_key_figure(of_unit text)
    RETURNS TABLE (period_kind text, period_start date, period_end date, key_figure text, value double precision,
                   direction text)
    LANGUAGE sql STABLE AS $$
WITH actual AS (
    SELECT a.period_kind, a.period_start, a.period_end,
           max(a.value) FILTER (WHERE a.measure = 'operations') AS operations,
           max(a.value) FILTER (WHERE a.measure = 'operation_hours') AS operation_hours,
           max(a.value) FILTER (WHERE a.measure = 'care_days') AS care_days,
           max(a.value) FILTER (WHERE a.measure = 'staffed_beds') AS staffed_beds,
           max(a.value) FILTER (WHERE a.measure = 'occupancy_rate') AS occupancy_rate,
           max(a.value) FILTER (WHERE a.measure = 'first_visits') AS first_visits,
           max(a.value) FILTER (WHERE a.measure = 'return_visits') AS return_visits,
           max(a.value) FILTER (WHERE a.measure = 'waiting_count') AS waiting_count,
           max(a.value) FILTER (WHERE a.measure = 'waiting_over_limit') AS waiting_over_limit
    FROM pks.period_actual a
    WHERE a.unit_id = $1 AND a.period_kind IN ('MONTH', 'TERTIAL', 'YEAR', 'YEAR_TO_DATE', 'ROLLING_12_MONTHS')
      AND a.measure IN ('operations', 'operation_hours', 'care_days', 'staffed_beds', 'occupancy_rate', 'first_visits',
                        'return_visits', 'waiting_count', 'waiting_over_limit')
    GROUP BY a.period_kind, a.period_start, a.period_end
),
-- the TARGET plan of the two measures compared with it, to set beside the actuals above as pks.period_comparison
-- does (a count with no actual in a period that has begun is 0)
planned AS (
    SELECT e.period_kind, e.period_start, e.period_end,
           max(e.expected) FILTER (WHERE e.measure = 'first_visits') AS first_visits,
           max(e.expected) FILTER (WHERE e.measure = 'operations') AS operations
    FROM pks.period_expected e
    WHERE e.unit_id = $1 AND e.plan_kind = 'TARGET' AND e.measure IN ('first_visits', 'operations')
      AND e.period_kind IN ('MONTH', 'TERTIAL', 'YEAR', 'YEAR_TO_DATE', 'ROLLING_12_MONTHS')
    GROUP BY e.period_kind, e.period_start, e.period_end
)
SELECT a.period_kind, a.period_start, a.period_end, k.key_figure, k.value, k.direction
FROM actual a
LEFT JOIN planned p ON p.period_kind = a.period_kind AND p.period_start = a.period_start AND p.period_end = a.period_end
CROSS JOIN LATERAL (SELECT CASE WHEN a.period_start <= pks.as_of_date() THEN 0 END AS nothing_yet) AS z
CROSS JOIN LATERAL (VALUES
    ('operations_per_operating_hour', a.operations / nullif(a.operation_hours, 0), 'HIGHER_IS_BETTER'),
    ('care_days_per_staffed_bed', a.care_days / nullif(a.staffed_beds, 0), 'NEUTRAL'),
    ('occupancy_rate', a.occupancy_rate, 'NEUTRAL'),
    ('first_visit_share', a.first_visits / nullif(a.first_visits + a.return_visits, 0), 'NEUTRAL'),
    ('waiting_over_limit_per_1000', 1000 * a.waiting_over_limit / nullif(a.waiting_count, 0), 'LOWER_IS_BETTER'),
    ('first_visits_vs_plan_pct', 100 * coalesce(a.first_visits, z.nothing_yet) / nullif(p.first_visits, 0),
     'HIGHER_IS_BETTER'),
    ('operations_vs_plan_pct', 100 * coalesce(a.operations, z.nothing_yet) / nullif(p.operations, 0),
     'HIGHER_IS_BETTER')
) AS k (key_figure, value, direction)
WHERE k.value IS NOT NULL
$$;

-- pks.unit_key_figure for every unit of the register and every unit with stored figures that is not in it (as
-- pks.period_actual has both).
CREATE VIEW pks.key_figure AS
SELECT k.period_kind, k.period_start, k.period_end, units.unit_id, k.key_figure, k.value, k.direction
FROM (
    SELECT unit_id FROM pks.unit
    UNION ALL
    SELECT s.unit_id FROM (SELECT DISTINCT unit_id FROM pks.measure_value) s
    WHERE NOT EXISTS (SELECT 1 FROM pks.unit u WHERE u.unit_id = s.unit_id)
) AS units
CROSS JOIN LATERAL pks.unit_key_figure(units.unit_id) AS k;

-- The groups a unit is compared in: its region's (group 'region:<region id>', every unit of the region) and every
-- group the region defined that lists it (pks.comparison_group_unit). Units of the register only.
CREATE VIEW pks.comparison_group_member AS
SELECT u.unit_id, 'region:' || u.region_id AS group_id, 'Region ' || u.region_id AS group_label
FROM pks.unit u
UNION ALL
SELECT m.unit_id, g.group_id, g.label
FROM pks.comparison_group_unit m
JOIN pks.comparison_group g USING (group_id)
JOIN pks.unit u USING (unit_id);

-- Each unit's key figure beside its group (pks.comparison_group_member): the group's units that have the figure.
-- n counts them; the quartiles are interpolated (percentile_cont); rank 1 is the best where the figure has a
-- direction, the highest otherwise; distance is the unit's value minus the group median, and in % of the median.
-- Why the members' figures are gathered into arrays with the quartiles and unnested again rather than joined with
-- them: each member's key figures are then computed once, not once for the rows and once for the quartiles. A filter
-- on group, period kind, period and key figure reaches the members' stored rows (they are the grouping columns, and
-- the partition of rank); a filter on the unit alone cannot, since the quartiles need the whole group: a query about
-- one unit names its groups (docs/key-figures.md, "Reading the comparison").
CREATE VIEW pks.key_figure_comparison AS
WITH per_group AS (
    SELECT m.group_id, m.group_label, k.period_kind, k.period_start, k.period_end, k.key_figure, k.direction,
           count(*) AS n,
           percentile_cont(0.25) WITHIN GROUP (ORDER BY k.value) AS q1,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY k.value) AS median,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY k.value) AS q3,
           -- one order for every array, so that their n-th elements are one member's
           array_agg(m.unit_id ORDER BY m.unit_id) AS unit_ids,
           array_agg(k.value ORDER BY m.unit_id) AS member_values
    FROM pks.comparison_group_member m
    -- per member: the group's units, not the country's (pks.unit_key_figure)
    CROSS JOIN LATERAL pks.unit_key_figure(m.unit_id) AS k
    GROUP BY m.group_id, m.group_label, k.period_kind, k.period_start, k.period_end, k.key_figure, k.direction
)
SELECT g.group_id, g.group_label, g.period_kind, g.period_start, g.period_end, g.key_figure, g.direction,
       x.unit_id, u.name AS unit_name, u.organisation_id, u.ownership, x.value,
       g.n, g.q1, g.median, g.q3,
       rank() OVER (PARTITION BY g.group_id, g.period_kind, g.period_start, g.key_figure
                    ORDER BY CASE WHEN g.direction = 'LOWER_IS_BETTER' THEN x.value ELSE -x.value END) AS rank,
       x.value - g.median AS distance_to_median,
       100 * (x.value - g.median) / nullif(g.median, 0) AS distance_to_median_pct
FROM per_group g
CROSS JOIN LATERAL unnest(g.unit_ids, g.member_values) AS x (unit_id, value)
JOIN pks.unit u ON u.unit_id = x.unit_id;

-- One group's comparison for one period, each a subquery of its own: how a question about one unit (its groups) or a
-- region (its units' groups) asks, one group at a time, so that each group reaches its members' figures (a filter on
-- the unit alone cannot, since the quartiles need the whole group). Inlined by PostgreSQL; OFFSET 0 keeps the
-- subquery whole, where the arguments reach the members' months and plans, instead of flattening it into the
-- caller's join. The columns are those of pks.key_figure_comparison.
CREATE OR REPLACE FUNCTION pks.group_key_figure_comparison(of_group text, of_kind text, of_start date)
    RETURNS TABLE (group_id text, group_label text, period_kind text, period_start date, period_end date,
                   key_figure text, direction text, unit_id text, unit_name text, organisation_id text,
                   ownership text, value double precision, n bigint, q1 double precision, median double precision,
                   q3 double precision, rank bigint, distance_to_median double precision,
                   distance_to_median_pct double precision)
    LANGUAGE sql STABLE AS $$
    SELECT * FROM pks.key_figure_comparison c
    WHERE c.group_id = $1 AND c.period_kind = $2 AND c.period_start = $3
    OFFSET 0
$$;

-- Volumes per 10,000 inhabitants of an organisation's catchment, for the year the period lies in.
CREATE VIEW pks.volume_per_inhabitants AS
SELECT a.period_kind, a.period_start, a.period_end, u.organisation_id, a.measure, sum(a.value) AS volume,
       p.population, 10000 * sum(a.value) / p.population AS per_10000_inhabitants
FROM pks.period_actual a
JOIN pks.unit u USING (unit_id)
JOIN pks.catchment_population p ON p.organisation_id = u.organisation_id
                               AND p.year = extract(year FROM a.period_start)::integer
WHERE a.measure IN ('first_visits', 'return_visits', 'operations', 'care_days', 'discharges', 'referrals_in')
  AND a.period_kind IN ('MONTH', 'TERTIAL', 'YEAR', 'YEAR_TO_DATE')
GROUP BY a.period_kind, a.period_start, a.period_end, u.organisation_id, a.measure, p.population;
