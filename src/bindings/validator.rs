//! `IdTokenValidator` (with `validateAsync` and `discover`), `tokenHash`
//! and `decodeUnverified` for JavaScript.

use super::convert;
use super::error::to_js;
use super::fetch::fetch_body;
use super::typescript::{
    Decoded, IdTokenValidatorOptions, JwksInput, TokenChecksInput, ValidatedIdTokenJs,
};
use crate::claims::hashes::token_hash;
use crate::error::{Error, ErrorKind, Result};
use crate::jws::algorithm::Algorithm;
use crate::jws::compact::{self, Shape, MAX_TOKEN_BYTES};
use crate::keys::jwks::{KeySet, MAX_JWKS_BYTES};
use crate::remote::cache::KeyCache;
use crate::remote::discovery::{discovery_url, ProviderMetadata, MAX_DISCOVERY_BYTES};
use crate::validator::{TokenChecks, ValidatedIdToken, Validator};
use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use js_sys::{Object, Promise, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

type JsResult<T> = core::result::Result<T, JsValue>;

/// The browser's clock (`Date.now()`), in seconds.
fn js_clock() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// `ValidatedIdToken`, the result of a validation, as JavaScript receives
/// it: serialized by `serde_wasm_bindgen` in its JSON-compatible mode (plain
/// objects, never `Map`).
///
/// The header and the claims are `JSON.parse` of the signed JSON text, held
/// as JS values: JavaScript's own reading of the exact bytes that were
/// verified. Serializing the core's parsed values instead would set each
/// member with `obj[key] = value`, so a `"__proto__"` member would replace
/// the object's prototype instead of becoming an own property as with
/// `JSON.parse`, and numbers would carry the core's reading, not
/// JavaScript's.
#[derive(Serialize)]
struct ResultJs<'a> {
    /// The JWS protected header.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    header: JsValue,
    /// Every payload claim, as plain JSON values.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    claims: JsValue,
    /// The `kid` of the key that verified it (also when the token named none).
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    /// The signature algorithm.
    alg: &'a str,
    /// Whether the token arrived encrypted.
    encrypted: bool,
}

/// `DecodedToken`: a token decoded without validation (see [`ResultJs`] for
/// why header and claims are `JSON.parse` of their text).
#[derive(Serialize)]
struct DecodedJs {
    /// The JWS protected header.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    header: JsValue,
    /// The payload claims.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    claims: JsValue,
}

/// `value` as a JS value: plain objects, integers as numbers.
fn to_js_value<T: Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

fn result_to_js(v: &ValidatedIdToken) -> JsResult<ValidatedIdTokenJs> {
    let out = ResultJs {
        header: JSON::parse(&v.header_json)?,
        claims: JSON::parse(&v.claims_json)?,
        kid: v.kid.as_deref(),
        alg: v.alg.name(),
        encrypted: v.encrypted,
    };
    Ok(to_js_value(&out)?.unchecked_into())
}

/// Where keys are fetched from, and when.
struct Remote {
    jwks_uri: String,
    cache: KeyCache,
    timeout_ms: i32,
    /// The refresh under way, shared by concurrent callers.
    inflight: Option<Promise>,
}

/// Fetches and parses a JWKS; any failure is `ERR_JWKS_FETCH`, naming the
/// URL and, once there was a response, its HTTP status.
async fn fetch_keys(uri: &str, timeout_ms: i32) -> Result<KeySet> {
    let fail = |why: String| Error::new(ErrorKind::JwksFetch, format!("jwks_uri {uri}: {why}"));
    let fetched = fetch_body(uri, MAX_JWKS_BYTES, timeout_ms)
        .await
        .map_err(fail)?;
    KeySet::from_json(&fetched.body).map_err(|e| {
        fail(format!(
            "HTTP status {}, but {}",
            fetched.status,
            e.message()
        ))
    })
}

/// The note for a validator that loads its keys from `jwksUri` and holds
/// none yet: the synchronous `validate` never fetches.
const NO_KEYS_YET: &str = "no keys are held yet: this validator loads them from jwksUri, \
     which the synchronous validate never fetches; call validateAsync (or build the \
     validator with IdTokenValidator.discover), or pass jwks";

/// Validates OpenID Connect ID tokens for one client of one issuer.
#[wasm_bindgen]
pub struct IdTokenValidator {
    inner: Rc<RefCell<Validator>>,
    remote: Option<Rc<RefCell<Remote>>>,
}

