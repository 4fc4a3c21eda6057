//! One named function per claim rule, in the contract's order: `iss`,
//! `aud`, `azp`, `exp`, `nbf`, `iat`, `nonce`, (hashes: see
//! [`super::hashes`]), `auth_time`, `acr`, `amr`, and the refresh rules.
//! Times are seconds since the epoch; `tol` is the clock tolerance.

use super::typed::IdTokenClaims;
use crate::encoding::json::{Object, Value};
use crate::error::{instant, secs, Error, ErrorKind, Result};
use crate::jws::algorithm::quoted;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use subtle::ConstantTimeEq;

fn fail(kind: ErrorKind, claim: &'static str, message: String) -> Error {
    Error::new(kind, message).with_claim(claim)
}

/// `iss` must equal the configured issuer exactly (OIDC Core 3.1.3.7 step 2).
pub fn check_issuer(claims: &IdTokenClaims<'_>, issuer: &str) -> Result<()> {
    if claims.iss == issuer {
        return Ok(());
    }
    Err(fail(
        ErrorKind::Issuer,
        "iss",
        format!(
            "iss: expected {}, found {}",
            quoted(issuer),
            quoted(claims.iss)
        ),
    ))
}

/// `aud` must contain the client, and every other audience must be trusted
/// (step 3).
pub fn check_audience(
    claims: &IdTokenClaims<'_>,
    client_id: &str,
    trusted: &[String],
) -> Result<()> {
    if !claims.aud.contains(&client_id) {
        return Err(fail(
            ErrorKind::Audience,
            "aud",
            format!(
                "aud: expected to contain {}, found {}",
                quoted(client_id),
                list(&claims.aud)
            ),
        ));
    }
    if let Some(stranger) = claims
        .aud
        .iter()
        .find(|a| **a != client_id && !trusted.iter().any(|t| t == *a))
    {
        return Err(fail(
            ErrorKind::Audience,
            "aud",
            format!(
                "aud: expected only {} or trusted audiences, found also {}",
                quoted(client_id),
                quoted(stranger)
            ),
        ));
    }
    Ok(())
}

/// With several audiences `azp` must be present; when present it must be
/// the client (steps 4 and 5).
pub fn check_azp(claims: &IdTokenClaims<'_>, client_id: &str) -> Result<()> {
    match claims.azp {
        Some(azp) if azp != client_id => Err(fail(
            ErrorKind::Azp,
            "azp",
            format!("azp: expected {}, found {}", quoted(client_id), quoted(azp)),
        )),
        None if claims.aud.len() > 1 => Err(fail(
            ErrorKind::Azp,
            "azp",
            format!(
                "azp: expected the claim with {} audiences, found none",
                claims.aud.len()
            ),
        )),
        _ => Ok(()),
    }
}

/// The token must not have expired: `now < exp + tol` (step 9).
pub fn check_expiry(claims: &IdTokenClaims<'_>, now: f64, tol: f64) -> Result<()> {
    if now < claims.exp + tol {
        return Ok(());
    }
    Err(fail(
        ErrorKind::Expired,
        "exp",
        format!(
            "exp: expected a time after now less {} s tolerance, found {}, expired {} s before {}",
            secs(tol),
            instant("exp", claims.exp),
            secs(now - claims.exp),
            instant("now", now)
        ),
    ))
}

/// `nbf`, when present, must not be in the future: `now >= nbf - tol`.
pub fn check_not_before(claims: &IdTokenClaims<'_>, now: f64, tol: f64) -> Result<()> {
    match claims.nbf {
        Some(nbf) if now < nbf - tol => Err(fail(
            ErrorKind::NotYetValid,
            "nbf",
            format!(
                "nbf: expected a time before now plus {} s tolerance, found {}, {} s after {}",
                secs(tol),
                instant("nbf", nbf),
                secs(nbf - now),
                instant("now", now)
            ),
        )),
        _ => Ok(()),
    }
}

