#!/usr/bin/env bash
# Every check and test of Turnaki. Installs what it needs (idempotently), starts the
# loopback services the tests use, and stops them at the end.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"
trap stop_services EXIT
started=$(date +%s)

ensure_rust_tools

say "no stubs or ignored tests"
if git grep -n -E 'todo!\(|unimplemented!\(|#\[ignore' -- '*.rs'; then
  echo "stubs or ignored tests are not allowed" >&2
  exit 1
fi

say "cargo fmt --check"
cargo fmt --all --check

say "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

start_moto

say "cargo test"
log="$TOOLS_DIR/test.log"
set +e
cargo test --workspace --all-features --locked 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

for adapter in sqlite dynamodb; do
  passed=$(grep -cE "^test ${adapter}::.* \.\.\. ok$" "$log" || true)
  failed=$(grep -cE "^test ${adapter}::.* \.\.\. FAILED$" "$log" || true)
  echo "store contract on ${adapter}: ${passed} passed, ${failed} failed"
done
echo "scripts/test.sh took $(( $(date +%s) - started )) s"
exit "$status"
