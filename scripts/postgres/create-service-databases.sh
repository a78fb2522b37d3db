#!/usr/bin/env bash
# Creates one database and one login role per service; a role can connect only to its own database.
# Idempotent. Used by the local stack and by the compose postgres container (docker-entrypoint-initdb.d).
# Needs: psql reaching the server as a superuser (PSQL may carry connection flags), and for each service
# <SERVICE>_DB_PASSWORD, e.g. USER_SERVICE_DB_PASSWORD.
set -euo pipefail

PSQL=${PSQL:-psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres}
# SERVICE_ROLES may list more roles (the test stack adds lab_*_service roles for the messaging tests).
read -r -a SERVICES <<<"${SERVICE_ROLES:-user_service event_service booking_service notifier_service}"

database_of() { echo "evently_${1%_service}"; }

# Service roles get nothing outside their own database, not even the maintenance ones.
$PSQL -q -c 'REVOKE CONNECT ON DATABASE postgres FROM PUBLIC' -c 'REVOKE CONNECT ON DATABASE template1 FROM PUBLIC'

for role in "${SERVICES[@]}"; do
  db=$(database_of "$role")
  password_var="${role^^}_DB_PASSWORD"
  password=${!password_var:?$password_var is required}
  $PSQL -q --set=role="$role" --set=db="$db" --set=password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L', :'db', :'role', 'UTF8')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'db', :'role') \gexec
SQL
done