/// `iat` must not be in the future, nor older than `max_age` when given
/// (step 10).
pub fn check_issued_at(
    claims: &IdTokenClaims<'_>,
    now: f64,
    tol: f64,
    max_age: Option<f64>,
) -> Result<()> {
    if claims.iat > now + tol {
        return Err(fail(
            ErrorKind::Iat,
            "iat",
            format!(
                "iat: expected a time before now plus {} s tolerance, found {}, {} s after {}",
                secs(tol),
                instant("iat", claims.iat),
                secs(claims.iat - now),
                instant("now", now)
            ),
        ));
    }
    match max_age {
        Some(max) if now - claims.iat > max + tol => Err(fail(
            ErrorKind::Iat,
            "iat",
            format!(
                "iat: expected a token at most {} s old (plus {} s tolerance), found {}, {} s before {}",
                secs(max),
                secs(tol),
                instant("iat", claims.iat),
                secs(now - claims.iat),
                instant("now", now)
            ),
        )),
        _ => Ok(()),
    }
}

/// When a nonce was sent, the claim must be present and equal, compared in
/// constant time (step 11). Neither value is echoed.
pub fn check_nonce(claims: &IdTokenClaims<'_>, expected: Option<&str>) -> Result<()> {
    let Some(expected) = expected else {
        return Ok(());
    };
    match claims.nonce {
        None => Err(fail(
            ErrorKind::Nonce,
            "nonce",
            "nonce: expected the nonce sent in the request, found no nonce claim".into(),
        )),
        Some(n) if bool::from(n.as_bytes().ct_eq(expected.as_bytes())) => Ok(()),
        Some(_) => Err(fail(
            ErrorKind::Nonce,
            "nonce",
            "nonce: expected the nonce sent in the request, found a different one".into(),
        )),
    }
}

/// `auth_time`, when present, must not be later than `now + tol` (an
/// authentication cannot lie in the future), with or without `max_age`.
/// With `max_age`, it must also be present and recent enough:
/// `now - auth_time <= max_age + tol` (step 13).
pub fn check_auth_time(
    claims: &IdTokenClaims<'_>,
    now: f64,
    tol: f64,
    max_age: Option<f64>,
) -> Result<()> {
    let at = match (claims.auth_time, max_age) {
        (Some(at), _) if at > now + tol => {
            return Err(fail(
                ErrorKind::AuthTime,
                "auth_time",
                format!(
                    "auth_time: expected an authentication before now plus {} s tolerance, found {}, {} s after {}",
                    secs(tol),
                    instant("auth_time", at),
                    secs(at - now),
                    instant("now", now)
                ),
            ))
        }
        (_, None) => return Ok(()),
        (None, Some(_)) => {
            return Err(fail(
                ErrorKind::AuthTime,
                "auth_time",
                "auth_time: expected the claim because maxAge was requested, found none".into(),
            ))
        }
        (Some(at), Some(_)) => at,
    };
    match max_age {
        Some(max_age) if now - at > max_age + tol => Err(fail(
            ErrorKind::AuthTime,
            "auth_time",
            format!(
                "auth_time: expected an authentication at most {} s ago (plus {} s tolerance), found {}, {} s before {}",
                secs(max_age),
                secs(tol),
                instant("auth_time", at),
                secs(now - at),
                instant("now", now)
            ),
        )),
        _ => Ok(()),
    }
}

/// With `acr_values`, `acr` must be present and one of them (step 12).
pub fn check_acr(claims: &IdTokenClaims<'_>, acr_values: Option<&[String]>) -> Result<()> {
    let Some(values) = acr_values else {
        return Ok(());
    };
    match claims.acr {
        Some(acr) if values.iter().any(|v| v == acr) => Ok(()),
        found => Err(fail(
            ErrorKind::Acr,
            "acr",
            format!(
                "acr: expected one of {}, found {}",
                list(values),
                found.map_or_else(|| "none".into(), quoted)
            ),
        )),
    }
}

/// With `required_amr`, `amr` must contain every required method.
pub fn check_amr(claims: &IdTokenClaims<'_>, required: Option<&[String]>) -> Result<()> {
    let Some(required) = required else {
        return Ok(());
    };
    let Some(amr) = &claims.amr else {
        return Err(fail(
            ErrorKind::Amr,
            "amr",
            format!(
                "amr: expected methods including {}, found none",
                list(required)
            ),
        ));
    };
    match required.iter().find(|r| !amr.contains(&r.as_str())) {
        None => Ok(()),
        Some(missing) => Err(fail(
            ErrorKind::Amr,
            "amr",
            format!(
                "amr: expected {} among the methods, found {}",
                quoted(missing),
                list(amr)
            ),
        )),
    }
}

