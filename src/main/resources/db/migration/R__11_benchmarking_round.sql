-- Repeatable migration, family "benchmarking round" (set ${pks_repeatables_checksum}). How the R__ files work and how
-- to change a view or function: README.md in this folder.
--
-- Issue 20 item 2: the key-figure benchmarking round (docs/benchmarking-round.md). The tables are in V23: the rounds,
-- their frozen figures (PRELIMINARY at opening, FINAL at closing) and the units' answers. These views give the known
-- deficiencies beside each key figure and what changed between the frozen preliminary figures and the live or final
-- ones.

-- The known deficiencies of a unit's key figure in a period: those pks.unit_period_deficiency lists for the measures
-- the key figure is computed from (docs/key-figures.md), each label once (a missing feed is listed for every measure
-- of it).
CREATE VIEW pks.key_figure_deficiency AS
SELECT d.unit_id, d.region_id, d.period_kind, d.period_start, m.key_figure,
       count(DISTINCT l.label)::integer AS deficiency_count,
       array_agg(DISTINCT l.label ORDER BY l.label) AS deficiencies
FROM pks.unit_period_deficiency d
JOIN (VALUES
    ('operations_per_operating_hour', 'operations'), ('operations_per_operating_hour', 'operation_hours'),
    ('care_days_per_staffed_bed', 'care_days'), ('care_days_per_staffed_bed', 'staffed_beds'),
    ('occupancy_rate', 'occupancy_rate'),
    ('first_visit_share', 'first_visits'), ('first_visit_share', 'return_visits'),
    ('waiting_over_limit_per_1000', 'waiting_over_limit'), ('waiting_over_limit_per_1000', 'waiting_count'),
    ('first_visits_vs_plan_pct', 'first_visits'),
    ('operations_vs_plan_pct', 'operations')
) AS m (key_figure, measure) ON m.measure = d.measure
CROSS JOIN LATERAL unnest(d.deficiencies) AS l (label)
GROUP BY d.unit_id, d.region_id, d.period_kind, d.period_start, m.key_figure;

-- Per round, unit and key figure: the frozen preliminary value beside the current one, the live value while the round
-- is open (pks.key_figure, so a corrected or late event shows here as soon as the stream has it) and the frozen final
-- value once it is closed. changed: the two differ by more than rounding, or the figure is gone (pks.figure_moved).
-- Read per unit from the region's group, where every unit of the round has its rows.
CREATE VIEW pks.benchmarking_round_change AS
SELECT r.round_id, r.state, p.unit_id, p.unit_name, p.organisation_id, p.key_figure, p.value AS preliminary,
       c.value AS current, CASE r.state WHEN 'CLOSED' THEN 'FINAL' ELSE 'LIVE' END AS current_source,
       pks.figure_moved(p.value, c.value) AS changed
FROM pks.benchmarking_round r
JOIN pks.benchmarking_round_figure p
  ON p.round_id = r.round_id AND p.stage = 'PRELIMINARY' AND p.group_id = 'region:' || r.region_id
LEFT JOIN LATERAL (
    SELECT f.value FROM pks.benchmarking_round_figure f
    WHERE r.state = 'CLOSED' AND f.round_id = r.round_id AND f.stage = 'FINAL' AND f.group_id = p.group_id
      AND f.unit_id = p.unit_id AND f.key_figure = p.key_figure
    UNION ALL
    SELECT k.value FROM pks.key_figure k
    WHERE r.state = 'OPEN' AND k.period_kind = r.period_kind AND k.period_start = r.period_start
      AND k.unit_id = p.unit_id AND k.key_figure = p.key_figure
) AS c ON true;
