#!/usr/bin/env bash
# Browser journeys: builds the app, starts `turnaki serve --demo` on loopback with a
# throwaway data dir, drives it with headless Chromium (playwright-core) and axe-core,
# and stops it. Screenshots land in target/browser-artifacts.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"

command -v chromium >/dev/null || { say "installing chromium"; apt_install chromium; }
ensure_npm playwright-core@1.65 axe-core@4
[ -f frontend/dist/index.html ] && [ "${TURNAKI_REBUILD_FRONTEND:-1}" = 0 ] || bash scripts/build-frontend.sh
# `turnaki` as test.sh's `cargo test` builds it (dev-dependencies' features included), so
# after it this is a no-op: a plain `cargo build` resolves features differently and
# recompiled 69 crates in CI (1 min 44 s), and every dependency with `-p turnaki-backend`.
cargo test --locked --workspace --no-run --quiet

data=$(mktemp -d)
port=$(free_port)
artifacts="$TURNAKI_ROOT/target/browser-artifacts"
rm -rf "$artifacts"
TURNAKI_DATA_DIR="$data" TURNAKI_ADDR="127.0.0.1:$port" TURNAKI_SPA_DIR=frontend/dist TURNAKI_PUBLIC_RATE=200 \
  TURNAKI_PUBLIC_URL="http://127.0.0.1:$port" target/debug/turnaki serve --demo >"$TOOLS_DIR/browser-serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 100); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/health" \
    2>/dev/null && break
  kill -0 $server 2>/dev/null || { cat "$TOOLS_DIR/browser-serve.log" >&2; exit 1; }
  sleep 0.1
done
say "browser journeys against http://127.0.0.1:$port"
# ES modules resolve packages beside the importing file, not through NODE_PATH.
ln -sfn "$TOOLS_DIR/npm/node_modules" tests/browser/node_modules
TURNAKI_BROWSER_BASE="http://127.0.0.1:$port" \
  TURNAKI_BROWSER_ARTIFACTS="$artifacts" node tests/browser/journeys.mjs
