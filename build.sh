#!/usr/bin/env bash
# ./build.sh        set up what is missing, then build everything (CLI, wasm engine,
#                   extension for Chrome and Firefox, www site) into dist/
# ./build.sh test   the same, then run every test (native, wasm in node and Chromium, e2e)
# ./build.sh bench  criterion benches and the JS peer benchmark
#
# SIGHTLINE_PUBLISHER_KEY=<file.pub> pins that publisher key instead of lists/publisher.pub
# (tests use it with a test key; production builds pin the real one).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
# The wasm-bindgen CLI must be the crate's exact version (Cargo.toml pins it: written once).
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo 'build.sh: Cargo.toml does not pin wasm-bindgen = "=X.Y.Z"' >&2; exit 2; }
# Every cargo command below passes --locked: builds use the committed Cargo.lock.
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  log "setup: toolchain and packages (skipped when already there)"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    # No --locked: its lockfile pins a crate the registry here lacks (TOOLCHAIN.md).
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  local pkgs=()
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  [ -x /usr/bin/chromedriver ] || pkgs+=(chromium-driver)
  # French UI in tests: without it chrome.i18n.getUILanguage() stays en-US under --lang=fr.
  dpkg -s chromium-l10n >/dev/null 2>&1 || pkgs+=(chromium-l10n)
  [ -x /usr/bin/firefox-esr ] || pkgs+=(firefox-esr)
  command -v rg >/dev/null || pkgs+=(ripgrep)
  command -v zip >/dev/null || pkgs+=(zip)
  if [ ${#pkgs[@]} -gt 0 ]; then
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}"
  fi
  if ! command -v geckodriver >/dev/null; then
    cargo install geckodriver
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}

publisher_key_env() {
  if [ -n "${SIGHTLINE_PUBLISHER_KEY:-}" ]; then
    SIGHTLINE_PUBLISHER_KEY_HEX=$(tr -d ' \n\r' < "$SIGHTLINE_PUBLISHER_KEY")
    export SIGHTLINE_PUBLISHER_KEY_HEX
    log "pinning publisher key from $SIGHTLINE_PUBLISHER_KEY"
  fi
}

build_cli() {
  log "CLI (release)"
  cargo build --locked --release --bin sightline
}

# build_wasm <out dir> [cargo features]: the engine as wasm-bindgen output, wasm-opt'd.
build_wasm() {
  local out=$1 features=${2:-}
  log "wasm engine -> $out ${features:+(features: $features)}"
  cargo build --locked --profile wasm --target wasm32-unknown-unknown --lib --no-default-features \
    ${features:+--features "$features"}
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" \
    target/wasm32-unknown-unknown/wasm/sightline.wasm
  npx --no-install wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals \
    "$out/sightline_bg.wasm" -o "$out/sightline_bg.wasm"
  printf 'wasm: %s bytes, %s gzipped\n' "$(wc -c < "$out/sightline_bg.wasm")" \
    "$(gzip -9c "$out/sightline_bg.wasm" | wc -c)"
}

build_extension() {
  log "extension (dist/chrome, dist/firefox and their zips)"
  node extension/build.mjs
}

build_www() {
  log "www site (dist/www)"
  node www/build.mjs
}

build_all() {
  setup
  publisher_key_env
  build_cli
  build_wasm target/pkg
  build_extension
  build_www
}

run_tests() {
  log "format and lints (native and wasm)"
  cargo fmt --check
  cargo clippy --locked --all-targets -- -D warnings
  cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --features bench-exports --lib -- -D warnings
  log "native tests"
  cargo test --locked
  log "benches still build (run them with ./build.sh bench)"
  cargo check --locked --benches --features bench-exports
  log "wasm tests in node"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked --target wasm32-unknown-unknown --no-default-features --test wasm_node --test wasm_feed
  log "wasm tests in headless Chromium"
  CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked --target wasm32-unknown-unknown --no-default-features --test wasm_browser
  log "fuzz targets still build"
  cargo check --locked --manifest-path fuzz/Cargo.toml
  log "Firefox build lint (web-ext)"
  npx --no-install web-ext lint --source-dir dist/firefox --self-hosted
  log "JS unit tests (node:test)"
  node --test tests/unit/
  log "end-to-end tests (real Chromium, Firefox ESR)"
  node tests/e2e/run.mjs
}

case "${1:-build}" in
  build) build_all ;;
  test) build_all; run_tests ;;
  bench)
    build_all
    build_wasm target/pkg-bench bench-exports
    cargo bench --bench engine
    cargo bench --bench index_scale --features bench-exports
    SIGHTLINE_PKG=target/pkg-bench node benches/peers/run.mjs
    SIGHTLINE_PKG=target/pkg-bench node benches/peers/index.mjs
    ;;
  *) echo "usage: ./build.sh [build|test|bench]" >&2; exit 2 ;;
esac
