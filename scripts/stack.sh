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
# All below 32768: a port in Linux's ephemeral range (32768-60999) can be taken by an outgoing connection
# (even one to itself, when nothing listens there yet), and the stack's process then fails with EADDRINUSE.
case "$STACK" in
  test) defaults=(6433 6673 16672 26674 4371 18080 13000 11025 11080) ;;
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
# Stripe: the test stack talks to a stand-in for its API that the payment specs run on this port, with test
# keys; any other stack offers card payments only when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set.
STRIPE_API_PORT=${EVENTLY_STRIPE_API_PORT:-12111}
STRIPE_TEST_WEBHOOK_SECRET=whsec_evently_test_stand_in
# Gateway limits per client address (Nginx rate syntax) and the proxies trusted to set X-Forwarded-For.
API_RATE=${EVENTLY_API_RATE:-15r/s}
API_BURST=${EVENTLY_API_BURST:-10}
AUTH_RATE=${EVENTLY_AUTH_RATE:-10r/m}
AUTH_BURST=${EVENTLY_AUTH_BURST:-5}
# Live streams (SSE) one client address may hold open at the gateway; each costs two Nginx connections.
STREAMS_PER_ADDRESS=${EVENTLY_STREAMS_PER_ADDRESS:-10}
# Requests in flight to the sale through the gateway, all clients together (POST /bookings; the on-sale
# queue): over it, an immediate 503 with Retry-After. The test stack lets 512 bookings through at once: its
# race specs fire up to 200 together, two specs at a time, and assert every answer (the benchmarks start it
# with 64).
if [[ $STACK == test ]]; then SALE_IN_FLIGHT=${EVENTLY_SALE_IN_FLIGHT:-512}; else SALE_IN_FLIGHT=${EVENTLY_SALE_IN_FLIGHT:-64}; fi
QUEUE_IN_FLIGHT=${EVENTLY_QUEUE_IN_FLIGHT:-64}
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
# the parts: output and installation, PostgreSQL, RabbitMQ, the services, MailDev and Nginx, health
for part in output postgres rabbitmq services gateway health; do
  # shellcheck source=/dev/null
  source "$ROOT/scripts/stack/$part.sh"
done

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
  local node
  if ((RABBIT_NODES == 1)); then
    rabbit_running && echo "rabbitmq   running on $AMQP_PORT (UI $RABBIT_MGMT_PORT)" || echo "rabbitmq   stopped"
  else
    rabbit_running && echo "rabbitmq   running, $RABBIT_NODES nodes (UI $RABBIT_MGMT_PORT)" || echo "rabbitmq   stopped"
    for ((node = 1; node <= RABBIT_NODES; node++)); do
      rabbit_node_running "$node" && echo "rabbitmq #$node running on $(rabbit_amqp_port "$node")" ||
        echo "rabbitmq #$node stopped"
    done
  fi
  pid_alive "$NGINX_DIR/nginx.pid" && echo "nginx      running on $GATEWAY_PORT" || echo "nginx      stopped"
  pid_alive "$RUN/maildev.pid" && echo "maildev    running on $MAIL_SMTP_PORT (UI $MAIL_WEB_PORT)" || echo "maildev    stopped"
  for service in "${SERVICES[@]}"; do
    for ((index = 0; index < $(instances_of "$service"); index++)); do
      pid_alive "$RUN/$service-$index.pid" && echo "$service #$index running on $(service_port "$service" "$index")" ||
        echo "$service #$index stopped"
    done
  done
}

