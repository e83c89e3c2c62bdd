-- Repeatable migration, family "plan versions" (set ${pks_repeatables_checksum}). How the R__ files work and how to
-- change a view or function: README.md in this folder.
--
-- The stream's own weekly and monthly deviations (pks.deviation) compare with the current plan. This is the same
-- comparison against the adopted plan (the table pks.adopted_plan, V21), one row per
-- adopted plan row, computed here from the stored figures: what GET /api/v1/deviations?plan=adopted answers and
-- what a dashboard reads when asked for the adopted plan. Every other period kind, the statuses and the rollups
-- against the adopted plan come from the period views themselves (pks.plan_in_use).

-- The actual as the stream takes it (PublishedFigures.actualOf): the stored value, or 0 for a count with no figure
-- (nothing happened), or unknown (null) for a ratio or level with no figure. deviation_pct is percent of plan, null
-- when nothing was planned. The deficiencies are those of the unit's figure in the period
-- (pks.unit_period_deficiency), as on pks.period_deviation_quality; updated_at is when the figure or the adoption
-- last changed, whichever is later.
-- pks.adopted_deviation is the comparison alone, for a reader that needs no deficiencies (pks.deviation_status_by_basis
-- below): finding a unit's deficiencies reads its whole history.
CREATE VIEW pks.adopted_deviation AS
SELECT p.granularity, p.period_start, p.unit_id, p.measure, p.plan_kind, x.actual, p.value AS expected,
       x.actual - p.value AS deviation, 100 * (x.actual - p.value) / nullif(p.value, 0) AS deviation_pct,
       greatest(mv.updated_at, p.adopted_at) AS updated_at, p.year, p.adoption_id, p.version_id
FROM pks.adopted_plan p
JOIN pks.measure_catalogue c ON c.measure = p.measure
LEFT JOIN pks.measure_value mv
       ON mv.granularity = p.granularity AND mv.period_start = p.period_start AND mv.unit_id = p.unit_id
      AND mv.measure = p.measure
CROSS JOIN LATERAL (SELECT CASE WHEN mv.value IS NOT NULL THEN mv.value
                                WHEN c.kind = 'COUNT' THEN 0 END AS actual) AS x;

CREATE VIEW pks.adopted_deviation_quality AS
SELECT d.*,
       coalesce(q.incomplete, false) AS incomplete, coalesce(q.flagged, false) AS flagged,
       coalesce(q.deficiency_count, 0) AS deficiency_count, coalesce(q.deficiencies, '{}') AS deficiencies
FROM pks.adopted_deviation d
LEFT JOIN pks.unit_period_deficiency q
       ON q.period_kind = d.granularity AND q.period_start = d.period_start AND q.unit_id = d.unit_id
      AND q.measure = d.measure;

-- The weekly and monthly deviations with their status against both plans, told apart by basis: 'current' the
-- stream's own rows (pks.deviation_status), 'adopted' those of pks.adopted_deviation with the status and the
-- low-production flag worked out the same way. For a query that names the plan itself (a Grafana panel, by its Plan
-- variable: WHERE basis = lower('$plan')); unfiltered branches, so that the filter removes the other one from the
-- plan.
CREATE VIEW pks.deviation_status_by_basis AS
SELECT 'current'::text AS basis, granularity, period_start, unit_id, measure, plan_kind, actual, expected, deviation,
       deviation_pct, updated_at, status, low_production
FROM pks.deviation_status
UNION ALL
SELECT 'adopted', a.granularity, a.period_start, a.unit_id, a.measure, a.plan_kind, a.actual, a.expected,
       a.deviation, a.deviation_pct, a.updated_at,
       pks.threshold_status(a.measure, a.unit_id, pks.ambition_year(a.granularity, a.period_start, a.period_start),
                            a.deviation_pct, a.actual),
       CASE WHEN a.granularity = 'WEEK' THEN pks.is_low_production_week(a.unit_id, a.period_start) END
FROM pks.adopted_deviation a;
