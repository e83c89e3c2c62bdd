-- The key-figure benchmarking round (issue 20 item 2, docs/benchmarking-round.md). Leadership opens a round for a
-- region, a month or tertial and a set of key figures, with a review deadline; opening freezes the preliminary key
-- figures of every unit of the region (value, the group's median and quartiles, rank, deficiencies) as
-- pks.key_figure_comparison gives them at that moment. Each unit's production manager confirms the unit's figures or
-- flags them with a comment; a flagged figure is corrected through the normal event path, and closing the round
-- freezes the final figures (the live values at closing, the group statistics recomputed). The views that compare
-- the frozen figures with the live ones are in R__11_benchmarking_round.sql.

-- One row per round. Every change (opening, closing) is in the audit trail, subject 'benchmarking_round', key the
-- round id, with who and the comment given. unanswered_at_close lists the units in the round that had not answered
-- when it was closed (closing before every unit answered is allowed, and said in the report).
CREATE TABLE pks.benchmarking_round (
    round_id            bigserial   PRIMARY KEY,
    region_id           text        NOT NULL,
    period_kind         text        NOT NULL CHECK (period_kind IN ('MONTH', 'TERTIAL')),
    period_start        date        NOT NULL,
    period_end          date        NOT NULL,
    key_figures         text[]      NOT NULL CHECK (cardinality(key_figures) > 0),
    deadline            date        NOT NULL,
    state               text        NOT NULL CHECK (state IN ('OPEN', 'CLOSED')),
    opened_by           text        NOT NULL,
    opened_at           timestamptz NOT NULL DEFAULT now(),
    comment             text,
    closed_by           text,
    closed_at           timestamptz,
    unanswered_at_close text[],
    -- one round per region and period: a closed round's final figures are the period's benchmark
    UNIQUE (region_id, period_kind, period_start),
    CHECK (state = 'OPEN' OR (closed_by IS NOT NULL AND closed_at IS NOT NULL AND unanswered_at_close IS NOT NULL))
);

CREATE TRIGGER audit_benchmarking_round AFTER INSERT OR UPDATE OR DELETE ON pks.benchmarking_round
    FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change();

-- The frozen figures: PRELIMINARY at opening, FINAL at closing, one row per group, key figure and unit, as
-- pks.key_figure_comparison had them, with the known deficiencies of the figure's measures
-- (pks.key_figure_deficiency). Appended, never changed or removed: what was shown for review stays on record.
CREATE TABLE pks.benchmarking_round_figure (
    round_id               bigint           NOT NULL REFERENCES pks.benchmarking_round,
    stage                  text             NOT NULL CHECK (stage IN ('PRELIMINARY', 'FINAL')),
    group_id               text             NOT NULL,
    group_label            text             NOT NULL,
    key_figure             text             NOT NULL,
    direction              text             NOT NULL,
    unit_id                text             NOT NULL,
    unit_name              text             NOT NULL,
    organisation_id        text             NOT NULL,
    ownership              text             NOT NULL,
    value                  double precision NOT NULL,
    n                      integer          NOT NULL,
    q1                     double precision NOT NULL,
    median                 double precision NOT NULL,
    q3                     double precision NOT NULL,
    rank                   integer          NOT NULL,
    distance_to_median     double precision NOT NULL,
    distance_to_median_pct double precision,
    deficiency_count       integer          NOT NULL,
    deficiencies           text[]           NOT NULL,
    frozen_at              timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (round_id, stage, group_id, key_figure, unit_id)
);

-- A unit's answer: CONFIRMED, or FLAGGED with a comment saying what is wrong (and, optionally, which key figures).
-- A second answer before the deadline replaces the first (a unit that flagged confirms once the correction is in);
-- the audit trail keeps every answer, subject 'benchmarking_round_answer', key round id|unit id.
CREATE TABLE pks.benchmarking_round_answer (
    round_id        bigint      NOT NULL REFERENCES pks.benchmarking_round,
    unit_id         text        NOT NULL,
    organisation_id text        NOT NULL,
    answer          text        NOT NULL CHECK (answer IN ('CONFIRMED', 'FLAGGED')),
    key_figures     text[]      NOT NULL DEFAULT '{}',
    comment         text,
    answered_by     text        NOT NULL,
    answered_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (round_id, unit_id),
    CHECK (answer = 'CONFIRMED' OR length(btrim(coalesce(comment, ''))) > 0)
);

CREATE TRIGGER audit_benchmarking_round_answer AFTER INSERT OR UPDATE OR DELETE ON pks.benchmarking_round_answer
    FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change();

-- The frozen figures are history, like the plan versions (V21): appended and read, never rewritten.
CREATE TRIGGER benchmarking_round_figure_append_only BEFORE UPDATE OR DELETE ON pks.benchmarking_round_figure
    FOR EACH ROW EXECUTE FUNCTION pks.plan_history_append_only();
CREATE TRIGGER benchmarking_round_figure_no_truncate BEFORE TRUNCATE ON pks.benchmarking_round_figure
    FOR EACH STATEMENT EXECUTE FUNCTION pks.plan_history_append_only();
DO $$
BEGIN
    IF current_user <> 'pks_service' AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pks_service') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON pks.benchmarking_round_figure FROM pks_service;
    END IF;
END $$;

-- The reminder: an alert of condition ROUND_ANSWER_DUE per open round and unit that has not answered, once the
-- deadline is at most `threshold` days away (3 by default), delivered to the unit's and organisation's subscribers
-- like every alert; it opens once (one notification per subscriber) and settles when the unit answers or the round
-- closes.
ALTER TABLE pks.alert_setting DROP CONSTRAINT alert_setting_condition_check;
ALTER TABLE pks.alert_setting ADD CONSTRAINT alert_setting_condition_check
    CHECK (condition IN ('STATUS', 'SPC', 'PROJECTION', 'QUEUE_PRESSURE', 'QUEUE_SIZE', 'FEED_MISSING',
                         'FEED_REJECTED', 'ACTION_OVERDUE', 'CHANGED_AFTER_APPROVAL', 'ROUND_ANSWER_DUE'));
INSERT INTO pks.alert_setting (condition, threshold, clear_periods) VALUES ('ROUND_ANSWER_DUE', 3, 1);
