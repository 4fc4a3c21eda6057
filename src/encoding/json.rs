//! Strict JSON (RFC 8259) for JOSE headers, claims and JWKS.
//!
//! Stricter than a general parser in the ways that matter for tokens:
//! duplicate member names are refused (compared after unescaping, so
//! `"a"` and `"\u0061"` collide), nesting is bounded, lone surrogates and
//! control characters in strings are refused, numbers must be finite, and
//! nothing may follow the top-level value but white space. It never panics
//! and allocates in proportion to the input only.
//!
//! The tokenizer and the number parser are `serde_json`'s (which already
//! refuses lone surrogates, raw control characters, leading zeros, `NaN`
//! and trailing text); the rules a general parser does not have are ours,
//! in a [`DeserializeSeed`] that builds [`Value`] directly: member names
//! unique, and the depth counted here, refused at [`MAX_DEPTH`] long before
//! `serde_json`'s own limit of 128.
//!
//! Numbers: integers are exact up to 2^53 (and correctly rounded beyond);
//! decimals with up to 15 significant digits and exponents up to 22 are
//! correctly rounded (one IEEE operation on exact operands); longer ones
//! are within an ulp or two, and extreme magnitudes within a relative
//! 1e-14. No claim check needs more: verified claims reach JavaScript as
//! the signed JSON text, through `JSON.parse`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 32;

/// A parsed JSON value. Numbers are IEEE-754 doubles, as in JavaScript.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A finite number.
    Number(f64),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in document order, names unique.
    Object(Object),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The JSON type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// A JSON object: members in document order, with unique names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    members: Vec<(String, Value)>,
}

impl Object {
    /// The value of member `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether member `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The members in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// Why a JSON text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Not UTF-8.
    Utf8,
    /// A syntax error at this byte offset.
    Syntax(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// An object repeats a member name.
    DuplicateMember,
    /// A number too large for a double.
    NumberOutOfRange,
}

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ParseError::Utf8 => f.write_str("not valid UTF-8"),
            ParseError::Syntax(at) => write!(f, "JSON syntax error at byte {at}"),
            ParseError::TooDeep => write!(f, "JSON nested deeper than {MAX_DEPTH}"),
            ParseError::DuplicateMember => f.write_str("duplicate JSON member name"),
            ParseError::NumberOutOfRange => f.write_str("JSON number out of range"),
        }
    }
}

/// Parses one JSON value from `input`.
pub fn parse(input: &[u8]) -> Result<Value, ParseError> {
    let text = core::str::from_utf8(input).map_err(|_| ParseError::Utf8)?;
    let refused = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = ValueSeed {
        depth: 0,
        refused: &refused,
    }
    .deserialize(&mut de)
    .and_then(|value| de.end().map(|()| value));
    // A rule of ours that failed says why itself; else it is serde_json's.
    parsed.map_err(|e| refused.get().unwrap_or_else(|| serde_json_error(text, &e)))
}

/// Parses `input`, which must be a JSON object.
pub fn parse_object(input: &[u8]) -> Result<Option<Object>, ParseError> {
    match parse(input)? {
        Value::Object(o) => Ok(Some(o)),
        _ => Ok(None),
    }
}

/// Our reading of a `serde_json` failure. Its error type has no public
/// code, only its message (stable for years, and pinned by the tests
/// below) and a line and column.
fn serde_json_error(text: &str, e: &serde_json::Error) -> ParseError {
    let message = format!("{e}");
    if message.starts_with("number out of range") {
        return ParseError::NumberOutOfRange;
    }
    if message.starts_with("recursion limit exceeded") {
        return ParseError::TooDeep;
    }
    // The line is 1-based, the column the 1-based byte in that line.
    let line_start = match e.line() {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    ParseError::Syntax((line_start + e.column().saturating_sub(1)).min(text.len()))
}

/// Builds one [`Value`] at `depth` (the number of arrays and objects around
/// it), and records in `refused` which rule of ours it failed, if any.
#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    depth: usize,
    refused: &'a Cell<Option<ParseError>>,
}

impl ValueSeed<'_> {
    /// The error for a rule of ours, remembered for [`parse`].
    fn refuse<E: de::Error>(self, why: ParseError) -> E {
        self.refused.set(Some(why));
        E::custom(why)
    }

    /// The seed for the values inside an array or object, refused when
    /// that container would be nested deeper than [`MAX_DEPTH`].
    fn inner<E: de::Error>(self) -> Result<Self, E> {
        let depth = self.depth + 1;
        if depth > MAX_DEPTH {
            return Err(self.refuse(ParseError::TooDeep));
        }
        Ok(ValueSeed { depth, ..self })
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // serde_json refuses what overflows a double; checked again here.
        if v.is_finite() {
            Ok(Value::Number(v))
        } else {
            Err(self.refuse(ParseError::NumberOutOfRange))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.into()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut members = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value_seed(inner)?;
            members.push((name, value));
        }
        // Names are compared as serde_json unescaped them.
        if has_duplicate_names(&members) {
            return Err(self.refuse(ParseError::DuplicateMember));
        }
        Ok(Value::Object(Object { members }))
    }
}

