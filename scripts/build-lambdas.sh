#!/usr/bin/env bash
# Builds every Lambda of the AWS column for arm64 (provided.al2023) with cargo-lambda and
# prints a size table. Zips land in $CARGO_TARGET_DIR/lambda/<function>/bootstrap.zip
# (target/lambda/... by default), which is where terraform/environments/* look for them.
#
#   scripts/build-lambdas.sh                  # all functions
#   scripts/build-lambdas.sh health bookings  # some of them
#
# Honours CARGO_TARGET_DIR (e.g. a separate target dir so a cross build does not lock the
# one tests use).
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"
started=$(date +%s)

# The Lambda binaries of backend/Cargo.toml; scripts/check-infra.sh proves this list, the
# [[bin]] entries and the Terraform functions are the same set.
all_functions=(health availability bookings tenants treatments professionals send-notification schedule-reminder waitlist)
if [ "$#" -gt 0 ]; then functions=("$@"); else functions=("${all_functions[@]}"); fi
for f in "${functions[@]}"; do
  [[ " ${all_functions[*]} " == *" $f "* ]] || { echo "unknown function: $f" >&2; exit 2; }
done

ensure_rust_tools
rustup target list --installed | grep -qx aarch64-unknown-linux-gnu \
  || rustup target add aarch64-unknown-linux-gnu
ensure_venv cargo-lambda 'cargo-lambda==1.9.2'
# `cargo lambda` finds cargo-lambda (and the zig it links with) on PATH.
export PATH="$TOOLS_DIR/venv-cargo-lambda/bin:$PATH"

# cargo (and cargo-lambda, through `cargo metadata`) read CARGO_TARGET_DIR themselves.
target_dir=${CARGO_TARGET_DIR:-$TURNAKI_ROOT/target}
bins=()
for f in "${functions[@]}"; do bins+=(--bin "$f"); done

say "cargo lambda build --release --arm64 --output-format zip (${#functions[@]} functions)"
cargo lambda build --release --arm64 --output-format zip --locked \
  --package turnaki-backend --features lambda "${bins[@]}"

say "sizes (aarch64 bootstrap, stripped; zip as uploaded)"
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1048576 }'; }
total_raw=0 total_zip=0
printf '%-20s %12s %12s  %s\n' function bootstrap zip path
for f in "${functions[@]}"; do
  zip="$target_dir/lambda/$f/bootstrap.zip"
  [ -f "$zip" ] || { echo "missing $zip" >&2; exit 1; }
  # The zip holds one member, bootstrap; its uncompressed size is the binary's.
  raw=$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("bootstrap").file_size)' "$zip")
  packed=$(stat -c %s "$zip")
  total_raw=$((total_raw + raw)) total_zip=$((total_zip + packed))
  printf '%-20s %12s %12s  %s\n' "$f" "$(mb "$raw")" "$(mb "$packed")" "${zip#"$TURNAKI_ROOT"/}"
done
printf '%-20s %12s %12s\n' total "$(mb "$total_raw")" "$(mb "$total_zip")"
echo "scripts/build-lambdas.sh took $(( $(date +%s) - started )) s"
