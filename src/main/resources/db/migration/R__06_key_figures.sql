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
CREATE VIEW pks.key_figure AS
WITH actual AS (
    SELECT period_kind, period_start, period_end, unit_id,
           max(value) FILTER (WHERE measure = 'operations') AS operations,
           max(value) FILTER (WHERE measure = 'operation_hours') AS operation_hours,
           max(value) FILTER (WHERE measure = 'care_days') AS care_days,
           max(value) FILTER (WHERE measure = 'staffed_beds') AS staffed_beds,
           max(value) FILTER (WHERE measure = 'occupancy_rate') AS occupancy_rate,
           max(value) FILTER (WHERE measure = 'first_visits') AS first_visits,
           max(value) FILTER (WHERE measure = 'return_visits') AS return_visits,
           max(value) FILTER (WHERE measure = 'waiting_count') AS waiting_count,
           max(value) FILTER (WHERE measure = 'waiting_over_limit') AS waiting_over_limit
    FROM pks.period_actual
    WHERE period_kind IN ('MONTH', 'TERTIAL', 'YEAR', 'YEAR_TO_DATE', 'ROLLING_12_MONTHS')
    GROUP BY period_kind, period_start, period_end, unit_id
),
against_plan AS (
    SELECT period_kind, period_start, period_end, unit_id,
           max(100 * actual / nullif(expected, 0)) FILTER (WHERE measure = 'first_visits') AS first_visits_pct,
           max(100 * actual / nullif(expected, 0)) FILTER (WHERE measure = 'operations') AS operations_pct
    -- pks.period_deviation's actual and expected, without the status and low-production flag it adds per row
    FROM pks.period_comparison
    WHERE plan_kind = 'TARGET' AND measure IN ('first_visits', 'operations')
      AND period_kind IN ('MONTH', 'TERTIAL', 'YEAR', 'YEAR_TO_DATE', 'ROLLING_12_MONTHS')
    GROUP BY period_kind, period_start, period_end, unit_id
)
SELECT a.period_kind, a.period_start, a.period_end, a.unit_id, k.key_figure, k.value, k.direction
FROM actual a
LEFT JOIN against_plan p USING (period_kind, period_start, period_end, unit_id)
CROSS JOIN LATERAL (VALUES
    ('operations_per_operating_hour', a.operations / nullif(a.operation_hours, 0), 'HIGHER_IS_BETTER'),
    ('care_days_per_staffed_bed', a.care_days / nullif(a.staffed_beds, 0), 'NEUTRAL'),
    ('occupancy_rate', a.occupancy_rate, 'NEUTRAL'),
    ('first_visit_share', a.first_visits / nullif(a.first_visits + a.return_visits, 0), 'NEUTRAL'),
    ('waiting_over_limit_per_1000', 1000 * a.waiting_over_limit / nullif(a.waiting_count, 0), 'LOWER_IS_BETTER'),
    ('first_visits_vs_plan_pct', p.first_visits_pct, 'HIGHER_IS_BETTER'),
    ('operations_vs_plan_pct', p.operations_pct, 'HIGHER_IS_BETTER')
) AS k (key_figure, value, direction)
WHERE k.value IS NOT NULL;

-- Each unit's key figure beside its group: the region's units that have the figure (group 'region:<region id>')
-- and every group the region defined that the unit is in. n counts the group's units with a value; the quartiles
-- are interpolated (percentile_cont); rank 1 is the best where the figure has a direction, the highest otherwise;
-- distance is the unit's value minus the group median, and in % of the median.
CREATE VIEW pks.key_figure_comparison AS
WITH membership AS (
    SELECT u.unit_id, 'region:' || u.region_id AS group_id, 'Region ' || u.region_id AS group_label
    FROM pks.unit u
    UNION ALL
    SELECT m.unit_id, g.group_id, g.label
    FROM pks.comparison_group_unit m
    JOIN pks.comparison_group g USING (group_id)
),
-- inlined in both places it is read, not computed once: a dashboard's group, period and key figure then reach the
-- figures, instead of every key figure of every period of every unit being computed first (docs/benchmarks.md)
grouped AS NOT MATERIALIZED (
    SELECT m.group_id, m.group_label, k.*, u.name AS unit_name, u.organisation_id, u.ownership
    FROM pks.key_figure k
    JOIN membership m USING (unit_id)
    JOIN pks.unit u USING (unit_id)
),
quartiles AS (
    SELECT group_id, period_kind, period_start, key_figure, count(*) AS n,
           percentile_cont(0.25) WITHIN GROUP (ORDER BY value) AS q1,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY value) AS q3
    FROM grouped
    GROUP BY group_id, period_kind, period_start, key_figure
)
SELECT g.group_id, g.group_label, g.period_kind, g.period_start, g.period_end, g.key_figure, g.direction,
       g.unit_id, g.unit_name, g.organisation_id, g.ownership, g.value,
       q.n, q.q1, q.median, q.q3,
       rank() OVER (PARTITION BY g.group_id, g.period_kind, g.period_start, g.key_figure
                    ORDER BY CASE WHEN g.direction = 'LOWER_IS_BETTER' THEN g.value ELSE -g.value END) AS rank,
       g.value - q.median AS distance_to_median,
       100 * (g.value - q.median) / nullif(q.median, 0) AS distance_to_median_pct
FROM grouped g
JOIN quartiles q USING (group_id, period_kind, period_start, key_figure);

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
