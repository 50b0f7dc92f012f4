#!/usr/bin/env bash
# Every check and test of Turnaki. Installs what it needs (idempotently), starts the
# loopback services the tests use, and stops them at the end.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"
trap stop_services EXIT
started=$(date +%s)
# A one-off build keeps nothing for next time: incremental caches would only take disk
# (1.1 GB of target/ in CI, where the disk once filled up during the test build).
export CARGO_INCREMENTAL=0

ensure_rust_tools

say "no stubs or ignored tests"
if git grep -n -E 'todo!\(|unimplemented!\(|#\[ignore' -- '*.rs'; then
  echo "stubs or ignored tests are not allowed" >&2
  exit 1
fi

say "cargo fmt --check"
cargo fmt --all --check

# The infrastructure check is mostly one Python process (checkov): it runs beside clippy,
# which keeps both cores busy, and its output follows clippy's.
say "infrastructure check (background; log in .tools/check-infra.log)"
bash scripts/check-infra.sh >"$TOOLS_DIR/check-infra.log" 2>&1 &
infra_check=$!

say "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings
say "cargo clippy -D warnings: the app's browser-only code (wasm32)"
ensure_wasm_target
cargo clippy -p turnaki-frontend --bins --target wasm32-unknown-unknown --locked -- -D warnings

say "infrastructure: Terraform parsed, cross-checked against the code, checkov"
infra_status=0
wait "$infra_check" || infra_status=$?
cat "$TOOLS_DIR/check-infra.log"
[ "$infra_status" -eq 0 ] || exit "$infra_status"

# The app's WASM build runs beside the tests' compile: two cargo processes on two cores
# finish sooner than one after the other, and the browser journeys need it later.
say "building the single-page app (background; log in .tools/build-frontend.log)"
bash scripts/build-frontend.sh >"$TOOLS_DIR/build-frontend.log" 2>&1 &
frontend_build=$!

start_moto
start_smtp
start_sms_receiver

say "cargo test: build"
log="$TOOLS_DIR/test.log"
# No --all-features: it would turn on backend's `lambda` and link the eight Lambda mains,
# which no test runs. The workspace's selection already gives shared-lib every adapter.
cargo test --workspace --locked --no-run 2>&1 | tee "$TOOLS_DIR/test-build.log"
api_tests=$(sed -n 's|^ *Executable tests/api/main.rs (\(.*\))$|\1|p' "$TOOLS_DIR/test-build.log")
[ -n "$api_tests" ] || { echo "no API test binary in the build's output" >&2; exit 1; }

# It once failed only on Wednesdays (two fixtures drew the same Monday slot): one run per
# weekday shows such a failure whatever day this runs on. The tests' app and slot
# allocator read TURNAKI_TEST_TODAY; the tests needing moto are left to the run below, and
# so is the kill -9 story (its 8 s restart the server, whatever the date). The days run
# beside that run, whose tests mostly wait on moto: the binary is started directly, as
# a second cargo would wait for the first's lock.
weekdays() {
  local ahead day day_log failed=0
  for ahead in 1 2 3 4 5 6 7; do
    day=$(date -u -d "+$ahead day" +%F)
    day_log="$TOOLS_DIR/test-as-of-$day.log"
    if (cd backend && TURNAKI_TEST_TODAY=$day "$TURNAKI_ROOT/$api_tests" \
      --skip dynamodb:: --skip aws_notifications:: --skip lambda:: --skip crash:: >"$day_log" 2>&1); then
      echo "$day ($(date -u -d "$day" +%a)): $(grep '^test result:' "$day_log")"
    else
      echo "$day ($(date -u -d "$day" +%a)): FAILED (log in $day_log)"
      sed -n '/^failures:$/,$p' "$day_log" | tail -n 40
      failed=1
    fi
  done
  return "$failed"
}
weekdays_started=$(date +%s)
weekdays >"$TOOLS_DIR/test-weekdays.log" 2>&1 &
weekdays_run=$!

say "cargo test"
set +e
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

say "API suite on SQLite as if today were each of the next 7 days"
wait "$weekdays_run" || status=1
cat "$TOOLS_DIR/test-weekdays.log"
echo "the 7 days took $(( $(date +%s) - weekdays_started )) s (beside the run above)"

say "suites run on every adapter"
# Per test binary and adapter, from cargo's "Running tests/<suite>/main.rs" headers; a
# test's adapter is the module turnaki_testkit::each_adapter! names after it, one of:
adapters='sqlite|dynamodb|embedded|cognito|outbox_mailer|ses_mailer|outbox_texter|sns_texter|hmac_signer|kms_signer'
awk -v adapters="$adapters" '
  /^ *Running / { suite = "" }
  /^ *Running tests\// { split($2, p, "/"); suite = p[2]; sub(/\.rs$/, "", suite) }
  suite != "" && $0 ~ ("^test ([a-z_]+::)?(" adapters ")::.* [.][.][.] (ok|FAILED)$") {
    n = split($2, t, "::"); adapter = (t[1] ~ ("^(" adapters ")$")) ? t[1] : t[2]
    key = suite " on " adapter
    if ($NF == "ok") ok[key]++; else bad[key]++; seen[key] = 1
  }
  END { for (k in seen) printf "%-32s %d passed, %d failed\n", k ":", ok[k], bad[k] }
' "$log" | sort
say "single-page app"
if ! wait "$frontend_build"; then
  cat "$TOOLS_DIR/build-frontend.log" >&2
  status=1
fi
tail -n 6 "$TOOLS_DIR/build-frontend.log"
say "browser journeys"
TURNAKI_REBUILD_FRONTEND=0 bash scripts/test-browser.sh || status=1
echo "scripts/test.sh took $(( $(date +%s) - started )) s"
# CI's disk is small and shared: this line says how close a run came to filling it.
echo "disk: target/ $(du -sh target | cut -f1), .tools/ $(du -sh "$TOOLS_DIR" | cut -f1), $(df -h . | awk 'NR == 2 { print $4 }') free"
# One closing line for every test binary together (cargo prints one per binary).
awk '/^test result:/ { p += $4; f += $6 } END { printf "all tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
