#!/usr/bin/env bash
# Regenerates the dashboard's API types (apps/web/src/api/*-service.ts) from the OpenAPI documents the
# running stack's gateway serves: `npm run web:api` (EVENTLY_STACK=test for the test stack).
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK=${EVENTLY_STACK:-dev}
GATEWAY=$(grep '^EVENTLY_GATEWAY_URL=' "$ROOT/.stack/$STACK/stack.env" | cut -d= -f2-)
for service in user-service event-service booking-service notifier-service; do
  "$ROOT/node_modules/.bin/openapi-typescript" "$GATEWAY/docs/specs/$service.json" \
    -o "$ROOT/apps/web/src/api/$service.ts" --silent
done
echo "regenerated apps/web/src/api from $GATEWAY"