# Each argument names a service (at least one).
require_services() {
  local name wanted known
  (($#)) || set -- ""
  for wanted in "$@"; do
    known=
    for name in "${ALL_SERVICES[@]}"; do [[ "$wanted" == "$name" ]] && known=1; done
    [[ -n "$known" ]] && continue
    echo "usage: $0 service:stop|service:start|service:ensure <${ALL_SERVICES[*]}>..." >&2
    exit 2
  done
}

case "${1:-}" in
  up) cmd_up ;;
  deps)
    # npm ci when node_modules is missing or older than the lock file (also used by npm test).
    mkdir -p "$LOGS"
    ensure_node_modules ;;
  service:stop)
    # Fault drills: stop every instance of the services named, all at once (service:start or npm run stack
    # brings them back).
    require_services "${@:2}"
    stop_services "${@:2}" ;;
  service:start)
    # Fault drills: (re)starts every instance of the services named on the current build, then waits for their
    # health.
    require_services "${@:2}"
    [[ -f "$STATE/stack.env" ]] || fail "$2" "" "the \"$STACK\" stack was never started; run npm run stack first"
    mkdir -p "$LOGS" "$RUN"
    # The same secrets as at `up` (database passwords, first admin), whoever calls this and from where.
    ensure_secrets
    SERVICES=("${@:2}")
    start_services
    wait_healthy ;;
  service:ensure)
    # A fault spec's clean-up: service:start for those of the services named with an instance not running
    # (nothing when all run: a restart costs seconds).
    require_services "${@:2}"
    SERVICES=()
    for service in "${@:2}"; do
      for ((index = 0; index < $(instances_of "$service"); index++)); do
        pid_alive "$RUN/$service-$index.pid" || { SERVICES+=("$service"); break; }
      done
    done
    if ((${#SERVICES[@]})); then
      bash "$0" service:start "${SERVICES[@]}"
    else
      ok "${*:2} running"
    fi ;;
  service:kill)
    # Fault drills: kill -9 one instance of a service (#0 unless named), as a crash would; the others keep
    # serving. service:start brings it back.
    require_services "${2:-}"
    pidfile="$RUN/$2-${3:-0}.pid"
    pid_alive "$pidfile" || fail "$2" "" "instance #${3:-0} of $2 is not running"
    kill -9 "$(cat "$pidfile")" && ok "$2 #${3:-0} killed (-9)" ;;
  db:restart)
    # Fault drills: PostgreSQL restarted (fast: sessions are terminated, as an operator's restart does).
    pg_running || fail "postgres" "" "PostgreSQL is not running"
    as_postgres "$(pg_bin_dir)/pg_ctl" -D "$PG_DIR/data" -l "$LOGS/postgres.log" -m fast -w -t 60 restart >/dev/null &&
      ok "PostgreSQL restarted" ;;
  broker:stop)
    # Fault drills: stop the RabbitMQ application on every node (connections drop, ports close), keep the
    # nodes' VMs.
    for ((node = RABBIT_NODES; node >= 1; node--)); do rabbitmqctl_node "$node" stop_app >/dev/null; done
    ok "RabbitMQ stopped (nodes kept; broker:start brings it back)" ;;
  broker:start)
    # Every node at once: a cluster node's application waits for the peers that stopped after it.
    pids=()
    for ((node = 1; node <= RABBIT_NODES; node++)); do rabbitmqctl_node "$node" start_app >/dev/null & pids+=($!); done
    for pid in "${pids[@]}"; do wait "$pid"; done
    for ((node = 1; node <= RABBIT_NODES; node++)); do rabbitmqctl_node "$node" await_startup >/dev/null; done
    ok "RabbitMQ started" ;;
  broker:kill)
    # Cluster drills: kill -9 one RabbitMQ node (1..EVENTLY_RABBIT_NODES), as a crash would.
    node=${2:-}
    [[ "$node" =~ ^[0-9]+$ ]] && ((node >= 1 && node <= RABBIT_NODES)) ||
      { echo "usage: $0 broker:kill <node 1..$RABBIT_NODES>" >&2; exit 2; }
    pid_alive "$(rabbit_node_pidfile "$node")" || fail "rabbitmq" "" "node $node is not running"
    kill -9 "$(cat "$(rabbit_node_pidfile "$node")")" && ok "RabbitMQ node $node killed (-9)" ;;
  broker:node-stop)
    # Cluster drills: stop one node (its application and its Erlang VM); broker:node-start brings it back.
    node=${2:-}
    [[ "$node" =~ ^[0-9]+$ ]] && ((node >= 1 && node <= RABBIT_NODES)) ||
      { echo "usage: $0 broker:node-stop <node 1..$RABBIT_NODES>" >&2; exit 2; }
    stop_rabbit_node "$node" && ok "RabbitMQ node $node stopped" ;;
  broker:node-start)
    node=${2:-}
    [[ "$node" =~ ^[0-9]+$ ]] && ((node >= 1 && node <= RABBIT_NODES)) ||
      { echo "usage: $0 broker:node-start <node 1..$RABBIT_NODES>" >&2; exit 2; }
    mkdir -p "$LOGS" "$RUN"
    start_rabbit_node "$node"
    rabbitmqctl_node "$node" wait "$(rabbit_node_pidfile "$node")" --timeout 120 >>"$LOGS/rabbitmq-start-$node.log" 2>&1 ||
      fail "rabbitmq" "$(rabbit_node_logs "$node")/$(rabbit_node_name "$node").log" "RabbitMQ node $node did not finish booting"
    ok "RabbitMQ node $node started" ;;
  broker:reform)
    # Drills and benches: RabbitMQ formed anew with N nodes (1..5) under the running stack: the services
    # stop, the broker stops and its data (queues, messages, the cluster's membership) is removed, N nodes
    # start, then the services again (their broker URLs follow). Test stack only: it drops messages.
    nodes=${2:-}
    [[ "$nodes" =~ ^[1-5]$ ]] || { echo "usage: $0 broker:reform <nodes 1..5>" >&2; exit 2; }
    [[ -f "$STATE/stack.env" ]] || fail "rabbitmq" "" "the \"$STACK\" stack was never started; run npm run stack first"
    mkdir -p "$LOGS" "$RUN"
    started=$SECONDS
    ensure_secrets
    stop_services
    stop_rabbitmq kill
    forget_rabbitmq
    RABBIT_NODES=$nodes
    start_rabbitmq
    start_services
    write_stack_env
    wait_healthy
    info "RabbitMQ re-formed with $nodes node$( ((nodes > 1)) && echo s) in $((SECONDS - started)) s" ;;
  broker:rebalance)
    # After nodes came back: the quorum queues' leaders spread over the running nodes again (an operator's
    # step; a returning node leads nothing until then).
    rabbit_env_node 1 /usr/lib/rabbitmq/bin/rabbitmq-queues -n "$RABBIT_NODE" rebalance quorum >/dev/null &&
      ok "quorum queue leaders rebalanced" ;;
  broker:forget)
    # The stopped test stack's broker data removed: the next start forms RabbitMQ anew (any node count).
    forget_rabbitmq && ok "RabbitMQ's data removed" ;;
  broker:partition|broker:heal)
    # Cluster drills: cut one node off the others (and back). The node uses a wrong Erlang cookie with each
    # peer and drops its links, so neither side can reconnect: a network partition as the nodes see it, while
    # every node still answers this stack's CLI (which uses the right cookie).
    node=${2:-}
    [[ "$node" =~ ^[0-9]+$ ]] && ((node >= 1 && node <= RABBIT_NODES && RABBIT_NODES > 1)) ||
      { echo "usage: $0 $1 <node 1..$RABBIT_NODES> (a cluster of 2 or more nodes)" >&2; exit 2; }
    peers=""
    for ((other = 1; other <= RABBIT_NODES; other++)); do
      ((other == node)) || peers+="${peers:+,}'$(rabbit_node_name "$other")'"
    done
    if [[ "$1" == broker:partition ]]; then
      rabbitmqctl_node "$node" eval "[begin erlang:set_cookie(P, evently_partitioned), erlang:disconnect_node(P) end || P <- [$peers]], ok." >/dev/null
      ok "RabbitMQ node $node cut off from the others (broker:heal $node ends it)"
    else
      rabbitmqctl_node "$node" eval "[begin erlang:set_cookie(P, erlang:get_cookie()), net_kernel:connect_node(P) end || P <- [$peers]], ok." >/dev/null
      ok "RabbitMQ node $node reconnected"
    fi ;;
  mail:stop)
    # Fault drills: an SMTP outage.
    stop_maildev ;;
  mail:start)
    mkdir -p "$LOGS" "$RUN"
    start_maildev ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 up|down|status|deps|broker:stop|broker:start|broker:kill <node>|broker:node-stop <node>|broker:node-start <node>|broker:partition <node>|broker:heal <node>|broker:rebalance|broker:reform <nodes>|broker:forget|mail:stop|mail:start|db:restart|service:stop <name>...|service:start <name>...|service:ensure <name>...|service:kill <name> [index]" >&2
    exit 2
    ;;
esac
