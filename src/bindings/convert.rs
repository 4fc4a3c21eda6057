//! Options and checks from JavaScript values into the core's types.
//!
//! Plain fields are read key by key through `Reflect`, each by its JS type
//! (string, boolean, number, array of strings), after unknown keys are
//! refused (a misspelt `nonce` must not silently skip the nonce check). A
//! value of another type is `ERR_INVALID_OPTIONS` naming the key, the type
//! expected and the `typeof` found. JSON documents (`jwks`,
//! `decryptionKeys`, `previousClaims`) go through `JSON.stringify` and the
//! core's strict parser, so the same limits apply to objects and strings.

use crate::encoding::json::{self, Object};
use crate::error::{secs, Error, ErrorKind, Result};
use crate::jwe::keys::DecryptionKeySet;
use crate::jws::algorithm::{quoted, AlgorithmSet};
use crate::keys::jwks::KeySet;
use crate::remote::cache::{KeyCache, DEFAULT_COOLDOWN, DEFAULT_MAX_AGE};
use crate::remote::endpoint::check_url;
use crate::validator::policy::seconds;
use crate::validator::{Policy, TokenChecks};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOptions, message)
}

/// `IdTokenValidatorOptions` as read from JavaScript.
struct OptionsJs {
    issuer: String,
    client_id: String,
    jwks: Option<JsValue>,
    jwks_uri: Option<String>,
    algorithms: Option<Vec<String>>,
    clock_tolerance_seconds: Option<f64>,
    max_token_age_seconds: Option<f64>,
    trusted_audiences: Option<Vec<String>>,
    decryption_keys: Option<JsValue>,
    require_encryption: Option<bool>,
    jwks_cooldown_seconds: Option<f64>,
    jwks_cache_max_age_seconds: Option<f64>,
    fetch_timeout_seconds: Option<f64>,
}

impl OptionsJs {
    fn read(value: JsValue) -> Result<Self> {
        let f = Fields::new("options", value, OPTION_KEYS)?;
        Ok(OptionsJs {
            issuer: f.required(f.string("issuer")?, "issuer")?,
            client_id: f.required(f.string("clientId")?, "clientId")?,
            jwks: f.value("jwks")?,
            jwks_uri: f.string("jwksUri")?,
            algorithms: f.strings("algorithms")?,
            clock_tolerance_seconds: f.number("clockToleranceSeconds")?,
            max_token_age_seconds: f.number("maxTokenAgeSeconds")?,
            trusted_audiences: f.strings("trustedAudiences")?,
            decryption_keys: f.value("decryptionKeys")?,
            require_encryption: f.boolean("requireEncryption")?,
            jwks_cooldown_seconds: f.number("jwksCooldownSeconds")?,
            jwks_cache_max_age_seconds: f.number("jwksCacheMaxAgeSeconds")?,
            fetch_timeout_seconds: f.number("fetchTimeoutSeconds")?,
        })
    }
}

/// `TokenChecks` as read from JavaScript.
#[derive(Default)]
struct ChecksJs {
    nonce: Option<String>,
    access_token: Option<String>,
    code: Option<String>,
    state: Option<String>,
    require_at_hash: Option<bool>,
    require_c_hash: Option<bool>,
    require_s_hash: Option<bool>,
    max_age: Option<f64>,
    previous_claims: Option<JsValue>,
    acr_values: Option<Vec<String>>,
    required_amr: Option<Vec<String>>,
    now: Option<f64>,
}

impl ChecksJs {
    fn read(value: JsValue) -> Result<Self> {
        let f = Fields::new("checks", value, CHECK_KEYS)?;
        Ok(ChecksJs {
            nonce: f.string("nonce")?,
            access_token: f.string("accessToken")?,
            code: f.string("code")?,
            state: f.string("state")?,
            require_at_hash: f.boolean("requireAtHash")?,
            require_c_hash: f.boolean("requireCHash")?,
            require_s_hash: f.boolean("requireSHash")?,
            max_age: f.number("maxAge")?,
            previous_claims: f.value("previousClaims")?,
            acr_values: f.strings("acrValues")?,
            required_amr: f.strings("requiredAmr")?,
            now: f.number("now")?,
        })
    }
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

/// The `typeof` of a value for messages, with `null` named as such.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// A plain object of known keys, read one key at a time. Each reader gives
/// `None` for an absent key and refuses a value of another JS type.
struct Fields<'a> {
    what: &'a str,
    object: JsValue,
}

