-- Least privilege. The service runs as its own login (quarkus.datasource.username) that may read and write rows and
-- nothing else; Flyway migrates as the owner of schema pks (quarkus.flyway.username). A flaw in the service, or SQL
-- smuggled through it, can then change figures at worst, never drop or alter a table.
--
-- The runtime login is named by the placeholder service_user (the datasource user name, see application.properties).
-- Nothing is granted when it is the owner itself (an installation that has not separated the two yet) or when the
-- role does not exist: roles are cluster-wide and created by the database administrator (docker/timescaledb init
-- script, or the DBA in production), not by a migration. Tables created by later migrations are covered by the
-- default privileges below, which apply to objects the migrating owner creates in schema pks.
DO $$
DECLARE
    service_user CONSTANT text := '${service_user}';
BEGIN
    IF service_user <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = service_user) THEN
        EXECUTE format('GRANT USAGE ON SCHEMA pks TO %I', service_user);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pks TO %I', service_user);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pks TO %I', service_user);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA pks GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                       service_user);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA pks GRANT USAGE, SELECT ON SEQUENCES TO %I', service_user);
        -- The migration history is Flyway's, run as the owner: the service has no business rewriting it.
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON pks.flyway_schema_history FROM %I', service_user);
    END IF;
    -- Grafana's read-only role (docker/timescaledb/10-pks-grafana-role.sh), where it exists: SELECT, nothing else.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pks_grafana') THEN
        GRANT USAGE ON SCHEMA pks TO pks_grafana;
        GRANT SELECT ON ALL TABLES IN SCHEMA pks TO pks_grafana;
        ALTER DEFAULT PRIVILEGES IN SCHEMA pks GRANT SELECT ON TABLES TO pks_grafana;
    END IF;
END $$;
