//! Failures as JavaScript errors: an `Error` whose `name` is
//! `"IdTokenError"`, with the stable `code` and, for claim failures, `claim`.

use crate::error::Error;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// Converts a core error into the thrown JS value.
pub(crate) fn to_js(e: &Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    err.set_name("IdTokenError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(
        &err,
        &JsValue::from_str("code"),
        &JsValue::from_str(e.code()),
    );
    if let Some(claim) = e.claim() {
        let _ = Reflect::set(&err, &JsValue::from_str("claim"), &JsValue::from_str(claim));
    }
    err.into()
}

/// Whether `value` is an error thrown by this library (a type guard in the
/// TypeScript declarations).
#[wasm_bindgen(js_name = isIdTokenError, skip_typescript)]
pub fn is_id_token_error(value: &JsValue) -> bool {
    value.is_instance_of::<js_sys::Error>()
        && Reflect::get(value, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .as_deref()
            == Some("IdTokenError")
        && Reflect::get(value, &JsValue::from_str("code"))
            .ok()
            .and_then(|c| c.as_string())
            .is_some_and(|c| crate::ErrorKind::ALL.iter().any(|k| k.code() == c))
}
