# Shared by scripts/*.sh: idempotent installs of what Turnaki's commands need, and the
# loopback services tests use. Source it; do not run it.

TURNAKI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS_DIR="$TURNAKI_ROOT/.tools"
mkdir -p "$TOOLS_DIR"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# A C compiler (rusqlite bundles SQLite; the AWS SDK's TLS builds C) and the rustup parts.
ensure_rust_tools() {
  command -v cc >/dev/null || { say "installing a C toolchain"; apt_install build-essential; }
  command -v cmake >/dev/null || { say "installing cmake"; apt_install cmake; }
  local have
  have=$(rustup component list --installed 2>/dev/null || true)
  for component in rustfmt clippy; do
    grep -q "^$component" <<<"$have" || rustup component add "$component"
  done
}

ensure_python() {
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    say "installing python3 with venv"
    apt_install python3 python3-venv python3-pip
  fi
}

# ensure_venv NAME PACKAGE...: a private virtualenv in .tools/venv-NAME with the packages.
ensure_venv() {
  local name=$1; shift
  local venv="$TOOLS_DIR/venv-$name" stamp="$TOOLS_DIR/venv-$name/.turnaki-installed"
  ensure_python
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$*" ]; then
    say "installing $* into .tools/venv-$name"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip >/dev/null
    "$venv/bin/pip" install -q "$@"
    echo "$*" >"$stamp"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# await_service NAME PID LOG READY...: waits up to 10 s for the command READY to succeed
# while the service PID runs; prints its LOG and fails if it never does.
await_service() {
  local name=$1 pid=$2 log=$3; shift 3
  for _ in $(seq 100); do
    if "$@" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name did not start; its log:" >&2
  cat "$log" >&2
  return 1
}

# start_moto: an AWS-compatible endpoint on loopback; exports TURNAKI_TEST_AWS_ENDPOINT
# and the per-service variables. Stopped by stop_services (call it from an EXIT trap).
MOTO_PID=""
start_moto() {
  ensure_venv moto 'moto[server]==5.2.5'
  local port
  port=$(free_port)
  "$TOOLS_DIR/venv-moto/bin/python" "$TURNAKI_ROOT/scripts/lib/moto_serial.py" 127.0.0.1 "$port" \
    >"$TOOLS_DIR/moto.log" 2>&1 &
  MOTO_PID=$!
  await_service moto "$MOTO_PID" "$TOOLS_DIR/moto.log" \
    python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
    "http://127.0.0.1:$port/moto-api/" || return 1
  export TURNAKI_TEST_AWS_ENDPOINT="http://127.0.0.1:$port"
  export TURNAKI_TEST_DYNAMODB_ENDPOINT="$TURNAKI_TEST_AWS_ENDPOINT"
  # Credentials moto accepts, for code that reads the default chain (the Lambda state).
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
  export AWS_EC2_METADATA_DISABLED=true
  say "moto listening on $TURNAKI_TEST_AWS_ENDPOINT"
}

# start_smtp: a real SMTP server on loopback (aiosmtpd, STARTTLS required, a certificate from
# a throwaway CA) for the relay test; exports TURNAKI_TEST_SMTP_URL, TURNAKI_TEST_SMTP_CA and
# TURNAKI_TEST_SMTP_SPOOL (where it writes what it receives). Stopped by stop_services.
SMTP_PID=""
start_smtp() {
  ensure_venv smtp 'aiosmtpd==1.4.6' 'trustme==1.2.1'
  local port dir
  port=$(free_port)
  dir=$(mktemp -d)
  "$TOOLS_DIR/venv-smtp/bin/python" "$TURNAKI_ROOT/scripts/lib/smtp_starttls.py" "$port" "$dir/ca.pem" "$dir/spool" \
    >"$TOOLS_DIR/smtp.log" 2>&1 &
  SMTP_PID=$!
  await_service "the SMTP server" "$SMTP_PID" "$TOOLS_DIR/smtp.log" grep -q "smtp listening" "$TOOLS_DIR/smtp.log" || return 1
  export TURNAKI_TEST_SMTP_URL="smtp://127.0.0.1:$port?tls=required"
  export TURNAKI_TEST_SMTP_CA="$dir/ca.pem" TURNAKI_TEST_SMTP_SPOOL="$dir/spool"
  say "SMTP (STARTTLS) listening on 127.0.0.1:$port"
}

# start_sms_receiver: a local SMS gateway (scripts/lib/sms_receiver.py) that checks each
# request's signature, for the gateway relay test; exports TURNAKI_TEST_SMS_GATEWAY (its base
# URL), TURNAKI_TEST_SMS_SECRET and TURNAKI_TEST_SMS_SPOOL. Stopped by stop_services.
SMS_PID=""
start_sms_receiver() {
  local port dir secret
  port=$(free_port)
  dir=$(mktemp -d)
  secret=$(python3 -c "import secrets; print(secrets.token_hex(32))")
  python3 "$TURNAKI_ROOT/scripts/lib/sms_receiver.py" "$port" "$secret" "$dir/spool" >"$TOOLS_DIR/sms.log" 2>&1 &
  SMS_PID=$!
  await_service "the SMS receiver" "$SMS_PID" "$TOOLS_DIR/sms.log" grep -q "sms receiver listening" "$TOOLS_DIR/sms.log" || return 1
  export TURNAKI_TEST_SMS_GATEWAY="http://127.0.0.1:$port" TURNAKI_TEST_SMS_SECRET="$secret"
  export TURNAKI_TEST_SMS_SPOOL="$dir/spool"
  say "SMS gateway receiver listening on 127.0.0.1:$port"
}

stop_services() {
  if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi
  MOTO_PID=""
  if [ -n "$SMTP_PID" ]; then kill "$SMTP_PID" 2>/dev/null || true; wait "$SMTP_PID" 2>/dev/null || true; fi
  SMTP_PID=""
  if [ -n "$SMS_PID" ]; then kill "$SMS_PID" 2>/dev/null || true; wait "$SMS_PID" 2>/dev/null || true; fi
  SMS_PID=""
}

# The single-page app's build tools: the WASM target, wasm-bindgen's CLI at the exact
# version of the crate (a mismatch refuses to run), and npm binaryen's wasm-opt (Debian's
# older binaryen emits modules browsers reject).
WASM_BINDGEN_VERSION=0.2.130
ensure_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
}
ensure_frontend_tools() {
  ensure_wasm_target
  local wb="$TOOLS_DIR/cargo/bin/wasm-bindgen"
  if [ ! -x "$wb" ] || [ "$("$wb" --version | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION into .tools/cargo"
    # No --locked: its lockfile names a webpki-roots version the registry mirror lacks.
    cargo install --quiet --root "$TOOLS_DIR/cargo" wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  ensure_npm binaryen@132
}

# ensure_npm PACKAGE...: npm packages in .tools/npm (node and npm from apt when missing).
ensure_npm() {
  command -v npm >/dev/null || { say "installing node and npm"; apt_install nodejs npm; }
  local dir="$TOOLS_DIR/npm" missing=()
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"turnaki-tools","private":true}' >"$dir/package.json"
  for package in "$@"; do
    local name=${package%@*}
    [ -d "$dir/node_modules/$name" ] || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} into .tools/npm"
    (cd "$dir" && npm install --silent --no-audit --no-fund "${missing[@]}")
  fi
}
