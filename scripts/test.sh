#!/usr/bin/env bash
# `npm test`: installs what it needs, typechecks, lints, builds, starts the "test" stack (its own state
# folder and ports, so a development stack can stay up), runs every Jest project, stops what it started.
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export EVENTLY_STACK=test
# RabbitMQ: the suites run on one node (EVENTLY_RABBIT_NODES=3 runs them all on a cluster), then the broker is
# re-formed as a three-node cluster for its drills (test/fault/rabbit-cluster.fault-spec.ts) alone: three
# nodes under every suite made a clean-clone run 1,274 s against 946 s (CI allows 1,200).
NODES=${EVENTLY_RABBIT_NODES:-1}
unset EVENTLY_RABBIT_NODES
STATE=${EVENTLY_STATE_DIR:-$ROOT/.stack/test}
mkdir -p "$STATE"
RESULTS=$STATE/jest-results.json
FAULT_RESULTS=$STATE/jest-fault-results.json
CLUSTER_RESULTS=$STATE/jest-cluster-results.json
rm -f "$RESULTS" "$FAULT_RESULTS" "$CLUSTER_RESULTS"

# Each phase shows the seconds since npm test began.
phase() { printf '\n\033[1m### %s\033[0m (at %d s)\n' "$*" "$SECONDS"; }

phase "dependencies"
bash scripts/stack.sh deps

# Lint (the longest of the three, a core to itself) beside the typecheck and the build.
phase "typecheck, lint and build"
npm run --silent lint >"$STATE/lint.log" 2>&1 &
lint=$!
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/web/tsconfig.json
npm run --silent build
if ! wait "$lint"; then
  cat "$STATE/lint.log"
  echo "lint failed" >&2
  exit 1
fi
cat "$STATE/lint.log"

phase "test stack"
# The test stack's broker is formed anew by each run (the cluster drills leave three nodes).
trap 'phase "stopping the test stack"; bash scripts/stack.sh down; bash scripts/stack.sh broker:forget' EXIT
if [[ "$(cat "$STATE/rabbitmq-nodes" 2>/dev/null || echo "$NODES")" != "$NODES" ]]; then
  bash scripts/stack.sh down
  bash scripts/stack.sh broker:forget
fi
EVENTLY_RABBIT_NODES=$NODES EVENTLY_SKIP_BUILD=1 EVENTLY_LOG_LEVEL=${EVENTLY_LOG_LEVEL:-info} bash scripts/stack.sh up

phase "jest: unit, medium, integration, e2e, browser"
status=0
npx jest --ci --json --outputFile="$RESULTS" --selectProjects unit medium integration e2e browser "$@" || status=$?

# The fault suite stops shared servers (RabbitMQ), so it runs alone, after everything else.
phase "jest: fault suite (broker restart)"
npx jest --ci --json --outputFile="$FAULT_RESULTS" --selectProjects fault --runInBand "$@" || status=$?

if ((NODES < 3)); then
  phase "jest: RabbitMQ cluster drills (the broker re-formed with three nodes)"
  bash scripts/stack.sh broker:reform 3
  npx jest --ci --json --outputFile="$CLUSTER_RESULTS" --selectProjects fault --runInBand --passWithNoTests \
    --testPathPatterns 'test/fault/rabbit-cluster' "$@" || status=$?
fi
phase "done"
exit $status
