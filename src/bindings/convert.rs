//! Options and checks from JavaScript values into the core's types.
//!
//! Plain fields go through `serde-wasm-bindgen` with unknown keys refused
//! (a misspelt `nonce` must not silently skip the nonce check). JSON
//! documents (`jwks`, `previousClaims`) go through `JSON.stringify` and the
//! core's strict parser, so the same limits apply to objects and strings.

use crate::encoding::json::{self, Object};
use crate::error::{Error, ErrorKind, Result};
use crate::jwe::keys::DecryptionKeySet;
use crate::jws::algorithm::AlgorithmSet;
use crate::keys::jwks::KeySet;
use crate::remote::cache::{KeyCache, DEFAULT_COOLDOWN, DEFAULT_MAX_AGE};
use crate::remote::endpoint::check_url;
use crate::validator::policy::seconds;
use crate::validator::{Policy, TokenChecks};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOptions, message)
}

/// `IdTokenValidatorOptions` as read from JavaScript.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OptionsJs {
    issuer: String,
    client_id: String,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    jwks: JsValue,
    jwks_uri: Option<String>,
    algorithms: Option<Vec<String>>,
    clock_tolerance_seconds: Option<f64>,
    max_token_age_seconds: Option<f64>,
    trusted_audiences: Option<Vec<String>>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    decryption_keys: JsValue,
    require_encryption: Option<bool>,
    jwks_cooldown_seconds: Option<f64>,
    jwks_cache_max_age_seconds: Option<f64>,
    fetch_timeout_seconds: Option<f64>,
}

/// `TokenChecks` as read from JavaScript.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ChecksJs {
    nonce: Option<String>,
    access_token: Option<String>,
    code: Option<String>,
    state: Option<String>,
    require_at_hash: Option<bool>,
    require_c_hash: Option<bool>,
    require_s_hash: Option<bool>,
    max_age: Option<f64>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    previous_claims: JsValue,
    acr_values: Option<Vec<String>>,
    required_amr: Option<Vec<String>>,
    now: Option<f64>,
}

/// The default time a fetch may take, in seconds.
pub(crate) const DEFAULT_FETCH_TIMEOUT: f64 = 10.0;

/// The options a validator is built from.
pub(crate) struct Options {
    pub policy: Policy,
    pub keys: KeySet,
    pub decryption_keys: DecryptionKeySet,
    /// Whether `jwks` was given (the keys count as fetched now).
    pub has_jwks: bool,
    pub jwks_uri: Option<String>,
    pub cache: KeyCache,
    pub fetch_timeout_ms: i32,
    /// Whether `algorithms` was given explicitly.
    pub has_algorithms: bool,
}

/// The option keys of `IdTokenValidatorOptions`.
const OPTION_KEYS: &[&str] = &[
    "issuer",
    "clientId",
    "jwks",
    "jwksUri",
    "algorithms",
    "clockToleranceSeconds",
    "maxTokenAgeSeconds",
    "trustedAudiences",
    "decryptionKeys",
    "requireEncryption",
    "jwksCooldownSeconds",
    "jwksCacheMaxAgeSeconds",
    "fetchTimeoutSeconds",
];

/// The keys of `TokenChecks`.
const CHECK_KEYS: &[&str] = &[
    "nonce",
    "accessToken",
    "code",
    "state",
    "requireAtHash",
    "requireCHash",
    "requireSHash",
    "maxAge",
    "previousClaims",
    "acrValues",
    "requiredAmr",
    "now",
];

/// Reads a plain object of known keys. serde-wasm-bindgen looks fields up by
/// name and never sees others, so unknown keys are refused here; so is a key
/// present with `null` or `undefined` (which serde would read as "absent":
/// `nonce: sessionStorage.getItem(...)` must not switch the nonce check off),
/// and an object whose keys or values cannot be read (throwing getters,
/// proxies).
fn from_js<T: for<'de> Deserialize<'de>>(what: &str, value: JsValue, known: &[&str]) -> Result<T> {
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(invalid(format!("{what}: expected an object")));
    }
    let object: &js_sys::Object = value.unchecked_ref();
    let keys = js_sys::Reflect::own_keys(object)
        .map_err(|_| invalid(format!("{what}: its keys cannot be read")))?;
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            return Err(invalid(format!("{what}: expected string keys only")));
        };
        let quoted = crate::jws::algorithm::quoted(&name);
        if !known.contains(&name.as_str()) {
            return Err(invalid(format!("{what}: unknown key {quoted}")));
        }
        let v = js_sys::Reflect::get(object, &key)
            .map_err(|_| invalid(format!("{what}: {quoted} cannot be read")))?;
        if is_absent(&v) {
            let found = if v.is_null() { "null" } else { "undefined" };
            return Err(invalid(format!(
                "{what}: {quoted} expected a value, found {found} (omit the key to leave it unset)"
            )));
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        let e = e.to_string();
        invalid(format!("{what}: {}", e.trim_start_matches("Error: ")))
    })
}

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// A string argument, refused (with `kind`) when it is not a string or when
/// it is longer than `max` UTF-8 bytes. The length is checked on the JS side
/// before any copy into wasm memory: a UTF-16 length over `max` means a
/// UTF-8 length over `max` too.
pub(crate) fn string_arg(
    value: &JsValue,
    what: &str,
    max: usize,
    kind: ErrorKind,
) -> Result<String> {
    let Some(text) = value.dyn_ref::<js_sys::JsString>() else {
        let found = if value.is_null() {
            "null".into()
        } else {
            value.js_typeof().as_string().unwrap_or_default()
        };
        return Err(Error::new(
            kind,
            format!("{what}: expected a string, found {found}"),
        ));
    };
    let too_long = || Error::new(kind, format!("{what}: expected at most {max} bytes"));
    if text.length() as usize > max {
        return Err(too_long());
    }
    let text = String::from(text);
    if text.len() > max {
        return Err(too_long());
    }
    Ok(text)
}

