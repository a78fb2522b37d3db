# shellcheck shell=bash
# Sourced by scripts/stack.sh (its settings are in scope).
# The stack's own RabbitMQ node (management plugin on).

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
