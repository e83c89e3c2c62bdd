-- The public answers read published figures only (issue 19 item 1, docs/approval.md "What approval publishes",
-- docs/public-results.md). Besides the approved month's own figures (figure_kind 'PERIOD', every row published
-- before this migration), a unit's MONTH approval now also freezes
--   'WEEK'          the unit's weekly figures of the ISO weeks that end in the month (figure_start: the Monday), so
--                   that every week is published exactly once and only once it has ended: the stored weekly value of
--                   every measure (plan_kind null) and the weekly deviation from each plan, with the week's known
--                   deficiencies;
--   'YEAR_TO_DATE'  the year to date through the month's last day (figure_start: 1 January), with the reports of the
--                   year missing up to that day;
-- and an organisation's MONTH approval its year to date through the month; a unit's TERTIAL approval freezes
--   'KEY_FIGURE'    the unit's key figures of the tertial (pks.key_figure; measure: the key figure, figure_start:
--                   the tertial's first day, direction: which way is better), which the public key figures rank
--                   within the region at read time, over the units of the organisations that approved the tertial.
-- The public results page and /api/v1/public/organisations/{id}, /units/{id}, /units/{id}/figures and /key-figures
-- read these rows of the latest approval.
--
-- The table stays frozen: ADD COLUMN with a constant default changes no row and fires no row trigger, and
-- pks.published_figure_frozen (V20) still refuses every UPDATE and DELETE.
ALTER TABLE pks.published_figure
    ADD COLUMN figure_kind text NOT NULL DEFAULT 'PERIOD'
        CHECK (figure_kind IN ('PERIOD', 'WEEK', 'YEAR_TO_DATE', 'KEY_FIGURE')),
    -- the figure's own period: null for PERIOD (it is the approved period itself)
    ADD COLUMN figure_start date,
    -- WEEK rows: whether the week is a low-production week of the unit (V10 calendar), as at approval
    ADD COLUMN low_production boolean,
    -- WEEK rows: the week's known deficiencies as the public API lists them, an array of objects with kind,
    -- period_kind, period_start, feed, rule, late_events, accepted_events (docs/public-results.md)
    ADD COLUMN deficiency_detail jsonb,
    -- KEY_FIGURE rows: HIGHER_IS_BETTER, LOWER_IS_BETTER or NEUTRAL, as pks.key_figure says
    ADD COLUMN direction text,
    ADD CONSTRAINT published_figure_start CHECK ((figure_kind = 'PERIOD') = (figure_start IS NULL));

-- One row per figure of a version: the figure's own period is part of the key now.
DROP INDEX pks.published_figure_key;
CREATE UNIQUE INDEX published_figure_key
    ON pks.published_figure (level, subject_id, period_kind, period_start, version, figure_kind,
                             coalesce(figure_start, '-infinity'::date), measure, coalesce(plan_kind, ''));

-- The public answers look a unit's weeks up by measure across the approvals of a year.
CREATE INDEX published_figure_by_figure
    ON pks.published_figure (subject_id, figure_kind, measure, figure_start)
    WHERE figure_kind <> 'PERIOD';
