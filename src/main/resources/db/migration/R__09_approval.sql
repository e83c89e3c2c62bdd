-- Repeatable migration, family "approval" (set ${pks_repeatables_checksum}). How the R__ files work and how to
-- change a view or function: README.md in this folder.
--
-- Issue 19 item 1: approval and publication by level (docs/approval.md). The tables are in V20: pks.approval (who
-- approved which period of which unit or organisation) and pks.published_figure (the frozen versions). These views
-- say what an approval publishes and which published figures the live ones have moved away from since.

-- Whether a live figure differs from its published one: a figure that appeared or vanished has moved, and so has a
-- value off by more than rounding (the views recompute rates from their parts, so the last bits may differ).
CREATE OR REPLACE FUNCTION pks.figure_moved(approved double precision, live double precision) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN approved IS NULL AND live IS NULL THEN false
                WHEN approved IS NULL OR live IS NULL THEN true
                ELSE abs(live - approved) > 1e-9 * greatest(1, abs(approved)) END
$$;

-- Every figure of a month or tertial that an approval publishes, as it stands now, per level (an approval adds the
-- figure's known deficiencies, se.pks.stream.storage.ApprovalTable; they are left out here because the comparison
-- with the published figures needs none of them and the deficiency views are the expensive part):
--   UNIT          the unit's value of every measure it has a figure for (plan_kind null, status from a value
--                 threshold if the measure has one) and its deviation from each plan (pks.period_deviation);
--   ORGANISATION  the organisation's deviation from each plan as pks.rollup_deviation adds up its units;
--   REGION        the region's, as pks.rollup_deviation adds up all of its units (own and private).
-- organisation_id is the unit's organisation (for UNIT), the organisation itself, or null for a region.
CREATE VIEW pks.live_period_value AS
SELECT 'UNIT'::text AS level, a.unit_id AS subject_id, u.organisation_id, a.period_kind, a.period_start,
       a.period_end, a.measure, NULL::text AS plan_kind, a.value AS actual, NULL::double precision AS expected,
       NULL::double precision AS deviation, NULL::double precision AS deviation_pct,
       pks.threshold_status(a.measure, a.unit_id, pks.ambition_year(a.period_kind, a.period_start, a.period_end),
                            NULL, a.value) AS status
FROM pks.period_actual a
JOIN pks.unit u ON u.unit_id = a.unit_id
WHERE a.period_kind IN ('MONTH', 'TERTIAL')
UNION ALL
SELECT 'UNIT', d.unit_id, u.organisation_id, d.period_kind, d.period_start, d.period_end, d.measure, d.plan_kind,
       d.actual, d.expected, d.deviation, d.deviation_pct, d.status
FROM pks.period_deviation d
JOIN pks.unit u ON u.unit_id = d.unit_id
WHERE d.period_kind IN ('MONTH', 'TERTIAL')
UNION ALL
SELECT r.level, r.group_id, CASE r.level WHEN 'ORGANISATION' THEN r.group_id END, r.period_kind, r.period_start,
       r.period_end, r.measure, r.plan_kind, r.actual, r.expected, r.deviation, r.deviation_pct, r.status
FROM pks.rollup_deviation r
WHERE r.level IN ('ORGANISATION', 'REGION') AND r.period_kind IN ('MONTH', 'TERTIAL');

-- The published version of every approved or re-opened period (the latest approval's), figure by figure, beside the
-- live figure. changed_after_approval: the live actual or plan differs from the published one, or the live figure is
-- gone. The published columns are what the public API shows; the live ones are for the note "changed after
-- approval: live 412, approved 405" and for the approver.
CREATE VIEW pks.approved_figure AS
SELECT a.level, a.subject_id, a.organisation_id, a.period_kind, a.period_start, a.period_end, a.state, a.version,
       a.approved_by, a.approved_at, f.measure, f.plan_kind, f.actual, f.expected, f.deviation, f.deviation_pct,
       f.status, f.incomplete, f.flagged, f.deficiency_count, f.deficiencies, f.published_at,
       l.actual AS live_actual, l.expected AS live_expected, l.deviation_pct AS live_deviation_pct,
       l.status AS live_status,
       (l.measure IS NULL OR pks.figure_moved(f.actual, l.actual) OR pks.figure_moved(f.expected, l.expected))
           AS changed_after_approval
FROM pks.approval a
JOIN pks.published_figure f
  ON f.level = a.level AND f.subject_id = a.subject_id AND f.period_kind = a.period_kind
 AND f.period_start = a.period_start AND f.version = a.version
 -- the approved period's own figures; the weeks and year to date published with a month (V26) are the public
 -- answers' (se.pks.stream.storage.PublicResultsQueries), compared with nothing live here
 AND f.figure_kind = 'PERIOD'
LEFT JOIN pks.live_period_value l
       ON l.level = f.level AND l.subject_id = f.subject_id AND l.period_kind = f.period_kind
      AND l.period_start = f.period_start AND l.measure = f.measure
      AND coalesce(l.plan_kind, '') = coalesce(f.plan_kind, '');

-- Data quality of the published periods: per approval, how many figures it published and how many of them the live
-- figures have since moved away from (late events, corrections, changed plans). A period with changed figures is
-- one to re-open and approve again. Counted approval by approval (a lateral subquery), so that PostgreSQL computes
-- the live figures of each approved period alone rather than of every period of every unit.
CREATE VIEW pks.approval_quality AS
SELECT a.level, a.subject_id, a.organisation_id, a.period_kind, a.period_start, a.period_end, a.state, a.version,
       a.approved_by, a.approved_at, c.published_figures, c.changed_figures
FROM pks.approval a
CROSS JOIN LATERAL (
    SELECT count(*) AS published_figures, count(*) FILTER (WHERE f.changed_after_approval) AS changed_figures
    FROM pks.approved_figure f
    WHERE f.level = a.level AND f.subject_id = a.subject_id AND f.period_kind = a.period_kind
      AND f.period_start = a.period_start
) AS c;
