#!/usr/bin/env bash
# What pkg/ is built from, as one digest, so that targets needing pkg/ can
# skip the build when nothing changed. File contents, not times: a fresh
# clone resets every time, and a touched but unchanged file is no change.
#
# The inputs: the files (tracked, and untracked but not ignored) of src/,
# js/, Cargo.toml, Cargo.lock, .cargo/config.toml, rust-toolchain.toml, the
# cargo config of CARGO_HOME, scripts/build-pkg.sh, scripts/third-party.mjs
# (the notices) and this script; the versions of rustc, cargo, wasm-bindgen,
# wasm-opt (node_modules) and node; and the environment variables that
# change what cargo builds (RUSTFLAGS, CARGO_PROFILE_*, ...). Not the paths:
# the build remaps them (scripts/build-pkg.sh), so they change no byte.
#
#   scripts/build-inputs.sh                    prints the digest (sha256, hex)
#   scripts/build-inputs.sh --list             prints the inputs, one per line (what the digest hashes)
#   scripts/build-inputs.sh --check [dir]      exits 0 if dir (default pkg) was built from the current
#                                              inputs and its files are as that build left them;
#                                              otherwise says why on stderr and exits 1
#   scripts/build-inputs.sh --stamp dir digest records digest, the inputs and dir's files in dir/.build-inputs
#
# dir/.build-inputs is not part of the npm package (package.json's `files`
# does not list it) nor of git (.gitignore): it describes this machine's
# build. make verify (scripts/verify-pkg.sh) goes further: the build must
# also equal pkg/ as committed.
set -euo pipefail
cd "$(dirname "$0")/.."

STAMP=.build-inputs
PATHS=(src js Cargo.toml Cargo.lock .cargo/config.toml rust-toolchain rust-toolchain.toml build.rs
  scripts/build-pkg.sh scripts/third-party.mjs scripts/build-inputs.sh)

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

# The input files, sorted, one per line.
input_files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard -- "${PATHS[@]}"
  else
    local p
    for p in "${PATHS[@]}"; do
      if [ -e "$p" ]; then find "$p" -type f; fi
    done
  fi | LC_ALL=C sort -u
}

# A tool's version output, each line prefixed, or "none".
tool() {
  local name=$1 out
  shift
  out=$("$@" 2>/dev/null) || out=none
  printf '%s\n' "$out" | sed "s|^|tool $name: |"
}

list() {
  local f
  while IFS= read -r f; do
    if [ -f "$f" ]; then
      printf 'file %s %s\n' "$(sha256 < "$f" | cut -d' ' -f1)" "$f"
    else
      printf 'file deleted %s\n' "$f"
    fi
  done < <(input_files)
  local home=${CARGO_HOME:-$HOME/.cargo} c
  for c in "$home/config.toml" "$home/config"; do
    if [ -f "$c" ]; then printf 'file %s %s\n' "$(sha256 < "$c" | cut -d' ' -f1)" "CARGO_HOME/${c##*/}"; fi
  done
  tool rustc "${RUSTC:-rustc}" -vV
  tool cargo "${CARGO:-cargo}" -V
  tool wasm-bindgen wasm-bindgen --version
  tool wasm-opt node_modules/.bin/wasm-opt --version
  tool node node --version
  # What changes cargo's output (not where it goes, nor how it is shown).
  env | LC_ALL=C sort | grep -E '^(RUSTFLAGS|CARGO_ENCODED_RUSTFLAGS|RUSTC|RUSTC_WRAPPER|RUSTC_WORKSPACE_WRAPPER|RUSTUP_TOOLCHAIN|CARGO_BUILD_RUSTFLAGS|CARGO_BUILD_TARGET|CARGO_INCREMENTAL)=|^CARGO_(PROFILE|TARGET_WASM32_UNKNOWN_UNKNOWN|UNSTABLE)_' \
    | sed 's/^/env /' || true
}

digest() {
  list | sha256 | cut -d' ' -f1
}

# dir's files (but the stamp), with their hashes, sorted.
outputs() {
  local f
  (cd "$1" && find . -type f ! -path "./$STAMP" | LC_ALL=C sort | while IFS= read -r f; do
    printf 'output %s %s\n' "$(sha256 < "$f" | cut -d' ' -f1)" "$f"
  done)
}

check() {
  local dir=$1 stamp=$1/$STAMP
  if [ ! -f "$stamp" ]; then
    echo "build-inputs: $dir/ has no $STAMP (not built, or the build did not finish)" >&2
    return 1
  fi
  local want have
  want=$(sed -n 's/^inputs //p' "$stamp")
  have=$(digest)
  if [ "$want" != "$have" ]; then
    local changed
    changed=$(diff <(sed -n 's/^input //p' "$stamp") <(list) | sed -n 's/^[<>] //p' \
      | awk '$1 == "file" { print $NF; next } { print }' | LC_ALL=C sort -u | head -5 | paste -sd, - || true)
    echo "build-inputs: $dir/ is out of date; changed: ${changed:-the inputs}" >&2
    return 1
  fi
  if ! diff -q <(grep '^output ' "$stamp") <(outputs "$dir") >/dev/null; then
    echo "build-inputs: $dir/ was changed (or files added or removed) since it was built" >&2
    return 1
  fi
}

stamp() {
  local dir=$1 d=$2
  local text
  text=$(echo "inputs $d"; list | sed 's/^/input /'; outputs "$dir")
  printf '%s\n' "$text" > "$dir/$STAMP"
}

case "${1:-}" in
  '') digest ;;
  --list) list ;;
  --check) check "${2:-pkg}" ;;
  --stamp) stamp "${2:?--stamp needs a directory}" "${3:?--stamp needs the digest}" ;;
  *) echo "usage: $0 [--list | --check [dir] | --stamp dir digest]" >&2; exit 2 ;;
esac
