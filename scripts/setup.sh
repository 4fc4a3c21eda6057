#!/usr/bin/env bash
# Idempotent set-up for building and testing on a fresh machine. Each step
# says what it does and is skipped when already done.
#   scripts/setup.sh            what building needs (make build, demo, package, docs)
#   scripts/setup.sh --browser  the same, plus the three browser engines of
#                               the test targets (Debian packages: Chromium,
#                               Firefox ESR, WebKitGTK's WebDriver, Xvfb)
#   scripts/setup.sh --check    (or SETUP_DRY_RUN=1) checks only: prints what
#                               it would install and installs nothing
# SETUP_ASSUME_MISSING="pkg ..." treats those Debian packages as missing, so
# that a machine which has them all can still show (with --check) the
# install step a fresh one runs (tests/e2e/setup-targets.test.mjs).
set -euo pipefail
browser=false
dry=false
[ "${SETUP_DRY_RUN:-}" = 1 ] && dry=true
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    --check) dry=true ;;
    *) echo "usage: scripts/setup.sh [--browser] [--check]" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."

step() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# Runs an installing command, or with --check prints it.
run() { if $dry; then printf 'setup: would run: %s\n' "$*"; else "$@"; fi; }
run_root() { if [ "$(id -u)" = 0 ]; then run "$@"; else run sudo "$@"; fi; }

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
  run rustup toolchain install "$toolchain" --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown
elif ! rustup target list --installed --toolchain "$toolchain" | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target to Rust $toolchain"
  run rustup target add --toolchain "$toolchain" wasm32-unknown-unknown
else
  step "Rust $toolchain with the wasm32-unknown-unknown target present"
fi
for c in rustfmt clippy; do
  if ! rustup component list --installed --toolchain "$toolchain" | grep -q "^$c"; then
    step "adding $c to Rust $toolchain"
    run rustup component add --toolchain "$toolchain" "$c"
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
  run cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. The browser engines, for the browser tests only: Debian's Chromium (and
#    its driver), Firefox ESR, WebKitGTK's WebKitWebDriver (with MiniBrowser)
#    and Xvfb for WebKit's window. Each package is checked with dpkg; only
#    the missing ones are installed.
BROWSER_PACKAGES="chromium chromium-driver firefox-esr webkit2gtk-driver xvfb"
if $browser; then
  missing=""
  for pkg in $BROWSER_PACKAGES; do
    assumed=false
    for m in ${SETUP_ASSUME_MISSING:-}; do [ "$m" = "$pkg" ] && assumed=true; done
    if ! $assumed && dpkg -s "$pkg" 2>/dev/null | grep -qx 'Status: install ok installed'; then
      step "$pkg present ($(dpkg-query -W -f='${Version}' "$pkg"))"
    else
      step "$pkg missing$($assumed && echo ' (SETUP_ASSUME_MISSING)')"
      missing="$missing $pkg"
    fi
  done
  if [ -n "$missing" ]; then
    step "$($dry && echo 'would install' || echo 'installing') Debian packages:$missing (apt, about 1 to 3 minutes a browser)"
    run_root apt-get update -qq
    run_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
  else
    step "browser engines present: nothing to install"
  fi
fi

# 4. The JS tooling (jose, binaryen's wasm-opt, playwright-core, puppeteer-core,
#    webdriverio), from the lock file.
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  step "node_modules up to date"
else
  step "npm ci (the JS tooling of package-lock.json, about a minute)"
  run npm ci --no-audit --no-fund --loglevel=error
fi
