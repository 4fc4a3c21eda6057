//! Options and checks from JavaScript values into the core's types.
//!
//! [`OptionsJs`] and [`ChecksJs`] state the contract: derived
//! `serde::Deserialize` structs (`deny_unknown_fields`, camelCase keys), one
//! documented field per option or check, each read by the JS type it must
//! have ([`js`]). A value of another type is `ERR_INVALID_OPTIONS` naming
//! the key, the type expected and the `typeof` found; an unknown key is
//! refused (a misspelt `nonce` must not silently skip the nonce check), and
//! so is a key present with `null` or `undefined`. JSON documents (`jwks`,
//! `decryptionKeys`, `previousClaims`) stay JS values and are written out
//! as JSON text by [`own_json`], then read by the core's strict parser, so
//! the same limits apply to objects and strings.
//!
//! Only own enumerable string-keyed properties are read (what `Object.keys`
//! lists), each value once, in options, checks and JSON documents alike:
//! nothing inherited is ever read, so an app whose `Object.prototype` was
//! polluted (`Object.prototype.jwks = …`) cannot have keys, audiences or a
//! clock slipped into a validator. An array hole, which a plain read would
//! fill from the prototype chain, is `null` in a JSON document (as
//! `JSON.stringify` writes it) and refused in a list of strings.
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

/// `IdTokenValidatorOptions`: the options of a validator.
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

