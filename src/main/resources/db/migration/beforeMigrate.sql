-- Flyway runs this callback before every migration (an SQL callback, named for its event; not a V or R__ file, so it
-- has no version and no checksum, and is not recorded in the history).
--
-- TimescaleDB into schema public, where TimescaleDB's own instructions and image install it, before V1 can: V1 runs
-- CREATE EXTENSION with the search path on schema pks, which put the extension's functions (create_hypertable,
-- time_bucket, add_compression_policy, ...) into pks, so that dropping the schema would drop the extension, and with
-- it every hypertable's catalogue. TimescaleDB cannot be moved once installed (relocatable = false), so a database
-- where V1 already put it into pks keeps it there (docs/timescaledb.md, "Where the extension lives").
--
-- Nothing happens where TimescaleDB is not available (plain PostgreSQL, the embedded database of the tests) or already
-- installed. Where it is available but cannot be created (not in shared_preload_libraries, no privilege to create
-- in public), V1 tries again as before and the tables stay plain when that fails too.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
       AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
       AND EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
        BEGIN
            CREATE EXTENSION timescaledb SCHEMA public;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'timescaledb is available but could not be created in schema public (%)', SQLERRM;
        END;
    END IF;
END
$$;
