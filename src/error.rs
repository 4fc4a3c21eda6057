//! The one error type of the library, carrying the stable codes of the
//! public contract: every failure has one of these codes.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use core::fmt;

/// What went wrong, as a closed set. Each kind maps to one stable code
/// string ([`ErrorKind::code`]) that JavaScript callers narrow on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not a well-formed compact JWS/JWE, bad base64url or JSON, or too large.
    Malformed,
    /// Options or checks of the wrong shape or value.
    InvalidOptions,
    /// `alg`/`enc` missing, `none`, symmetric, unknown or not allowed.
    AlgNotAllowed,
    /// `crit` names an extension this library does not process.
    Crit,
    /// `typ` present and not `JWT` / `application/jwt`.
    Typ,
    /// No held key fits the `kid` and `alg`.
    NoMatchingKey,
    /// The selected RSA key is shorter than 2048 bits.
    WeakKey,
    /// The signature does not verify.
    BadSignature,
    /// A required claim is absent.
    ClaimMissing,
    /// A claim has the wrong JSON type or an empty value.
    ClaimInvalid,
    /// `iss` differs from the configured issuer.
    Issuer,
    /// `aud` lacks the client, or holds an untrusted value.
    Audience,
    /// `azp` missing with several audiences, or not the client.
    Azp,
    /// The token has expired.
    Expired,
    /// `nbf` is in the future.
    NotYetValid,
    /// `iat` is in the future or too old.
    Iat,
    /// `nonce` missing or different.
    Nonce,
    /// `at_hash` wrong, or required and absent.
    AtHash,
    /// `c_hash` wrong, or required and absent.
    CHash,
    /// `s_hash` wrong, or required and absent.
    SHash,
    /// `auth_time` missing or too old for `maxAge`.
    AuthTime,
    /// `acr` missing or not among the accepted values.
    Acr,
    /// `amr` missing or lacking a required method.
    Amr,
    /// A refreshed token differs from the previous one.
    RefreshMismatch,
    /// A plain JWS arrived where encryption is required.
    EncryptionRequired,
    /// No usable decryption key, or the JWE does not decrypt.
    Decryption,
    /// The JWKS could not be fetched or parsed.
    JwksFetch,
    /// The discovery document is unreachable, invalid or for another issuer.
    Discovery,
    /// The module is not initialised yet, or the validator was freed. Only
    /// the JavaScript entries raise it; the core never does.
    NotReady,
}

impl ErrorKind {
    /// Every kind, in the order of the error table.
    pub const ALL: [ErrorKind; 29] = [
        ErrorKind::Malformed,
        ErrorKind::InvalidOptions,
        ErrorKind::AlgNotAllowed,
        ErrorKind::Crit,
        ErrorKind::Typ,
        ErrorKind::NoMatchingKey,
        ErrorKind::WeakKey,
        ErrorKind::BadSignature,
        ErrorKind::ClaimMissing,
        ErrorKind::ClaimInvalid,
        ErrorKind::Issuer,
        ErrorKind::Audience,
        ErrorKind::Azp,
        ErrorKind::Expired,
        ErrorKind::NotYetValid,
        ErrorKind::Iat,
        ErrorKind::Nonce,
        ErrorKind::AtHash,
        ErrorKind::CHash,
        ErrorKind::SHash,
        ErrorKind::AuthTime,
        ErrorKind::Acr,
        ErrorKind::Amr,
        ErrorKind::RefreshMismatch,
        ErrorKind::EncryptionRequired,
        ErrorKind::Decryption,
        ErrorKind::JwksFetch,
        ErrorKind::Discovery,
        ErrorKind::NotReady,
    ];

    /// The stable code string, e.g. `"ERR_BAD_SIGNATURE"`.
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::Malformed => "ERR_MALFORMED",
            ErrorKind::InvalidOptions => "ERR_INVALID_OPTIONS",
            ErrorKind::AlgNotAllowed => "ERR_ALG_NOT_ALLOWED",
            ErrorKind::Crit => "ERR_CRIT",
            ErrorKind::Typ => "ERR_TYP",
            ErrorKind::NoMatchingKey => "ERR_NO_MATCHING_KEY",
            ErrorKind::WeakKey => "ERR_WEAK_KEY",
            ErrorKind::BadSignature => "ERR_BAD_SIGNATURE",
            ErrorKind::ClaimMissing => "ERR_CLAIM_MISSING",
            ErrorKind::ClaimInvalid => "ERR_CLAIM_INVALID",
            ErrorKind::Issuer => "ERR_ISSUER",
            ErrorKind::Audience => "ERR_AUDIENCE",
            ErrorKind::Azp => "ERR_AZP",
            ErrorKind::Expired => "ERR_EXPIRED",
            ErrorKind::NotYetValid => "ERR_NOT_YET_VALID",
            ErrorKind::Iat => "ERR_IAT",
            ErrorKind::Nonce => "ERR_NONCE",
            ErrorKind::AtHash => "ERR_AT_HASH",
            ErrorKind::CHash => "ERR_C_HASH",
            ErrorKind::SHash => "ERR_S_HASH",
            ErrorKind::AuthTime => "ERR_AUTH_TIME",
            ErrorKind::Acr => "ERR_ACR",
            ErrorKind::Amr => "ERR_AMR",
            ErrorKind::RefreshMismatch => "ERR_REFRESH_MISMATCH",
            ErrorKind::EncryptionRequired => "ERR_ENCRYPTION_REQUIRED",
            ErrorKind::Decryption => "ERR_DECRYPTION",
            ErrorKind::JwksFetch => "ERR_JWKS_FETCH",
            ErrorKind::Discovery => "ERR_DISCOVERY",
            ErrorKind::NotReady => "ERR_NOT_READY",
        }
    }
}

