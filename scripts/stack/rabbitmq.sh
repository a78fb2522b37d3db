# shellcheck shell=bash
# Sourced by scripts/stack.sh (its settings are in scope).
# The stack's own RabbitMQ: one node, or a cluster of EVENTLY_RABBIT_NODES project-local nodes (own node
# names, ports, data folders and a shared Erlang cookie under .stack/<name>/), formed by RabbitMQ's own peer
# discovery (classic config). Node 1 keeps the single node's name, ports and folders; node i adds
# 100 * (i - 1) to each port. The management plugin runs on every node; the UI of node 1 is the one shown.

# RabbitMQ

RABBIT_DIR=$STATE/rabbitmq
# How many nodes the stack's RabbitMQ was formed with (a cluster's nodes remember each other): the default
# of a stack formed before, else one.
RABBIT_FORMED=$STATE/rabbitmq-nodes
RABBIT_NODES=${EVENTLY_RABBIT_NODES:-$(cat "$RABBIT_FORMED" 2>/dev/null || echo 1)}
[[ "$RABBIT_NODES" =~ ^[1-5]$ ]] || {
  echo "EVENTLY_RABBIT_NODES must be 1 to 5 (3 for a cluster that survives a node), not '$RABBIT_NODES'" >&2
  exit 2
}
# Erlang distribution (the node's and the CLI tools') on loopback only; it would listen on every interface.
LOOPBACK_DIST='-kernel inet_dist_use_interface {127,0,0,1}'
# No scheduler busy-waiting: on a machine shared with the services, the database and the tests, an idle
# node's schedulers would spin on CPU the others need (RabbitMQ's advice for shared hosts).
NO_BUSY_WAIT='+sbwt none +sbwtdcpu none +sbwtdio none'

rabbit_node_name() { if (($1 == 1)); then echo "$RABBIT_NODE"; else echo "evently-$STACK-$1@localhost"; fi; }
rabbit_node_dir() { if (($1 == 1)); then echo "$RABBIT_DIR"; else echo "$RABBIT_DIR-$1"; fi; }
rabbit_node_logs() { if (($1 == 1)); then echo "$LOGS/rabbitmq"; else echo "$LOGS/rabbitmq-$1"; fi; }
rabbit_node_pidfile() { if (($1 == 1)); then echo "$RUN/rabbitmq.pid"; else echo "$RUN/rabbitmq-$1.pid"; fi; }
rabbit_amqp_port() { echo $((AMQP_PORT + 100 * ($1 - 1))); }
rabbit_mgmt_port() { echo $((RABBIT_MGMT_PORT + 100 * ($1 - 1))); }
rabbit_dist_port() { echo $((RABBIT_DIST_PORT + 100 * ($1 - 1))); }

# The broker URLs the services get, node 1 first (amqp-connection-manager moves to the next on failure).
rabbit_urls() {
  local i urls=()
  for ((i = 1; i <= RABBIT_NODES; i++)); do
    urls+=("amqp://$RABBIT_USER:$RABBIT_PASS@127.0.0.1:$(rabbit_amqp_port "$i")")
  done
  (IFS=,; echo "${urls[*]}")
}

rabbit_env_node() {
  local node=$1 dir logs
  shift
  dir=$(rabbit_node_dir "$node")
  logs=$(rabbit_node_logs "$node")
  env HOME="$dir/home" \
    RABBITMQ_NODENAME="$(rabbit_node_name "$node")" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$(rabbit_amqp_port "$node")" \
    RABBITMQ_DIST_PORT="$(rabbit_dist_port "$node")" \
    ERL_EPMD_PORT="$EPMD_PORT" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$LOOPBACK_DIST $NO_BUSY_WAIT" \
    RABBITMQ_CTL_ERL_ARGS="$LOOPBACK_DIST" \
    ERL_CRASH_DUMP="$logs/erl_crash.dump" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$logs" \
    RABBITMQ_PID_FILE="$(rabbit_node_pidfile "$node")" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    "$@"
}
rabbitmqctl_node() {
  local node=$1
  shift
  rabbit_env_node "$node" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$(rabbit_node_name "$node")" "$@"
}
rabbitmqctl_local() { rabbitmqctl_node 1 "$@"; }
# The pid file first: rabbitmqctl on a stopped stack would start an epmd daemon and leave it running.
rabbit_node_running() {
  pid_alive "$(rabbit_node_pidfile "$1")" && [[ -x /usr/lib/rabbitmq/bin/rabbitmqctl ]] &&
    rabbitmqctl_node "$1" ping >/dev/null 2>&1
}
rabbit_running() {
  local i
  for ((i = 1; i <= RABBIT_NODES; i++)); do rabbit_node_running "$i" || return 1; done
}

