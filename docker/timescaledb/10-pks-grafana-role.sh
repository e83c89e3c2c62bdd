#!/bin/sh
# Runs once, when the TimescaleDB container initialises an empty data directory (docker-entrypoint-initdb.d).
# Creates the two logins besides the owner ($POSTGRES_USER, which Flyway migrates as):
# - pks_grafana, the read-only role Grafana logs in with (grafana/README.md): it may read schema pks and nothing else;
# - pks_service, the service's runtime login: row privileges only, granted by migration V9 (docs/reliability.md).
# Schema pks is created here, owned by the owner, so that the grants below exist before Flyway creates the tables;
# every table and view the service's migrations create later is readable through the default privilege.
# JIT compilation off for the database: PostgreSQL estimates the dashboards' rollup and deficiency queries over
# hypertables expensive enough to compile them, which took 6 to 10 s per query and refresh at national size, for
# queries that then ran in 1 to 3 s (docs/timescaledb.md, "JIT").
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v owner="$POSTGRES_USER" -v database="$POSTGRES_DB" -v grafana_password="$PKS_GRAFANA_DB_PASSWORD" \
     -v service_password="$PKS_SERVICE_DB_PASSWORD" <<'SQL'
CREATE ROLE pks_grafana LOGIN PASSWORD :'grafana_password';
GRANT CONNECT ON DATABASE :"database" TO pks_grafana;
CREATE SCHEMA IF NOT EXISTS pks AUTHORIZATION :"owner";
GRANT USAGE ON SCHEMA pks TO pks_grafana;
GRANT SELECT ON ALL TABLES IN SCHEMA pks TO pks_grafana;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA pks GRANT SELECT ON TABLES TO pks_grafana;
CREATE ROLE pks_service LOGIN PASSWORD :'service_password';
GRANT CONNECT ON DATABASE :"database" TO pks_service;
ALTER DATABASE :"database" SET jit = off;
SQL
