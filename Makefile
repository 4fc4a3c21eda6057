# idtoken: the two commands a person needs are `make test` and `make demo`.
# Every target runs `setup` first, which installs what a fresh machine lacks;
# only the targets that drive a browser (`setup-browser`) install the Debian
# browser packages (Chromium, Firefox ESR, WebKitGTK's driver, Xvfb).

CARGO ?= cargo
WASM := --target wasm32-unknown-unknown
# The browser suites run long synchronous checks (all of Wycheproof).
export WASM_BINDGEN_TEST_TIMEOUT ?= 900

.PHONY: setup setup-browser build verify release-check package docs lint test test-native test-browser test-js test-diff-long test-package test-e2e fuzz-smoke fuzz extension bench bench-signin vectors demo clean

setup:
	@scripts/setup.sh

setup-browser:
	@scripts/setup.sh --browser

## build: pkg/, the built files of the npm package (the repository root is
## the package; pkg/ is committed). wasm-bindgen --target web, wasm-opt -Oz;
## reproducible: the same toolchain gives the same bytes on any machine.
## Skipped when pkg/ was built from the same inputs (file contents, tool
## versions, build flags: scripts/build-inputs.sh) and is unchanged since,
## so docs, demo, package and the test targets reuse it; FORCE=1 rebuilds.
FORCE ?=
export FORCE
build: setup
	@scripts/build-pkg.sh

## verify: a build from the sources must equal pkg/ as committed; fails
## listing the files that differ (then: make build, and commit pkg/)
verify: setup
	@scripts/verify-pkg.sh

## release-check: ready to publish, without network: the npm pack file list,
## deterministic packing, publint, @arethetypeswrong/cli, the crate list
release-check: build
	node scripts/release-check.mjs

## package: idtoken-<version>.tgz, the npm package (npm pack of the root)
package: build
	npm pack . --pack-destination . --loglevel=warn

## docs: the API reference (typedoc, from the package's .d.ts) in docs/api/
docs: build
	scripts/docs.sh

## lint: formatting, and clippy natively and for wasm32 (also the lite and
## RSA builds' feature sets)
lint: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy --workspace --all-targets $(WASM) -- -D warnings
	$(CARGO) clippy --lib $(WASM) --no-default-features --features rsa,ecdsa,eddsa -- -D warnings
	$(CARGO) clippy --lib $(WASM) --no-default-features --features rsa -- -D warnings

## test-native: unit tests and vector suites, natively
test-native: setup
	$(CARGO) test --workspace -- --show-output

## test-browser: the same vector suites compiled to wasm, in headless Chromium
## only (Wycheproof in the browser is long; the other engines run test-js)
test-browser: setup-browser
	$(CARGO) test $(WASM) --test vectors -- --nocapture

## test-js: the JS API of pkg/ in Node and in the browser engines of BROWSERS
## (Chromium, Firefox, WebKit: scenarios, default and manual entries, lazy
## loading under a CSP, non-secure origin, workers, the differential test
## against each engine's WebCrypto with DIFF_MUTATIONS random mutations per
## algorithm), the TypeScript declarations
DIFF_MUTATIONS ?= 500
BROWSERS ?= chromium,firefox,webkit
export BROWSERS
test-js: setup-browser build
	DIFF_MUTATIONS=$(DIFF_MUTATIONS) node --test tests/scenarios/*.test.mjs tests/browser/*.test.mjs tests/types/*.test.mjs

## test-diff-long: the differential test against WebCrypto, long
## (DIFF_LONG_MUTATIONS per algorithm; DIFF_SEED=n for another seed), in
## Chromium only (the short run of test-js covers every engine)
DIFF_LONG_MUTATIONS ?= 20000
test-diff-long: setup-browser build
	BROWSERS=chromium DIFF_MUTATIONS=$(DIFF_LONG_MUTATIONS) node --test tests/browser/webcrypto-diff.test.mjs

## test-package: the packed tarball installed into fresh Node, Vite (dev and
## build) and webpack 5 projects, each validating a token without init
test-package: setup-browser build
	node --test tests/package/*.test.mjs

## test-e2e: the demo, and oidc-client-ts with the idtoken/oidc-client-ts
## adapter, against a real oidc-provider in headless Chromium
## (UPDATE_DOCS=1 also refreshes docs/demo-result.png)
test-e2e: setup-browser build
	node --test tests/e2e/*.test.mjs

## fuzz-smoke: every cargo-fuzz target for a few seconds (part of make test)
fuzz-smoke: setup
	scripts/fuzz.sh 10

## fuzz: the long run, FUZZ_SECONDS per target (counts go in SECURITY.md)
FUZZ_SECONDS ?= 1200
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)

## test: everything, as CI runs it
test: lint test-native verify release-check test-browser test-js test-package test-e2e fuzz-smoke
	@echo "make test: all suites passed"

## vectors: re-mint the jose vectors and scenarios (fresh keys; review the diff)
vectors: setup
	node tests/vectors/gen/mint-jose.mjs > tests/vectors/data/jose-jws.json
	node tests/scenarios/gen/mint-scenarios.mjs > tests/scenarios/data/scenarios.json

## bench: idtoken against jose, jsrsasign, noble and bare WebCrypto in headless
## Chromium, Firefox and WebKit (BROWSERS, or BENCH_ARGS=--browsers ...);
## writes docs/bench/ (results.json, charts, history.jsonl, engines.md)
bench: setup-browser build
	node bench/run.mjs $(BENCH_ARGS)

## bench-signin: what users feel at sign-in: oidc-client-ts (code + PKCE, vite
## bundle) against the local oidc-provider, token endpoint 100 ms late, with
## and without idtoken's adapter; writes docs/bench/signin.json
bench-signin: setup-browser build
	node bench/signin.mjs $(BENCH_ARGS)

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
	rm -rf pkg node_modules docs/api idtoken-*.tgz
