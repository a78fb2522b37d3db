# shellcheck shell=bash
# Sourced by scripts/stack.sh (its settings are in scope).
# The four services, two instances each: their settings (service_env) and their processes.

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
  echo "RABBITMQ_URL=$(rabbit_urls)"
  echo "DATABASE_POOL_SIZE=${EVENTLY_DB_POOL_SIZE:-10}"
  echo "JWT_PUBLIC_KEY_FILE=$STATE/keys/jwt-public.pem"
  if [[ "$service" == notifier-service ]]; then
    echo "SMTP_HOST=127.0.0.1"
    echo "SMTP_PORT=$MAIL_SMTP_PORT"
    echo "PUBLIC_URL=http://localhost:$GATEWAY_PORT"
    # Local receivers (a test's, or one run next to the stack) are on 127.0.0.1, over http.
    echo "WEBHOOK_HTTPS_ONLY=false"
    echo "WEBHOOK_ALLOW_PRIVATE=true"
    # The test stack retries failed emails within seconds, so that SMTP outage tests stay short.
    if [[ "$STACK" == test ]]; then
      echo "EMAIL_RETRY_BASE_SECONDS=0.5"
      echo "EMAIL_RETRY_MAX_SECONDS=2"
      echo "EMAIL_POLL_INTERVAL_MS=250"
      # Emails whose outcome could not be recorded (a PostgreSQL restart) go again after 25 s, not 60.
      echo "EMAIL_LEASE_SECONDS=25"
      echo "EMAIL_MAX_ATTEMPTS=8"
      echo "FANOUT_BATCH_SIZE=100"
      # Failed webhook deliveries are retried within a second or two, and given up after 30 s.
      echo "WEBHOOK_RETRY_BASE_SECONDS=0.5"
      echo "WEBHOOK_RETRY_MAX_SECONDS=2"
      echo "WEBHOOK_RETRY_HOURS=${EVENTLY_WEBHOOK_RETRY_HOURS:-0.00834}"
    fi
  fi
  if [[ "$service" == booking-service ]]; then
    echo "PUBLIC_URL=http://localhost:$GATEWAY_PORT"
    if [[ "$STACK" == test ]]; then
      echo "STRIPE_SECRET_KEY=sk_test_evently_stand_in"
      echo "STRIPE_WEBHOOK_SECRET=$STRIPE_TEST_WEBHOOK_SECRET"
      echo "STRIPE_API_URL=http://127.0.0.1:$STRIPE_API_PORT"
    else
      [[ -n "${STRIPE_SECRET_KEY:-}" ]] && echo "STRIPE_SECRET_KEY=$STRIPE_SECRET_KEY"
      [[ -n "${STRIPE_WEBHOOK_SECRET:-}" ]] && echo "STRIPE_WEBHOOK_SECRET=$STRIPE_WEBHOOK_SECRET"
      [[ -n "${STRIPE_API_URL:-}" ]] && echo "STRIPE_API_URL=$STRIPE_API_URL"
    fi
  fi
  # The test stack gives back a dead booking's claimed places within seconds, so that its spec stays short.
  if [[ "$service" == booking-service && "$STACK" == test ]]; then
    echo "BOOKING_CLAIM_TTL_SECONDS=10"
    # Priced orders awaiting payment lapse within seconds, so that the expiry spec stays short.
    echo "BOOKING_HOLD_SECONDS=20"
  fi
  if [[ "$service" == user-service ]]; then
    echo "JWT_PRIVATE_KEY_FILE=$STATE/keys/jwt-private.pem"
    echo "ADMIN_EMAIL=$ADMIN_EMAIL"
    echo "ADMIN_PASSWORD=$ADMIN_PASSWORD"
    # The test stack hashes some 500 passwords per run: OWASP's minimum argon2id cost, ~8x less CPU each.
    if [[ "$STACK" == test ]]; then
      echo "PASSWORD_HASH_MEMORY_KIB=19456"
      echo "PASSWORD_HASH_TIME_COST=2"
      echo "PASSWORD_HASH_PARALLELISM=1"
    fi
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

# Stops every instance of the services named (all of them when none is), all at once: each takes about 2 s to
# close its connections (one after another took 16 s for the whole stack).
stop_services() {
  local pidfile pid pids=() patterns=("$@") pattern
  ((${#patterns[@]})) || patterns=("*-service")
  for pattern in "${patterns[@]}"; do
    for pidfile in "$RUN"/$pattern-*.pid; do
      [[ -f "$pidfile" ]] || continue
      pid=$(cat "$pidfile")
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        pids+=("$pid")
      fi
      rm -f "$pidfile"
    done
  done
  for pid in "${pids[@]}"; do wait_gone "$pid"; done
  ok "${*:-services} stopped"
}
