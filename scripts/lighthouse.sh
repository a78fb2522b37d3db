#!/usr/bin/env bash
# `npm run lighthouse`: Lighthouse 12.2.3 (the last for Node 20) with Debian's Chromium on the events list and
# one event page of a running stack (EVENTLY_STACK, default test; started and stopped here if it is not up).
# Prints each page's scores and writes the HTML and JSON reports to lighthouse-results/ (git-ignored).
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export EVENTLY_STACK=${EVENTLY_STACK:-test}
OUT=$ROOT/lighthouse-results
mkdir -p "$OUT"

started=0
if ! bash scripts/stack.sh status >/dev/null 2>&1; then
  npm run --silent build
  EVENTLY_SKIP_BUILD=1 bash scripts/stack.sh up
  started=1
fi
trap '[[ $started == 1 ]] && bash scripts/stack.sh down' EXIT

GATEWAY=$(grep '^EVENTLY_GATEWAY_URL=' ".stack/$EVENTLY_STACK/stack.env" | cut -d= -f2-)
# An event to open: the first upcoming one, or one made for the run.
event=$(curl -fsS "$GATEWAY/api/v1/events?limit=1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const i=JSON.parse(s).items;process.stdout.write(i.length?i[0].id:"")})')
if [[ -z "$event" ]]; then
  echo "no upcoming event on the $EVENTLY_STACK stack: run the demo (npm run demo) or the tests first" >&2
  exit 1
fi

export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
for page in "events:/" "event:/events/$event"; do
  name=${page%%:*}
  path=${page#*:}
  node node_modules/lighthouse/cli/index.js "$GATEWAY$path" --quiet --chrome-flags="$flags" \
    --only-categories=performance,accessibility,best-practices --output=json --output=html \
    --output-path="$OUT/$name" >/dev/null
  node -e '
    const r = require(process.argv[1]);
    const s = (k) => Math.round(r.categories[k].score * 100);
    console.log(`${process.argv[2].padEnd(8)} performance ${s("performance")}  accessibility ${s("accessibility")}  best practices ${s("best-practices")}  (${r.finalDisplayedUrl})`);
  ' "$OUT/$name.report.json" "$name"
done
echo "reports: $OUT/{events,event}.report.{html,json}"
