-- Approval and publication by level (issue 19 item 1, docs/approval.md). A production manager approves a unit's month
-- or tertial; the organisation's approver approves the organisation's once all of its units with figures in that
-- period are approved; either can be re-opened with a reason. Approving freezes a published version of every figure
-- of the period (actual, plan, deviation, status and known deficiencies), copied in the transaction that approves, so
-- a crash leaves both or neither. The public API reads the published version; the live figures go on changing, and
-- pks.approved_figure (R__09_approval.sql) flags the figures that moved since.

-- One row per approved (or re-opened) period of a unit or an organisation; version counts the approvals, and the
-- published figures of the latest approval carry the same version. Every change of a row is in the audit trail
-- (subject 'approval', key level|subject_id|period_kind|period_start) with who made it and why.
CREATE TABLE pks.approval (
    level           text        NOT NULL CHECK (level IN ('UNIT', 'ORGANISATION')),
    -- the unit id for UNIT, the organisation id for ORGANISATION
    subject_id      text        NOT NULL,
    period_kind     text        NOT NULL CHECK (period_kind IN ('MONTH', 'TERTIAL')),
    period_start    date        NOT NULL,
    period_end      date        NOT NULL,
    organisation_id text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('APPROVED', 'REOPENED')),
    version         integer     NOT NULL CHECK (version >= 1),
    approved_by     text        NOT NULL,
    approved_at     timestamptz NOT NULL,
    comment         text,
    reopened_by     text,
    reopened_at     timestamptz,
    reopen_reason   text,
    PRIMARY KEY (level, subject_id, period_kind, period_start),
    -- a re-opened period always says why
    CHECK (state = 'APPROVED' OR length(btrim(coalesce(reopen_reason, ''))) > 0)
);

CREATE INDEX approval_by_organisation ON pks.approval (organisation_id, period_kind, period_start);

CREATE TRIGGER audit_approval AFTER INSERT OR UPDATE OR DELETE ON pks.approval
    FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change();

-- The published versions: each approval appends the period's figures under its version; earlier versions stay, so
-- what was published when can always be shown. plan_kind is null for a figure without a plan (its value alone).
CREATE TABLE pks.published_figure (
    level            text             NOT NULL,
    subject_id       text             NOT NULL,
    period_kind      text             NOT NULL,
    period_start     date             NOT NULL,
    version          integer          NOT NULL,
    period_end       date             NOT NULL,
    measure          text             NOT NULL,
    plan_kind        text,
    actual           double precision,
    expected         double precision,
    deviation        double precision,
    deviation_pct    double precision,
    status           text             NOT NULL,
    incomplete       boolean          NOT NULL,
    flagged          boolean          NOT NULL,
    deficiency_count bigint           NOT NULL,
    deficiencies     text[]           NOT NULL,
    published_at     timestamptz      NOT NULL DEFAULT now(),
    FOREIGN KEY (level, subject_id, period_kind, period_start) REFERENCES pks.approval
);

CREATE UNIQUE INDEX published_figure_key
    ON pks.published_figure (level, subject_id, period_kind, period_start, version, measure, coalesce(plan_kind, ''));

-- A published version never changes: a new approval adds a new version instead.
CREATE FUNCTION pks.published_figure_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'pks.published_figure is frozen: % refused', TG_OP
        USING HINT = 're-open the period and approve it again to publish a new version';
END
$$;

CREATE TRIGGER published_figure_frozen BEFORE UPDATE OR DELETE ON pks.published_figure
    FOR EACH ROW EXECUTE FUNCTION pks.published_figure_frozen();

-- The notice to the approver: an alert of condition CHANGED_AFTER_APPROVAL per approved period whose published
-- figures the live ones have moved away from, delivered to the subscribers of the unit and organisation like every
-- alert; it settles when the period is re-opened or approved again.
ALTER TABLE pks.alert_setting DROP CONSTRAINT alert_setting_condition_check;
ALTER TABLE pks.alert_setting ADD CONSTRAINT alert_setting_condition_check
    CHECK (condition IN ('STATUS', 'SPC', 'PROJECTION', 'QUEUE_PRESSURE', 'QUEUE_SIZE', 'FEED_MISSING',
                         'FEED_REJECTED', 'ACTION_OVERDUE', 'CHANGED_AFTER_APPROVAL'));
INSERT INTO pks.alert_setting (condition, threshold, clear_periods) VALUES ('CHANGED_AFTER_APPROVAL', NULL, 1);
