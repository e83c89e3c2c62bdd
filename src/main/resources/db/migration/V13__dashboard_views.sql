-- V13: what the Grafana dashboards need to be read at a glance (issue 23).
--
-- New objects only; nothing earlier is changed:
--   pks.local_day(timestamptz)       function: the region's date of a moment (Grafana's time range ends)
--   pks.organisation_projection      view: the year-end projection summed over an organisation's units, with status

-- The date a moment falls on in the region's time zone (pks.time_zone, default Europe/Stockholm, as in
-- pks.as_of_date()). Grafana sends its time range as UTC timestamps ('2024-12-31T23:00:00Z' for the start of 2025 in
-- Stockholm); casting that to date takes the UTC date, 31 December, and last December's months, tertial and year leak
-- into "this year". Dashboards compare dates with pks.local_day($__timeFrom()) and pks.local_day($__timeTo()).
CREATE FUNCTION pks.local_day(moment timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (moment AT TIME ZONE coalesce(nullif(current_setting('pks.time_zone', true), ''), 'Europe/Stockholm'))::date
$$;

-- Where each organisation (hospital or private provider) ends the year at today's pace: its units' projections
-- (pks.projection, per unit, count measure and year) summed. A count adds up over units, so the organisation's
-- projected year is the sum of its units' projected years and its annual target the sum of their targets. While one
-- unit has no projection yet (no plan up to now to scale by), the organisation's projected year is unknown (null)
-- rather than the sum of the others, which would read as a shortfall. status is the projected year's deviation
-- against the measure's thresholds for any unit (pks.threshold_status), as in pks.rollup_deviation.
CREATE VIEW pks.organisation_projection AS
WITH summed AS (
    SELECT u.region_id, u.organisation_id, u.organisation_name, p.measure, p.year,
           count(*) AS units,
           sum(p.actual_to_date) AS actual_to_date,
           sum(p.plan_to_date) AS plan_to_date,
           sum(p.annual_target) AS annual_target,
           -- the projected year only when every unit has one
           CASE WHEN count(p.projected) = count(*) THEN sum(p.projected) END AS projected
    FROM pks.projection p
    JOIN pks.unit u USING (unit_id)
    GROUP BY u.region_id, u.organisation_id, u.organisation_name, p.measure, p.year
)
SELECT s.*, s.projected - s.annual_target AS deviation, d.deviation_pct,
       pks.threshold_status(s.measure, '*', s.year, d.deviation_pct, s.projected) AS status
FROM summed s
CROSS JOIN LATERAL (SELECT 100 * (s.projected - s.annual_target) / nullif(s.annual_target, 0) AS deviation_pct) AS d;
