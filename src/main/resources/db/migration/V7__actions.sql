-- The action register (åtgärder, docs/alerts-and-actions.md): what a production manager does about a deviation, why,
-- who answers for it, by when, and which measure it is expected to move. The effect follow-up (has the measure's SPC
-- chart shifted the intended way since the action was done?) is computed by the API from pks.measure_value with the
-- same SPC arithmetic as the charts (se.pks.stream.analysis.ActionEffect), so it is not stored here.

-- responsible is a user id from the identity store or a role or function ("clinic head, ortopedmottagningen"),
-- never a person's name; created_by is the creator's user id. organisation_id is always set (for an action on one
-- unit, the unit's organisation) because permissions are granted per organisation. version counts changes, for
-- optimistic concurrency: an update names the version it was based on and is refused if someone changed it since.
CREATE TABLE pks.action (
    action_id          bigserial   PRIMARY KEY,
    title              text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description        text        NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    organisation_id    text        NOT NULL,
    unit_id            text,
    measure            text        NOT NULL,
    expected_direction text        NOT NULL CHECK (expected_direction IN ('INCREASE', 'DECREASE')),
    expected_effect    text        NOT NULL DEFAULT '' CHECK (length(expected_effect) <= 1000),
    responsible        text        NOT NULL CHECK (length(responsible) BETWEEN 1 AND 200),
    deadline           date        NOT NULL,
    status             text        NOT NULL DEFAULT 'PLANNED'
                                   CHECK (status IN ('PLANNED', 'IN_PROGRESS', 'DONE', 'DROPPED')),
    done_on            date,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer     NOT NULL DEFAULT 1,
    -- done_on is the date the change took effect, the date the SPC chart is re-based at: set exactly when DONE.
    CHECK ((status = 'DONE') = (done_on IS NOT NULL))
);

CREATE INDEX action_by_organisation ON pks.action (organisation_id, status, deadline);
CREATE INDEX action_by_unit ON pks.action (unit_id, measure) WHERE unit_id IS NOT NULL;

-- Why the action was taken: an alert, or a deviation of one figure (unit, measure, granularity, period). A deviation
-- is referred to by its key rather than by a foreign key, since pks.deviation rows are replaced as late events
-- arrive; the link keeps meaning "that period's deviation of that measure" whatever its value becomes.
CREATE TABLE pks.action_link (
    link_id      bigserial   PRIMARY KEY,
    action_id    bigint      NOT NULL REFERENCES pks.action ON DELETE CASCADE,
    alert_id     bigint      REFERENCES pks.alert,
    unit_id      text,
    measure      text,
    granularity  text        CHECK (granularity IN ('WEEK', 'MONTH')),
    period_start date,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((alert_id IS NOT NULL AND unit_id IS NULL AND measure IS NULL AND granularity IS NULL
            AND period_start IS NULL)
        OR (alert_id IS NULL AND unit_id IS NOT NULL AND measure IS NOT NULL AND granularity IS NOT NULL
            AND period_start IS NOT NULL))
);

-- The same alert or deviation is linked to an action at most once.
CREATE UNIQUE INDEX action_link_alert ON pks.action_link (action_id, alert_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX action_link_deviation ON pks.action_link (action_id, unit_id, measure, granularity, period_start)
    WHERE alert_id IS NULL;
CREATE INDEX action_link_by_alert ON pks.action_link (alert_id) WHERE alert_id IS NOT NULL;

-- Every status an action has had, in order, with who set it: the audit trail leadership follows measures up by.
-- The first row (version 1) is the creation.
CREATE TABLE pks.action_status_change (
    action_id  bigint      NOT NULL REFERENCES pks.action ON DELETE CASCADE,
    version    integer     NOT NULL,
    status     text        NOT NULL CHECK (status IN ('PLANNED', 'IN_PROGRESS', 'DONE', 'DROPPED')),
    done_on    date,
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (action_id, version)
);

-- Actions past their deadline and still open, for dashboards and for the ACTION_OVERDUE alert condition. An action
-- due today is not overdue yet; the region's own date is used, not the database server's.
CREATE VIEW pks.overdue_action AS
SELECT a.action_id, a.organisation_id, a.unit_id, a.measure, a.title, a.responsible, a.deadline, a.status,
       ((now() AT TIME ZONE 'Europe/Stockholm')::date - a.deadline) AS days_overdue
FROM pks.action a
WHERE a.status IN ('PLANNED', 'IN_PROGRESS')
  AND a.deadline < (now() AT TIME ZONE 'Europe/Stockholm')::date;
