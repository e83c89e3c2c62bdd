-- Deviation alerts for production managers (docs/alerts-and-actions.md): when an alert condition holds for a unit,
-- what lifecycle each alert goes through, who subscribed to which alerts, and the delivery of each notification.
-- The alert evaluator (se.pks.stream.alerts) derives alerts from the figures already in the database (deviation
-- status, SPC points, projections, queue figures, the data-quality register), period by period, so replaying the
-- same events gives the same alerts: nothing here counts how often a condition was seen.

-- ----------------------------------------------------------------------------------------------------------------
-- Settings
-- ----------------------------------------------------------------------------------------------------------------

-- Which conditions raise alerts, per subject (measure, guarantee or feed) and unit. subject '*' and unit_id '*' mean
-- "any"; the most specific enabled-or-not row wins: (unit, subject) before (unit, any) before (any, subject) before
-- (any, any). threshold is the condition's limit (see the rows below); clear_periods is how many consecutive periods
-- (ISO weeks) the condition must stay clear before an open alert resolves itself, so a figure hovering at a
-- threshold does not open and close alerts week after week.
CREATE TABLE pks.alert_setting (
    condition     text             NOT NULL CHECK (condition IN ('STATUS', 'SPC', 'PROJECTION', 'QUEUE_PRESSURE',
                                                                 'QUEUE_SIZE', 'FEED_MISSING', 'FEED_REJECTED',
                                                                 'ACTION_OVERDUE')),
    subject       text             NOT NULL DEFAULT '*',
    unit_id       text             NOT NULL DEFAULT '*',
    enabled       boolean          NOT NULL DEFAULT true,
    threshold     double precision,
    clear_periods integer          NOT NULL DEFAULT 2 CHECK (clear_periods >= 1),
    PRIMARY KEY (condition, subject, unit_id)
);

INSERT INTO pks.alert_setting (condition, threshold, clear_periods) VALUES
    -- the week's status is YELLOW or RED (pks.threshold decides the colours); no threshold of its own
    ('STATUS', NULL, 2),
    -- an SPC concern signal on the latest point (beyond a limit, shift, trend, two of three)
    ('SPC', NULL, 2),
    -- the year-end projection misses the annual target by more than this many percent
    ('PROJECTION', 5, 2),
    -- waiting-list pressure (demand over capacity needed to hold the target wait) above this
    ('QUEUE_PRESSURE', 1, 2),
    -- the queue is more than this many times its target size
    ('QUEUE_SIZE', 2, 2),
    -- at least this many expected reports of a feed did not come in the week
    ('FEED_MISSING', 1, 1),
    -- more than this share of a feed's records in the week were rejected
    ('FEED_REJECTED', 0.05, 1),
    -- an action is past its deadline and neither DONE nor DROPPED
    ('ACTION_OVERDUE', NULL, 1);

-- The first-visit and treatment variants of the waiting-list measures move with their totals, and the queue conditions
-- already watch each list: charting them is useful, alerting on them would say the same thing three times.
INSERT INTO pks.alert_setting (condition, subject, enabled)
SELECT condition, measure, false
FROM pks.measure_catalogue
CROSS JOIN (VALUES ('STATUS'), ('SPC'), ('PROJECTION')) AS c (condition)
WHERE measure LIKE '%\_first\_visit' OR measure LIKE '%\_treatment';

-- ----------------------------------------------------------------------------------------------------------------
-- Alerts and their history
-- ----------------------------------------------------------------------------------------------------------------

-- One row per alert. alert_key (condition|unit|subject) is the alert's identity: at most one alert per key is not
-- RESOLVED, and it is updated in place; a condition that returns after its alert resolved opens a new alert.
-- severity: CRITICAL pages (a RED week confirmed by a RED rolling four weeks), WARNING notifies, NOTICE only shows.
-- acknowledged_by is the user id from the identity store, never a name. An alert belongs to a unit, or, for an
-- organisation-wide action that is overdue, to an organisation only.
CREATE TABLE pks.alert (
    alert_id           bigserial        PRIMARY KEY,
    alert_key          text             NOT NULL,
    condition          text             NOT NULL,
    unit_id            text,
    organisation_id    text             NOT NULL,
    subject            text             NOT NULL,
    severity           text             NOT NULL CHECK (severity IN ('NOTICE', 'WARNING', 'CRITICAL')),
    state              text             NOT NULL CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    first_period       date             NOT NULL,
    last_active_period date             NOT NULL,
    last_period        date             NOT NULL,
    value              double precision,
    threshold          double precision,
    summary            text             NOT NULL,
    opened_at          timestamptz      NOT NULL DEFAULT now(),
    updated_at         timestamptz      NOT NULL DEFAULT now(),
    acknowledged_at    timestamptz,
    acknowledged_by    text,
    resolved_at        timestamptz,
    version            integer          NOT NULL DEFAULT 1
);

CREATE UNIQUE INDEX alert_one_live_per_key ON pks.alert (alert_key) WHERE state <> 'RESOLVED';
CREATE INDEX alert_by_unit ON pks.alert (unit_id, state);

-- Every change of an alert, in order: the audit trail, and the outbox from which the changes are published on
-- pks.alerts.v1 (published_at is set once the broker has them).
CREATE TABLE pks.alert_change (
    alert_id     bigint      NOT NULL REFERENCES pks.alert ON DELETE CASCADE,
    version      integer     NOT NULL,
    state        text        NOT NULL,
    severity     text        NOT NULL,
    reason       text        NOT NULL,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    changed_by   text,
    published_at timestamptz,
    PRIMARY KEY (alert_id, version)
);

CREATE INDEX alert_change_unpublished ON pks.alert_change (alert_id, version) WHERE published_at IS NULL;

-- ----------------------------------------------------------------------------------------------------------------
-- Subscriptions and deliveries
-- ----------------------------------------------------------------------------------------------------------------

-- A person's wish to be told about the alerts of a unit or an organisation, on one channel, from a severity up.
-- target is the webhook address (WEBHOOK, SLACK, TEAMS) or the e-mail address (EMAIL); use a function mailbox or a
-- team channel rather than a personal one where possible.
CREATE TABLE pks.subscription (
    subscription_id bigserial   PRIMARY KEY,
    username        text        NOT NULL,
    scope           text        NOT NULL CHECK (scope IN ('UNIT', 'ORGANISATION')),
    scope_id        text        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('WEBHOOK', 'SLACK', 'TEAMS', 'EMAIL')),
    target          text        NOT NULL,
    min_severity    text        NOT NULL DEFAULT 'WARNING' CHECK (min_severity IN ('NOTICE', 'WARNING', 'CRITICAL')),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX subscription_by_scope ON pks.subscription (scope, scope_id);

-- One notification per alert change worth telling (an alert opened or its severity rose) and subscription. It stays
-- PENDING, retried with back-off, until the channel takes it: a channel that is down delays a notification, it never
-- loses one. The unique key makes a repeated evaluation unable to notify twice.
CREATE TABLE pks.notification (
    notification_id bigserial   PRIMARY KEY,
    alert_id        bigint      NOT NULL REFERENCES pks.alert ON DELETE CASCADE,
    alert_version   integer     NOT NULL,
    subscription_id bigint      NOT NULL REFERENCES pks.subscription ON DELETE CASCADE,
    state           text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (alert_id, alert_version, subscription_id)
);

CREATE INDEX notification_due ON pks.notification (next_attempt_at) WHERE state = 'PENDING';
