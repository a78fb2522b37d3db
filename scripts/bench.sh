#!/usr/bin/env bash
# Runs a benchmark spec against the "test" stack (started here if needed, stopped afterwards if started here).
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export EVENTLY_STACK=test
started=0
if ! bash scripts/stack.sh status | grep -q '^rabbitmq   running'; then
  npm run --silent build
  EVENTLY_SKIP_BUILD=1 bash scripts/stack.sh up
  started=1
fi
trap '[[ $started == 1 ]] && bash scripts/stack.sh down' EXIT
npx jest --selectProjects bench --runInBand "$@"
