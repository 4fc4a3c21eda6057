//! Options and checks from JavaScript values into the core's types.
//!
//! [`OptionsJs`] and [`ChecksJs`] state the contract: derived
//! `serde::Deserialize` structs (`deny_unknown_fields`, camelCase keys), one
//! documented field per option or check, each read by the JS type it must
//! have ([`js`]). A value of another type is `ERR_INVALID_OPTIONS` naming
//! the key, the type expected and the `typeof` found; an unknown key is
//! refused (a misspelt `nonce` must not silently skip the nonce check), and
//! so is a key present with `null` or `undefined`. JSON documents (`jwks`,
//! `decryptionKeys`, `previousClaims`) stay JS values and go through
//! `JSON.stringify` and the core's strict parser, so the same limits apply
//! to objects and strings.
//!
//! The structs are deserialized from the object's own keys, read through
//! `Reflect` ([`read`]), and not by `serde_wasm_bindgen::from_value`: its
//! struct reading looks up only the declared fields, so an unknown key would
//! go unseen, and reads them without catching, so a throwing getter or proxy
//! would throw through wasm instead of giving an `IdTokenError`. Each value
//! reaches its field's reader as the JS value itself ([`JsField`]), not
//! through `serde_wasm_bindgen::Deserializer`: every read of that
//! deserializer can end in its type error, which formats a JS number with
//! `f64`'s `Display` (serde's `Unexpected::Float`) and so links the float
//! formatting machinery, 12 KB of gzip wasm (docs/bench/size.md).

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
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use js_sys::Reflect;
use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOptions, message)
}

/// `IdTokenValidatorOptions` (API.md section 1, "Options").
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct OptionsJs {
    /// `iss` must equal it exactly. Required.
    #[serde(deserialize_with = "js::required")]
    issuer: String,
    /// Must be in `aud`; `azp`, when present, must equal it. Required.
    #[serde(deserialize_with = "js::required")]
    client_id: String,
    /// Public verification keys: a JWKS object or its JSON text.
    #[serde(default, deserialize_with = "js::optional")]
    jwks: Option<JsValue>,
    /// Where `validateAsync` loads keys from.
    #[serde(default, deserialize_with = "js::optional")]
    jwks_uri: Option<String>,
    /// Allow-list for the JWS `alg` (default: every supported asymmetric alg).
    #[serde(default, deserialize_with = "js::optional")]
    algorithms: Option<Vec<String>>,
    /// Leeway in seconds for `exp`, `nbf`, `iat`, `auth_time` (default 60).
    #[serde(default, deserialize_with = "js::optional")]
    clock_tolerance_seconds: Option<f64>,
    /// Reject when `now - iat` exceeds it (plus tolerance).
    #[serde(default, deserialize_with = "js::optional")]
    max_token_age_seconds: Option<f64>,
    /// Extra `aud` values that may appear beside `clientId` (default none).
    #[serde(default, deserialize_with = "js::optional")]
    trusted_audiences: Option<Vec<String>>,
    /// Private keys for encrypted (JWE) ID tokens: a JWKS object or its JSON text.
    #[serde(default, deserialize_with = "js::optional")]
    decryption_keys: Option<JsValue>,
    /// Reject plain JWS ID tokens (default false).
    #[serde(default, deserialize_with = "js::optional")]
    require_encryption: Option<bool>,
    /// Least time in seconds between two JWKS refetches (default 30).
    #[serde(default, deserialize_with = "js::optional")]
    jwks_cooldown_seconds: Option<f64>,
    /// Refetch keys older than this many seconds (default 600).
    #[serde(default, deserialize_with = "js::optional")]
    jwks_cache_max_age_seconds: Option<f64>,
    /// Give up on a discovery or JWKS request after this many seconds
    /// (default 10, at most 600).
    #[serde(default, deserialize_with = "js::optional")]
    fetch_timeout_seconds: Option<f64>,
}

/// `TokenChecks` (API.md section 1, "Checks"): every member optional.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ChecksJs {
    /// The nonce sent in the authorization request: the claim must be present and equal.
    #[serde(default, deserialize_with = "js::optional")]
    nonce: Option<String>,
    /// If the token has `at_hash`, it must match this access token.
    #[serde(default, deserialize_with = "js::optional")]
    access_token: Option<String>,
    /// If the token has `c_hash`, it must match this code.
    #[serde(default, deserialize_with = "js::optional")]
    code: Option<String>,
    /// If the token has `s_hash`, it must match this state.
    #[serde(default, deserialize_with = "js::optional")]
    state: Option<String>,
    /// `at_hash` must also be present (implicit and hybrid flows).
    #[serde(default, deserialize_with = "js::optional")]
    require_at_hash: Option<bool>,
    /// `c_hash` must also be present (hybrid flow).
    #[serde(default, deserialize_with = "js::optional")]
    require_c_hash: Option<bool>,
    /// `s_hash` must also be present.
    #[serde(default, deserialize_with = "js::optional")]
    require_s_hash: Option<bool>,
    /// Seconds: `auth_time` must be present and `now - auth_time <= maxAge + tolerance`.
    #[serde(default, deserialize_with = "js::optional")]
    max_age: Option<f64>,
    /// The claims of the ID token this one refreshes (OIDC Core 12.2): an
    /// object (or its JSON text).
    #[serde(default, deserialize_with = "js::optional")]
    previous_claims: Option<JsValue>,
    /// `acr` must be present and one of these.
    #[serde(default, deserialize_with = "js::optional")]
    acr_values: Option<Vec<String>>,
    /// `amr` must contain every one of these.
    #[serde(default, deserialize_with = "js::optional")]
    required_amr: Option<Vec<String>>,
    /// Seconds since the epoch to validate at (default: the current time).
    #[serde(default, deserialize_with = "js::optional")]
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

