#!/usr/bin/env bash
# Evently local stack without Docker: project-local PostgreSQL, RabbitMQ (management UI on) and Nginx,
# plus the four services, all state under .stack/<name>/ (git-ignored). System services are not touched.
#
#   scripts/stack.sh up      install what is missing, start everything, wait for health, print the URLs
#   scripts/stack.sh down    stop exactly what `up` started
#   scripts/stack.sh status  show what is running
#
# EVENTLY_STACK=dev (default) or test selects the instance; each has its own state folder and ports, so
# `npm test` can run while a development stack is up. Every port can be overridden, see README.md.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK=${EVENTLY_STACK:-dev}
STATE=${EVENTLY_STATE_DIR:-$ROOT/.stack/$STACK}

# Default ports of each stack; every one can be overridden with its EVENTLY_*_PORT variable.
case "$STACK" in
  test) defaults=(55433 55673 55672 55674 54370 58080 53000 51025 51080) ;;
  *) defaults=(5433 5673 15672 25673 4370 8080 3000 1025 1080) ;;
esac
PG_PORT=${EVENTLY_PG_PORT:-${defaults[0]}}
AMQP_PORT=${EVENTLY_AMQP_PORT:-${defaults[1]}}
RABBIT_MGMT_PORT=${EVENTLY_RABBIT_MGMT_PORT:-${defaults[2]}}
RABBIT_DIST_PORT=${EVENTLY_RABBIT_DIST_PORT:-${defaults[3]}}
EPMD_PORT=${EVENTLY_EPMD_PORT:-${defaults[4]}}
GATEWAY_PORT=${EVENTLY_GATEWAY_PORT:-${defaults[5]}}
SERVICE_PORT_BASE=${EVENTLY_SERVICE_PORT_BASE:-${defaults[6]}}
MAIL_SMTP_PORT=${EVENTLY_MAIL_SMTP_PORT:-${defaults[7]}}
MAIL_WEB_PORT=${EVENTLY_MAIL_WEB_PORT:-${defaults[8]}}
RABBIT_USER=${EVENTLY_RABBIT_USER:-evently}
RABBIT_PASS=${EVENTLY_RABBIT_PASS:-evently}
LOG_LEVEL=${EVENTLY_LOG_LEVEL:-info}
# Gateway limits per client address (Nginx rate syntax) and the proxies trusted to set X-Forwarded-For.
API_RATE=${EVENTLY_API_RATE:-15r/s}
API_BURST=${EVENTLY_API_BURST:-10}
AUTH_RATE=${EVENTLY_AUTH_RATE:-10r/m}
AUTH_BURST=${EVENTLY_AUTH_BURST:-5}
# Live streams (SSE) one client address may hold open at the gateway; each costs two Nginx connections.
STREAMS_PER_ADDRESS=${EVENTLY_STREAMS_PER_ADDRESS:-10}
TRUSTED_PROXIES=${EVENTLY_TRUSTED_PROXIES:-}
ADMIN_EMAIL=${EVENTLY_ADMIN_EMAIL:-admin@evently.local}

ALL_SERVICES=(user-service event-service booking-service notifier-service)
SERVICES=("${ALL_SERVICES[@]}")
# Databases: one per service; the test stack adds nine "lab" databases where the messaging and scheduler
# libraries are tested as a service would use them, and one "medium" database per service for the middle
# test tier (a service's repositories and services against real servers, apart from the running services).
DB_SERVICES=("${ALL_SERVICES[@]}")
[[ "$STACK" == test ]] && DB_SERVICES+=(lab1-service lab2-service lab3-service lab4-service lab5-service lab6-service lab7-service lab8-service
  lab9-service medium-booking-service medium-event-service medium-notifier-service)
RABBIT_NODE="evently-$STACK@localhost"
LOGS=$STATE/logs
RUN=$STATE/run

# ---------------------------------------------------------------------------------------------------
# output