impl<'a> Fields<'a> {
    /// Checks the object's own keys: unknown keys are refused, and so is a
    /// key present with `null` or `undefined` (`nonce:
    /// sessionStorage.getItem(...)` must not switch the nonce check off),
    /// and an object whose keys or values cannot be read (throwing getters,
    /// proxies).
    fn new(what: &'a str, value: JsValue, known: &[&str]) -> Result<Self> {
        if !value.is_object() || js_sys::Array::is_array(&value) {
            return Err(invalid(format!("{what}: expected an object")));
        }
        let keys = Reflect::own_keys(&value)
            .map_err(|_| invalid(format!("{what}: its keys cannot be read")))?;
        let fields = Fields {
            what,
            object: value,
        };
        for key in keys.iter() {
            let Some(name) = key.as_string() else {
                return Err(invalid(format!("{what}: expected string keys only")));
            };
            if !known.contains(&name.as_str()) {
                return Err(invalid(format!("{what}: unknown key {}", quoted(&name))));
            }
            let v = fields.get(&fields.object, &key, &name)?;
            if is_absent(&v) {
                return Err(invalid(format!(
                    "{what}: {} expected a value, found {} (omit the key to leave it unset)",
                    quoted(&name),
                    type_name(&v)
                )));
            }
        }
        Ok(fields)
    }

    /// `target[key]` through `Reflect.get`, for `name`: a throwing getter
    /// or proxy is `ERR_INVALID_OPTIONS`.
    fn get(&self, target: &JsValue, key: &JsValue, name: &str) -> Result<JsValue> {
        Reflect::get(target, key)
            .map_err(|_| invalid(format!("{}: {} cannot be read", self.what, quoted(name))))
    }

    /// `ERR_INVALID_OPTIONS` for `name`, of a type other than `expected`.
    fn wrong(&self, name: &str, expected: &str, found: &str) -> Error {
        invalid(format!(
            "{}: {} expected {expected}, found {found}",
            self.what,
            quoted(name)
        ))
    }

    /// A value that must be given (`issuer`, `clientId`).
    fn required<T>(&self, value: Option<T>, name: &str) -> Result<T> {
        value.ok_or_else(|| invalid(format!("{}: {} is required", self.what, quoted(name))))
    }

    /// The value of `name` as it is (inherited ones included, `None` when
    /// `undefined` or `null`).
    fn value(&self, name: &str) -> Result<Option<JsValue>> {
        let v = self.get(&self.object, &JsValue::from_str(name), name)?;
        Ok(Some(v).filter(|v| !is_absent(v)))
    }

    /// The value of `name` read by `read`, which gives `None` for a value
    /// that is not the JS type `expected` names.
    fn typed<T>(
        &self,
        name: &str,
        expected: &str,
        read: impl Fn(&JsValue) -> Option<T>,
    ) -> Result<Option<T>> {
        let Some(v) = self.value(name)? else {
            return Ok(None);
        };
        read(&v)
            .map(Some)
            .ok_or_else(|| self.wrong(name, expected, &type_name(&v)))
    }

    fn string(&self, name: &str) -> Result<Option<String>> {
        self.typed(name, "a string", JsValue::as_string)
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>> {
        self.typed(name, "a boolean", JsValue::as_bool)
    }

    fn number(&self, name: &str) -> Result<Option<f64>> {
        self.typed(name, "a number", JsValue::as_f64)
    }

    /// An array of strings (an array-like or other iterable is refused).
    fn strings(&self, name: &str) -> Result<Option<Vec<String>>> {
        const EXPECTED: &str = "an array of strings";
        let Some(v) = self.value(name)? else {
            return Ok(None);
        };
        if !js_sys::Array::is_array(&v) {
            return Err(self.wrong(name, EXPECTED, &type_name(&v)));
        }
        // Through Reflect, as a proxy of an array is an array too.
        let length = self.get(&v, &JsValue::from_str("length"), name)?;
        let length = length.as_f64().unwrap_or(0.0) as u32;
        (0..length)
            .map(|i| {
                let item = self.get(&v, &JsValue::from(i), name)?;
                item.as_string().ok_or_else(|| {
                    let found = format!("{} at index {i}", type_name(&item));
                    self.wrong(name, EXPECTED, &found)
                })
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }
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
        return Err(Error::new(
            kind,
            format!("{what}: expected a string, found {}", type_name(value)),
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
    let o = OptionsJs::read(value)?;
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
            "fetchTimeoutSeconds: expected 0 < seconds <= 600, found {}",
            secs(timeout)
        )));
    }
    if let Some(uri) = &o.jwks_uri {
        check_url(uri, "jwksUri", ErrorKind::InvalidOptions)?;
    }
    let has_jwks = o.jwks.is_some();
    let keys = match &o.jwks {
        Some(jwks) => key_set(jwks)?,
        None => KeySet::default(),
    };
    let decryption_keys = match &o.decryption_keys {
        Some(keys) => DecryptionKeySet::from_json(json_text("decryptionKeys", keys)?.as_bytes())?,
        None => DecryptionKeySet::default(),
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
    let c = match value {
        Some(v) if !is_absent(&v) => ChecksJs::read(v)?,
        _ => ChecksJs::default(),
    };
    let previous_claims = match &c.previous_claims {
        Some(v) => Some(object("previousClaims", v)?),
        None => None,
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
