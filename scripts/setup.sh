#!/usr/bin/env bash
# Idempotent set-up for building and testing on a fresh machine. Each step
# says what it does and is skipped when already done.
#   scripts/setup.sh            what building needs (make build, demo, package, docs)
#   scripts/setup.sh --browser  the same, plus Debian's Chromium for the test targets
set -euo pipefail
browser=false
if [ "${1:-}" = "--browser" ]; then browser=true; fi
cd "$(dirname "$0")/.."

step() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. The Rust toolchain that rust-toolchain.toml pins (the committed pkg/ is
#    reproduced byte for byte only by the same rustc), with the wasm32
#    target and the lint components.
if ! command -v rustup >/dev/null; then
  echo "setup: rustup is missing: install Rust with rustup (https://rustup.rs), then run this again" >&2
  exit 1
fi
toolchain=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$toolchain-"; then
  step "installing the Rust toolchain $toolchain (rust-toolchain.toml) with the wasm32 target"
  rustup toolchain install "$toolchain" --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown
elif ! rustup target list --installed --toolchain "$toolchain" | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target to Rust $toolchain"
  rustup target add --toolchain "$toolchain" wasm32-unknown-unknown
else
  step "Rust $toolchain with the wasm32-unknown-unknown target present"
fi
for c in rustfmt clippy; do
  if ! rustup component list --installed --toolchain "$toolchain" | grep -q "^$c"; then
    step "adding $c to Rust $toolchain"
    rustup component add --toolchain "$toolchain" "$c"
  fi
done

# 2. wasm-bindgen-cli of exactly the version in Cargo.lock (pinned with = in Cargo.toml).
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" = "$want" ]; then
  step "wasm-bindgen-cli $want present"
else
  step "installing wasm-bindgen-cli $want with cargo install (found '${have:-none}')"
  step "  it compiles from source, once: about 3 to 10 minutes on 2 cores"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. Debian's Chromium and ChromeDriver, for the browser tests only.
if ! $browser; then
  :
elif command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  step "chromium and chromedriver present"
else
  step "installing Debian chromium and chromium-driver (apt, about 1 to 3 minutes)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 4. The JS tooling (jose, binaryen's wasm-opt, playwright-core), from the lock file.
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  step "node_modules up to date"
else
  step "npm ci (the JS tooling of package-lock.json, about a minute)"
  npm ci --no-audit --no-fund --loglevel=error
fi