/// `TokenChecks`: the per-token checks, every member optional.
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
                    let item = super::own_index(&value, i)
                        .map_err(unreadable)?
                        .ok_or_else(|| wrong(EXPECTED, &format!("a hole at index {i}")))?;
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

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        match likely_key(field, expected) {
            Some(key) => FieldError(format!(
                "unknown key {} (did you mean {}?)",
                quoted(field),
                quoted(key)
            )),
            None => FieldError(format!("unknown key {}", quoted(field))),
        }
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

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`: own enumerable string keys (throws for a revoked
    /// proxy or a throwing `ownKeys` trap, caught here).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> core::result::Result<js_sys::Array, JsValue>;

    /// `Reflect.getOwnPropertyDescriptor` (a proxy's trap may throw).
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getOwnPropertyDescriptor)]
    fn own_descriptor(value: &JsValue, key: &JsValue) -> core::result::Result<JsValue, JsValue>;

    /// `String(value)`: for a number, JavaScript's own text of it.
    #[wasm_bindgen(js_name = String)]
    fn js_string(value: &JsValue) -> String;
}

/// The own enumerable string keys of `value` (named `what` in messages),
/// as `Object.keys` lists them.
pub(crate) fn own_keys(what: &str, value: &JsValue) -> Result<Vec<String>> {
    let keys =
        object_keys(value).map_err(|_| invalid(format!("{what}: its keys cannot be read")))?;
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

/// The element at `index` of an array when it is an own property, `None`
/// for a hole (which a plain read would fill from the prototype chain).
fn own_index(array: &JsValue, index: u32) -> core::result::Result<Option<JsValue>, JsValue> {
    let key = JsValue::from(index);
    if own_descriptor(array, &key)?.is_undefined() {
        return Ok(None);
    }
    Reflect::get(array, &key).map(Some)
}

/// The declared key `field` most likely meant, as TypeScript suggests one:
/// the same letters in another case or without `_`/`-` (`clientID`,
/// `jwks_uri`), else one edit away for short names, two for longer ones
/// (`issuer_`, `algorithm`).
fn likely_key(field: &str, declared: &[&'static str]) -> Option<&'static str> {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let folded = fold(field);
    if let Some(key) = declared.iter().find(|k| fold(k) == folded) {
        return Some(key);
    }
    if field.chars().count() > 64 {
        return None;
    }
    let limit = if folded.chars().count() < 6 { 1 } else { 2 };
    declared
        .iter()
        .map(|k| (edit_distance(&folded, &fold(k)), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The Levenshtein distance of two short strings (by `char`).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(ca != *cb);
            let best = (diagonal + cost).min(above + 1).min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Reads `value` (named `what` in messages) as the struct `T`: a plain
/// object whose own enumerable string keys (what `Object.keys` lists) are
/// all fields of `T`, and whose values have the fields' JS types. Inherited
/// properties are never read, whatever `Object.prototype` holds. Each value
/// is read once, after its key is matched (a getter on an unknown key never
/// runs). `extra` are further entries, already read. An object whose keys
/// or values cannot be read (throwing getters, proxies) is refused.
fn read<T: DeserializeOwned>(
    what: &str,
    value: JsValue,
    extra: impl IntoIterator<Item = (&'static str, JsValue)>,
) -> Result<T> {
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(invalid(format!("{what}: expected an object")));
    }
    let mut keys: Vec<(String, Option<JsValue>)> = own_keys(what, &value)?
        .into_iter()
        .map(|k| (k, None))
        .collect();
    keys.extend(extra.into_iter().map(|(k, v)| (String::from(k), Some(v))));
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

/// The most JSON text written from a JS document: the JWKS limit.
const MAX_DOCUMENT_BYTES: usize = crate::keys::jwks::MAX_JWKS_BYTES;

/// The JSON text of a JS value: a string as it is, anything else through
/// [`own_json`].
fn json_text(what: &str, value: &JsValue) -> Result<String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    let mut out = String::new();
    own_json(value, 0, &mut out).map_err(|why| invalid(format!("{what}: {why}")))?;
    Ok(out)
}

/// Whether `JSON.stringify` leaves `value` out of an object (and writes
/// `null` for it in an array): `undefined`, a function, a symbol.
fn is_skipped_by_json(value: &JsValue) -> bool {
    value.is_undefined() || value.is_function() || value.is_symbol()
}

/// Writes `value` as JSON text to `out`, as `JSON.stringify` writes plain
/// data, but reading only own enumerable string-keyed properties
/// (`Object.keys`) and own array elements, each once: no `toJSON` is
/// called and nothing inherited is read, so an array hole is `null` as
/// `JSON.stringify` writes it on an unpolluted realm. As there, members
/// that are `undefined`, functions or symbols are left out (`null` in an
/// array) and non-finite numbers are `null`. A BigInt, nesting deeper than
/// the core's JSON depth limit (a cycle included) or text over
/// [`MAX_DOCUMENT_BYTES`] is refused with why.
fn own_json(value: &JsValue, depth: usize, out: &mut String) -> core::result::Result<(), String> {
    if out.len() > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "expected at most {MAX_DOCUMENT_BYTES} bytes of JSON"
        ));
    }
    if depth > json::MAX_DEPTH {
        return Err(format!(
            "expected JSON nested at most {} deep (or a cycle)",
            json::MAX_DEPTH
        ));
    }
    let unreadable = |_| String::from("a member cannot be read");
    if value.is_null() || is_skipped_by_json(value) {
        out.push_str("null");
    } else if let Some(b) = value.as_bool() {
        out.push_str(if b { "true" } else { "false" });
    } else if let Some(n) = value.as_f64() {
        // JavaScript's own number text, valid JSON for a finite number.
        if n.is_finite() {
            out.push_str(&js_string(value));
        } else {
            out.push_str("null");
        }
    } else if let Some(text) = value.as_string() {
        push_json_string(out, &text);
    } else if js_sys::Array::is_array(value) {
        let length = Reflect::get(value, &JsValue::from_str("length")).map_err(unreadable)?;
        let length = length.as_f64().unwrap_or(0.0) as u32;
        out.push('[');
        for i in 0..length {
            if i > 0 {
                out.push(',');
            }
            match own_index(value, i).map_err(unreadable)? {
                Some(item) => own_json(&item, depth + 1, out)?,
                None => out.push_str("null"),
            }
        }
        out.push(']');
    } else if value.is_object() {
        let keys = object_keys(value).map_err(|_| String::from("its keys cannot be read"))?;
        out.push('{');
        let mut first = true;
        for key in keys.iter() {
            let Some(name) = key.as_string() else {
                continue;
            };
            let member = Reflect::get(value, &key).map_err(unreadable)?;
            if is_skipped_by_json(&member) {
                continue;
            }
            if !core::mem::take(&mut first) {
                out.push(',');
            }
            push_json_string(out, &name);
            out.push(':');
            own_json(&member, depth + 1, out)?;
        }
        out.push('}');
    } else {
        return Err(format!(
            "expected JSON values only, found {}",
            type_name(value)
        ));
    }
    Ok(())
}

/// Appends `text` as a JSON string: quotes, backslashes and control
/// characters escaped, everything else as UTF-8.
fn push_json_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let b = c as u32 as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(b >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(b & 15).copied().unwrap_or(b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JWKS given as an object or JSON text (`ERR_INVALID_OPTIONS` when
/// unusable). A URL given here is refused with a message that says to pass
/// it as `jwksUri`.
pub(crate) fn key_set(value: &JsValue) -> Result<KeySet> {
    if !value.is_object() && !value.is_string() {
        return Err(invalid(
            "jwks: expected a JWKS object or its JSON text".into(),
        ));
    }
    if let Some(text) = value.as_string() {
        let start = text.trim_start();
        let scheme = start.get(..8).unwrap_or(start).to_ascii_lowercase();
        if scheme.starts_with("https://") || scheme.starts_with("http://") {
            return Err(invalid(
                "jwks: expected a JWKS object or its JSON text, found a URL: \
                 pass the URL as jwksUri (validateAsync loads the keys from it)"
                    .into(),
            ));
        }
    }
    KeySet::from_json(json_text("jwks", value)?.as_bytes())
}

/// Reads constructor options.
pub(crate) fn options(value: JsValue) -> Result<Options> {
    options_with(value, [])
}

/// Reads constructor options from `value` with `extra` entries beside its
/// own keys (`discover` adds `issuer` and `clientId`).
pub(crate) fn options_with<const N: usize>(
    value: JsValue,
    extra: [(&'static str, JsValue); N],
) -> Result<Options> {
    let o: OptionsJs = read("options", value, extra)?;
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
        Some(v) if !is_absent(&v) => read::<ChecksJs>("checks", v, [])?,
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
