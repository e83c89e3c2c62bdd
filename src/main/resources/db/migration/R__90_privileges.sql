-- Repeatable migration, the last of the set (set ${pks_repeatables_checksum}). How the R__ files work: README.md in
-- this folder.
--
-- The views the earlier R__ files created are new objects, so this gives them the privileges V9 gives every table
-- and view of schema pks: row privileges for the service's role pks_service (unless Flyway itself runs as it) and
-- SELECT for Grafana's read-only role pks_grafana, each where the role exists. V9's default privileges already do
-- this when Flyway migrates as the role that ran V9; granting here keeps it so when the owner's login changes.
-- Functions need nothing: EXECUTE belongs to PUBLIC, as for the functions V2-V10 created.
DO $$
DECLARE
    view_name text;
BEGIN
    FOR view_name IN
        SELECT format('%I.%I', n.nspname, c.relname)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'pks' AND c.relkind = 'v'
    LOOP
        IF current_user <> 'pks_service' AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pks_service') THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO pks_service', view_name);
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pks_grafana') THEN
            EXECUTE format('GRANT SELECT ON %s TO pks_grafana', view_name);
        END IF;
    END LOOP;
END $$;
