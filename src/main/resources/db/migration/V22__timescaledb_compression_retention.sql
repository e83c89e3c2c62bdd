-- TimescaleDB where it serves (issue 17 item 3, docs/timescaledb.md): closed years of figures and deviations
-- compressed, the rejected-record detail kept for 13 months. On plain PostgreSQL only the first part applies (an index
-- and a procedure an operator can schedule himself); everything TimescaleDB does is inside the IF below, so this file
-- is a no-op for it there, as V1's hypertables are.

-- Rejected records by age: what the retention deletes, without reading the whole table.
CREATE INDEX rejected_record_by_time ON pks.rejected_record (received_at);

-- Deletes rejected records received more than config->>'keep' ago (an interval, e.g. '13 months'). The signature is
-- that of a TimescaleDB job, which calls it once a day below; on plain PostgreSQL, cron or pg_cron can call
-- CALL pks.drop_old_rejected_records(NULL, '{"keep": "13 months"}'). The counts per reason stay in pks.feed_rejection
-- (the data-quality dashboards read those); only the detail per record goes, as the rejected topic's own copy does
-- after 90 days.
CREATE PROCEDURE pks.drop_old_rejected_records(job_id integer, config jsonb)
    LANGUAGE plpgsql SET search_path = pks, pg_temp AS $$
DECLARE
    keep interval := (config->>'keep')::interval;
BEGIN
    IF keep IS NULL OR keep < interval '1 month' THEN
        RAISE EXCEPTION 'rejected-record retention must be at least one month, was %', config->>'keep'
            USING HINT = 'config is {"keep": "13 months"} or another interval';
    END IF;
    DELETE FROM pks.rejected_record WHERE received_at < now() - keep;
END
$$;

DO $$
DECLARE
    extension_schema text;
BEGIN
    SELECT n.nspname INTO extension_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'timescaledb';
    IF extension_schema IS NULL THEN
        RETURN;
    END IF;
    IF extension_schema = 'pks' THEN
        -- V1 created it there before beforeMigrate.sql existed; TimescaleDB cannot be moved while it holds data.
        RAISE NOTICE 'timescaledb is installed in schema pks; see docs/timescaledb.md, "Where the extension lives"';
    END IF;

    -- Chunks stay as V1 made them, INTERVAL '1 year', which TimescaleDB counts as 360 days from 1970-01-01 (chunks
    -- run from mid-March to mid-March in the 2020s, not January to December). At national size a year of figures is
    -- a few hundred thousand rows per table (docs/timescaledb.md): far below a quarter of the server's memory, which
    -- is TimescaleDB's bound for a chunk; a five-year dashboard reads five or six chunks; and the chunk is the unit
    -- of compression, so a year is closed and compressed as one.
    --
    -- Segments by unit and measure: every dashboard query and every upsert names both, so a read or a late
    -- correction opens the one batch of its unit and measure (64 rows of a year: 52 weeks and 12 months), not the
    -- chunk. Ordered within the segment by the rest of the primary key, which TimescaleDB also uses to skip batches.
    ALTER TABLE pks.measure_value SET (timescaledb.compress,
        timescaledb.compress_segmentby = 'unit_id, measure',
        timescaledb.compress_orderby = 'granularity, period_start');
    ALTER TABLE pks.deviation SET (timescaledb.compress,
        timescaledb.compress_segmentby = 'unit_id, measure',
        timescaledb.compress_orderby = 'granularity, plan_kind, period_start');
    -- A chunk is compressed once its last day is a year old: the current year and the last are left as they are,
    -- since late corrections and approvals (docs/approval.md) land there. A correction older than that still lands:
    -- the sink's INSERT ... ON CONFLICT DO UPDATE decompresses the one batch it touches, and the policy compresses
    -- the chunk again at its next run (TimescaleDbSinkTest).
    PERFORM add_compression_policy('pks.measure_value', compress_after => INTERVAL '1 year', if_not_exists => TRUE);
    PERFORM add_compression_policy('pks.deviation', compress_after => INTERVAL '1 year', if_not_exists => TRUE);

    -- rejected_record is a plain table (its key is where the record came from, not a time), so its retention is a
    -- TimescaleDB job rather than a drop_chunks policy. alter_job changes the period (config => '{"keep": ...}').
    IF NOT EXISTS (SELECT 1 FROM timescaledb_information.jobs
                   WHERE proc_schema = 'pks' AND proc_name = 'drop_old_rejected_records') THEN
        PERFORM add_job('pks.drop_old_rejected_records', INTERVAL '1 day', config => '{"keep": "13 months"}');
    END IF;
END
$$;
