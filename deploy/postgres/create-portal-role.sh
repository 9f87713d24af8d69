#!/bin/sh
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d), as its superuser:
# the portal's own role, which owns its database (so its migrations can create tables and the trusted citext
# extension) and holds no server-wide right. The password is passed as a psql variable, never pasted into SQL.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v portal_password="$PORTAL_DB_PASSWORD" <<'SQL'
CREATE ROLE trainingportal LOGIN PASSWORD :'portal_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE trainingportal OWNER trainingportal;
SQL
