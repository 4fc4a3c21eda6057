//! Signature vectors from independent sources, through `verify_signature`
//! and the key-set path.
//!
//! The same crate runs natively (`cargo test --test vectors`) and inside
//! headless Chromium (`cargo test --target wasm32-unknown-unknown --test
//! vectors`, with `wasm-bindgen-test-runner`), so the wasm build is proven,
//! not assumed. In Chromium the suites run in a dedicated worker: the long
//! synchronous vector loops never hold the page's renderer (chromedriver
//! gives up on a renderer that does not answer for 30 s). Every data file
//! names its source.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// Prints a line natively and to the test runner's console in the browser.
macro_rules! report {
    ($($arg:tt)*) => {{
        #[cfg(target_arch = "wasm32")]
        wasm_bindgen_test::console_log!($($arg)*);
        #[cfg(not(target_arch = "wasm32"))]
        println!($($arg)*);
    }};
}

mod jose_minted;
mod oidc_core;
mod out_of_range;
mod rfc;
mod rfc_jwe;
mod support;
mod wycheproof_jwe;
mod wycheproof_sets;
