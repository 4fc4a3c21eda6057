//! Strict JSON (RFC 8259) for JOSE headers, claims and JWKS.
//!
//! Stricter than a general parser in the ways that matter for tokens:
//! duplicate member names are refused (compared after unescaping, so
//! `"a"` and `"\u0061"` collide), nesting is bounded, lone surrogates and
//! control characters in strings are refused, numbers must be finite, and
//! nothing may follow the top-level value but white space. It never panics
//! and allocates in proportion to the input only.

use alloc::string::String;
use alloc::vec::Vec;

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
    let mut p = Parser {
        bytes: text.as_bytes(),
        pos: 0,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err(ParseError::Syntax(p.pos));
    }
    Ok(value)
}

/// Parses `input`, which must be a JSON object.
pub fn parse_object(input: &[u8]) -> Result<Option<Object>, ParseError> {
    match parse(input)? {
        Value::Object(o) => Ok(Some(o)),
        _ => Ok(None),
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<u8, ParseError> {
        let c = self.peek().ok_or(ParseError::Syntax(self.pos))?;
        self.pos += 1;
        Ok(c)
    }

    /// Consumes the byte `c`, or fails with a syntax error (never panics).
    fn consume(&mut self, c: u8) -> Result<(), ParseError> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(ParseError::Syntax(self.pos))
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, ParseError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(ParseError::Syntax(self.pos))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1).map(Value::Object),
            Some(b'[') => self.array(depth + 1).map(Value::Array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            _ => Err(ParseError::Syntax(self.pos)),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Object, ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError::TooDeep);
        }
        self.consume(b'{')?;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Object { members });
        }
        loop {
            self.skip_ws();
            let name = self.string()?;
            self.skip_ws();
            self.consume(b':')?;
            self.skip_ws();
            let value = self.value(depth)?;
            members.push((name, value));
            self.skip_ws();
            match self.next()? {
                b',' => continue,
                b'}' => break,
                _ => return Err(ParseError::Syntax(self.pos - 1)),
            }
        }
        if has_duplicate_names(&members) {
            return Err(ParseError::DuplicateMember);
        }
        Ok(Object { members })
    }

    fn array(&mut self, depth: usize) -> Result<Vec<Value>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError::TooDeep);
        }
        self.consume(b'[')?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.next()? {
                b',' => continue,
                b']' => return Ok(items),
                _ => return Err(ParseError::Syntax(self.pos - 1)),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let c = self.next()?;
            let d = char::from(c)
                .to_digit(16)
                .ok_or(ParseError::Syntax(self.pos - 1))?;
            v = (v << 4) | d;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.consume(b'"')?;
        let mut out = String::new();
        loop {
            // Copy the longest run of plain characters at once. The input is
            // valid UTF-8 and the run stops only at ASCII bytes, so the run is
            // valid UTF-8 as well.
            let start = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let run = self
                .bytes
                .get(start..self.pos)
                .and_then(|b| core::str::from_utf8(b).ok())
                .ok_or(ParseError::Syntax(start))?;
            out.push_str(run);
            match self.next()? {
                b'"' => return Ok(out),
                b'\\' => {
                    let c = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(ParseError::Syntax(self.pos - 1)),
                    };
                    out.push(c);
                }
                // A raw control character.
                _ => return Err(ParseError::Syntax(self.pos - 1)),
            }
        }
    }

    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let at = self.pos;
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if self.next()? != b'\\' || self.next()? != b'u' {
                return Err(ParseError::Syntax(at));
            }
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(ParseError::Syntax(at));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        // Lone low surrogates fail here.
        char::from_u32(code).ok_or(ParseError::Syntax(at))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<f64, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(ParseError::Syntax(self.pos)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(ParseError::Syntax(self.pos));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(ParseError::Syntax(self.pos));
            }
        }
        let text = self.bytes.get(start..self.pos).unwrap_or_default();
        let n = number_value(text);
        if n.is_finite() {
            Ok(n)
        } else {
            Err(ParseError::NumberOutOfRange)
        }
    }
}

/// `10^k` for `k` in `0..=22`: every one exact in a double.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of a number already checked against the JSON grammar.
///
/// Integers below 2^53 and decimals with up to 15 significant digits and
/// small exponents are exact (one correctly rounded step); longer ones may
/// differ from the nearest double by an ulp or two, and magnitudes beyond
/// 10^22 by a few more (one rounding per factor of 10^22). The core's float parser
/// is not used: its tables would add ~20 KB to the wasm for precision no
/// claim check needs (verified claims reach JavaScript as the signed JSON
/// text, through `JSON.parse`).
fn number_value(text: &[u8]) -> f64 {
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut bytes = text.iter().peekable();
    let mut fraction = false;
    while let Some(&&c) = bytes.peek() {
        match c {
            b'0'..=b'9' => {
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    exponent -= i64::from(fraction);
                } else {
                    exponent += i64::from(!fraction);
                }
            }
            b'.' => fraction = true,
            _ => break,
        }
        bytes.next();
    }
    if bytes.next().is_some() {
        // An exponent: e, an optional sign, digits (saturating).
        let mut sign = 1;
        let mut e: i64 = 0;
        for &c in bytes {
            match c {
                b'-' => sign = -1,
                b'0'..=b'9' => e = (e * 10 + i64::from(c - b'0')).min(100_000),
                _ => {}
            }
        }
        exponent += sign * e;
    }
    let mut value = mantissa as f64;
    if mantissa != 0 {
        while exponent > 0 {
            let step = exponent.min(22);
            value *= POWERS_OF_TEN.get(step as usize).copied().unwrap_or(1e22);
            exponent -= step;
        }
        while exponent < 0 {
            let step = (-exponent).min(22);
            value /= POWERS_OF_TEN.get(step as usize).copied().unwrap_or(1e22);
            exponent += step;
        }
    }
    if negative {
        -value
    } else {
        value
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
    use alloc::format;

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
    fn bounds_depth_without_recursing_further() {
        let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(deep.as_bytes()).is_ok());
        let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(deeper.as_bytes()), Err(ParseError::TooDeep));
        let huge = "{\"a\":".repeat(10_000);
        assert_eq!(parse(huge.as_bytes()), Err(ParseError::TooDeep));
    }
}
