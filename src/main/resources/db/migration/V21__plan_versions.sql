-- Plan versions and the adopted plan (issue 19 item 2, docs/plans-and-units-api.md, "Plan versions and the adopted
-- plan"). pks.plan keeps the current plan, as the stream accepted it; every change of one of its rows (a new row, a
-- new value, a removal) is appended to pks.plan_version by a trigger, in the transaction of the change, whoever makes
-- it (today the database sink, from the deviations topic). The board's adoption of a year's plan in December is a
-- row of pks.plan_adoption with the versions it adopted; a later adoption of the same year is a new row, the earlier
-- one stays; pks.adopted_plan holds the standing adoption's rows. The views that compare against the adopted plan are
-- in R__02_periods_rollups_status.sql (pks.plan_in_use) and R__10_plan_versions.sql.

-- Who asked for a plan change and why, written by the plans API before it sends the rows to pks.plans.v1: the record
-- reaches pks.plan seconds later through the stream and the sink, which know nothing of people. The trigger below
-- takes the author from here. A request that never changes pks.plan (the same value again, or a row Kafka refused)
-- stays unused. value null asks for the row's removal.
CREATE TABLE pks.plan_change (
    change_id    bigserial        PRIMARY KEY,
    requested_at timestamptz      NOT NULL DEFAULT now(),
    unit_id      text             NOT NULL,
    measure      text             NOT NULL,
    plan_kind    text             NOT NULL,
    granularity  text             NOT NULL,
    period_start date             NOT NULL,
    value        double precision,
    source       text             NOT NULL CHECK (source IN ('PERSON', 'UPLOAD')),
    -- 'person:<user id>', as in the audit trail: never a name
    author       text             NOT NULL,
    reason       text
);

CREATE INDEX plan_change_by_key ON pks.plan_change (unit_id, measure, plan_kind, granularity, period_start, change_id);

