-- Repeatable migration, family "alerts" (set ${pks_repeatables_checksum}). How the R__ files work and how to
-- change a view or function: README.md in this folder.
--
-- Issue 21: alert noise as figures (docs/alerts-and-actions.md, "Alert noise"). The alerts themselves are a table the
-- service's alert rounds fill (V6, V17); these views only read it.

-- ----------------------------------------------------------------------------------------------------------------
-- Alert noise as figures
-- ----------------------------------------------------------------------------------------------------------------

-- Per unit and calendar month (in the region's time zone) in which alerts opened: how many opened, how many of them
-- at WARNING or above when they opened, how many a person acknowledged, the share acknowledged and the median time
-- from opening to acknowledgement in hours. Few alerts, mostly acknowledged, quickly: alerts people act on. Many,
-- rarely acknowledged: noise, and the alert that matters is missed among it. Alerts of an organisation-wide action
-- have no unit (unit_id null).
CREATE VIEW pks.alert_noise AS
SELECT a.organisation_id, a.unit_id,
       date_trunc('month', a.opened_at AT TIME ZONE coalesce(nullif(current_setting('pks.time_zone', true), ''),
                                                             'Europe/Stockholm'))::date AS month,
       count(*) AS raised,
       count(*) FILTER (WHERE c.severity IN ('WARNING', 'CRITICAL')) AS raised_warning_or_above,
       count(a.acknowledged_at) AS acknowledged,
       count(a.acknowledged_at)::double precision / count(*) AS share_acknowledged,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.acknowledged_at - a.opened_at) / 3600)
           AS median_hours_to_acknowledge
FROM pks.alert a
JOIN pks.alert_change c ON c.alert_id = a.alert_id AND c.version = 1
GROUP BY a.organisation_id, a.unit_id, month;

-- Every unit of the register with the alerts it has open now (OPEN or ACKNOWLEDGED), by severity: the figure the
-- target "at most one open alert per unit on average" is read from (avg(open_alerts)).
CREATE VIEW pks.open_alerts_per_unit AS
SELECT u.organisation_id, u.unit_id, u.name,
       count(a.alert_id) AS open_alerts,
       count(a.alert_id) FILTER (WHERE a.severity = 'CRITICAL') AS critical,
       count(a.alert_id) FILTER (WHERE a.severity = 'WARNING') AS warning,
       count(a.alert_id) FILTER (WHERE a.state = 'ACKNOWLEDGED') AS acknowledged
FROM pks.unit u
LEFT JOIN pks.alert a ON a.unit_id = u.unit_id AND a.state <> 'RESOLVED'
GROUP BY u.organisation_id, u.unit_id, u.name;