/// A refreshed ID token must match the one it replaces (OIDC Core 12.2):
/// `iss`, `sub` and `aud` equal; `auth_time` and `azp` present and equal
/// where the earlier token had them.
pub fn check_refresh(claims: &Object, previous: &Object) -> Result<()> {
    let mismatch = |claim: &'static str| {
        Err(fail(
            ErrorKind::RefreshMismatch,
            claim,
            format!("{claim}: expected the value of the previous ID token, found a different one"),
        ))
    };
    for claim in ["iss", "sub"] {
        if claims.get(claim) != previous.get(claim) {
            return mismatch(claim);
        }
    }
    if audience_set(claims.get("aud")) != audience_set(previous.get("aud")) {
        return mismatch("aud");
    }
    for claim in ["auth_time", "azp"] {
        if let Some(before) = previous.get(claim) {
            if claims.get(claim) != Some(before) {
                return mismatch(claim);
            }
        }
    }
    Ok(())
}

/// An `aud` value as a sorted list, a single string being one entry.
fn audience_set(aud: Option<&Value>) -> Option<Vec<&Value>> {
    let mut items: Vec<&Value> = match aud? {
        Value::Array(items) => items.iter().collect(),
        single => alloc::vec![single],
    };
    items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    items.dedup();
    Some(items)
}

