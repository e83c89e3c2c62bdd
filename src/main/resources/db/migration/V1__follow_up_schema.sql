-- The contract tables that dashboards read. Each row is the latest figure for its natural key; the stream writes
-- them with idempotent upserts, so a replay or a restart rewrites the same values instead of adding to them.

CREATE SCHEMA IF NOT EXISTS pks;

CREATE TABLE pks.unit (
    unit_id           text PRIMARY KEY,
    name              text NOT NULL,
    provider_id       text NOT NULL,
    organisation_id   text NOT NULL,
    organisation_name text NOT NULL,
    ownership         text NOT NULL CHECK (ownership IN ('PUBLIC', 'PRIVATE')),
    region_id         text NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pks.measure_value (
    granularity  text             NOT NULL CHECK (granularity IN ('WEEK', 'MONTH')),
    period_start date             NOT NULL,
    unit_id      text             NOT NULL,
    measure      text             NOT NULL,
    value        double precision NOT NULL,
    updated_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (granularity, period_start, unit_id, measure)
);

CREATE TABLE pks.deviation (
    granularity   text             NOT NULL CHECK (granularity IN ('WEEK', 'MONTH')),
    period_start  date             NOT NULL,
    unit_id       text             NOT NULL,
    measure       text             NOT NULL,
    plan_kind     text             NOT NULL
        CHECK (plan_kind IN ('TARGET', 'CAPACITY_FORECAST', 'INFLOW_FORECAST', 'WAITING_FORECAST')),
    actual        double precision,
    expected      double precision NOT NULL,
    deviation     double precision,
    deviation_pct double precision,
    updated_at    timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (granularity, period_start, unit_id, measure, plan_kind)
);

CREATE INDEX deviation_by_unit ON pks.deviation (unit_id, measure, granularity, period_start);
CREATE INDEX measure_value_by_unit ON pks.measure_value (unit_id, measure, granularity, period_start);

-- Records the stream refused, with their reasons, so providers and analysts can see what was not counted. The
-- record itself stays on pks.rejected.v1 (masked); it is not copied here, since it may hold free text.
CREATE TABLE pks.rejected_record (
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    record_key       text,
    reasons          jsonb       NOT NULL,
    received_at      timestamptz NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);

-- Where the database sink has read up to, per topic partition, committed in the same transaction as the rows:
-- after a crash it resumes exactly after the last batch it wrote.
CREATE TABLE pks.sink_offset (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- TimescaleDB where the extension is available; plain PostgreSQL tables otherwise.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
       AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        BEGIN
            CREATE EXTENSION timescaledb;
        EXCEPTION WHEN OTHERS THEN
            -- e.g. not in shared_preload_libraries, or no privilege: carry on with plain tables.
            RAISE NOTICE 'timescaledb is available but could not be created (%); using plain tables', SQLERRM;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('pks.measure_value', 'period_start',
                                  chunk_time_interval => INTERVAL '1 year', if_not_exists => TRUE,
                                  migrate_data => TRUE);
        PERFORM create_hypertable('pks.deviation', 'period_start',
                                  chunk_time_interval => INTERVAL '1 year', if_not_exists => TRUE,
                                  migrate_data => TRUE);
    END IF;
END
$$;