impl IdTokenValidator {
    fn from_options(o: convert::Options) -> Self {
        let remote = o.jwks_uri.map(|jwks_uri| {
            let mut cache = o.cache;
            if o.has_jwks {
                // Keys given with the options count as fresh now.
                cache.loaded(js_clock());
            }
            Rc::new(RefCell::new(Remote {
                jwks_uri,
                cache,
                timeout_ms: o.fetch_timeout_ms,
                inflight: None,
            }))
        });
        IdTokenValidator {
            inner: Rc::new(RefCell::new(
                Validator::new(o.policy, o.keys, Box::new(js_clock))
                    .with_decryption_keys(o.decryption_keys),
            )),
            remote,
        }
    }
}

/// Starts (or joins) the refresh of the keys from `jwks_uri`. The promise
/// resolves when new keys are held and rejects with `ERR_JWKS_FETCH`.
fn refresh(validator: &Rc<RefCell<Validator>>, remote: &Rc<RefCell<Remote>>) -> Promise {
    if let Some(p) = &remote.borrow().inflight {
        return p.clone();
    }
    let (uri, timeout_ms) = {
        let r = remote.borrow();
        (r.jwks_uri.clone(), r.timeout_ms)
    };
    let (validator, shared) = (validator.clone(), remote.clone());
    // The future runs from a microtask, after `inflight` is set below.
    let promise = future_to_promise(async move {
        let fetched = fetch_keys(&uri, timeout_ms).await;
        let now = js_clock();
        let mut r = shared.borrow_mut();
        r.inflight = None;
        match fetched {
            Ok(keys) => {
                r.cache.loaded(now);
                validator.borrow_mut().set_keys(keys);
                Ok(JsValue::UNDEFINED)
            }
            Err(e) => {
                r.cache.failed(now);
                drop(r);
                Err(to_js(&e))
            }
        }
    });
    remote.borrow_mut().inflight = Some(promise.clone());
    promise
}

/// `validate` with keys loaded or refreshed from `jwks_uri` when stale, and
/// refetched once (per cooldown) when no held key fits the token.
async fn validate_remote(
    validator: Rc<RefCell<Validator>>,
    remote: Rc<RefCell<Remote>>,
    token: String,
    checks: TokenChecks,
) -> JsResult<JsValue> {
    let now = js_clock();
    let (stale, may_retry, joining) = {
        let r = remote.borrow();
        (
            r.cache.is_stale(now),
            r.cache.may_retry(now),
            r.inflight.is_some(),
        )
    };
    // Whether this call has already waited for keys fetched just now: then a
    // token naming an unknown key does not fetch them a second time.
    let mut fetched_now = false;
    if stale {
        if !may_retry && !joining {
            let r = remote.borrow();
            let message = match r.cache.retry_wait(now) {
                Some(wait) => format!(
                    "jwks_uri: no new attempt yet: {}",
                    wait.describe(now, r.cache.cooldown())
                ),
                None => "jwks_uri: the last fetch failed; no new attempt within \
                         jwksCooldownSeconds"
                    .into(),
            };
            return Err(to_js(&Error::new(ErrorKind::JwksFetch, message)));
        }
        JsFuture::from(refresh(&validator, &remote)).await?;
        fetched_now = true;
    }
    // A key still missing after a refetch: the message says it was refetched.
    let refetched = |e: Error| {
        if e.kind() == ErrorKind::NoMatchingKey {
            e.with_note("checked again after a JWKS refetch from jwks_uri just now")
        } else {
            e
        }
    };
    let first = validator.borrow().validate(&token, &checks);
    let outcome = match first {
        // The keys were fetched for this very call: no second fetch.
        Err(e) if e.kind() == ErrorKind::NoMatchingKey && fetched_now => Err(refetched(e)),
        Err(e) if e.kind() == ErrorKind::NoMatchingKey => {
            // Join a refresh already under way; else start one, at most
            // once per cooldown.
            let now = js_clock();
            let inflight = remote.borrow().inflight.clone();
            let may_refetch = remote.borrow().cache.may_refetch(now);
            if let Some(p) = inflight {
                JsFuture::from(p).await?;
                validator
                    .borrow()
                    .validate(&token, &checks)
                    .map_err(refetched)
            } else if may_refetch {
                remote.borrow_mut().cache.refetching(now);
                JsFuture::from(refresh(&validator, &remote)).await?;
                validator
                    .borrow()
                    .validate(&token, &checks)
                    .map_err(refetched)
            } else {
                // Skipped for the cooldown: say so, and when the next may be.
                let r = remote.borrow();
                Err(match r.cache.refetch_wait(now) {
                    Some(wait) => e.with_note(&format!(
                        "JWKS refetch skipped: {}",
                        wait.describe(now, r.cache.cooldown())
                    )),
                    None => e,
                })
            }
        }
        other => other,
    };
    outcome
        .map_err(|e| to_js(&e))
        .and_then(|v| result_to_js(&v))
        .map(Into::into)
}

