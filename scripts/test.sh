#!/usr/bin/env bash
# `npm test`: installs what it needs, typechecks, lints, builds, starts the "test" stack (its own state
# folder and ports, so a development stack can stay up), runs every Jest project, stops what it started.
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export EVENTLY_STACK=test
# RabbitMQ: one node unless EVENTLY_RABBIT_NODES says more (a stack formed before keeps its count). The
# three-node drills (test/fault/rabbit-cluster.fault-spec.ts) run when it is 3: `npm run drill:rabbit-*`, or
# EVENTLY_RABBIT_NODES=3 npm test (a clean-clone run took 1,274 s that way, 946 s on one node; CI allows 1,200).
STATE=${EVENTLY_STATE_DIR:-$ROOT/.stack/test}
mkdir -p "$STATE"
RESULTS=$STATE/jest-results.json
FAULT_RESULTS=$STATE/jest-fault-results.json
rm -f "$RESULTS" "$FAULT_RESULTS"

phase() { printf '\n\033[1m### %s\033[0m\n' "$*"; }

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
trap 'phase "stopping the test stack"; bash scripts/stack.sh down' EXIT
EVENTLY_SKIP_BUILD=1 EVENTLY_LOG_LEVEL=${EVENTLY_LOG_LEVEL:-info} bash scripts/stack.sh up

phase "jest: unit, medium, integration, e2e, browser"
status=0
npx jest --ci --json --outputFile="$RESULTS" --selectProjects unit medium integration e2e browser "$@" || status=$?

# The fault suite stops shared servers (RabbitMQ), so it runs alone, after everything else.
phase "jest: fault suite (broker restart)"
npx jest --ci --json --outputFile="$FAULT_RESULTS" --selectProjects fault --runInBand "$@" || status=$?
exit $status
