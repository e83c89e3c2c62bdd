-- Repeatable migration, the first of the set (set ${pks_repeatables_checksum}). How the R__ files work and how to
-- change a view or function: README.md in this folder.
--
-- Flyway runs every R__ file again, in the order of their names, whenever any one of them changed (the placeholder
-- above carries a checksum of all of them, se.pks.stream.storage.RepeatableMigrations). This file runs first and
-- drops every view the R__ files define; each family's file then creates its views afresh. So a view may lose,
-- rename or retype a column, and a view other views read may change, without CREATE OR REPLACE VIEW's limits
-- (it can only add columns at the end) and without DROP ... CASCADE.
--
-- One statement names them all: PostgreSQL lets the objects of one DROP depend on each other, so no order is needed
-- and no CASCADE. Without CASCADE, an object outside this list that reads one of these views (a region's own view in
-- another schema, say) stops the migration with "cannot drop desired object(s) because other objects depend on
-- them" and the view it reads, rather than being dropped unseen; drop it, migrate, and create it again.
--
-- Keep every view an R__ file creates in this list (the family files use plain CREATE VIEW, so a view missing here
-- fails the next run with "relation ... already exists"). A view taken out of the R__ files stays in the list: it is
-- then dropped from every database at the next run, and IF EXISTS makes it harmless where it never existed.
--
-- A versioned migration that drops views (to change a column they read) names itself here, so that this set runs
-- after it and creates them again. Views last dropped by a versioned migration: none.
DROP VIEW IF EXISTS
    -- R__02_periods_rollups_status.sql
    pks.plan_by_basis,
    pks.plan_in_use,
    pks.period_actual,
    pks.plan_piece,
    pks.period_expected_by_basis,
    pks.period_expected,
    pks.period_comparison_by_basis,
    pks.period_comparison,
    pks.period_deviation_by_basis,
    pks.period_deviation,
    pks.deviation_status,
    pks.rollup_deviation_by_basis,
    pks.rollup_deviation,
    pks.capacity_utilisation,
    pks.rollup_capacity_utilisation,
    pks.weekly_value_vs_last_year,
    pks.projection_by_basis,
    pks.projection_in_use,
    pks.organisation_projection_by_basis,
    pks.organisation_projection,
    -- R__03_data_quality.sql
    pks.expected_report,
    pks.missing_data,
    pks.feed_completeness,
    pks.outlier,
    pks.implausible,
    pks.deviation_quality,
    -- R__04_actions.sql
    pks.overdue_action,
    pks.action_effect,
    -- R__05_balanced_scorecard.sql
    pks.scorecard,
    -- R__06_key_figures.sql
    pks.key_figure,
    pks.comparison_group_member,
    pks.key_figure_comparison,
    pks.volume_per_inhabitants,
    -- R__07_deficiencies.sql
    pks.unit_deficiency,
    pks.unit_period_deficiency,
    pks.group_deficiency_label,
    pks.group_deficiency,
    pks.measure_value_quality,
    pks.period_deviation_quality,
    pks.rollup_deviation_quality_by_basis,
    pks.rollup_deviation_quality,
    pks.scorecard_quality,
    pks.spc_point_quality,
    pks.projection_quality,
    pks.rollup_projection,
    -- R__08_alerts.sql
    pks.alert_noise,
    pks.open_alerts_per_unit,
    -- R__09_approval.sql
    pks.live_period_value,
    pks.approved_figure,
    pks.approval_quality,
    -- R__10_plan_versions.sql
    pks.adopted_deviation,
    pks.adopted_deviation_quality,
    pks.deviation_status_by_basis,
    -- R__11_benchmarking_round.sql
    pks.key_figure_deficiency,
    pks.benchmarking_round_change;

-- Functions are kept and redefined with CREATE OR REPLACE FUNCTION, which changes a body, but not a function's
-- parameter types, parameter names or return type. For such a change, drop the old signature here, e.g.
--   DROP FUNCTION IF EXISTS pks.week_start(day date);
-- (the views that call it are gone by then), and leave the line in, like a retired view above. A function a table
-- uses (a default, a check, an index) belongs in a V file, not here.
