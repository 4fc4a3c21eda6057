//! `IdTokenValidator`, `tokenHash` and `decodeUnverified` for JavaScript.

use super::convert;
use super::error::to_js;
use super::typescript::{
    Decoded, IdTokenValidatorOptions, JwksInput, TokenChecksInput, ValidatedIdTokenJs,
};
use crate::claims::hashes::token_hash;
use crate::error::{Error, ErrorKind};
use crate::jws::algorithm::Algorithm;
use crate::jws::compact::{self, Shape};
use crate::validator::{TokenChecks, ValidatedIdToken, Validator};
use alloc::boxed::Box;
use alloc::string::String;
use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type JsResult<T> = Result<T, JsValue>;

/// The browser's clock (`Date.now()`), in seconds.
fn js_clock() -> f64 {
    js_sys::Date::now() / 1000.0
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Defining a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Parses JSON text the core has already accepted.
fn parse_json(text: &str) -> JsResult<JsValue> {
    JSON::parse(text)
}

fn result_to_js(v: &ValidatedIdToken) -> JsResult<ValidatedIdTokenJs> {
    let out = Object::new();
    set(&out, "header", &parse_json(&v.header_json)?);
    set(&out, "claims", &parse_json(&v.claims_json)?);
    if let Some(kid) = &v.kid {
        set(&out, "kid", &JsValue::from_str(kid));
    }
    set(&out, "alg", &JsValue::from_str(v.alg.name()));
    set(&out, "encrypted", &JsValue::from_bool(v.encrypted));
    Ok(out.unchecked_into())
}

/// Validates OpenID Connect ID tokens for one client of one issuer.
#[wasm_bindgen]
pub struct IdTokenValidator {
    inner: Validator,
    jwks_uri: Option<String>,
}

#[wasm_bindgen]
impl IdTokenValidator {
    /// Builds a validator; keys are parsed here, once. Throws
    /// `ERR_INVALID_OPTIONS` for options of the wrong shape or value.
    #[wasm_bindgen(constructor)]
    pub fn new(options: IdTokenValidatorOptions) -> JsResult<IdTokenValidator> {
        let o = convert::options(options.into()).map_err(|e| to_js(&e))?;
        Ok(IdTokenValidator {
            inner: Validator::new(o.policy, o.keys, Box::new(js_clock)),
            jwks_uri: o.jwks_uri,
        })
    }

    /// Validates `token` with the keys held now: synchronous, no network.
    /// Returns the result or throws an `IdTokenError`.
    pub fn validate(
        &self,
        token: &str,
        checks: Option<TokenChecksInput>,
    ) -> JsResult<ValidatedIdTokenJs> {
        let checks: TokenChecks = convert::checks(checks.map(Into::into)).map_err(|e| to_js(&e))?;
        let validated = self.inner.validate(token, &checks).map_err(|e| to_js(&e))?;
        result_to_js(&validated)
    }

    /// Replaces the held keys with a JWKS object or its JSON text. Throws
    /// `ERR_INVALID_OPTIONS` when it is not a JWKS; the old keys stay then.
    #[wasm_bindgen(js_name = setKeys)]
    pub fn set_keys(&mut self, jwks: JwksInput) -> JsResult<()> {
        let keys = convert::key_set(&jwks.into()).map_err(|e| to_js(&e))?;
        self.inner.set_keys(keys);
        Ok(())
    }

    /// The `jwksUri` this validator was configured with, if any.
    #[wasm_bindgen(getter, js_name = jwksUri)]
    pub fn jwks_uri(&self) -> Option<String> {
        self.jwks_uri.clone()
    }
}

/// The `at_hash` / `c_hash` / `s_hash` value for `value` under signing
/// algorithm `alg`. Throws `ERR_ALG_NOT_ALLOWED` for an unsupported `alg`.
#[wasm_bindgen(js_name = tokenHash)]
pub fn token_hash_js(alg: &str, value: &str) -> JsResult<String> {
    let alg = Algorithm::resolve(alg).map_err(|e| to_js(&e))?;
    Ok(token_hash(alg, value))
}

/// Decodes a signed token WITHOUT any validation, for display and
/// debugging only. Throws `ERR_MALFORMED` for what is not a well-formed
/// JWS, and `ERR_DECRYPTION` for an encrypted token.
#[wasm_bindgen(js_name = decodeUnverified)]
pub fn decode_unverified(token: &str) -> JsResult<Decoded> {
    let shape = compact::shape(token).map_err(|e| to_js(&e))?;
    if shape == Shape::Jwe {
        let e = Error::new(
            ErrorKind::Decryption,
            "token: an encrypted token cannot be decoded without decrypting it",
        );
        return Err(to_js(&e));
    }
    let jws = compact::parse(token).map_err(|e| to_js(&e))?;
    let out = Object::new();
    set(&out, "header", &parse_json(&jws.header_json)?);
    set(&out, "claims", &parse_json(&jws.claims_json)?);
    Ok(out.unchecked_into())
}
