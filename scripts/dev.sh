#!/usr/bin/env bash
# Builds Turnaki and starts it on this machine with its embedded store.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"

ensure_rust_tools
say "building turnaki"
cargo build --locked -p turnaki-backend --bin turnaki
bin="$TURNAKI_ROOT/target/debug/turnaki"

data_dir=${TURNAKI_DATA_DIR:-$TURNAKI_ROOT/data}
say "preparing the embedded store in $data_dir"
"$bin" migrate --data-dir "$data_dir"
