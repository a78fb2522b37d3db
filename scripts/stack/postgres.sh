# shellcheck shell=bash
# Sourced by scripts/stack.sh (its settings are in scope).
# The stack's own PostgreSQL cluster: one database and role per service.

# PostgreSQL

PG_DIR=$STATE/postgres
as_postgres() { runuser -u postgres -- "$@"; }
pg_running() { [[ -n "$(pg_bin_dir)" ]] && as_postgres "$(pg_bin_dir)/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; }

start_postgres() {
  step "PostgreSQL on 127.0.0.1:$PG_PORT"
  local bin log=$LOGS/postgres.log
  bin=$(pg_bin_dir)
  mkdir -p "$PG_DIR/run"
  chown postgres:postgres "$PG_DIR" "$PG_DIR/run"
  as_postgres test -x "$PG_DIR" ||
    fail "postgres" "" "the postgres user cannot reach $PG_DIR; clone the repo where other users can traverse, or set EVENTLY_STATE_DIR"
  if pg_running; then
    ok "already running"
  else
    if [[ ! -f "$PG_DIR/data/PG_VERSION" ]]; then
      as_postgres "$bin/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 || fail "postgres initdb" "$LOGS/initdb.log" "initdb failed"
      info "initialised $PG_DIR/data"
    fi
    port_in_use "$PG_PORT" && fail "postgres" "" "port $PG_PORT is taken by another process; set EVENTLY_PG_PORT"
    touch "$log" && chown postgres:postgres "$log"
    as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$log" -w -t 60 start \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR/run -c max_connections=300 -c shared_buffers=256MB" \
      >/dev/null || fail "postgres" "$log" "PostgreSQL did not start"
    ok "started"
  fi
  local roles=("${DB_SERVICES[@]//-/_}")
  SERVICE_ROLES="${roles[*]}" PSQL="runuser -u postgres -- psql -v ON_ERROR_STOP=1 -h $PG_DIR/run -p $PG_PORT -U postgres --dbname postgres" \
    bash "$ROOT/scripts/postgres/create-service-databases.sh" >"$LOGS/databases.log" 2>&1 ||
    fail "postgres databases" "$LOGS/databases.log" "could not create the service databases and roles"
  ok "databases ${roles[*]//_service/}, one role each (evently_<name>)"
}

stop_postgres() {
  if pg_running; then
    as_postgres "$(pg_bin_dir)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null && ok "PostgreSQL stopped"
  fi
}