/// The `typeof` of a value for messages, with `null` named as such.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// The field readers, one per JS type, for `deserialize_with`. Each takes
/// the JS value itself ([`JsField`]) and words its refusal as today's
/// messages do after the key: `expected a string, found number`.
mod js {
    use super::{is_absent, type_name, JsField};
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;
    use js_sys::Reflect;
    use serde::de::{Deserializer, Error};
    use wasm_bindgen::JsValue;

    /// A JS value read as the Rust type of a field, or why not (the
    /// message after the key).
    pub(super) trait FromJs: Sized {
        fn from_js(value: JsValue) -> Result<Self, String>;
    }

    fn wrong(expected: &str, found: &str) -> String {
        format!("expected {expected}, found {found}")
    }

    impl FromJs for String {
        fn from_js(value: JsValue) -> Result<Self, String> {
            value
                .as_string()
                .ok_or_else(|| wrong("a string", &type_name(&value)))
        }
    }

    impl FromJs for bool {
        fn from_js(value: JsValue) -> Result<Self, String> {
            value
                .as_bool()
                .ok_or_else(|| wrong("a boolean", &type_name(&value)))
        }
    }

    impl FromJs for f64 {
        fn from_js(value: JsValue) -> Result<Self, String> {
            value
                .as_f64()
                .ok_or_else(|| wrong("a number", &type_name(&value)))
        }
    }

    /// An array of strings (an array-like or other iterable is refused),
    /// read through `Reflect`, as a proxy of an array is an array too.
    impl FromJs for Vec<String> {
        fn from_js(value: JsValue) -> Result<Self, String> {
            const EXPECTED: &str = "an array of strings";
            if !js_sys::Array::is_array(&value) {
                return Err(wrong(EXPECTED, &type_name(&value)));
            }
            let unreadable = |_| String::from("cannot be read");
            let length = Reflect::get(&value, &JsValue::from_str("length")).map_err(unreadable)?;
            let length = length.as_f64().unwrap_or(0.0) as u32;
            (0..length)
                .map(|i| {
                    let item = Reflect::get(&value, &JsValue::from(i)).map_err(unreadable)?;
                    item.as_string().ok_or_else(|| {
                        wrong(EXPECTED, &format!("{} at index {i}", type_name(&item)))
                    })
                })
                .collect()
        }
    }

    /// A JSON document (object or JSON text), checked where it is used.
    impl FromJs for JsValue {
        fn from_js(value: JsValue) -> Result<Self, String> {
            Ok(value)
        }
    }

    /// A field that must be given. A key present with `null` or
    /// `undefined` is refused, never read as "not set".
    pub(super) fn required<'de, D: Deserializer<'de>, T: FromJs>(d: D) -> Result<T, D::Error> {
        let value = JsField::take(d)?;
        if is_absent(&value) {
            return Err(D::Error::custom(format!(
                "expected a value, found {} (omit the key to leave it unset)",
                type_name(&value)
            )));
        }
        T::from_js(value).map_err(D::Error::custom)
    }

    /// A field that may be left out (serde's `default` gives `None` then).
    pub(super) fn optional<'de, D: Deserializer<'de>, T: FromJs>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        required(d).map(Some)
    }
}

/// Why an options or checks object was refused: the text after
/// `options: ` or `checks: `. serde's own wording of an unknown or missing
/// field is replaced by today's.
#[derive(Debug)]
struct FieldError(String);

impl core::fmt::Display for FieldError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FieldError {}

impl serde::de::Error for FieldError {
    fn custom<T: core::fmt::Display>(msg: T) -> Self {
        FieldError(msg.to_string())
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        FieldError(format!("unknown key {}", quoted(field)))
    }

    fn missing_field(field: &'static str) -> Self {
        FieldError(format!("{} is required", quoted(field)))
    }
}

std::thread_local! {
    /// The value a [`JsField`] hands to its field's reader.
    static HANDED: core::cell::RefCell<Option<JsValue>> = const { core::cell::RefCell::new(None) };
}

/// One field's JS value, as the deserializer the derived struct gives to
/// the field's `deserialize_with` reader ([`js::required`]). serde lets a
/// reader, generic over its deserializer, take nothing out of it but the
/// data model's values, so the JS value itself goes beside it: when the
/// reader asks for a unit, the value is put in [`HANDED`], which the reader
/// empties straight away ([`JsField::take`]). wasm32 has a single thread,
/// and each hand-over is emptied before the next field is read.
struct JsField(JsValue);

