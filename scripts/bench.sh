#!/usr/bin/env bash
# Runs a benchmark spec against the "test" stack (started here if needed, stopped afterwards if started here).
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export EVENTLY_STACK=test
started=0
# Read the whole status first: `grep -q` on the pipe would exit early and, under pipefail, fail the test.
status=$(bash scripts/stack.sh status || true)
if ! grep -q '^rabbitmq   running' <<<"$status"; then
  npm run --silent build
  # The gateway's production cap on bookings in flight (the test stack's own is wider, for its race specs).
  EVENTLY_SALE_IN_FLIGHT=${EVENTLY_SALE_IN_FLIGHT:-64} EVENTLY_SKIP_BUILD=1 bash scripts/stack.sh up
  started=1
fi
trap '[[ $started == 1 ]] && bash scripts/stack.sh down' EXIT
if [[ "${1:-}" == --script ]]; then
  # One benchmark script of scripts/ (built to dist/scripts), e.g. attendees-csv-bench.
  [[ $started == 1 ]] || npm run --silent build
  node "dist/scripts/$2.js"
  exit
fi
if [[ "${1:-}" == --table ]]; then
  # The flash-sale issue's figures beside their references (pgbench, wrk, a bare Node server, Nginx static).
  command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  [[ $started == 1 ]] || npm run --silent build
  node dist/scripts/bench-all.js
  [[ -n "${BENCH_TABLE_ONLY:-}" ]] && exit 0
  shift
fi
npx jest --selectProjects bench --runInBand "$@"