-- Every version of every plan row, oldest first; value null is a removal. source says how it came:
--   PERSON           one row through PUT or DELETE /api/v1/plans, author and reason from the request;
--   UPLOAD           a row of a CSV file through POST /api/v1/plans/csv, author and reason from the upload;
--   KAFKA            a record sent straight to pks.plans.v1 (a region's planning system): no author;
--   BEFORE_VERSIONS  the row as it stood when this migration ran, at its last change (pks.plan.updated_at).
CREATE TABLE pks.plan_version (
    version_id   bigserial        PRIMARY KEY,
    unit_id      text             NOT NULL,
    measure      text             NOT NULL,
    plan_kind    text             NOT NULL,
    granularity  text             NOT NULL,
    period_start date             NOT NULL,
    value        double precision,
    recorded_at  timestamptz      NOT NULL DEFAULT now(),
    source       text             NOT NULL CHECK (source IN ('PERSON', 'UPLOAD', 'KAFKA', 'BEFORE_VERSIONS')),
    author       text,
    reason       text,
    change_id    bigint
);

CREATE INDEX plan_version_by_key ON pks.plan_version (unit_id, measure, plan_kind, granularity, period_start,
                                                       version_id);
CREATE INDEX plan_version_by_change ON pks.plan_version (change_id) WHERE change_id IS NOT NULL;

-- The board's adoption of a year's plan ("budget"): the plan rows of the year as they stood (their latest versions),
-- listed in pks.plan_adoption_version. A year adopted again is a new adoption that names the one it supersedes and
-- says why. A plan row belongs to the year of pks.ambition_year: a week to its ISO year, a month to its year.
CREATE TABLE pks.plan_adoption (
    adoption_id bigserial   PRIMARY KEY,
    year        integer     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    adopted_at  timestamptz NOT NULL DEFAULT now(),
    adopted_by  text        NOT NULL,
    reason      text,
    supersedes  bigint      REFERENCES pks.plan_adoption (adoption_id),
    plan_rows   integer     NOT NULL CHECK (plan_rows > 0),
    -- a re-adoption always says why
    CHECK (supersedes IS NULL OR length(btrim(coalesce(reason, ''))) > 0)
);

CREATE INDEX plan_adoption_by_year ON pks.plan_adoption (year, adoption_id);

CREATE TABLE pks.plan_adoption_version (
    adoption_id bigint NOT NULL REFERENCES pks.plan_adoption (adoption_id),
    version_id  bigint NOT NULL REFERENCES pks.plan_version (version_id),
    PRIMARY KEY (adoption_id, version_id)
);

-- The standing adoption of each year, row by row: the rows of the year's latest adoption at the versions it adopted,
-- replaced in the transaction of a new adoption of the year. A copy of what pks.plan_adoption_version and
-- pks.plan_version already say, kept as a table shaped like pks.plan so that the period views read either plan the
-- same way, by index (pks.plan_in_use, R__02_periods_rollups_status.sql). A row belongs to one year
-- (pks.ambition_year of its own period), so the years never overlap.
CREATE TABLE pks.adopted_plan (
    unit_id      text             NOT NULL,
    measure      text             NOT NULL,
    plan_kind    text             NOT NULL,
    granularity  text             NOT NULL,
    period_start date             NOT NULL,
    value        double precision NOT NULL,
    year         integer          NOT NULL,
    adoption_id  bigint           NOT NULL,
    adopted_at   timestamptz      NOT NULL,
    version_id   bigint           NOT NULL,
    PRIMARY KEY (unit_id, measure, plan_kind, granularity, period_start)
);

CREATE INDEX adopted_plan_by_year ON pks.adopted_plan (year);
CREATE INDEX adopted_plan_by_version ON pks.adopted_plan (version_id);

-- The author of a change of pks.plan: the newest unused request (no version names it yet) for the same row and
-- value that is still live, or no one (KAFKA). A request is stale, and never taken, when a later request of the row
-- has been used already, or when the row's previous version came straight from Kafka after the request was made: in
-- both cases the row changed after the request, so a later change to the same value is not that request's. (A
-- request raced by a record sent straight to Kafka for the same row within seconds is recorded as KAFKA.)
CREATE FUNCTION pks.record_plan_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed  pks.plan%ROWTYPE;
    newvalue double precision;
    previous timestamptz;
    previous_change bigint;
    last_used bigint;
    request  pks.plan_change%ROWTYPE;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
        newvalue := NULL;
    ELSE
        changed := NEW;
        newvalue := NEW.value;
        IF TG_OP = 'UPDATE' AND OLD.value IS NOT DISTINCT FROM NEW.value THEN
            RETURN NULL;
        END IF;
    END IF;
    SELECT v.recorded_at, v.change_id INTO previous, previous_change
    FROM pks.plan_version v
    WHERE v.unit_id = changed.unit_id AND v.measure = changed.measure AND v.plan_kind = changed.plan_kind
      AND v.granularity = changed.granularity AND v.period_start = changed.period_start
    ORDER BY v.version_id DESC
    LIMIT 1;
    SELECT max(v.change_id) INTO last_used
    FROM pks.plan_version v
    WHERE v.unit_id = changed.unit_id AND v.measure = changed.measure AND v.plan_kind = changed.plan_kind
      AND v.granularity = changed.granularity AND v.period_start = changed.period_start;
    SELECT c.* INTO request
    FROM pks.plan_change c
    WHERE c.unit_id = changed.unit_id AND c.measure = changed.measure AND c.plan_kind = changed.plan_kind
      AND c.granularity = changed.granularity AND c.period_start = changed.period_start
      AND c.value IS NOT DISTINCT FROM newvalue
      AND c.change_id > coalesce(last_used, 0)
      AND (previous IS NULL OR previous_change IS NOT NULL OR c.requested_at >= previous)
      AND NOT EXISTS (SELECT 1 FROM pks.plan_version used WHERE used.change_id = c.change_id)
    ORDER BY c.change_id DESC
    LIMIT 1;
    INSERT INTO pks.plan_version (unit_id, measure, plan_kind, granularity, period_start, value, source, author,
                                  reason, change_id)
    VALUES (changed.unit_id, changed.measure, changed.plan_kind, changed.granularity, changed.period_start, newvalue,
            coalesce(request.source, 'KAFKA'), request.author, request.reason, request.change_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER plan_versions AFTER INSERT OR UPDATE OR DELETE ON pks.plan
    FOR EACH ROW EXECUTE FUNCTION pks.record_plan_version();

-- Versions and adoptions are history: they are appended, never changed or removed.
CREATE FUNCTION pks.plan_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP;
END
$$;

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['plan_version', 'plan_adoption', 'plan_adoption_version'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_append_only BEFORE UPDATE OR DELETE ON pks.%1$I '
                       'FOR EACH ROW EXECUTE FUNCTION pks.plan_history_append_only()', name);
        EXECUTE format('CREATE TRIGGER %1$s_no_truncate BEFORE TRUNCATE ON pks.%1$I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION pks.plan_history_append_only()', name);
        IF current_user <> 'pks_service' AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pks_service') THEN
            EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON pks.%I FROM pks_service', name);
        END IF;
    END LOOP;
END $$;

-- An adoption is a change a person makes: in the audit trail, with who and why (pks.audit_row_change, V15).
CREATE TRIGGER audit_plan_adoption AFTER INSERT OR UPDATE OR DELETE ON pks.plan_adoption
    FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change();

-- The plan as it stands today is its first version.
INSERT INTO pks.plan_version (unit_id, measure, plan_kind, granularity, period_start, value, recorded_at, source,
                              reason)
SELECT unit_id, measure, plan_kind, granularity, period_start, value, updated_at, 'BEFORE_VERSIONS',
       'the plan row as it stood when plan versions began to be kept'
FROM pks.plan
ORDER BY updated_at, unit_id, measure, plan_kind, granularity, period_start;
