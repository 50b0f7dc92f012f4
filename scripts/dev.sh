#!/usr/bin/env bash
# Builds Turnaki and starts it on this machine: SQLite store, built-in sign-in, and the
# demo clinic `sonrisa` with one account per role (printed below, and listed in README).
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"

ensure_rust_tools
bash scripts/build-frontend.sh
say "building turnaki"
cargo build --locked -p turnaki-backend --bin turnaki
bin="$TURNAKI_ROOT/target/debug/turnaki"

export TURNAKI_DATA_DIR=${TURNAKI_DATA_DIR:-$TURNAKI_ROOT/data}
export TURNAKI_ADDR=${TURNAKI_ADDR:-127.0.0.1:8080}
say "starting turnaki on http://$TURNAKI_ADDR (data in $TURNAKI_DATA_DIR; Ctrl-C stops it)"
exec "$bin" serve --demo
