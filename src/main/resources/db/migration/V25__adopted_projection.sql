-- Issue 19 item 2: the year-end projection against the adopted plan (docs/status-projection-queues.md, "Against the
-- adopted plan"). The projection is not a fact about the outcome alone: it is the run-rate measured against a plan
-- (actual to date / plan to date) carried over the rest of that plan's year, so the adopted plan gives a projection
-- of its own, not the current projection set beside another target. A mid-year revision that lowers the autumn
-- weeks lowers the current projection, never the adopted one. The database sink's refresher computes both, with the
-- same code, from pks.plan into pks.projection and from pks.adopted_plan into this table, whenever a unit's figures
-- or targets change and for every unit of a year when the year is adopted (again). The views that read either table
-- by the transaction's plan basis are in R__02_periods_rollups_status.sql (pks.projection_in_use).
CREATE TABLE pks.adopted_projection (LIKE pks.projection INCLUDING DEFAULTS INCLUDING CONSTRAINTS);

ALTER TABLE pks.adopted_projection ADD PRIMARY KEY (unit_id, measure, year);