/// Reads the checks, with `now` fixed before the validator is borrowed (the
/// clock calls into JS, which must not happen while a borrow is held).
fn checks_at_now(checks: Option<TokenChecksInput>) -> crate::error::Result<TokenChecks> {
    let mut checks = convert::checks(checks.map(Into::into))?;
    checks.now.get_or_insert_with(js_clock);
    Ok(checks)
}

/// The token argument: a string of at most 64 KiB, checked before copying.
fn token_arg(token: &JsValue) -> crate::error::Result<String> {
    convert::string_arg(token, "token", MAX_TOKEN_BYTES, ErrorKind::Malformed)
}

#[wasm_bindgen]
impl IdTokenValidator {
    /// Builds a validator; keys are parsed here, once. Throws
    /// `ERR_INVALID_OPTIONS` for options of the wrong shape or value.
    #[wasm_bindgen(constructor)]
    pub fn new(options: IdTokenValidatorOptions) -> JsResult<IdTokenValidator> {
        let o = convert::options(options.into()).map_err(|e| to_js(&e))?;
        Ok(IdTokenValidator::from_options(o))
    }

    /// Validates `token` with the keys held now: synchronous, no network.
    /// Returns the result or throws an `IdTokenError`.
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
        checks: Option<TokenChecksInput>,
    ) -> JsResult<ValidatedIdTokenJs> {
        let token = token_arg(&token).map_err(|e| to_js(&e))?;
        let checks = checks_at_now(checks).map_err(|e| to_js(&e))?;
        // The borrow ends with this statement: errors become JS values after.
        let outcome = self.inner.borrow().validate(&token, &checks);
        let outcome = outcome.map_err(|e| match &self.remote {
            Some(r) if e.kind() == ErrorKind::NoMatchingKey && !r.borrow().cache.has_loaded() => {
                e.with_note(NO_KEYS_YET)
            }
            _ => e,
        });
        result_to_js(&outcome.map_err(|e| to_js(&e))?)
    }

    /// As `validate`, but loads keys from `jwksUri` when none are held or
    /// they are older than `jwksCacheMaxAgeSeconds`, and refetches once
    /// (at most once per `jwksCooldownSeconds`) when no held key fits the
    /// token. Without `jwksUri` it behaves like `validate`. Always returns a
    /// Promise, rejecting with the same errors.
    #[wasm_bindgen(js_name = validateAsync, unchecked_return_type = "Promise<ValidatedIdToken>")]
    pub fn validate_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
        checks: Option<TokenChecksInput>,
    ) -> Promise {
        let (token, checks) = match token_arg(&token).and_then(|t| Ok((t, checks_at_now(checks)?)))
        {
            Ok(args) => args,
            Err(e) => return Promise::reject(&to_js(&e)),
        };
        let validator = self.inner.clone();
        match &self.remote {
            Some(remote) => {
                future_to_promise(validate_remote(validator, remote.clone(), token, checks))
            }
            None => {
                let outcome = validator.borrow().validate(&token, &checks);
                match outcome
                    .map_err(|e| to_js(&e))
                    .and_then(|v| result_to_js(&v))
                {
                    Ok(v) => Promise::resolve(&JsValue::from(v)),
                    Err(e) => Promise::reject(&e),
                }
            }
        }
    }

    /// Replaces the held keys with a JWKS object or its JSON text. Throws
    /// `ERR_INVALID_OPTIONS` when it is not a JWKS; the old keys stay then.
    #[wasm_bindgen(js_name = setKeys)]
    pub fn set_keys(&self, jwks: JwksInput) -> JsResult<()> {
        let keys = convert::key_set(&jwks.into()).map_err(|e| to_js(&e))?;
        let now = js_clock();
        self.inner.borrow_mut().set_keys(keys);
        if let Some(remote) = &self.remote {
            remote.borrow_mut().cache.loaded(now);
        }
        Ok(())
    }

    /// The `jwksUri` keys are loaded from, if any.
    #[wasm_bindgen(getter, js_name = jwksUri)]
    pub fn jwks_uri(&self) -> Option<String> {
        self.remote.as_ref().map(|r| r.borrow().jwks_uri.clone())
    }

    /// Fetches `{issuer}/.well-known/openid-configuration`, checks that its
    /// `issuer` is exactly `issuer` and its `jwks_uri` is https (or loopback
    /// http), then loads the keys from `jwks_uri`. Without `algorithms`,
    /// the allow-list is the provider's declared ID token algorithms that
    /// this library supports. Rejects with `ERR_DISCOVERY`, `ERR_JWKS_FETCH`
    /// or `ERR_INVALID_OPTIONS`.
    pub async fn discover(
        #[wasm_bindgen(unchecked_param_type = "string")] issuer: JsValue,
        #[wasm_bindgen(js_name = clientId, unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<IdTokenValidatorOptions>")] options: Option<JsValue>,
    ) -> JsResult<IdTokenValidator> {
        let args = convert::string_arg(&issuer, "issuer", 2048, ErrorKind::InvalidOptions)
            .and_then(|i| {
                Ok((
                    i,
                    convert::string_arg(&client_id, "clientId", 2048, ErrorKind::InvalidOptions)?,
                ))
            });
        let (issuer, client_id) = args.map_err(|e| to_js(&e))?;
        discover(issuer, client_id, options)
            .await
            .map_err(|e| to_js(&e))
    }
}

