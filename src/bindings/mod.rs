//! The JavaScript API (wasm-bindgen): a thin layer that converts options,
//! checks, results and errors, and holds no validation logic of its own.

mod convert;
mod error;
mod fetch;
mod typescript;
mod validator;
