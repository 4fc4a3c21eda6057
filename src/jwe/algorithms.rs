//! The JWE algorithms this library decrypts (RFC 7518 sections 4 and 5).

/// A key-management algorithm (`alg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyManagement {
    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1.
    RsaOaep,
    /// RSAES-OAEP with SHA-256 and MGF1-SHA-256.
    RsaOaep256,
    /// ECDH-ES key agreement; the derived key is the CEK.
    EcdhEs,
    /// ECDH-ES, then AES-128 key wrap of the CEK.
    EcdhEsA128Kw,
    /// ECDH-ES, then AES-256 key wrap of the CEK.
    EcdhEsA256Kw,
}

impl KeyManagement {
    /// The algorithm of an `alg` name, if supported.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "RSA-OAEP" => KeyManagement::RsaOaep,
            "RSA-OAEP-256" => KeyManagement::RsaOaep256,
            "ECDH-ES" => KeyManagement::EcdhEs,
            "ECDH-ES+A128KW" => KeyManagement::EcdhEsA128Kw,
            "ECDH-ES+A256KW" => KeyManagement::EcdhEsA256Kw,
            _ => return None,
        })
    }

    /// The `alg` name.
    pub const fn name(self) -> &'static str {
        match self {
            KeyManagement::RsaOaep => "RSA-OAEP",
            KeyManagement::RsaOaep256 => "RSA-OAEP-256",
            KeyManagement::EcdhEs => "ECDH-ES",
            KeyManagement::EcdhEsA128Kw => "ECDH-ES+A128KW",
            KeyManagement::EcdhEsA256Kw => "ECDH-ES+A256KW",
        }
    }

    /// Whether this is an RSA algorithm (else ECDH-ES).
    pub const fn is_rsa(self) -> bool {
        matches!(self, KeyManagement::RsaOaep | KeyManagement::RsaOaep256)
    }

    /// The AES key-wrap key length in bytes, for the `+A*KW` variants.
    pub const fn wrap_key_len(self) -> Option<usize> {
        match self {
            KeyManagement::EcdhEsA128Kw => Some(16),
            KeyManagement::EcdhEsA256Kw => Some(32),
            _ => None,
        }
    }
}

/// A content-encryption algorithm (`enc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentEncryption {
    /// AES-128 in GCM.
    A128Gcm,
    /// AES-256 in GCM.
    A256Gcm,
    /// AES-128-CBC with HMAC-SHA-256 (RFC 7518 5.2.3).
    A128CbcHs256,
    /// AES-256-CBC with HMAC-SHA-512 (RFC 7518 5.2.5).
    A256CbcHs512,
}

impl ContentEncryption {
    /// The algorithm of an `enc` name, if supported.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "A128GCM" => ContentEncryption::A128Gcm,
            "A256GCM" => ContentEncryption::A256Gcm,
            "A128CBC-HS256" => ContentEncryption::A128CbcHs256,
            "A256CBC-HS512" => ContentEncryption::A256CbcHs512,
            _ => return None,
        })
    }

    /// The `enc` name.
    pub const fn name(self) -> &'static str {
        match self {
            ContentEncryption::A128Gcm => "A128GCM",
            ContentEncryption::A256Gcm => "A256GCM",
            ContentEncryption::A128CbcHs256 => "A128CBC-HS256",
            ContentEncryption::A256CbcHs512 => "A256CBC-HS512",
        }
    }

    /// The CEK length in bytes.
    pub const fn key_len(self) -> usize {
        match self {
            ContentEncryption::A128Gcm => 16,
            ContentEncryption::A256Gcm | ContentEncryption::A128CbcHs256 => 32,
            ContentEncryption::A256CbcHs512 => 64,
        }
    }
}