/// A short list of quoted names for messages.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<String> = items.iter().take(5).map(|s| quoted(s.as_ref())).collect();
    let more = if items.len() > 5 { ", …" } else { "" };
    format!("[{}{more}]", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::encoding::json::parse_object;
    use alloc::string::ToString;

    fn obj(json: &str) -> Object {
        parse_object(json.as_bytes()).unwrap().unwrap()
    }

    fn with<R>(json: &str, f: impl FnOnce(&IdTokenClaims<'_>) -> Result<R>) -> &'static str {
        let o = obj(json);
        let c = IdTokenClaims::from_object(&o).unwrap();
        f(&c).map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    fn token(extra: &str) -> String {
        format!(r#"{{"iss":"https://op","sub":"u","aud":"c","exp":1000,"iat":900{extra}}}"#)
    }

    #[test]
    fn issuer_is_exact() {
        assert_eq!(with(&token(""), |c| check_issuer(c, "https://op")), "ok");
        assert_eq!(
            with(&token(""), |c| check_issuer(c, "https://op/")),
            "ERR_ISSUER"
        );
        assert_eq!(
            with(&token(""), |c| check_issuer(c, "HTTPS://OP")),
            "ERR_ISSUER"
        );
    }

    #[test]
    fn audience_and_azp() {
        let trusted = ["api".to_string()];
        let multi = token("").replace(r#""aud":"c""#, r#""aud":["c","api"]"#);
        assert_eq!(with(&token(""), |c| check_audience(c, "c", &[])), "ok");
        assert_eq!(
            with(&token(""), |c| check_audience(c, "d", &[])),
            "ERR_AUDIENCE"
        );
        assert_eq!(
            with(&multi, |c| check_audience(c, "c", &[])),
            "ERR_AUDIENCE"
        );
        assert_eq!(with(&multi, |c| check_audience(c, "c", &trusted)), "ok");
        assert_eq!(with(&multi, |c| check_azp(c, "c")), "ERR_AZP");
        let multi_azp = multi.replace('}', r#","azp":"c"}"#);
        assert_eq!(with(&multi_azp, |c| check_azp(c, "c")), "ok");
        assert_eq!(
            with(&token(r#","azp":"x""#), |c| check_azp(c, "c")),
            "ERR_AZP"
        );
        assert_eq!(with(&token(r#","azp":"c""#), |c| check_azp(c, "c")), "ok");
    }

    #[test]
    fn time_windows_with_tolerance() {
        let t = token(r#","nbf":950"#);
        assert_eq!(with(&t, |c| check_expiry(c, 1059.0, 60.0)), "ok");
        assert_eq!(with(&t, |c| check_expiry(c, 1060.0, 60.0)), "ERR_EXPIRED");
        assert_eq!(with(&t, |c| check_expiry(c, 1000.0, 0.0)), "ERR_EXPIRED");
        assert_eq!(with(&t, |c| check_not_before(c, 890.0, 60.0)), "ok");
        assert_eq!(
            with(&t, |c| check_not_before(c, 889.0, 60.0)),
            "ERR_NOT_YET_VALID"
        );
        assert_eq!(with(&t, |c| check_issued_at(c, 840.0, 60.0, None)), "ok");
        assert_eq!(
            with(&t, |c| check_issued_at(c, 839.0, 60.0, None)),
            "ERR_IAT"
        );
        assert_eq!(
            with(&t, |c| check_issued_at(c, 1060.0, 60.0, Some(100.0))),
            "ok"
        );
        assert_eq!(
            with(&t, |c| check_issued_at(c, 1061.0, 60.0, Some(100.0))),
            "ERR_IAT"
        );
    }

    /// The message of the failed check `f` on the claims `json`.
    fn message<R>(json: &str, f: impl FnOnce(&IdTokenClaims<'_>) -> Result<R>) -> String {
        let o = obj(json);
        let c = IdTokenClaims::from_object(&o).unwrap();
        f(&c).err().map(|e| e.message().to_string()).unwrap()
    }

    #[test]
    fn time_messages_give_seconds_and_iso_utc() {
        let t = r#"{"iss":"i","sub":"s","aud":"c","exp":1700000000,"iat":1700000600,"nbf":1700000300,"auth_time":1699990000}"#;
        assert_eq!(
            message(t, |c| check_expiry(c, 1_700_000_100.0, 60.0)),
            "exp: expected a time after now less 60 s tolerance, found exp 1700000000 \
             (2023-11-14T22:13:20Z), expired 100 s before now 1700000100 (2023-11-14T22:15:00Z)"
        );
        assert_eq!(
            message(t, |c| check_not_before(c, 1_700_000_000.0, 60.0)),
            "nbf: expected a time before now plus 60 s tolerance, found nbf 1700000300 \
             (2023-11-14T22:18:20Z), 300 s after now 1700000000 (2023-11-14T22:13:20Z)"
        );
        assert_eq!(
            message(t, |c| check_issued_at(c, 1_700_000_000.5, 60.0, None)),
            "iat: expected a time before now plus 60 s tolerance, found iat 1700000600 \
             (2023-11-14T22:23:20Z), 599.500 s after now 1700000000.500 (2023-11-14T22:13:20Z)"
        );
        assert_eq!(
            message(t, |c| check_issued_at(
                c,
                1_700_003_600.0,
                60.0,
                Some(600.0)
            )),
            "iat: expected a token at most 600 s old (plus 60 s tolerance), found iat 1700000600 \
             (2023-11-14T22:23:20Z), 3000 s before now 1700003600 (2023-11-14T23:13:20Z)"
        );
        assert_eq!(
            message(t, |c| check_auth_time(
                c,
                1_700_000_000.0,
                60.0,
                Some(300.0)
            )),
            "auth_time: expected an authentication at most 300 s ago (plus 60 s tolerance), found \
             auth_time 1699990000 (2023-11-14T19:26:40Z), 10000 s before now 1700000000 \
             (2023-11-14T22:13:20Z)"
        );
        // Milliseconds given for seconds: no date, a hint instead.
        let ms = r#"{"iss":"i","sub":"s","aud":"c","exp":1,"iat":1700000000000}"#;
        assert!(
            message(ms, |c| check_issued_at(c, 1_700_000_000.0, 60.0, None))
                .contains("iat 1700000000000 (after year 9999: milliseconds instead of seconds?)")
        );
    }

    #[test]
    fn nonce_rules() {
        let t = token(r#","nonce":"n-1""#);
        assert_eq!(with(&t, |c| check_nonce(c, Some("n-1"))), "ok");
        assert_eq!(with(&t, |c| check_nonce(c, Some("n-2"))), "ERR_NONCE");
        assert_eq!(with(&t, |c| check_nonce(c, Some("n-"))), "ERR_NONCE");
        assert_eq!(with(&t, |c| check_nonce(c, None)), "ok");
        assert_eq!(
            with(&token(""), |c| check_nonce(c, Some("n-1"))),
            "ERR_NONCE"
        );
    }

    #[test]
    fn auth_time_acr_amr() {
        let t = token(r#","auth_time":800,"acr":"urn:mfa","amr":["pwd","otp"]"#);
        assert_eq!(
            with(&t, |c| check_auth_time(c, 1000.0, 60.0, Some(140.0))),
            "ok"
        );
        assert_eq!(
            with(&t, |c| check_auth_time(c, 1001.0, 60.0, Some(140.0))),
            "ERR_AUTH_TIME"
        );
        assert_eq!(
            with(&token(""), |c| check_auth_time(c, 900.0, 60.0, Some(1e9))),
            "ERR_AUTH_TIME"
        );
        assert_eq!(
            with(&token(""), |c| check_auth_time(c, 900.0, 60.0, None)),
            "ok"
        );
        // An authentication in the future (beyond the tolerance) is refused,
        // with or without maxAge; within the tolerance it passes.
        for max_age in [None, Some(1e9)] {
            assert_eq!(
                with(&t, |c| check_auth_time(c, 739.0, 60.0, max_age)),
                "ERR_AUTH_TIME"
            );
            assert_eq!(with(&t, |c| check_auth_time(c, 740.0, 60.0, max_age)), "ok");
        }
        assert_eq!(
            message(&t, |c| check_auth_time(c, 700.0, 60.0, None)),
            "auth_time: expected an authentication before now plus 60 s tolerance, found \
             auth_time 800 (1970-01-01T00:13:20Z), 100 s after now 700 (1970-01-01T00:11:40Z)"
        );
        let acr = ["urn:a".to_string(), "urn:mfa".to_string()];
        assert_eq!(with(&t, |c| check_acr(c, Some(&acr))), "ok");
        assert_eq!(with(&t, |c| check_acr(c, Some(&acr[..1]))), "ERR_ACR");
        assert_eq!(with(&token(""), |c| check_acr(c, Some(&acr))), "ERR_ACR");
        let amr = ["otp".to_string(), "pwd".to_string()];
        assert_eq!(with(&t, |c| check_amr(c, Some(&amr))), "ok");
        let amr_hwk = ["otp".to_string(), "hwk".to_string()];
        assert_eq!(with(&t, |c| check_amr(c, Some(&amr_hwk))), "ERR_AMR");
        assert_eq!(with(&token(""), |c| check_amr(c, Some(&amr))), "ERR_AMR");
    }

    #[test]
    fn refresh_rules() {
        let prev = obj(&token(r#","auth_time":800,"azp":"c""#));
        let check = |now: &str| {
            check_refresh(&obj(now), &prev)
                .map(|_| "ok")
                .unwrap_or_else(|e| e.code())
        };
        assert_eq!(
            check(&token(r#","auth_time":800,"azp":"c""#).replace("\"iat\":900", "\"iat\":990")),
            "ok"
        );
        assert_eq!(
            check(
                &token(r#","auth_time":800,"azp":"c""#).replace(r#""aud":"c""#, r#""aud":["c"]"#)
            ),
            "ok"
        );
        assert_eq!(
            check(
                &token(r#","auth_time":800,"azp":"c""#).replace("\"sub\":\"u\"", "\"sub\":\"v\"")
            ),
            "ERR_REFRESH_MISMATCH"
        );
        assert_eq!(
            check(&token(r#","auth_time":800,"azp":"c""#).replace("https://op", "https://op2")),
            "ERR_REFRESH_MISMATCH"
        );
        assert_eq!(
            check(&token(r#","auth_time":801,"azp":"c""#)),
            "ERR_REFRESH_MISMATCH"
        );
        assert_eq!(check(&token(r#","azp":"c""#)), "ERR_REFRESH_MISMATCH");
        assert_eq!(check(&token(r#","auth_time":800"#)), "ERR_REFRESH_MISMATCH");
        assert_eq!(
            check(
                &token(r#","auth_time":800,"azp":"c""#)
                    .replace(r#""aud":"c""#, r#""aud":["c","d"]"#)
            ),
            "ERR_REFRESH_MISMATCH"
        );
        // Claims the previous token lacked may appear.
        let bare = obj(&token(""));
        assert!(check_refresh(&obj(&token(r#","auth_time":5"#)), &bare).is_ok());
    }
}
