-- Least privilege. The service runs as its own login that may read and write rows and nothing else; Flyway migrates as
-- the owner of schema pks (quarkus.flyway.username). A flaw in the service, or SQL smuggled through it, can then
-- change figures at worst, never drop or alter a table.
--
-- The privileges go to the role pks_service: the service's login itself, or a group role the login is a member of
-- (GRANT pks_service TO pks_stream). Roles are cluster-wide and created by the database administrator
-- (docker/timescaledb init script, the embedded database of the local run and tests, or the DBA in production), not by
-- a migration; without the role, or when Flyway itself runs as pks_service, nothing is granted. Tables created by
-- later migrations are covered by the default privileges below, which apply to what the migrating owner creates.
DO $$
BEGIN
    IF current_user <> 'pks_service' AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pks_service') THEN
        GRANT USAGE ON SCHEMA pks TO pks_service;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pks TO pks_service;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pks TO pks_service;
        ALTER DEFAULT PRIVILEGES IN SCHEMA pks GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pks_service;
        ALTER DEFAULT PRIVILEGES IN SCHEMA pks GRANT USAGE, SELECT ON SEQUENCES TO pks_service;
        -- The migration history is Flyway's, written as the owner: the service has no business rewriting it.
        REVOKE INSERT, UPDATE, DELETE ON pks.flyway_schema_history FROM pks_service;
    END IF;
    -- Grafana's read-only role (docker/timescaledb/10-pks-grafana-role.sh), where it exists: SELECT, nothing else.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pks_grafana') THEN
        GRANT USAGE ON SCHEMA pks TO pks_grafana;
        GRANT SELECT ON ALL TABLES IN SCHEMA pks TO pks_grafana;
        ALTER DEFAULT PRIVILEGES IN SCHEMA pks GRANT SELECT ON TABLES TO pks_grafana;
    END IF;
END $$;