impl JsField {
    /// The JS value handed over by the deserializer `d`, which must be a
    /// [`JsField`] (any other is refused).
    fn take<'de, D: serde::Deserializer<'de>>(d: D) -> core::result::Result<JsValue, D::Error> {
        // Whatever an earlier read may have left is not this field's.
        HANDED.with(|slot| slot.borrow_mut().take());
        <() as Deserialize>::deserialize(d)?;
        HANDED
            .with(|slot| slot.borrow_mut().take())
            .ok_or_else(|| serde::de::Error::custom("a value without a key"))
    }
}

impl<'de> serde::Deserializer<'de> for JsField {
    type Error = FieldError;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> core::result::Result<V::Value, FieldError> {
        HANDED.with(|slot| *slot.borrow_mut() = Some(self.0));
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The keys of one object, for a derived struct: each key is matched
/// against the struct's fields (`deny_unknown_fields` refuses the others)
/// before its value is read, through `Reflect`, and handed over as a
/// [`JsField`].
struct Entries {
    object: JsValue,
    /// The keys in order, each with its value when already read.
    keys: alloc::vec::IntoIter<(String, Option<JsValue>)>,
    /// The key whose value comes next.
    current: Option<(String, Option<JsValue>)>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = FieldError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> core::result::Result<Option<K::Value>, FieldError> {
        let Some(entry) = self.keys.next() else {
            return Ok(None);
        };
        let key: StrDeserializer<'_, FieldError> = entry.0.as_str().into_deserializer();
        let field = seed.deserialize(key)?;
        self.current = Some(entry);
        Ok(Some(field))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> core::result::Result<V::Value, FieldError> {
        // The generic part is only the field's own reading: the rest is
        // shared by every field type (one copy in the wasm, not one each).
        let (name, value) = self.next_value()?;
        seed.deserialize(JsField(value))
            .map_err(|e| value_error(&name, e))
    }
}

impl Entries {
    /// The key whose value comes next, and that value.
    fn next_value(&mut self) -> core::result::Result<(String, JsValue), FieldError> {
        let Some((name, value)) = self.current.take() else {
            return Err(FieldError("a value without a key".into()));
        };
        let value = match value {
            Some(v) => v,
            None => Reflect::get(&self.object, &JsValue::from_str(&name))
                .map_err(|_| FieldError(format!("{} cannot be read", quoted(&name))))?,
        };
        Ok((name, value))
    }
}

/// A field's refusal, after its key.
#[inline(never)]
fn value_error(name: &str, e: FieldError) -> FieldError {
    FieldError(format!("{} {}", quoted(name), e.0))
}

/// The field names of a derived struct (its keys after `rename_all`), as
/// serde's derive passes them to `deserialize_struct`.
fn declared_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    /// A deserializer that only notes the fields it is asked for.
    struct Fields<'a>(&'a mut &'static [&'static str]);

    impl<'de> serde::Deserializer<'de> for Fields<'_> {
        type Error = FieldError;

        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> core::result::Result<V::Value, FieldError> {
            Err(FieldError("not a struct".into()))
        }

        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> core::result::Result<V::Value, FieldError> {
            *self.0 = fields;
            Err(FieldError("fields noted".into()))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Fields(&mut fields));
    fields
}

/// Reads `value` (named `what` in messages) as the struct `T`: a plain
/// object whose own keys are all strings and fields of `T`, and whose values
/// have the fields' JS types. Fields that are not own keys are read through
/// the prototype chain, as a property read would, and count only when
/// neither `undefined` nor `null`. An object whose keys or values cannot be
/// read (throwing getters, proxies) is refused.
fn read<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T> {
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(invalid(format!("{what}: expected an object")));
    }
    let own = Reflect::own_keys(&value)
        .map_err(|_| invalid(format!("{what}: its keys cannot be read")))?;
    let mut keys = Vec::new();
    for key in own.iter() {
        let Some(name) = key.as_string() else {
            return Err(invalid(format!("{what}: expected string keys only")));
        };
        keys.push((name, None));
    }
    for &field in declared_fields::<T>() {
        if keys.iter().any(|(name, _)| name == field) {
            continue;
        }
        let inherited = Reflect::get(&value, &JsValue::from_str(field))
            .map_err(|_| invalid(format!("{what}: {} cannot be read", quoted(field))))?;
        if !is_absent(&inherited) {
            keys.push((field.into(), Some(inherited)));
        }
    }
    let entries = Entries {
        object: value,
        keys: keys.into_iter(),
        current: None,
    };
    T::deserialize(MapAccessDeserializer::new(entries)).map_err(|e| invalid(format!("{what}: {e}")))
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
    let o: OptionsJs = read("options", value)?;
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
        Some(v) if !is_absent(&v) => read::<ChecksJs>("checks", v)?,
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
