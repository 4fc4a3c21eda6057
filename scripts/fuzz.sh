#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 10: the smoke run of
# `make test`; `make fuzz` runs 1200). Installs the nightly toolchain and
# cargo-fuzz when missing, seeds the corpora from the test vectors, and
# prints libFuzzer's run count per target. A crash, hang or accepted
# forgery makes it exit non-zero (artifacts in fuzz/artifacts/<target>/).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-10}"
TARGETS="${FUZZ_TARGETS:-parse_token parse_jwks validate decrypt}"

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: installing the nightly toolchain (minimal)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz
fi
node fuzz/seed.mjs
(cd fuzz && cargo +nightly fuzz build -O)

for t in $TARGETS; do
  log="fuzz/artifacts/$t.log"
  mkdir -p "fuzz/artifacts/$t"
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
  if ! (cd fuzz && cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=70000 \
      -print_final_stats=1) > "$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $t FAILED (see $log and fuzz/artifacts/$t/)"
    exit 1
  fi
  runs=$(awk '/^stat::number_of_executed_units/ {print $2}' "$log")
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 || true)
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  echo "fuzz: $t: ${runs:-?} runs in ${SECONDS_PER_TARGET}s, ${cov:-cov: ?} edges, corpus $corpus inputs, no crash, hang or forgery"
done
