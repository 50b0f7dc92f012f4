#!/usr/bin/env bash
# Builds the single-page app into frontend/dist: Rust → WASM (size-tuned profile),
# wasm-bindgen's JS glue, wasm-opt -Oz, content-hashed names (so a browser or CloudFront
# never mixes two releases), the styles, and the PWA files with the shell's file list.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"

ensure_rust_tools
ensure_frontend_tools
say "building the app (wasm32, profile wasm-release)"
cargo build --locked -p turnaki-frontend --bin turnaki-frontend --target wasm32-unknown-unknown --profile wasm-release

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/turnaki-frontend.wasm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$TOOLS_DIR/cargo/bin/wasm-bindgen" --target web --no-typescript --out-dir "$work" --out-name app "$wasm"
# The features rustc enables for wasm32 by default; wasm-opt must accept them.
"$TOOLS_DIR/npm/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$work/app.wasm" "$work/app_bg.wasm"

hash() { sha256sum "$1" | cut -c1-12; }
dist=frontend/dist
rm -rf "$dist"
mkdir -p "$dist"
cp -r frontend/static/. "$dist/"
version=$(cat "$work/app.wasm" "$work/app.js" frontend/styles/*.css | sha256sum | cut -c1-12)
app_wasm="app-$(hash "$work/app.wasm").wasm"
cp "$work/app.wasm" "$dist/$app_wasm"
sed "s/app_bg\.wasm/$app_wasm/g" "$work/app.js" >"$work/app.glue.js"
app_js="app-$(hash "$work/app.glue.js").js"
mv "$work/app.glue.js" "$dist/$app_js"
# A module script of our own instead of an inline one, so the CSP can forbid inline code.
printf "import init from './%s';\ninit({ module_or_path: '/%s' });\n" "$app_js" "$app_wasm" >"$work/boot.js"
boot="boot-$(hash "$work/boot.js").js"
mv "$work/boot.js" "$dist/$boot"
cat frontend/styles/*.css >"$work/style.css"
style="style-$(hash "$work/style.css").css"
mv "$work/style.css" "$dist/$style"
sed -i -e "s|__STYLE__|$style|" -e "s|__APP_JS__|$app_js|" -e "s|__APP_WASM__|$app_wasm|" -e "s|__BOOT__|$boot|" \
  "$dist/index.html"
if [ -f "$dist/sw.js" ]; then
  shell=$(cd "$dist" && find . -type f ! -name sw.js ! -name '*.py' | sed 's|^\.||' | sort | sed 's/.*/"&"/' | paste -sd, -)
  sed -i -e "s|/\*SHELL\*/|\"/\",$shell|" -e "s|/\*VERSION\*/|$version|" "$dist/sw.js"
fi
rm -f "$dist"/icons/*.py

say "frontend/dist"
python3 - "$dist" <<'PY'
import gzip, os, sys
dist = sys.argv[1]
total = [0, 0]
for name in sorted(os.listdir(dist)):
    if name.endswith((".wasm", ".js", ".css")) and name != "sw.js":
        raw = open(os.path.join(dist, name), "rb").read()
        gz = len(gzip.compress(raw, 9))
        total[0] += len(raw); total[1] += gz
        print(f"  {name:32} {len(raw)/1024:8.1f} KB  gzip {gz/1024:7.1f} KB")
print(f"  {'app (wasm + js + css)':32} {total[0]/1024:8.1f} KB  gzip {total[1]/1024:7.1f} KB")
PY
