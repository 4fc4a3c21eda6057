#!/usr/bin/env bash
# Builds pkg/, the built files of the npm package (the repository root is
# the package: package.json's exports map points into pkg/, which is
# committed):
#   pkg/       the full build (every signature algorithm and JWE)
#   pkg/lite/  the lean build (every signature algorithm, no JWE: features
#              rsa, ecdsa, eddsa)
#   pkg/rsa/   the RSA build (RS256…PS512 only: feature rsa)
# Each build has its own target directory (under $CARGO_TARGET_DIR, default
# target/), so they never invalidate each other.
#
# Reproducible: the same toolchain (rust-toolchain.toml, wasm-bindgen pinned
# in Cargo.toml, binaryen in package-lock.json) gives the same bytes whatever
# the checkout path, $HOME, CARGO_HOME or target directory: the paths that
# rustc would embed (panic locations of the crates' sources, generated
# files in the target directory) are remapped to fixed names; tests/e2e/
# reproducible.test.mjs checks the wasm for paths of the build machine. The remap goes
# through `cargo --config`, whose arrays are merged with .cargo/config.toml's
# rustflags (RUSTFLAGS would replace them). pkg/SHA256SUMS lists the digest
# of every file, and scripts/verify-pkg.sh (make verify) compares a build
# with pkg/ as committed.
# Each gets wasm-bindgen's --target web glue (internal), the wasm shrunk with
# wasm-opt -Oz from npm binaryen, and the hand-written entries of js/.
#
# Nothing is built when pkg/ was built from the same inputs (file contents,
# tool versions, build flags: scripts/build-inputs.sh) and is unchanged
# since; FORCE=1 builds anyway. The build happens in a directory under
# target/ that replaces pkg/ only once complete, and pkg/.build-inputs
# records what it was built from.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${FORCE:-0}" != 1 ] && scripts/build-inputs.sh --check pkg; then
  echo "build-pkg: pkg/ is up to date with its inputs, nothing to build (FORCE=1 rebuilds)"
  exit 0
fi
digest=$(scripts/build-inputs.sh)
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$target"
target=$(cd "$target" && pwd -P)
cargo_home=$(cd "${CARGO_HOME:-$HOME/.cargo}" && pwd -P)
# rustc applies the last matching prefix: the target directory (which may
# be inside CARGO_HOME) comes last. The checkout's own path needs no remap:
# cargo names the crate's sources relative to it (src/lib.rs), and leaving
# it out keeps the flags, and so cargo's cache, the same in every checkout
# that shares a target directory.
remap="target.wasm32-unknown-unknown.rustflags=[\"--remap-path-prefix=$cargo_home=/cargo\", \"--remap-path-prefix=$target=/target\"]"
stage=$(mktemp -d "$target/pkg.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# $1: output directory; the rest: extra cargo arguments.
build_variant() {
  local out=$1 target_dir=$2
  shift 2
  cargo build --lib --release --target wasm32-unknown-unknown --target-dir "$target_dir" --config "$remap" "$@"
  wasm-bindgen --target web --out-dir "$out" --out-name idtoken \
    "$target_dir/wasm32-unknown-unknown/release/idtoken.wasm"
  # The features rustc enables by default for wasm32-unknown-unknown.
  # After -Oz, a flattened and re-relooped pass and a merge of similar
  # functions shrink it by about 1 KB more of gzip (see
  # docs/bench/size.md); -Oz alone repeated, or --converge, gain less.
  # Functions with one caller stay out of line (ocimfs=0): binaryen inlines
  # them by default (one 54 KB validate), and the gzip is 3.7-6.7 KB smaller
  # without it (docs/bench/size.md).
  node_modules/.bin/wasm-opt --one-caller-inline-max-function-size=0 \
    -Oz --flatten --rereloop -Oz --merge-similar-functions -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/idtoken_bg.wasm" -o "$out/idtoken_bg.wasm"
  # The raw ABI exports (hash-named closures, allocator) are the glue's
  # business: the shipped InitOutput type keeps only the memory, and the
  # .wasm's own declarations (nothing but those exports) are not shipped.
  rm -f "$out/idtoken_bg.wasm.d.ts"
  node -e '
    const fs = require("fs"), f = process.argv[1];
    const text = fs.readFileSync(f, "utf8");
    const out = text.replace(/^export interface InitOutput \{\n[\s\S]*?^\}/m,
      "export interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n}");
    if (out === text) { console.error("build-pkg: InitOutput not found in " + f); process.exit(1); }
    fs.writeFileSync(f, out);' "$out/idtoken.d.ts"
  # The public entries (their imports are relative: ./idtoken.js).
  cp js/manual.js js/manual.d.ts js/index.js js/index.d.ts js/node.js "$out/"
}

build_variant "$stage" "$target"
build_variant "$stage/lite" "$target/lite" --no-default-features --features rsa,ecdsa,eddsa
build_variant "$stage/rsa" "$target/rsa" --no-default-features --features rsa

# The oidc-client-ts adapter, once it exists (it imports ./index.js).
for f in js/oidc-client-ts.js js/oidc-client-ts.d.ts; do
  if [ -f "$f" ]; then cp "$f" "$stage/"; fi
done
# The licences of the crates compiled into the wasm (from Cargo.lock and the
# crates' own licence files), then every file's digest.
node scripts/third-party.mjs --notices > "$stage/THIRD-PARTY-NOTICES"
(cd "$stage" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort \
  | xargs -d '\n' sha256sum > SHA256SUMS)
chmod 755 "$stage"
rm -rf pkg
mv "$stage" pkg
node scripts/sizes.mjs pkg/idtoken_bg.wasm
node scripts/sizes.mjs pkg/lite/idtoken_bg.wasm
node scripts/sizes.mjs pkg/rsa/idtoken_bg.wasm

# Up to date only if no input changed while building (an edit mid-build
# leaves pkg/ to be rebuilt next time).
if [ "$(scripts/build-inputs.sh)" = "$digest" ]; then
  scripts/build-inputs.sh --stamp pkg "$digest"
else
  echo "build-pkg: inputs changed during the build: pkg/ will be rebuilt next time" >&2
fi