/// A validation failure: a kind with its stable code, a message that says
/// what was expected and what was found (never the whole token), and for
/// claim failures the name of the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: Cow<'static, str>,
    claim: Option<Cow<'static, str>>,
}

impl Error {
    /// A new error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Error {
            kind,
            message: message.into(),
            claim: None,
        }
    }

    /// The same error, naming the claim it is about.
    pub fn with_claim(mut self, claim: impl Into<Cow<'static, str>>) -> Self {
        self.claim = Some(claim.into());
        self
    }

    /// The same error with `note` added to its message, after a `; `.
    pub fn with_note(mut self, note: &str) -> Self {
        self.message = format!("{}; {note}", self.message).into();
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable code string, e.g. `"ERR_EXPIRED"`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The claim a claim failure is about.
    pub fn claim(&self) -> Option<&str> {
        self.claim.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for a result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// `ERR_MALFORMED` with `message`.
pub(crate) fn malformed(message: impl Into<Cow<'static, str>>) -> Error {
    Error::new(ErrorKind::Malformed, message)
}

/// A number of seconds for a message: whole numbers without decimals,
/// others to the millisecond, `NaN`, `inf` and `-inf` by name. Every `f64`
/// in a message goes through here: integer formatting only, as float
/// formatting would add its tables (about 20 KB) to the wasm.
pub(crate) fn secs(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    let millis = (v * 1000.0).round();
    if millis.abs() >= 9e15 {
        // Whole seconds (the cast saturates beyond the i64 range).
        return format!("{}", v as i64);
    }
    let millis = millis as i64;
    let (whole, frac) = (millis / 1000, (millis % 1000).abs());
    match (frac, millis < 0 && whole == 0) {
        (0, _) => format!("{whole}"),
        (_, true) => format!("-0.{frac:03}"),
        _ => format!("{whole}.{frac:03}"),
    }
}

/// An instant (seconds since the epoch) for a message, named: `exp
/// 1700000000 (2023-11-14T22:13:20Z)`. Past year 9999 the date is replaced
/// by a hint, as that is usually milliseconds given for seconds.
pub(crate) fn instant(name: &str, v: f64) -> String {
    match crate::encoding::civil_time::utc(v) {
        Some(iso) => format!("{name} {} ({iso})", secs(v)),
        None if v.is_finite() && v > 0.0 => format!(
            "{name} {} (after year 9999: milliseconds instead of seconds?)",
            secs(v)
        ),
        None => format!("{name} {}", secs(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::{instant, secs};

    #[test]
    fn seconds_in_messages() {
        assert_eq!(secs(1_700_000_000.0), "1700000000");
        assert_eq!(secs(0.0), "0");
        assert_eq!(secs(-1.0), "-1");
        assert_eq!(secs(1.5), "1.500");
        assert_eq!(secs(-0.25), "-0.250");
        assert_eq!(secs(-2.0625), "-2.063");
        assert_eq!(secs(1e20), "9223372036854775807");
        assert_eq!(secs(f64::NAN), "NaN");
        assert_eq!(secs(f64::INFINITY), "inf");
        assert_eq!(secs(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn instants_in_messages() {
        assert_eq!(
            instant("exp", 1_700_000_000.0),
            "exp 1700000000 (2023-11-14T22:13:20Z)"
        );
        assert_eq!(
            instant("now", 1_700_000_000.25),
            "now 1700000000.250 (2023-11-14T22:13:20Z)"
        );
        assert_eq!(instant("iat", -1.0), "iat -1 (1969-12-31T23:59:59Z)");
        assert_eq!(
            instant("iat", 1_700_000_000_000.0),
            "iat 1700000000000 (after year 9999: milliseconds instead of seconds?)"
        );
        assert_eq!(instant("nbf", -1e15), "nbf -1000000000000000");
        assert_eq!(instant("exp", f64::NAN), "exp NaN");
    }
}
