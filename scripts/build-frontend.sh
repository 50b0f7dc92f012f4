#!/usr/bin/env bash
# Builds the single-page app into frontend/dist: four bundles (patient, agenda, admin and
# owner, see frontend/src/bundle.rs), each Rust → WASM (size-tuned profile), wasm-bindgen's JS glue
# and wasm-opt -Oz; content-hashed names (so a browser or CloudFront never mixes two
# releases), the boot script that picks a bundle, the styles, and the PWA files.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"

ensure_rust_tools
ensure_frontend_tools
say "building the app (wasm32, profile wasm-release)"
# Type-erased views: Leptos then compiles one renderer per component instead of one per
# view shape, a fifth off the WASM (504 KB gzip instead of 622 KB when it was one bundle).
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components" \
  cargo build --locked -p turnaki-frontend --bins --target wasm32-unknown-unknown --profile wasm-release

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dist=frontend/dist
rm -rf "$dist"
mkdir -p "$dist"
cp -r frontend/static/. "$dist/"
rm -f "$dist"/icons/*.py

hash() { sha256sum "$1" | cut -c1-12; }
# bundle NAME: builds dist/NAME-<hash>.{wasm,js} and prints the boot script's entry for it.
bundle() {
  local name=$1 out="$work/$1"
  "$TOOLS_DIR/cargo/bin/wasm-bindgen" --target web --no-typescript --out-dir "$out" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/wasm-release/$name.wasm"
  # The features rustc enables for wasm32 by default; wasm-opt must accept them.
  "$TOOLS_DIR/npm/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$out/$name.wasm" "$out/${name}_bg.wasm"
  local wasm js
  wasm="$name-$(hash "$out/$name.wasm").wasm"
  cp "$out/$name.wasm" "$dist/$wasm"
  sed "s/${name}_bg\.wasm/$wasm/g" "$out/$name.js" >"$out/glue.js"
  js="$name-$(hash "$out/glue.js").js"
  mv "$out/glue.js" "$dist/$js"
  printf '{ js: "/%s", wasm: "/%s" }' "$js" "$wasm"
}
bundles=(patient agenda admin owner)
placeholders=()
for name in "${bundles[@]}"; do
  placeholders+=(-e "s|__${name^^}__|$(bundle "$name")|")
done

# A module script of our own instead of an inline one, so the CSP can forbid inline code.
sed "${placeholders[@]}" "$dist/boot.js" >"$work/boot.js"
rm "$dist/boot.js"
boot="boot-$(hash "$work/boot.js").js"
mv "$work/boot.js" "$dist/$boot"
cat frontend/styles/*.css >"$work/style.css"
style="style-$(hash "$work/style.css").css"
mv "$work/style.css" "$dist/$style"
sed -i -e "s|__STYLE__|$style|" -e "s|__BOOT__|$boot|" "$dist/index.html"
version=$(cat "$dist"/*.wasm "$dist"/*.js "$dist/$style" | sha256sum | cut -c1-12)
# The shell a patient's browser keeps; staff bundles are cached when first opened.
shell=$(cd "$dist" && find . -type f ! -name sw.js ! -name 'agenda-*' ! -name 'admin-*' ! -name 'owner-*' | sed 's|^\.||' | sort | sed 's/.*/"&"/' | paste -sd, -)
sed -i -e "s|/\*SHELL\*/|\"/\",$shell|" -e "s|/\*VERSION\*/|$version|" "$dist/sw.js"

say "frontend/dist: what each visitor downloads"
python3 - "$dist" "$boot" "$style" "${bundles[@]}" <<'PY'
import gzip, glob, os, sys
dist, boot, style, *bundles = sys.argv[1:]
def size(name):
    raw = open(os.path.join(dist, name), "rb").read()
    return len(raw), len(gzip.compress(raw, 9))
for bundle in bundles:
    files = [os.path.basename(p) for p in sorted(glob.glob(f"{dist}/{bundle}-*"))] + [boot, style]
    total = [0, 0]
    for name in files:
        raw, gz = size(name)
        total[0] += raw; total[1] += gz
        print(f"  {name:32} {raw/1024:8.1f} KB  gzip {gz/1024:7.1f} KB")
    print(f"  {bundle + ' app (wasm + js + css)':32} {total[0]/1024:8.1f} KB  gzip {total[1]/1024:7.1f} KB")
PY
