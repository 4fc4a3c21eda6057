//! The JWE protected header: `alg`, `enc`, and for ECDH-ES `epk`, `apu`,
//! `apv`; refusals of `zip`, `crit`, and a `cty` other than a JWT.

use super::algorithms::{ContentEncryption, KeyManagement};
use crate::encoding::base64url;
use crate::encoding::json::{Object, Value};
use crate::error::{malformed, Error, ErrorKind, Result};
use crate::jws::algorithm::quoted;
use crate::jws::compact::decode_object;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// A parsed JWE protected header.
#[derive(Debug, Clone, PartialEq)]
pub struct JweHeader {
    object: Object,
    alg_name: String,
    /// The key-management algorithm, if supported.
    pub alg: Option<KeyManagement>,
    enc_name: String,
    /// The content encryption, checked by [`JweHeader::check`].
    pub enc: ContentEncryption,
    /// The `kid` hint.
    pub kid: Option<String>,
    /// `epk`, the sender's ephemeral public key (ECDH-ES).
    pub epk: Option<Object>,
    /// `apu`, decoded.
    pub apu: Vec<u8>,
    /// `apv`, decoded.
    pub apv: Vec<u8>,
}

fn optional_b64(o: &Object, name: &str) -> Result<Vec<u8>> {
    match o.get(name) {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => base64url::decode(s.as_bytes())
            .map_err(|_| malformed(format!("JWE header {name}: expected base64url"))),
        Some(_) => Err(malformed(format!("JWE header {name}: expected a string"))),
    }
}

impl JweHeader {
    /// Decodes the protected header (`ERR_MALFORMED` when it is not a JSON
    /// object, or members have the wrong type).
    pub fn parse(b64: &str) -> Result<Self> {
        let (object, _) = decode_object(b64, "JWE header")?;
        let string = |name: &str| match object.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(malformed(format!("JWE header {name}: expected a string"))),
        };
        // A missing or non-string alg/enc is an unaccepted algorithm
        // (ERR_ALG_NOT_ALLOWED in check), as in a JWS header.
        let name = |member: &str| {
            object
                .get(member)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let alg_name = name("alg");
        let enc_name = name("enc");
        let kid = string("kid")?;
        let epk = match object.get("epk") {
            None => None,
            Some(Value::Object(o)) => Some(o.clone()),
            Some(_) => return Err(malformed("JWE header epk: expected a JSON object")),
        };
        let apu = optional_b64(&object, "apu")?;
        let apv = optional_b64(&object, "apv")?;
        Ok(JweHeader {
            alg: KeyManagement::from_name(&alg_name),
            enc: ContentEncryption::from_name(&enc_name).unwrap_or(ContentEncryption::A128Gcm),
            object,
            alg_name,
            enc_name,
            kid,
            epk,
            apu,
            apv,
        })
    }

    /// The checks before any key is used: `alg` and `enc` supported (`RSA1_5`,
    /// `PBES2-*`, `dir`, AES key wrap alone and unknown names are refused),
    /// no `zip` (`ERR_ALG_NOT_ALLOWED`), no `crit` (`ERR_CRIT`), `cty` a JWT
    /// when present (`ERR_TYP`), and an `epk` for ECDH-ES.
    pub fn check(&self) -> Result<KeyManagement> {
        let Some(alg) = self.alg else {
            return Err(Error::new(
                ErrorKind::AlgNotAllowed,
                format!(
                    "JWE alg {}: not an accepted key-management algorithm",
                    quoted(&self.alg_name)
                ),
            ));
        };
        if ContentEncryption::from_name(&self.enc_name).is_none() {
            return Err(Error::new(
                ErrorKind::AlgNotAllowed,
                format!(
                    "JWE enc {}: not an accepted content encryption",
                    quoted(&self.enc_name)
                ),
            ));
        }
        if self.object.contains("zip") {
            return Err(Error::new(
                ErrorKind::AlgNotAllowed,
                "JWE zip: compressed tokens are refused",
            ));
        }
        if self.object.contains("crit") {
            return Err(Error::new(
                ErrorKind::Crit,
                "JWE crit: no extension is processed by this library",
            ));
        }
        match self.object.get("cty") {
            None => {}
            Some(Value::String(c))
                if c.eq_ignore_ascii_case("JWT") || c.eq_ignore_ascii_case("application/jwt") => {}
            Some(_) => {
                return Err(Error::new(
                    ErrorKind::Typ,
                    "JWE cty: expected \"JWT\" (a nested signed ID token)",
                ));
            }
        }
        if !alg.is_rsa() && self.epk.is_none() {
            return Err(malformed("JWE header: ECDH-ES needs an epk"));
        }
        Ok(alg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::base64url::encode;

    fn code(json: &str) -> &'static str {
        match JweHeader::parse(&encode(json.as_bytes())).and_then(|h| h.check()) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        }
    }

    #[test]
    fn header_rules() {
        assert_eq!(code(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#), "ok");
        assert_eq!(
            code(r#"{"alg":"RSA-OAEP","enc":"A128CBC-HS256","cty":"JWT"}"#),
            "ok"
        );
        assert_eq!(
            code(r#"{"alg":"ECDH-ES","enc":"A256GCM","epk":{"kty":"EC"}}"#),
            "ok"
        );
        for alg in [
            "RSA1_5",
            "PBES2-HS256+A128KW",
            "dir",
            "A128KW",
            "A256GCMKW",
            "none",
            "RS256",
            "",
        ] {
            assert_eq!(
                code(&format!(r#"{{"alg":"{alg}","enc":"A256GCM"}}"#)),
                "ERR_ALG_NOT_ALLOWED",
                "{alg}"
            );
        }
        assert_eq!(
            code(r#"{"alg":"RSA-OAEP","enc":"A192GCM"}"#),
            "ERR_ALG_NOT_ALLOWED"
        );
        assert_eq!(
            code(r#"{"alg":"RSA-OAEP","enc":"A256GCM","zip":"DEF"}"#),
            "ERR_ALG_NOT_ALLOWED"
        );
        assert_eq!(
            code(r#"{"alg":"RSA-OAEP","enc":"A256GCM","crit":["x"],"x":1}"#),
            "ERR_CRIT"
        );
        assert_eq!(
            code(r#"{"alg":"RSA-OAEP","enc":"A256GCM","cty":"json"}"#),
            "ERR_TYP"
        );
        assert_eq!(
            code(r#"{"alg":"ECDH-ES","enc":"A256GCM"}"#),
            "ERR_MALFORMED"
        );
        assert_eq!(
            code(r#"{"alg":"RSA-OAEP","enc":"A256GCM","alg":"dir"}"#),
            "ERR_MALFORMED"
        );
        // Non-string alg or enc: not an accepted algorithm, as in a JWS header.
        assert_eq!(code(r#"{"alg":7,"enc":"A256GCM"}"#), "ERR_ALG_NOT_ALLOWED");
        assert_eq!(
            code(r#"{"alg":"RSA-OAEP","enc":null}"#),
            "ERR_ALG_NOT_ALLOWED"
        );
        assert_eq!(
            code(r#"{"alg":"ECDH-ES","enc":"A256GCM","epk":{},"apu":"!"}"#),
            "ERR_MALFORMED"
        );
    }
}