rabbit_running_any() {
  local i
  for ((i = 1; i <= $(rabbit_known_nodes); i++)); do rabbit_node_running "$i" && return 0; done
  return 1
}

# The nodes a stopped stack may still run: as many as it was formed with, or as asked now.
rabbit_known_nodes() {
  local formed
  formed=$(cat "$RABBIT_FORMED" 2>/dev/null || echo 1)
  echo $((formed > RABBIT_NODES ? formed : RABBIT_NODES))
}

# The cookie every node and CLI call of this stack shares: node 1's if it has one, else a new one.
rabbit_cookie() {
  local first=$RABBIT_DIR/home/.erlang.cookie
  if [[ ! -s "$first" ]]; then
    mkdir -p "$RABBIT_DIR/home"
    (umask 077 && head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$first")
  fi
  cat "$first"
}

write_rabbit_node_config() {
  local node=$1 cookie=$2 dir i
  dir=$(rabbit_node_dir "$node")
  mkdir -p "$dir/home" "$dir/mnesia" "$(rabbit_node_logs "$node")"
  if [[ "$(cat "$dir/home/.erlang.cookie" 2>/dev/null)" != "$cookie" ]]; then
    rm -f "$dir/home/.erlang.cookie"
    (umask 077 && printf '%s' "$cookie" >"$dir/home/.erlang.cookie")
  fi
  {
    cat <<CONF
listeners.tcp.default = 127.0.0.1:$(rabbit_amqp_port "$node")
management.tcp.ip = 127.0.0.1
management.tcp.port = $(rabbit_mgmt_port "$node")
default_user = $RABBIT_USER
default_pass = $RABBIT_PASS
default_user_tags.administrator = true
loopback_users = none
disk_free_limit.absolute = 100MB
log.file.level = info
log.console = false
CONF
    if ((RABBIT_NODES > 1)); then
      echo "cluster_formation.peer_discovery_backend = classic_config"
      for ((i = 1; i <= RABBIT_NODES; i++)); do
        echo "cluster_formation.classic_config.nodes.$i = $(rabbit_node_name "$i")"
      done
      # Nodes started together: no random wait before joining (its default is 5-60 s).
      echo "cluster_formation.randomized_startup_delay_range.min = 0"
      echo "cluster_formation.randomized_startup_delay_range.max = 1"
      # A node cut off from the majority stops serving (its clients move to the others) until it is back.
      echo "cluster_partition_handling = pause_minority"
    fi
  } >"$dir/rabbitmq.conf"
  echo '[].' >"$dir/advanced.config"
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  : >"$dir/rabbitmq-env.conf"
}

start_rabbit_node() {
  local node=$1 port logs
  logs=$(rabbit_node_logs "$node")
  rabbit_node_running "$node" && return 0
  for port in "$(rabbit_amqp_port "$node")" "$(rabbit_mgmt_port "$node")" "$(rabbit_dist_port "$node")"; do
    port_in_use "$port" && fail "rabbitmq" "" "port $port (node $node) is taken by another process; see the EVENTLY_*_PORT settings"
  done
  (cd "$(rabbit_node_dir "$node")" && rabbit_env_node "$node" /usr/lib/rabbitmq/bin/rabbitmq-server -detached \
    >"$LOGS/rabbitmq-start-$node.log" 2>&1) ||
    fail "rabbitmq" "$LOGS/rabbitmq-start-$node.log" "rabbitmq-server (node $node) did not start"
}

# Waits until node 1 sees every node running in its cluster.
wait_rabbit_cluster() {
  local deadline=$((SECONDS + 120)) running
  while ((SECONDS < deadline)); do
    running=$(rabbitmqctl_local cluster_status --formatter json 2>/dev/null |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).running_nodes.length)}catch{console.log(0)}})')
    ((running == RABBIT_NODES)) && return 0
    sleep 1
  done
  fail "rabbitmq" "$(rabbit_node_logs 1)/$RABBIT_NODE.log" "the cluster did not form ($running of $RABBIT_NODES nodes running)"
}

