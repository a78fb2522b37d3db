# shellcheck shell=bash
# Sourced by scripts/stack.sh (its settings are in scope).
# Health through the gateway, the stack.env file the tests read, and the summary `up` prints.

# health and summary

wait_healthy() {
  step "Waiting for /health/<service> through the gateway"
  local service deadline=$((SECONDS + ${EVENTLY_HEALTH_TIMEOUT:-120})) pending pidfile index
  for service in "${SERVICES[@]}"; do
    # Every instance first, on its own port: a gateway probe that found an instance still booting would
    # mark it failed in that Nginx worker for fail_timeout, and the first requests after "up" would get 502.
    for ((index = 0; index < $(instances_of "$service"); index++)); do
      pidfile=$RUN/$service-$index.pid
      while true; do
        pid_alive "$pidfile" || fail "$service" "$LOGS/$service-$index.log" "instance #$index exited during start-up"
        pending=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(service_port "$service" "$index")/health" || true)
        [[ "$pending" == 200 ]] && break
        ((SECONDS < deadline)) || fail "$service" "$LOGS/$service-$index.log" "instance #$index /health answered $pending, not 200"
        sleep 0.25
      done
    done
    while true; do
      pending=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEWAY_PORT/health/$service" || true)
      [[ "$pending" == 200 ]] && break
      ((SECONDS < deadline)) || fail "$service" "$LOGS/$service-0.log" "/health/$service answered $pending, not 200"
      sleep 0.5
    done
    ok "$service healthy"
  done
}

write_stack_env() {
  # What tests and tools need to reach this stack.
  {
    echo "EVENTLY_STACK=$STACK"
    echo "EVENTLY_STATE_DIR=$STATE"
    echo "EVENTLY_GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT"
    echo "EVENTLY_PG_HOST=127.0.0.1"
    echo "EVENTLY_PG_PORT=$PG_PORT"
    echo "EVENTLY_PG_SOCKET_DIR=$PG_DIR/run"
    echo "EVENTLY_RABBITMQ_URL=amqp://$RABBIT_USER:$RABBIT_PASS@127.0.0.1:$AMQP_PORT"
    echo "EVENTLY_RABBITMQ_URLS=$(rabbit_urls)"
    echo "EVENTLY_RABBIT_NODES=$RABBIT_NODES"
    echo "EVENTLY_RABBIT_MGMT_URL=http://127.0.0.1:$RABBIT_MGMT_PORT"
    echo "EVENTLY_RABBIT_DIST_PORT=$RABBIT_DIST_PORT"
    echo "EVENTLY_EPMD_PORT=$EPMD_PORT"
    echo "EVENTLY_RABBIT_USER=$RABBIT_USER"
    echo "EVENTLY_RABBIT_PASS=$RABBIT_PASS"
    echo "EVENTLY_JWT_PUBLIC_KEY_FILE=$STATE/keys/jwt-public.pem"
    echo "EVENTLY_JWT_PRIVATE_KEY_FILE=$STATE/keys/jwt-private.pem"
    echo "EVENTLY_LOG_DIR=$LOGS"
    echo "EVENTLY_NGINX_CONF=$NGINX_DIR/nginx.conf"
    echo "EVENTLY_NGINX_PREFIX=$NGINX_DIR"
    echo "EVENTLY_API_RATE=$API_RATE"
    echo "EVENTLY_API_BURST=$API_BURST"
    echo "EVENTLY_AUTH_RATE=$AUTH_RATE"
    echo "EVENTLY_AUTH_BURST=$AUTH_BURST"
    echo "EVENTLY_STREAMS_PER_ADDRESS=$STREAMS_PER_ADDRESS"
    echo "EVENTLY_SALE_IN_FLIGHT=$SALE_IN_FLIGHT"
    echo "EVENTLY_QUEUE_IN_FLIGHT=$QUEUE_IN_FLIGHT"
    echo "EVENTLY_ADMIN_EMAIL=$ADMIN_EMAIL"
    echo "EVENTLY_SERVICE_PORT_BASE=$SERVICE_PORT_BASE"
    echo "EVENTLY_MAIL_SMTP_PORT=$MAIL_SMTP_PORT"
    echo "EVENTLY_MAIL_WEB_URL=http://127.0.0.1:$MAIL_WEB_PORT"
    echo "EVENTLY_STRIPE_API_PORT=$STRIPE_API_PORT"
    echo "EVENTLY_STRIPE_WEBHOOK_SECRET=$STRIPE_TEST_WEBHOOK_SECRET"
    local service
    for service in "${SERVICES[@]}"; do
      local var=${service//-/_}
      echo "EVENTLY_${var^^}_INSTANCES=$(instances_of "$service")"
      echo "EVENTLY_${var^^}_PORT=$(service_port "$service" 0)"
    done
    cat "$STATE/secrets.env"
  } >"$STATE/stack.env"
}

print_summary() {
  cat <<SUMMARY

${bold}Evently is running${reset} (stack "$STACK", state in $STATE)
  Web dashboard          http://localhost:$GATEWAY_PORT/
  Gateway (API)          http://localhost:$GATEWAY_PORT/api/v1
  Swagger UI             http://localhost:$GATEWAY_PORT/docs/
  Health                 http://localhost:$GATEWAY_PORT/health/<user|event|booking|notifier>-service
  RabbitMQ management    http://localhost:$RABBIT_MGMT_PORT  (user $RABBIT_USER, password $RABBIT_PASS)
  Mail catcher (MailDev) http://localhost:$MAIL_WEB_PORT  (every email the notifier sends; SMTP on $MAIL_SMTP_PORT)
  First admin            $ADMIN_EMAIL, password $(admin_password_shown)
  PostgreSQL             127.0.0.1:$PG_PORT (one database and role per service; passwords in $STATE/secrets.env)
  Logs                   $LOGS/ (<service>-<n>.log, gateway-access.log, postgres.log, rabbitmq/)
  Stop it with           $(stop_command)
SUMMARY
}

# The password on a developer's terminal; in CI or a log file only where to find it.
admin_password_shown() {
  if [[ -t 1 && -z "${CI:-}" ]]; then echo "$ADMIN_PASSWORD (in $STATE/secrets.env)"; else echo "in $STATE/secrets.env"; fi
}

stop_command() {
  if [[ "$STACK" == dev ]]; then echo "npm run stack:stop"; else echo "EVENTLY_STACK=$STACK npm run stack:stop"; fi
}
