//! Signature vectors from independent sources, through `verify_signature`
//! and the key-set path.
//!
//! The same crate runs natively (`cargo test --test vectors`) and inside
//! headless Chromium (`cargo test --target wasm32-unknown-unknown --test
//! vectors`, with `wasm-bindgen-test-runner`), so the wasm build is proven,
//! not assumed. Every data file names its source.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

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
mod rfc;
mod rfc_jwe;
mod support;
mod wycheproof_jwe;
mod wycheproof_sets;
