# shellcheck shell=bash
# Sourced by scripts/stack.sh (its settings are in scope).
# Output, installation from Debian packages, build, and the secrets and keys of a stack.

# output

if [[ -t 1 ]]; then bold=$'\e[1m' green=$'\e[32m' red=$'\e[31m' dim=$'\e[2m' reset=$'\e[0m'; else bold='' green='' red='' dim='' reset=''; fi
step() { printf '%s==>%s %s\n' "$bold" "$reset" "$*"; }
ok() { printf '    %sok%s %s\n' "$green" "$reset" "$*"; }
info() { printf '    %s%s%s\n' "$dim" "$*" "$reset"; }
fail() {
  local component=$1 log=$2 message=$3
  printf '%s==> %s failed:%s %s\n' "$red" "$component" "$reset" "$message" >&2
  if [[ -n "$log" ]]; then
    printf '    log: %s\n' "$log" >&2
    [[ -f "$log" ]] && tail -n 20 "$log" | sed 's/^/    | /' >&2
  fi
  exit 1
}
trap 'fail "stack" "" "unexpected error at line $LINENO: $BASH_COMMAND"' ERR

# ---------------------------------------------------------------------------------------------------
# installation

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n "$dir" && -x "$dir/postgres" ]] && echo "$dir"
}

install_missing_packages() {
  local missing=()
  [[ -n "$(pg_bin_dir)" ]] || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || missing+=(rabbitmq-server)
  command -v nginx >/dev/null || missing+=(nginx)
  command -v envsubst >/dev/null || missing+=(gettext-base)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  # The test stack's browser specs drive Debian's Chromium (never a downloaded browser).
  [[ "$STACK" != test || -x /usr/bin/chromium ]] || missing+=(chromium)
  if [[ ${#missing[@]} -eq 0 ]]; then
    ok "PostgreSQL, RabbitMQ and Nginx are installed$([[ "$STACK" == test ]] && echo ', and Chromium')"
    return
  fi
  step "Installing ${missing[*]} from Debian packages"
  [[ $(id -u) -eq 0 ]] || fail "install" "" "installing packages needs root (apt-get); run as root or install: ${missing[*]}"
  local log=$LOGS/apt.log
  DEBIAN_FRONTEND=noninteractive apt-get update >"$log" 2>&1 || fail "apt-get update" "$log" "could not read the package lists"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
    fail "apt-get install" "$log" "could not install ${missing[*]}"
  ok "installed ${missing[*]}"
}

ensure_node_modules() {
  local stamp=$ROOT/node_modules/.package-lock.json
  if [[ -f "$stamp" && "$stamp" -nt "$ROOT/package-lock.json" ]]; then return; fi
  step "Installing npm dependencies (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >"$LOGS/npm-ci.log" 2>&1) ||
    fail "npm ci" "$LOGS/npm-ci.log" "could not install npm dependencies"
  ok "dependencies installed"
}

build_services() {
  if [[ "${EVENTLY_SKIP_BUILD:-}" == 1 && -f "$ROOT/dist/apps/user-service/src/main.js" ]]; then return; fi
  step "Building the services"
  (cd "$ROOT" && npm run --silent build >"$LOGS/build.log" 2>&1) || fail "build" "$LOGS/build.log" "TypeScript build failed"
  ok "built into dist/"
}

# ---------------------------------------------------------------------------------------------------
# secrets and keys (generated once per stack, never committed)

ensure_secrets() {
  local secrets=$STATE/secrets.env
  if [[ ! -f "$secrets" ]]; then
    umask 077
    : >"$secrets"
    umask 022
  fi
  grep -q "^ADMIN_PASSWORD=" "$secrets" || echo "ADMIN_PASSWORD=$(openssl rand -hex 12)" >>"$secrets"
  local service var
  for service in "${DB_SERVICES[@]}"; do
    var=${service//-/_}
    grep -q "^${var^^}_DB_PASSWORD=" "$secrets" || echo "${var^^}_DB_PASSWORD=$(openssl rand -hex 16)" >>"$secrets"
  done
  set -a
  # shellcheck disable=SC1090
  source "$secrets"
  set +a
}

# The access-token key pair, once; the same generator as compose's "keys" job.
ensure_keys() {
  [[ -f "$STATE/keys/jwt-private.pem" && -f "$STATE/keys/jwt-public.pem" ]] && return
  node "$ROOT/dist/scripts/generate-keys.js" "$STATE/keys" >/dev/null ||
    fail "keys" "" "could not generate the key pair in $STATE/keys"
  ok "generated the access-token key pair in $STATE/keys"
}

# Whether something listens on the port, read from /proc rather than by connecting: a connection to a free
# port can connect to itself and hold that port for a while.
port_in_use() {
  local hex
  hex=$(printf ':%04X' "$1")
  awk -v port="$hex" '$4 == "0A" && substr($2, length($2) - 4) == port { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
