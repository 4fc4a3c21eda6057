# idtoken: the two commands a person needs are `make test` and `make demo`.
# Every target runs `setup` first, which installs what a fresh machine lacks.

CARGO ?= cargo
WASM := --target wasm32-unknown-unknown
# The browser suites run long synchronous checks (all of Wycheproof).
export WASM_BINDGEN_TEST_TIMEOUT ?= 900

.PHONY: setup build lint test test-native test-browser test-js test-e2e fuzz-smoke fuzz extension bench vectors demo clean

setup:
	@scripts/setup.sh

## build: pkg/, the npm package (wasm-bindgen --target web, wasm-opt -Oz)
build: setup
	@scripts/build-pkg.sh

## lint: formatting, and clippy natively and for wasm32
lint: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy --workspace --all-targets $(WASM) -- -D warnings

## test-native: unit tests and vector suites, natively
test-native: setup
	$(CARGO) test --workspace -- --show-output

## test-browser: the same vector suites compiled to wasm, in headless Chromium
test-browser: setup
	$(CARGO) test $(WASM) --test vectors -- --nocapture

## test-js: the JS API of pkg/ in Node and in headless Chromium (scenarios,
## non-secure origin, a Vite app, the TypeScript declarations)
test-js: build
	node --test tests/scenarios/*.test.mjs tests/browser/*.test.mjs tests/types/*.test.mjs

## test-e2e: the demo, and oidc-client-ts with the idtoken/oidc-client-ts
## adapter, against a real oidc-provider in headless Chromium
## (UPDATE_DOCS=1 also refreshes docs/demo-result.png)
test-e2e: build
	node --test tests/e2e/*.test.mjs

## fuzz-smoke: every cargo-fuzz target for a few seconds (part of make test)
fuzz-smoke: setup
	scripts/fuzz.sh 10

## fuzz: the long run, FUZZ_SECONDS per target (counts go in SECURITY.md)
FUZZ_SECONDS ?= 1200
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)

## test: everything, as CI runs it
test: lint test-native build test-browser test-js test-e2e fuzz-smoke
	@echo "make test: all suites passed"

## vectors: re-mint the jose vectors and scenarios (fresh keys; review the diff)
vectors: setup
	node tests/vectors/gen/mint-jose.mjs > tests/vectors/data/jose-jws.json
	node tests/scenarios/gen/mint-scenarios.mjs > tests/scenarios/data/scenarios.json

## bench: idtoken against jose, jsrsasign and bare WebCrypto in headless
## Chromium; writes docs/bench/ (results.json, chart.svg, history.jsonl)
bench: build
	node bench/run.mjs $(BENCH_ARGS)

## extension: the MV3 extension in target/extension/ (load unpacked, or --zip)
extension: build
	node scripts/build-extension.mjs

## demo: the local OpenID Provider and the demo SPA on 127.0.0.1; Ctrl-C stops both
APP_PORT ?= 4001
PROVIDER_PORT ?= 4000
demo: build
	node www/serve.mjs --app-port $(APP_PORT) --provider-port $(PROVIDER_PORT)

clean:
	$(CARGO) clean
	rm -rf pkg node_modules