if [[ -t 1 ]]; then bold=$'\e[1m' green=$'\e[32m' red=$'\e[31m' dim=$'\e[2m' reset=$'\e[0m'; else bold='' green='' red='' dim='' reset=''; fi
step() { printf '%s==>%s %s\n' "$bold" "$reset" "$*"; }
ok() { printf '    %sok%s %s\n' "$green" "$reset" "$*"; }
info() { printf '    %s%s%s\n' "$dim" "$*" "$reset"; }
fail() {
  local component=$1 log=$2 message=$3
  printf '%s==> %s failed:%s %s\n' "$red" "$component" "$reset" "$message" >&2
  if [[ -n "$log" ]]; then
    printf '    log: %s\n' "$log" >&2
    [[ -f "$log" ]] && tail -n 20 "$log" | sed 's/^/    | /' >&2
  fi
  exit 1
}
trap 'fail "stack" "" "unexpected error at line $LINENO: $BASH_COMMAND"' ERR

# ---------------------------------------------------------------------------------------------------
# installation

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n "$dir" && -x "$dir/postgres" ]] && echo "$dir"
}

install_missing_packages() {
  local missing=()
  [[ -n "$(pg_bin_dir)" ]] || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || missing+=(rabbitmq-server)
  command -v nginx >/dev/null || missing+=(nginx)
  command -v envsubst >/dev/null || missing+=(gettext-base)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  # The test stack's browser specs drive Debian's Chromium (never a downloaded browser).
  [[ "$STACK" != test || -x /usr/bin/chromium ]] || missing+=(chromium)
  if [[ ${#missing[@]} -eq 0 ]]; then
    ok "PostgreSQL, RabbitMQ and Nginx are installed$([[ "$STACK" == test ]] && echo ', and Chromium')"
    return
  fi
  step "Installing ${missing[*]} from Debian packages"
  [[ $(id -u) -eq 0 ]] || fail "install" "" "installing packages needs root (apt-get); run as root or install: ${missing[*]}"
  local log=$LOGS/apt.log
  DEBIAN_FRONTEND=noninteractive apt-get update >"$log" 2>&1 || fail "apt-get update" "$log" "could not read the package lists"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
    fail "apt-get install" "$log" "could not install ${missing[*]}"
  ok "installed ${missing[*]}"
}

ensure_node_modules() {
  local stamp=$ROOT/node_modules/.package-lock.json
  if [[ -f "$stamp" && "$stamp" -nt "$ROOT/package-lock.json" ]]; then return; fi
  step "Installing npm dependencies (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >"$LOGS/npm-ci.log" 2>&1) ||
    fail "npm ci" "$LOGS/npm-ci.log" "could not install npm dependencies"
  ok "dependencies installed"
}

build_services() {
  if [[ "${EVENTLY_SKIP_BUILD:-}" == 1 && -f "$ROOT/dist/apps/user-service/src/main.js" ]]; then return; fi
  step "Building the services"
  (cd "$ROOT" && npm run --silent build >"$LOGS/build.log" 2>&1) || fail "build" "$LOGS/build.log" "TypeScript build failed"
  ok "built into dist/"
}

# ---------------------------------------------------------------------------------------------------
# secrets and keys (generated once per stack, never committed)

ensure_secrets() {
  local secrets=$STATE/secrets.env
  if [[ ! -f "$secrets" ]]; then
    umask 077
    : >"$secrets"
    umask 022
  fi
  grep -q "^ADMIN_PASSWORD=" "$secrets" || echo "ADMIN_PASSWORD=$(openssl rand -hex 12)" >>"$secrets"
  local service var
  for service in "${DB_SERVICES[@]}"; do
    var=${service//-/_}
    grep -q "^${var^^}_DB_PASSWORD=" "$secrets" || echo "${var^^}_DB_PASSWORD=$(openssl rand -hex 16)" >>"$secrets"
  done
  set -a
  # shellcheck disable=SC1090
  source "$secrets"
  set +a
}

# The access-token key pair, once; the same generator as compose's "keys" job.
ensure_keys() {
  [[ -f "$STATE/keys/jwt-private.pem" && -f "$STATE/keys/jwt-public.pem" ]] && return
  node "$ROOT/dist/scripts/generate-keys.js" "$STATE/keys" >/dev/null ||
    fail "keys" "" "could not generate the key pair in $STATE/keys"
  ok "generated the access-token key pair in $STATE/keys"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------------------------------
# RabbitMQ

RABBIT_DIR=$STATE/rabbitmq
# Erlang distribution (the node's and the CLI tools') on loopback only; it would listen on every interface.
LOOPBACK_DIST='-kernel inet_dist_use_interface {127,0,0,1}'
rabbit_env() {
  env HOME="$RABBIT_DIR/home" \
    RABBITMQ_NODENAME="$RABBIT_NODE" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$AMQP_PORT" \
    RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
    ERL_EPMD_PORT="$EPMD_PORT" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$LOOPBACK_DIST" \
    RABBITMQ_CTL_ERL_ARGS="$LOOPBACK_DIST" \
    ERL_CRASH_DUMP="$LOGS/rabbitmq/erl_crash.dump" \
    RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia" \
    RABBITMQ_LOG_BASE="$LOGS/rabbitmq" \
    RABBITMQ_PID_FILE="$RUN/rabbitmq.pid" \
    RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$RABBIT_DIR/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins" \
    RABBITMQ_CONF_ENV_FILE="$RABBIT_DIR/rabbitmq-env.conf" \
    "$@"
}
rabbitmqctl_local() { rabbit_env /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBIT_NODE" "$@"; }
# The pid file first: rabbitmqctl on a stopped stack would start an epmd daemon and leave it running.
rabbit_running() {
  pid_alive "$RUN/rabbitmq.pid" && [[ -x /usr/lib/rabbitmq/bin/rabbitmqctl ]] && rabbitmqctl_local ping >/dev/null 2>&1
}

start_rabbitmq() {
  step "RabbitMQ on 127.0.0.1:$AMQP_PORT (management UI on $RABBIT_MGMT_PORT)"
  mkdir -p "$RABBIT_DIR/home" "$RABBIT_DIR/mnesia" "$LOGS/rabbitmq"
  cat >"$RABBIT_DIR/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MGMT_PORT
default_user = $RABBIT_USER
default_pass = $RABBIT_PASS
default_user_tags.administrator = true
loopback_users = none
disk_free_limit.absolute = 100MB
log.file.level = info
log.console = false
CONF
  echo '[].' >"$RABBIT_DIR/advanced.config"
  echo '[rabbitmq_management].' >"$RABBIT_DIR/enabled_plugins"
  : >"$RABBIT_DIR/rabbitmq-env.conf"
  if rabbit_running; then
    ok "already running"
    return
  fi
  local port
  for port in "$AMQP_PORT" "$RABBIT_MGMT_PORT" "$RABBIT_DIST_PORT"; do
    port_in_use "$port" && fail "rabbitmq" "" "port $port is taken by another process; see the EVENTLY_*_PORT settings"
  done
  (cd "$RABBIT_DIR" && rabbit_env /usr/lib/rabbitmq/bin/rabbitmq-server -detached >"$LOGS/rabbitmq-start.log" 2>&1) ||
    fail "rabbitmq" "$LOGS/rabbitmq-start.log" "rabbitmq-server did not start"
  # `wait` follows the pid file until the node has booted (await_startup fails if the node is not up yet).
  rabbitmqctl_local wait "$RUN/rabbitmq.pid" --timeout 120 >>"$LOGS/rabbitmq-start.log" 2>&1 ||
    fail "rabbitmq" "$LOGS/rabbitmq/$RABBIT_NODE.log" "RabbitMQ did not finish booting"
  ok "started (node $RABBIT_NODE)"
}

stop_rabbitmq() {
  if rabbit_running; then
    rabbitmqctl_local stop "$RUN/rabbitmq.pid" >/dev/null 2>&1 || true
    ok "RabbitMQ stopped"
  fi
  # epmd was started for this stack's private port only, so it is ours to stop.
  if command -v epmd >/dev/null && ERL_EPMD_PORT=$EPMD_PORT epmd -names >/dev/null 2>&1; then
    ERL_EPMD_PORT=$EPMD_PORT epmd -kill >/dev/null 2>&1 || true
  fi
  local epmd_bin
  epmd_bin=$(ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -n 1 || true)
  if [[ -n "$epmd_bin" ]]; then ERL_EPMD_PORT=$EPMD_PORT "$epmd_bin" -kill >/dev/null 2>&1 || true; fi
}

# ---------------------------------------------------------------------------------------------------
# services

instances_of() {
  local var=${1//-/_}
  var="${var^^}_INSTANCES"
  echo "${!var:-${EVENTLY_INSTANCES:-2}}"
}

service_port() {
  local service=$1 index=$2 i
  for i in "${!ALL_SERVICES[@]}"; do
    [[ "${ALL_SERVICES[$i]}" == "$service" ]] && echo $((SERVICE_PORT_BASE + (i + 1) * 10 + index)) && return
  done
  fail "stack" "" "unknown service $service"
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Environment of one service instance; every variable its config schema needs.
service_env() {
  local service=$1 port=$2 db=${1%-service}
  local password_var=${service//-/_}
  password_var="${password_var^^}_DB_PASSWORD"
  echo "NODE_ENV=${EVENTLY_NODE_ENV:-development}"
  # Threads for argon2, crypto and the database driver's SCRAM handshake (libuv's default is 4).
  echo "UV_THREADPOOL_SIZE=${EVENTLY_UV_THREADPOOL_SIZE:-8}"
  echo "PORT=$port"
  echo "HOST=127.0.0.1"
  echo "LOG_LEVEL=$LOG_LEVEL"
  echo "DATABASE_HOST=127.0.0.1"
  echo "DATABASE_PORT=$PG_PORT"
  echo "DATABASE_NAME=evently_$db"
  echo "DATABASE_USER=${service//-/_}"
  echo "DATABASE_PASSWORD=${!password_var}"
  echo "RABBITMQ_URL=amqp://$RABBIT_USER:$RABBIT_PASS@127.0.0.1:$AMQP_PORT"
  echo "DATABASE_POOL_SIZE=${EVENTLY_DB_POOL_SIZE:-10}"
  echo "JWT_PUBLIC_KEY_FILE=$STATE/keys/jwt-public.pem"
  if [[ "$service" == notifier-service ]]; then
    echo "SMTP_HOST=127.0.0.1"
    echo "SMTP_PORT=$MAIL_SMTP_PORT"
    echo "PUBLIC_URL=http://localhost:$GATEWAY_PORT"
    # The test stack retries failed emails within seconds, so that SMTP outage tests stay short.
    if [[ "$STACK" == test ]]; then
      echo "EMAIL_RETRY_BASE_SECONDS=0.5"
      echo "EMAIL_RETRY_MAX_SECONDS=2"
      echo "EMAIL_POLL_INTERVAL_MS=250"
      echo "EMAIL_MAX_ATTEMPTS=8"
      echo "FANOUT_BATCH_SIZE=100"
    fi
  fi
  # The test stack gives back a dead booking's claimed places within seconds, so that its spec stays short.
  if [[ "$service" == booking-service && "$STACK" == test ]]; then
    echo "BOOKING_CLAIM_TTL_SECONDS=10"
  fi
  if [[ "$service" == user-service ]]; then
    echo "JWT_PRIVATE_KEY_FILE=$STATE/keys/jwt-private.pem"
    echo "ADMIN_EMAIL=$ADMIN_EMAIL"
    echo "ADMIN_PASSWORD=$ADMIN_PASSWORD"
  fi
}

start_services() {
  step "Services"
  local service index port pidfile log
  for service in "${SERVICES[@]}"; do
    for ((index = 0; index < $(instances_of "$service"); index++)); do
      port=$(service_port "$service" "$index")
      pidfile=$RUN/$service-$index.pid
      log=$LOGS/$service-$index.log
      if pid_alive "$pidfile"; then
        kill "$(cat "$pidfile")" 2>/dev/null || true
        wait_gone "$(cat "$pidfile")"
        info "restarting $service #$index to pick up the current build"
      fi
      port_in_use "$port" && fail "$service" "" "port $port is taken by another process; set EVENTLY_SERVICE_PORT_BASE"
      service_env "$service" "$port" >"$RUN/$service-$index.env"
      (
        set -a
        # shellcheck disable=SC1090
        source "$RUN/$service-$index.env"
        set +a
        cd "$ROOT"
        exec setsid node "dist/apps/$service/src/main.js" >>"$log" 2>&1 </dev/null
      ) &
      echo $! >"$pidfile"
      info "$service #$index on 127.0.0.1:$port (log $log)"
    done
  done
}

wait_gone() {
  local pid=$1 i
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop_services() {
  local pidfile pid
  for pidfile in "$RUN"/*-service-*.pid; do
    [[ -f "$pidfile" ]] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait_gone "$pid"
    fi
    rm -f "$pidfile"
  done
  ok "services stopped"
}

# ---------------------------------------------------------------------------------------------------
# Nginx

NGINX_DIR=$STATE/nginx
# MailDev (npm package): the mail catcher the notifier sends to; its web UI shows every message.
start_maildev() {
  step "MailDev on 127.0.0.1:$MAIL_SMTP_PORT (web UI $MAIL_WEB_PORT)"
  if pid_alive "$RUN/maildev.pid"; then ok "already running"; return; fi
  port_in_use "$MAIL_SMTP_PORT" && fail "maildev" "" "port $MAIL_SMTP_PORT is taken; set EVENTLY_MAIL_SMTP_PORT"
  port_in_use "$MAIL_WEB_PORT" && fail "maildev" "" "port $MAIL_WEB_PORT is taken; set EVENTLY_MAIL_WEB_PORT"
  (
    cd "$ROOT"
    exec setsid node node_modules/maildev/bin/maildev --ip 127.0.0.1 --smtp "$MAIL_SMTP_PORT" --web "$MAIL_WEB_PORT" \
      >>"$LOGS/maildev.log" 2>&1 </dev/null
  ) &
  echo $! >"$RUN/maildev.pid"
  local i
  for ((i = 0; i < 100; i++)); do
    port_in_use "$MAIL_SMTP_PORT" && port_in_use "$MAIL_WEB_PORT" && { ok "started"; return; }
    pid_alive "$RUN/maildev.pid" || break
    sleep 0.1
  done
  fail "maildev" "$LOGS/maildev.log" "did not start"
}

stop_maildev() {
  if pid_alive "$RUN/maildev.pid"; then
    local pid
    pid=$(cat "$RUN/maildev.pid")
    kill "$pid" 2>/dev/null && wait_gone "$pid"
    ok "MailDev stopped"
  fi
  rm -f "$RUN/maildev.pid"
}

nginx_cmd() { nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$LOGS/gateway-error.log" "$@"; }

render_nginx() {
  mkdir -p "$NGINX_DIR/docs"
  local service index upstream
  {
    echo "# Generated by scripts/stack.sh: one upstream per service, one server per instance."
    for service in "${SERVICES[@]}"; do
      upstream=${service//-/_}
      echo "upstream $upstream {"
      for ((index = 0; index < $(instances_of "$service"); index++)); do
        echo "    server 127.0.0.1:$(service_port "$service" "$index") max_fails=1 fail_timeout=2s;"
      done
      echo "    keepalive 32;"
      echo "    keepalive_timeout 30s;"
      echo "}"
    done
  } >"$NGINX_DIR/upstreams.conf"
  cp "$ROOT/nginx/docs/swagger-initializer.js" "$NGINX_DIR/docs/"
  mkdir -p "$NGINX_DIR/snippets" && cp "$ROOT"/nginx/snippets/*.conf "$NGINX_DIR/snippets/"
  local vars='${GATEWAY_LISTEN} ${GATEWAY_ACCESS_LOG} ${NGINX_CONF_DIR} ${NGINX_STATE_DIR} ${NGINX_LOG_DIR}'
  vars+=' ${SWAGGER_UI_DIR} ${REAL_IP_CONFIG} ${API_RATE_LIMIT} ${API_RATE_BURST} ${API_RETRY_AFTER}'
  vars+=' ${AUTH_RATE_LIMIT} ${AUTH_RATE_BURST} ${AUTH_RETRY_AFTER} ${WEB_ROOT} ${NGINX_CACHE_DIR}'
  vars+=' ${STREAMS_PER_ADDRESS}'
  mkdir -p "$NGINX_DIR/cache"
  export NGINX_CACHE_DIR="$NGINX_DIR/cache" WEB_ROOT="$ROOT/dist/web" GATEWAY_LISTEN="127.0.0.1:$GATEWAY_PORT" NGINX_CONF_DIR="$NGINX_DIR" NGINX_STATE_DIR="$NGINX_DIR" \
    NGINX_LOG_DIR="$LOGS" GATEWAY_ACCESS_LOG="$LOGS/gateway-access.log" \
    SWAGGER_UI_DIR="$ROOT/node_modules/swagger-ui-dist" REAL_IP_CONFIG="$(real_ip_config)" \
    API_RATE_LIMIT="$API_RATE" API_RATE_BURST="$API_BURST" API_RETRY_AFTER="$(retry_after "$API_RATE")" \
    AUTH_RATE_LIMIT="$AUTH_RATE" AUTH_RATE_BURST="$AUTH_BURST" AUTH_RETRY_AFTER="$(retry_after "$AUTH_RATE")" \
    STREAMS_PER_ADDRESS="$STREAMS_PER_ADDRESS"
  envsubst "$vars" <"$ROOT/nginx/gateway.conf.template" >"$NGINX_DIR/gateway.conf"
  envsubst "$vars" <"$ROOT/nginx/local/nginx.conf.template" >"$NGINX_DIR/nginx.conf"
}

# Seconds until a rate like 15r/s or 10r/m lets the next request through (Retry-After).
retry_after() {
  local rate=$1 count unit
  [[ "$rate" =~ ^([0-9]+)r/([sm])$ ]] || fail "nginx" "" "rate \"$rate\" is not of the form <n>r/s or <n>r/m"
  count=${BASH_REMATCH[1]} unit=${BASH_REMATCH[2]}
  local window=1
  [[ "$unit" == m ]] && window=60
  echo $(((window + count - 1) / count))
}

real_ip_config() {
  local proxy
  if [[ -z "$TRUSTED_PROXIES" ]]; then
    echo "# no trusted proxies: X-Forwarded-For from clients is ignored"
    return
  fi
  for proxy in ${TRUSTED_PROXIES//,/ }; do echo "set_real_ip_from $proxy;"; done
  echo "real_ip_header X-Forwarded-For;"
  echo "real_ip_recursive on;"
}

start_nginx() {
  step "Nginx gateway on 127.0.0.1:$GATEWAY_PORT"
  render_nginx
  nginx_cmd -t >"$LOGS/nginx-test.log" 2>&1 || fail "nginx" "$LOGS/nginx-test.log" "the rendered configuration is invalid"
  if pid_alive "$NGINX_DIR/nginx.pid"; then
    nginx_cmd -s reload && ok "reloaded"
    return
  fi
  port_in_use "$GATEWAY_PORT" && fail "nginx" "" "port $GATEWAY_PORT is taken by another process; set EVENTLY_GATEWAY_PORT"
  nginx_cmd >"$LOGS/nginx-start.log" 2>&1 || fail "nginx" "$LOGS/gateway-error.log" "Nginx did not start"
  ok "started"
}

stop_nginx() {
  if pid_alive "$NGINX_DIR/nginx.pid"; then
    local pid
    pid=$(cat "$NGINX_DIR/nginx.pid")
    nginx_cmd -s quit 2>/dev/null || kill "$pid"
    wait_gone "$pid"
    ok "Nginx stopped"
  fi
}

# ---------------------------------------------------------------------------------------------------
# health and summary

wait_healthy() {
  step "Waiting for /health/<service> through the gateway"
  local service deadline=$((SECONDS + ${EVENTLY_HEALTH_TIMEOUT:-120})) pending pidfile index
  for service in "${SERVICES[@]}"; do
    # Every instance first, on its own port: a gateway probe that found an instance still booting would
    # mark it failed in that Nginx worker for fail_timeout, and the first requests after "up" would get 502.
    for ((index = 0; index < $(instances_of "$service"); index++)); do
      pidfile=$RUN/$service-$index.pid
      while true; do
        pid_alive "$pidfile" || fail "$service" "$LOGS/$service-$index.log" "instance #$index exited during start-up"
        pending=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(service_port "$service" "$index")/health" || true)
        [[ "$pending" == 200 ]] && break
        ((SECONDS < deadline)) || fail "$service" "$LOGS/$service-$index.log" "instance #$index /health answered $pending, not 200"
        sleep 0.25
      done
    done
    while true; do
      pending=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEWAY_PORT/health/$service" || true)
      [[ "$pending" == 200 ]] && break
      ((SECONDS < deadline)) || fail "$service" "$LOGS/$service-0.log" "/health/$service answered $pending, not 200"
      sleep 0.5
    done
    ok "$service healthy"
  done
}

write_stack_env() {
  # What tests and tools need to reach this stack.
  {
    echo "EVENTLY_STACK=$STACK"
    echo "EVENTLY_STATE_DIR=$STATE"
    echo "EVENTLY_GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT"
    echo "EVENTLY_PG_HOST=127.0.0.1"
    echo "EVENTLY_PG_PORT=$PG_PORT"
    echo "EVENTLY_PG_SOCKET_DIR=$PG_DIR/run"
    echo "EVENTLY_RABBITMQ_URL=amqp://$RABBIT_USER:$RABBIT_PASS@127.0.0.1:$AMQP_PORT"
    echo "EVENTLY_RABBIT_MGMT_URL=http://127.0.0.1:$RABBIT_MGMT_PORT"
    echo "EVENTLY_RABBIT_DIST_PORT=$RABBIT_DIST_PORT"
    echo "EVENTLY_EPMD_PORT=$EPMD_PORT"
    echo "EVENTLY_RABBIT_USER=$RABBIT_USER"
    echo "EVENTLY_RABBIT_PASS=$RABBIT_PASS"
    echo "EVENTLY_JWT_PUBLIC_KEY_FILE=$STATE/keys/jwt-public.pem"
    echo "EVENTLY_JWT_PRIVATE_KEY_FILE=$STATE/keys/jwt-private.pem"
    echo "EVENTLY_LOG_DIR=$LOGS"
    echo "EVENTLY_NGINX_CONF=$NGINX_DIR/nginx.conf"
    echo "EVENTLY_NGINX_PREFIX=$NGINX_DIR"
    echo "EVENTLY_API_RATE=$API_RATE"
    echo "EVENTLY_API_BURST=$API_BURST"
    echo "EVENTLY_AUTH_RATE=$AUTH_RATE"
    echo "EVENTLY_AUTH_BURST=$AUTH_BURST"
    echo "EVENTLY_STREAMS_PER_ADDRESS=$STREAMS_PER_ADDRESS"
    echo "EVENTLY_ADMIN_EMAIL=$ADMIN_EMAIL"
    echo "EVENTLY_SERVICE_PORT_BASE=$SERVICE_PORT_BASE"
    echo "EVENTLY_MAIL_SMTP_PORT=$MAIL_SMTP_PORT"
    echo "EVENTLY_MAIL_WEB_URL=http://127.0.0.1:$MAIL_WEB_PORT"
    local service
    for service in "${SERVICES[@]}"; do
      local var=${service//-/_}
      echo "EVENTLY_${var^^}_INSTANCES=$(instances_of "$service")"
      echo "EVENTLY_${var^^}_PORT=$(service_port "$service" 0)"
    done
    cat "$STATE/secrets.env"
  } >"$STATE/stack.env"
}

print_summary() {
  cat <<SUMMARY

${bold}Evently is running${reset} (stack "$STACK", state in $STATE)
  Web dashboard          http://localhost:$GATEWAY_PORT/
  Gateway (API)          http://localhost:$GATEWAY_PORT/api/v1
  Swagger UI             http://localhost:$GATEWAY_PORT/docs/
  Health                 http://localhost:$GATEWAY_PORT/health/<user|event|booking|notifier>-service
  RabbitMQ management    http://localhost:$RABBIT_MGMT_PORT  (user $RABBIT_USER, password $RABBIT_PASS)
  Mail catcher (MailDev) http://localhost:$MAIL_WEB_PORT  (every email the notifier sends; SMTP on $MAIL_SMTP_PORT)
  First admin            $ADMIN_EMAIL, password $(admin_password_shown)
  PostgreSQL             127.0.0.1:$PG_PORT (one database and role per service; passwords in $STATE/secrets.env)
  Logs                   $LOGS/ (<service>-<n>.log, gateway-access.log, postgres.log, rabbitmq/)
  Stop it with           $(stop_command)
SUMMARY
}

# The password on a developer's terminal; in CI or a log file only where to find it.
admin_password_shown() {
  if [[ -t 1 && -z "${CI:-}" ]]; then echo "$ADMIN_PASSWORD (in $STATE/secrets.env)"; else echo "in $STATE/secrets.env"; fi
}

stop_command() {
  if [[ "$STACK" == dev ]]; then echo "npm run stack:stop"; else echo "EVENTLY_STACK=$STACK npm run stack:stop"; fi
}

# ---------------------------------------------------------------------------------------------------

cmd_up() {
  mkdir -p "$LOGS" "$RUN"
  local started=$SECONDS
  step "Evently stack \"$STACK\""
  install_missing_packages
  ensure_node_modules
  ensure_secrets
  start_postgres
  start_rabbitmq
  start_maildev
  build_services
  ensure_keys
  start_services
  start_nginx
  write_stack_env
  wait_healthy
  print_summary
  info "up in $((SECONDS - started)) s"
}

cmd_down() {
  step "Stopping Evently stack \"$STACK\""
  [[ -d "$STATE" ]] || { ok "nothing to stop"; return; }
  stop_nginx
  stop_services
  stop_maildev
  stop_rabbitmq
  stop_postgres
}

cmd_status() {
  local service index
  pg_running && echo "postgres   running on $PG_PORT" || echo "postgres   stopped"
  rabbit_running && echo "rabbitmq   running on $AMQP_PORT (UI $RABBIT_MGMT_PORT)" || echo "rabbitmq   stopped"
  pid_alive "$NGINX_DIR/nginx.pid" && echo "nginx      running on $GATEWAY_PORT" || echo "nginx      stopped"
  pid_alive "$RUN/maildev.pid" && echo "maildev    running on $MAIL_SMTP_PORT (UI $MAIL_WEB_PORT)" || echo "maildev    stopped"
  for service in "${SERVICES[@]}"; do
    for ((index = 0; index < $(instances_of "$service"); index++)); do
      pid_alive "$RUN/$service-$index.pid" && echo "$service #$index running on $(service_port "$service" "$index")" ||
        echo "$service #$index stopped"
    done
  done
}

require_service() {
  local name
  for name in "${ALL_SERVICES[@]}"; do [[ "$1" == "$name" ]] && return; done
  echo "usage: $0 service:stop|service:start <${ALL_SERVICES[*]}>" >&2
  exit 2
}

case "${1:-}" in
  up) cmd_up ;;
  deps)
    # npm ci when node_modules is missing or older than the lock file (also used by npm test).
    mkdir -p "$LOGS"
    ensure_node_modules ;;
  service:stop)
    # Fault drills: stop every instance of one service (service:start or npm run stack brings it back).
    require_service "${2:-}"
    for pidfile in "$RUN/$2"-*.pid; do
      [[ -f "$pidfile" ]] || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null && wait_gone "$pid"
      rm -f "$pidfile"
    done
    ok "$2 stopped" ;;
  service:start)
    # Fault drills: (re)starts every instance of one service on the current build, then waits for its health.
    require_service "${2:-}"
    [[ -f "$STATE/stack.env" ]] || fail "$2" "" "the \"$STACK\" stack was never started; run npm run stack first"
    mkdir -p "$LOGS" "$RUN"
    # The same secrets as at `up` (database passwords, first admin), whoever calls this and from where.
    ensure_secrets
    SERVICES=("$2")
    start_services
    wait_healthy ;;
  service:kill)
    # Fault drills: kill -9 one instance of a service (#0 unless named), as a crash would; the others keep
    # serving. service:start brings it back.
    require_service "${2:-}"
    pidfile="$RUN/$2-${3:-0}.pid"
    pid_alive "$pidfile" || fail "$2" "" "instance #${3:-0} of $2 is not running"
    kill -9 "$(cat "$pidfile")" && ok "$2 #${3:-0} killed (-9)" ;;
  db:restart)
    # Fault drills: PostgreSQL restarted (fast: sessions are terminated, as an operator's restart does).
    pg_running || fail "postgres" "" "PostgreSQL is not running"
    as_postgres "$(pg_bin_dir)/pg_ctl" -D "$PG_DIR/data" -l "$LOGS/postgres.log" -m fast -w -t 60 restart >/dev/null &&
      ok "PostgreSQL restarted" ;;
  broker:stop)
    # Fault drills: stop the RabbitMQ application (connections drop, ports close), keep the node.
    rabbitmqctl_local stop_app >/dev/null && ok "RabbitMQ stopped (node kept; broker:start brings it back)" ;;
  broker:start)
    rabbitmqctl_local start_app >/dev/null && rabbitmqctl_local await_startup >/dev/null && ok "RabbitMQ started" ;;
  mail:stop)
    # Fault drills: an SMTP outage.
    stop_maildev ;;
  mail:start)
    mkdir -p "$LOGS" "$RUN"
    start_maildev ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 up|down|status|deps|broker:stop|broker:start|mail:stop|mail:start|db:restart|service:stop <name>|service:start <name>|service:kill <name> [index]" >&2
    exit 2
    ;;
esac
