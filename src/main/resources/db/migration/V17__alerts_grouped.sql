-- Alerts a production manager acts on (issue 21, docs/alerts-and-actions.md): reports judged only once they are due,
-- one alert per unit and problem with its evidence listed, and the
-- weekly digest's outbox. The alert-noise views are in R__08_alerts.sql.

-- ----------------------------------------------------------------------------------------------------------------
-- When a report is due
-- ----------------------------------------------------------------------------------------------------------------

-- How many days after the day it covers a report of a feed may still come before it counts as missing: a clinic
-- registers Friday's visits on Monday, a ward's noon census is in the same evening. A FEED_MISSING alert only counts
-- the reports that are due (day + due_days < today): yesterday's census is not missing this morning. The defaults
-- follow the stream's "late after" settings (pks.late-after.*: three days for visits, operations and waiting lists,
-- one for bed occupancy).
ALTER TABLE pks.expected_reporting ADD COLUMN due_days integer NOT NULL DEFAULT 3 CHECK (due_days >= 0);
UPDATE pks.expected_reporting SET due_days = 1 WHERE feed = 'BED_OCCUPANCY';

-- ----------------------------------------------------------------------------------------------------------------
-- One alert per unit and problem
-- ----------------------------------------------------------------------------------------------------------------

-- An alert now stands for one problem of one unit (a measure, its waiting list, a feed or an action) and lists every
-- signal that holds for it: each entry is one condition's sentence for the latest week it held. The key keeps its
-- shape, condition|unit|subject, with the condition that opened the alert.
ALTER TABLE pks.alert ADD COLUMN evidence text[] NOT NULL DEFAULT '{}';

-- Alerts still live from before the grouping are closed: the next round opens one grouped alert per problem in their
-- place. Each closure is a change of its own, published on the alerts topic like any other.
WITH closed AS (
    UPDATE pks.alert
    SET state = 'RESOLVED', resolved_at = now(), updated_at = now(), version = version + 1
    WHERE state <> 'RESOLVED'
    RETURNING alert_id, version, severity
)
INSERT INTO pks.alert_change (alert_id, version, state, severity, reason)
SELECT alert_id, version, 'RESOLVED', severity,
       'resolved: replaced by one alert per unit and problem (the grouped alert opens at the next round)'
FROM closed;

-- ----------------------------------------------------------------------------------------------------------------
-- Severity that means something
-- ----------------------------------------------------------------------------------------------------------------

-- STATUS is sustained (a WARNING) when the last four weeks are off plan as a whole and the deviation over the last
-- 26 weeks is more than this many standard errors from none, judged against the spread of the unit's own weekly
-- figures (docs/alerts-and-actions.md). Below that, a week off plan is evidence only. 3.5 keeps the ten units of the
-- demo that produce at plan quiet over a whole year and still finds a unit 15 % behind within a quarter.
UPDATE pks.alert_setting SET threshold = 3.5 WHERE condition = 'STATUS' AND subject = '*' AND unit_id = '*';

-- ----------------------------------------------------------------------------------------------------------------
-- The weekly digest
-- ----------------------------------------------------------------------------------------------------------------

-- Once a week, each recipient (a person's channel and target, over all of their subscriptions) gets one digest of
-- the week that ended: the alerts of their units that opened, are still open and resolved, and their overdue actions,
-- each alert from its subscription's severity up. This is the outbox the digests are delivered from, on the same
-- channels and with the same retries as the immediate notifications; the key makes a week's digest unique, so a
-- repeated round never sends it twice.
CREATE TABLE pks.digest (
    digest_id       bigserial   PRIMARY KEY,
    username        text        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('WEBHOOK', 'SLACK', 'TEAMS', 'EMAIL')),
    target          text        NOT NULL,
    week_start      date        NOT NULL,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    state           text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (username, channel, target, week_start)
);

CREATE INDEX digest_due ON pks.digest (next_attempt_at) WHERE state = 'PENDING';
