#!/usr/bin/env bash
# Runs fault specs (drills) against the "test" stack, started here if needed (with EVENTLY_RABBIT_NODES
# RabbitMQ nodes, 3 unless set) and stopped afterwards if started here. Arguments go to Jest, e.g.
#   bash scripts/drill.sh test/fault/rabbit-cluster.fault-spec.ts -t 'quorum is lost'
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export EVENTLY_STACK=test
export EVENTLY_RABBIT_NODES=${EVENTLY_RABBIT_NODES:-3}
started=0
status=$(bash scripts/stack.sh status || true)
if ! grep -q '^rabbitmq   running' <<<"$status"; then
  npm run --silent build
  EVENTLY_SKIP_BUILD=1 bash scripts/stack.sh up
  started=1
fi
trap '[[ $started == 1 ]] && bash scripts/stack.sh down' EXIT
npx jest --selectProjects fault --runInBand "$@"