/// The JSON text of a JS value: a string as it is, anything else through
/// `JSON.stringify`.
fn json_text(what: &str, value: &JsValue) -> Result<String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| invalid(format!("{what}: expected a JSON-serializable object")))
}

/// A JWKS given as an object or JSON text (`ERR_INVALID_OPTIONS` when unusable).
pub(crate) fn key_set(value: &JsValue) -> Result<KeySet> {
    if !value.is_object() && !value.is_string() {
        return Err(invalid(
            "jwks: expected a JWKS object or its JSON text".into(),
        ));
    }
    KeySet::from_json(json_text("jwks", value)?.as_bytes())
}

/// Reads constructor options.
pub(crate) fn options(value: JsValue) -> Result<Options> {
    let o: OptionsJs = from_js("options", value, OPTION_KEYS)?;
    let mut policy = Policy::new(o.issuer, o.client_id)?;
    if let Some(names) = &o.algorithms {
        policy =
            policy.with_algorithms(AlgorithmSet::from_names(names.iter().map(String::as_str))?)?;
    }
    if let Some(t) = o.clock_tolerance_seconds {
        policy = policy.with_clock_tolerance(t)?;
    }
    if let Some(t) = o.max_token_age_seconds {
        policy = policy.with_max_token_age(t)?;
    }
    if let Some(a) = o.trusted_audiences {
        policy = policy.with_trusted_audiences(a)?;
    }
    policy = policy.with_require_encryption(o.require_encryption.unwrap_or(false));
    let cache = KeyCache::new(
        o.jwks_cooldown_seconds.unwrap_or(DEFAULT_COOLDOWN),
        o.jwks_cache_max_age_seconds.unwrap_or(DEFAULT_MAX_AGE),
    )?;
    let timeout = seconds(
        "fetchTimeoutSeconds",
        o.fetch_timeout_seconds.unwrap_or(DEFAULT_FETCH_TIMEOUT),
    )?;
    if timeout == 0.0 || timeout > 600.0 {
        return Err(invalid(format!(
            "fetchTimeoutSeconds: expected 0 < seconds <= 600, found {timeout}"
        )));
    }
    if let Some(uri) = &o.jwks_uri {
        check_url(uri, "jwksUri", ErrorKind::InvalidOptions)?;
    }
    let has_jwks = !is_absent(&o.jwks);
    let keys = if is_absent(&o.jwks) {
        KeySet::default()
    } else {
        key_set(&o.jwks)?
    };
    let decryption_keys = if is_absent(&o.decryption_keys) {
        DecryptionKeySet::default()
    } else {
        DecryptionKeySet::from_json(json_text("decryptionKeys", &o.decryption_keys)?.as_bytes())?
    };
    Ok(Options {
        policy,
        keys,
        decryption_keys,
        has_jwks,
        jwks_uri: o.jwks_uri,
        cache,
        fetch_timeout_ms: (timeout * 1000.0) as i32,
        has_algorithms: o.algorithms.is_some(),
    })
}

fn object(what: &str, value: &JsValue) -> Result<Object> {
    if !value.is_object() {
        return Err(invalid(format!("{what}: expected an object")));
    }
    match json::parse(json_text(what, value)?.as_bytes()) {
        Ok(json::Value::Object(o)) => Ok(o),
        _ => Err(invalid(format!("{what}: expected a JSON object"))),
    }
}

/// Reads per-token checks (`undefined` means none).
pub(crate) fn checks(value: Option<JsValue>) -> Result<TokenChecks> {
    let c: ChecksJs = match value {
        Some(v) if !is_absent(&v) => from_js("checks", v, CHECK_KEYS)?,
        _ => ChecksJs::default(),
    };
    let previous_claims = if is_absent(&c.previous_claims) {
        None
    } else {
        Some(object("previousClaims", &c.previous_claims)?)
    };
    let checks = TokenChecks {
        nonce: c.nonce,
        access_token: c.access_token,
        code: c.code,
        state: c.state,
        require_at_hash: c.require_at_hash.unwrap_or(false),
        require_c_hash: c.require_c_hash.unwrap_or(false),
        require_s_hash: c.require_s_hash.unwrap_or(false),
        max_age: c.max_age,
        previous_claims,
        acr_values: c.acr_values,
        required_amr: c.required_amr,
        now: c.now,
    };
    // Validator::validate checks the shape of the checks first.
    Ok(checks)
}