async fn discover(
    issuer: String,
    client_id: String,
    options: Option<JsValue>,
) -> Result<IdTokenValidator> {
    let invalid = |m: &str| Error::new(ErrorKind::InvalidOptions, format!("options: {m}"));
    let given = match options.filter(|o| !o.is_undefined() && !o.is_null()) {
        Some(o) if !o.is_object() => return Err(invalid("expected an object")),
        Some(o) => {
            // Own enumerable string keys only (nothing inherited from a
            // polluted Object.prototype); values are read later, once.
            for key in convert::own_keys("options", &o)? {
                if ["issuer", "clientId", "jwksUri"].contains(&key.as_str()) {
                    return Err(invalid(&format!(
                        "{key} comes from the discover arguments and the discovery document"
                    )));
                }
            }
            o
        }
        None => Object::new().into(),
    };
    let url = discovery_url(&issuer)?;
    // The options are checked before any request is made.
    let mut o = convert::options_with(
        given,
        [
            ("issuer", JsValue::from_str(&issuer)),
            ("clientId", JsValue::from_str(&client_id)),
        ],
    )?;
    let timeout = o.fetch_timeout_ms;
    let fetched = fetch_body(&url, MAX_DISCOVERY_BYTES, timeout)
        .await
        .map_err(|why| {
            Error::new(
                ErrorKind::Discovery,
                format!("discovery document at {url}: {why}"),
            )
        })?;
    let metadata = ProviderMetadata::from_json(&fetched.body, &issuer).map_err(|e| {
        e.with_note(&format!(
            "fetched from {url} (HTTP status {})",
            fetched.status
        ))
    })?;

    // ProviderMetadata has checked jwks_uri (https, or http to loopback).
    o.jwks_uri = Some(metadata.jwks_uri.clone());
    if !o.has_algorithms {
        if let Some(declared) = metadata.id_token_algorithms.filter(|a| !a.is_empty()) {
            o.policy = o.policy.with_algorithms(declared)?;
        }
    }
    let validator = IdTokenValidator::from_options(o);
    if let Some(remote) = &validator.remote {
        let timeout_ms = remote.borrow().timeout_ms;
        let keys = fetch_keys(&metadata.jwks_uri, timeout_ms).await?;
        validator.inner.borrow_mut().set_keys(keys);
        remote.borrow_mut().cache.loaded(js_clock());
    }
    Ok(validator)
}

/// The `at_hash` / `c_hash` / `s_hash` value for `value` under signing
/// algorithm `alg`. Throws `ERR_ALG_NOT_ALLOWED` for an unsupported `alg`.
#[wasm_bindgen(js_name = tokenHash)]
pub fn token_hash_js(
    #[wasm_bindgen(unchecked_param_type = "string")] alg: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> JsResult<String> {
    let alg = convert::string_arg(&alg, "alg", 64, ErrorKind::AlgNotAllowed)
        .and_then(|a| Algorithm::resolve(&a))
        .map_err(|e| to_js(&e))?;
    let value = convert::string_arg(&value, "value", MAX_TOKEN_BYTES, ErrorKind::InvalidOptions)
        .map_err(|e| to_js(&e))?;
    Ok(token_hash(alg, &value))
}

/// Decodes a signed token WITHOUT any validation, for display and
/// debugging only. Throws `ERR_MALFORMED` for what is not a well-formed
/// JWS, and `ERR_DECRYPTION` for an encrypted token.
#[wasm_bindgen(js_name = decodeUnverified)]
pub fn decode_unverified(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> JsResult<Decoded> {
    let token = token_arg(&token).map_err(|e| to_js(&e))?;
    let token = token.as_str();
    let shape = compact::shape(token).map_err(|e| to_js(&e))?;
    if shape == Shape::Jwe {
        let e = Error::new(
            ErrorKind::Decryption,
            "token: an encrypted token cannot be decoded without decrypting it",
        );
        return Err(to_js(&e));
    }
    let jws = compact::parse(token).map_err(|e| to_js(&e))?;
    let out = DecodedJs {
        header: JSON::parse(&jws.header_json)?,
        claims: JSON::parse(&jws.claims_json)?,
    };
    Ok(to_js_value(&out)?.unchecked_into())
}