start_rabbitmq() {
  local i cookie formed
  if ((RABBIT_NODES == 1)); then
    step "RabbitMQ on 127.0.0.1:$AMQP_PORT (management UI on $RABBIT_MGMT_PORT)"
  else
    step "RabbitMQ, a cluster of $RABBIT_NODES nodes on 127.0.0.1:$(rabbit_urls | tr ',' '\n' | sed 's/.*://' | paste -sd,) (management UI on $RABBIT_MGMT_PORT)"
  fi
  formed=$(cat "$RABBIT_FORMED" 2>/dev/null || echo 0)
  if ((formed > RABBIT_NODES)); then
    fail "rabbitmq" "" "this stack's RabbitMQ was formed with $formed nodes: start it with EVENTLY_RABBIT_NODES=$formed, or stop it and remove $RABBIT_DIR* to start anew"
  fi
  cookie=$(rabbit_cookie)
  for ((i = 1; i <= RABBIT_NODES; i++)); do write_rabbit_node_config "$i" "$cookie"; done
  if rabbit_running; then
    ok "already running"
    return
  fi
  # All nodes at once: a restarted cluster node waits for the others (the last one stopped) to boot.
  for ((i = 1; i <= RABBIT_NODES; i++)); do start_rabbit_node "$i"; done
  for ((i = 1; i <= RABBIT_NODES; i++)); do
    # `wait` follows the pid file until the node has booted (await_startup fails if the node is not up yet).
    rabbitmqctl_node "$i" wait "$(rabbit_node_pidfile "$i")" --timeout 120 >>"$LOGS/rabbitmq-start-$i.log" 2>&1 ||
      fail "rabbitmq" "$(rabbit_node_logs "$i")/$(rabbit_node_name "$i").log" "RabbitMQ node $i did not finish booting"
  done
  echo "$RABBIT_NODES" >"$RABBIT_FORMED"
  if ((RABBIT_NODES > 1)); then
    wait_rabbit_cluster
    # Evently's queues (declared by the services when they start, after this) get their leaders spread over
    # the nodes, not all on the node their declaring client reached first; shown in the management UI.
    rabbitmqctl_local set_policy evently-quorum '^(user|event|booking|notifier)-service' \
      '{"queue-leader-locator":"balanced"}' --apply-to queues --priority 1 >/dev/null ||
      fail "rabbitmq" "" "could not set the evently-quorum policy"
    ok "started (a cluster of $RABBIT_NODES: $(for ((i = 1; i <= RABBIT_NODES; i++)); do rabbit_node_name "$i"; done | paste -sd' '))"
  else
    ok "started (node $RABBIT_NODE)"
  fi
}

stop_rabbit_node() {
  local node=$1
  rabbit_node_running "$node" || return 0
  rabbitmqctl_node "$node" stop "$(rabbit_node_pidfile "$node")" >/dev/null 2>&1 || true
}

# stop_rabbitmq [kill]: every node stopped, or killed (-9) when its data is to be removed anyway.
stop_rabbitmq() {
  local i known stopped=0 pidfile
  known=$(rabbit_known_nodes)
  # Every node at once (one after another, a cluster's took 26 s); they are started together too.
  local pids=()
  for ((i = known; i >= 1; i--)); do
    pidfile=$(rabbit_node_pidfile "$i")
    if [[ "${1:-}" == kill ]] && pid_alive "$pidfile"; then
      kill -9 "$(cat "$pidfile")" 2>/dev/null || true
      wait_gone "$(cat "$pidfile")"
      rm -f "$pidfile"
      stopped=$((stopped + 1))
    elif rabbit_node_running "$i"; then
      stop_rabbit_node "$i" &
      pids+=($!)
      stopped=$((stopped + 1))
    fi
  done
  for i in "${pids[@]}"; do wait "$i"; done
  ((stopped > 0)) && ok "RabbitMQ stopped ($stopped node$( ((stopped > 1)) && echo s))"
  # epmd was started for this stack's private port only, so it is ours to stop.
  if command -v epmd >/dev/null && ERL_EPMD_PORT=$EPMD_PORT epmd -names >/dev/null 2>&1; then
    ERL_EPMD_PORT=$EPMD_PORT epmd -kill >/dev/null 2>&1 || true
  fi
  local epmd_bin
  epmd_bin=$(ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -n 1 || true)
  if [[ -n "$epmd_bin" ]]; then ERL_EPMD_PORT=$EPMD_PORT "$epmd_bin" -kill >/dev/null 2>&1 || true; fi
}

# Removes the stopped broker's data: every node's queues, messages and cluster membership (the next start
# forms it anew). For the test stack only.
forget_rabbitmq() {
  [[ "$STACK" == test ]] || fail "rabbitmq" "" "the broker's data is removed for the test stack only"
  rabbit_running_any && fail "rabbitmq" "" "stop RabbitMQ before its data is removed"
  rm -rf "$RABBIT_DIR" "$RABBIT_DIR"-[0-9] "$RABBIT_FORMED"
}
