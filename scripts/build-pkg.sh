#!/usr/bin/env bash
# Builds pkg/: the release wasm (size-tuned profile), wasm-bindgen's --target
# web output, shrunk with wasm-opt -Oz from npm binaryen, plus package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --lib --release --target wasm32-unknown-unknown
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name idtoken \
  target/wasm32-unknown-unknown/release/idtoken.wasm
# The features rustc enables by default for wasm32-unknown-unknown.
node_modules/.bin/wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/idtoken_bg.wasm -o pkg/idtoken_bg.wasm
# wasm-bindgen types its raw ABI exports (InitOutput) with `any`; they take
# opaque JS values, which `unknown` states without opting out of checking.
sed -i -E 's/\bany\b/unknown/g' pkg/idtoken_bg.wasm.d.ts
sed -i -E '/^export interface InitOutput/,/^}/ s/\bany\b/unknown/g' pkg/idtoken.d.ts
node scripts/pkg-manifest.mjs > pkg/package.json
node scripts/sizes.mjs pkg/idtoken_bg.wasm
