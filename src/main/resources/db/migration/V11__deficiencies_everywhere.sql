-- Issue 18, items 4 and 5: known data deficiencies on every figure at every level, and year-end projections with an
-- interval, for units planned by month as well as by week, summed to organisations, the region and own vs private.
-- docs/data-quality.md ("Deficiencies on every figure") and docs/status-projection-queues.md ("Year-end projection")
-- describe them for analysts.
--
-- This file holds the table change; the views (the deficiencies attached to every figure, and the rollup projections)
-- are in R__07_deficiencies.sql.

-- ----------------------------------------------------------------------------------------------------------------
-- Projections: which plans they come from, how far they count, and how sure they are
-- ----------------------------------------------------------------------------------------------------------------

-- plan_granularity  WEEK (weekly TARGET plans) or MONTH (monthly TARGET plans: the year has at least one);
-- weeks_elapsed     the plan periods counted so far: whole weeks, or for MONTH whole months plus the started month;
-- elapsed_through   the last day counted (a Sunday for WEEK; for MONTH the day before the as-of day);
-- standard_error    of the projected year-end value (docs/status-projection-queues.md); null with fewer than two
--                   periods counted, 0 once the whole year is counted;
-- interval_low/high projected -/+ 1.96 standard errors: a 95 % prediction interval.
ALTER TABLE pks.projection
    ADD COLUMN plan_granularity text NOT NULL DEFAULT 'WEEK' CHECK (plan_granularity IN ('WEEK', 'MONTH')),
    ADD COLUMN elapsed_through  date,
    ADD COLUMN standard_error   double precision,
    ADD COLUMN interval_low     double precision,
    ADD COLUMN interval_high    double precision;
