#!/usr/bin/env bash
# Runs fault specs (drills) against the "test" stack with EVENTLY_RABBIT_NODES RabbitMQ nodes (3 unless set):
# started here if needed (and stopped afterwards), its broker re-formed if it runs with another node count.
# Arguments go to Jest, e.g.
#   bash scripts/drill.sh test/fault/rabbit-cluster.fault-spec.ts -t 'quorum is lost'
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export EVENTLY_STACK=test
NODES=${EVENTLY_RABBIT_NODES:-3}
unset EVENTLY_RABBIT_NODES
STATE=${EVENTLY_STATE_DIR:-$ROOT/.stack/test}
started=0
if ! grep -q '^rabbitmq   running' <<<"$(bash scripts/stack.sh status || true)"; then
  bash scripts/stack.sh down >/dev/null
  [[ "$(cat "$STATE/rabbitmq-nodes" 2>/dev/null || echo "$NODES")" == "$NODES" ]] || bash scripts/stack.sh broker:forget
  npm run --silent build
  EVENTLY_RABBIT_NODES=$NODES EVENTLY_SKIP_BUILD=1 bash scripts/stack.sh up
  started=1
elif ! grep -qx "EVENTLY_RABBIT_NODES=$NODES" "$STATE/stack.env"; then
  bash scripts/stack.sh broker:reform "$NODES"
fi
trap '[[ $started == 1 ]] && bash scripts/stack.sh down' EXIT
npx jest --selectProjects fault --runInBand "$@"