/// Whether two members share a name: pairwise for small objects, by sorting
/// for large ones, so the check stays O(n log n).
fn has_duplicate_names(members: &[(String, Value)]) -> bool {
    if members.len() <= 16 {
        return members
            .iter()
            .enumerate()
            .any(|(i, (a, _))| members.iter().skip(i + 1).any(|(b, _)| a == b));
    }
    let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    names.windows(2).any(|w| w.first() == w.get(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number `text` parses to (the parser's own number reading).
    fn number_value(text: &[u8]) -> f64 {
        match parse(text) {
            Ok(Value::Number(n)) => n,
            other => panic!("{text:?}: {other:?}"),
        }
    }

    fn ok(s: &str) -> Value {
        parse(s.as_bytes()).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_all_value_kinds() {
        let v = ok(
            r#" {"a": [1, -2.5e3, 0.125, true, false, null], "b": {"c": "d\u00e9\n\ud83d\ude00"}} "#,
        );
        let o = v.as_object().unwrap();
        let a = o.get("a").unwrap().as_array().unwrap();
        assert_eq!(a[0], Value::Number(1.0));
        assert_eq!(a[1], Value::Number(-2500.0));
        assert_eq!(a[2], Value::Number(0.125));
        assert_eq!(
            &a[3..],
            &[Value::Bool(true), Value::Bool(false), Value::Null]
        );
        let c = o.get("b").unwrap().as_object().unwrap().get("c").unwrap();
        assert_eq!(c.as_str(), Some("dé\n😀"));
    }

    #[test]
    fn refuses_duplicates_after_unescaping() {
        assert_eq!(parse(br#"{"a":1,"a":2}"#), Err(ParseError::DuplicateMember));
        assert_eq!(
            parse(br#"{"a":1,"\u0061":2}"#),
            Err(ParseError::DuplicateMember)
        );
        assert_eq!(
            parse(br#"{"x":{"a":1,"a":1}}"#),
            Err(ParseError::DuplicateMember)
        );
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":0")).collect();
        assert!(parse(format!("{{{}}}", many.join(",")).as_bytes()).is_ok());
        let dup = format!("{{{},\"k7\":1}}", many.join(","));
        assert_eq!(parse(dup.as_bytes()), Err(ParseError::DuplicateMember));
    }

    #[test]
    fn refuses_loose_syntax() {
        for bad in [
            "",
            "{",
            "{}x",
            "{'a':1}",
            "{a:1}",
            "{\"a\":1,}",
            "[1,]",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "NaN",
            "Infinity",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\u{feff}{}",
            "tru",
            "nul",
            "[1 2]",
            "{\"a\" 1}",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "accepted {bad:?}");
        }
        assert_eq!(parse(b"1e400"), Err(ParseError::NumberOutOfRange));
        assert_eq!(parse(b"0e999"), Ok(Value::Number(0.0)));
        // Short numbers are exact (against the core's correctly rounded
        // parser); long ones within two ulps; extreme magnitudes close.
        for text in [
            "0",
            "-0",
            "1",
            "1700000000",
            "1700000000.5",
            "0.1",
            "123.456",
            "1E5",
            "2.5e-3",
            "9007199254740991",
            "-42.125e2",
            "1e22",
            "1e-5",
            "3.14159265358979",
        ] {
            let expect: f64 = text.parse().unwrap();
            assert_eq!(number_value(text.as_bytes()), expect, "{text}");
        }
        for text in [
            "9007199254740993",
            "123456789012345678901234567890",
            "0.30000000000000004",
            "1e23",
            "12345678.123456789",
        ] {
            let expect: f64 = text.parse().unwrap();
            let got = number_value(text.as_bytes());
            let ulps = (got.to_bits() as i64 - expect.to_bits() as i64).abs();
            assert!(ulps <= 2, "{text}: {got} vs {expect}");
        }
        for text in [
            "1.7976931348623157e308",
            "2.2250738585072014e-308",
            "6.02e123",
        ] {
            let expect: f64 = text.parse().unwrap();
            let got = number_value(text.as_bytes());
            assert!(
                ((got - expect) / expect).abs() < 1e-14,
                "{text}: {got} vs {expect}"
            );
        }
        assert_eq!(parse(b"1e-400"), Ok(Value::Number(0.0)));
        assert_eq!(parse(b"\"\xff\""), Err(ParseError::Utf8));
    }

    #[test]
    fn member_names_follow_the_string_rules() {
        for bad in [
            "{\"\\ud800\":1}",
            "{\"a\u{1}\":1}",
            "{1:1}",
            "{\"a\":1 \"b\":2}",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "accepted {bad:?}");
        }
        // Escaped and raw forms of one name collide, also in nested objects
        // inside arrays.
        assert_eq!(
            parse("[{\"\\u00e9\":1,\"é\":2}]".as_bytes()),
            Err(ParseError::DuplicateMember)
        );
        assert_eq!(
            ok(r#"{"a":{"a":1},"b":[{"a":1}]}"#)
                .as_object()
                .map(Object::len),
            Some(2)
        );
    }

    #[test]
    fn syntax_errors_give_the_byte_offset() {
        assert_eq!(parse(b"{\"a\":1}x"), Err(ParseError::Syntax(7)));
        assert_eq!(parse(b"{\n\"a\" 1}"), Err(ParseError::Syntax(6)));
        assert_eq!(parse(b"[1,]"), Err(ParseError::Syntax(3)));
        assert!(matches!(parse(b"[1"), Err(ParseError::Syntax(_))));
        assert!(matches!(parse(b"  "), Err(ParseError::Syntax(_))));
    }

    #[test]
    fn bounds_depth_without_recursing_further() {
        let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(deep.as_bytes()).is_ok());
        let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(deeper.as_bytes()), Err(ParseError::TooDeep));
        let huge = "{\"a\":".repeat(10_000);
        assert_eq!(parse(huge.as_bytes()), Err(ParseError::TooDeep));
        // Objects and arrays count alike, and the bound is ours, not
        // serde_json's 128.
        let mixed = "{\"a\":[".repeat(16) + "1" + &"]}".repeat(16);
        assert!(parse(mixed.as_bytes()).is_ok());
        let deeper = "[{\"a\":".repeat(16) + "[1]" + &"}]".repeat(16);
        assert_eq!(parse(deeper.as_bytes()), Err(ParseError::TooDeep));
    }
}
