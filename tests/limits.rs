//! Input limits, proven: oversized and pathological inputs are refused
//! quickly, without panicking and without allocating in proportion to the
//! input. A counting global allocator measures the bytes allocated during
//! each call (the input itself is built before measuring).
#![cfg(not(target_arch = "wasm32"))]

use idtoken::encoding::base64url::encode;
use idtoken::jwe::keys::DecryptionKeySet;
use idtoken::{KeySet, Policy, TokenChecks, Validator};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};

struct Counting;

thread_local! {
    /// Bytes allocated by this thread: tests run on several threads, and a
    /// measurement must not be charged with another test's allocations.
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // try_with: the counter may be gone while the thread shuts down.
        let _ = ALLOCATED.try_with(|a| a.set(a.get() + layout.size()));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` on this thread, returning its result, the bytes it allocated and
/// its duration.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, Duration) {
    let before = ALLOCATED.with(Cell::get);
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    (out, ALLOCATED.with(Cell::get) - before, took)
}

fn validator() -> Validator {
    let policy = Policy::new("https://op.example.com", "client").unwrap();
    Validator::new(
        policy,
        KeySet::default(),
        Box::new(idtoken::validator::FixedClock(1e9)),
    )
}

fn code<T>(r: idtoken::Result<T>) -> &'static str {
    r.map(|_| "ok").unwrap_or_else(|e| e.code())
}

const KIB: usize = 1024;

#[test]
fn a_10_mb_token_is_refused_before_decoding() {
    let token = format!(
        "{}.{}.{}",
        "a".repeat(5_000_000),
        "b".repeat(5_000_000),
        "c"
    );
    let v = validator();
    let (r, bytes, took) = measure(|| v.validate(&token, &TokenChecks::default()));
    assert_eq!(code(r), "ERR_MALFORMED");
    assert!(bytes < 4 * KIB, "allocated {bytes} bytes for a 10 MB token");
    assert!(took < Duration::from_millis(50), "took {took:?}");
    println!(
        "10 MB token: ERR_MALFORMED, {bytes} bytes allocated, {took:?} (bound: 64 KiB per token)"
    );
}

#[test]
fn a_jwks_of_10000_keys_is_refused_or_capped() {
    // 10,000 real-sized RSA entries: far over 256 KiB, refused unread.
    let n = encode(&[0xa5; 256]);
    let entry = format!(r#"{{"kty":"RSA","kid":"k","n":"{n}","e":"AQAB"}}"#);
    let big = format!(r#"{{"keys":[{}]}}"#, vec![entry.as_str(); 10_000].join(","));
    let (r, bytes, took) = measure(|| KeySet::from_json(big.as_bytes()));
    assert_eq!(code(r), "ERR_INVALID_OPTIONS");
    assert!(
        bytes < 4 * KIB,
        "allocated {bytes} bytes for a {} byte JWKS",
        big.len()
    );
    println!(
        "JWKS of 10,000 RSA keys ({} bytes): refused, {bytes} bytes allocated, {took:?}",
        big.len()
    );
    let (r, bytes, _) = measure(|| DecryptionKeySet::from_json(big.as_bytes()));
    assert_eq!(code(r), "ERR_INVALID_OPTIONS");
    assert!(bytes < 4 * KIB);

    // 10,000 tiny entries fit under 256 KiB: parsed, but only 100 are read.
    let small = format!(
        r#"{{"keys":[{}]}}"#,
        vec![r#"{"kty":"x"}"#; 10_000].join(",")
    );
    assert!(small.len() < 256 * KIB);
    let (set, bytes, took) = measure(|| KeySet::from_json(small.as_bytes()).unwrap());
    assert_eq!((set.keys().len(), set.skipped()), (0, 10_000));
    // Allocation grows with the JSON read, which is capped at 256 KiB: at
    // most ~40 bytes per byte read, so ~10 MB in the worst case.
    assert!(
        bytes < 40 * small.len(),
        "allocated {bytes} bytes for {} bytes",
        small.len()
    );
    assert!(took < Duration::from_millis(200), "took {took:?}");
    println!(
        "JWKS of 10,000 tiny entries ({} bytes): 100 read, {bytes} bytes allocated, {took:?}",
        small.len()
    );
}

#[test]
fn json_nested_10000_deep_is_refused_at_depth_32() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let (r, bytes, took) = measure(|| idtoken::encoding::json::parse(deep.as_bytes()));
    assert_eq!(r, Err(idtoken::encoding::json::ParseError::TooDeep));
    assert!(bytes < 4 * KIB, "allocated {bytes} bytes");
    // The same inside a token payload (27 KB, under the 64 KiB cap, so the
    // depth limit itself refuses it), through the validator.
    let payload = "{\"a\":".to_string() + &"[".repeat(10_000) + &"]".repeat(10_000) + "}";
    let token = format!(
        "{}.{}.",
        encode(br#"{"alg":"ES256"}"#),
        encode(payload.as_bytes())
    );
    assert!(token.len() < 64 * KIB);
    let v = validator();
    let (r, bytes2, took2) = measure(|| v.validate(&token, &TokenChecks::default()));
    let err = r.unwrap_err();
    assert_eq!(err.code(), "ERR_MALFORMED");
    assert!(err.message().contains("deeper"), "{}", err.message());
    assert!(bytes2 < 2 * token.len(), "allocated {bytes2} bytes");
    println!("JSON nested 10,000 deep: refused at depth {}, {bytes} bytes, {took:?}; in a token: {bytes2} bytes, {took2:?}", idtoken::encoding::json::MAX_DEPTH);
}

#[test]
fn a_1_mb_kid_is_refused() {
    let kid = "k".repeat(1 << 20);
    let header = format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#);
    let token = format!("{}.{}.AA", encode(header.as_bytes()), encode(b"{}"));
    let v = validator();
    let (r, bytes, took) = measure(|| v.validate(&token, &TokenChecks::default()));
    assert_eq!(code(r), "ERR_MALFORMED");
    assert!(bytes < 4 * KIB, "allocated {bytes} bytes");
    let jwks = format!(r#"{{"keys":[{{"kty":"EC","kid":"{kid}"}}]}}"#);
    let (r, bytes2, _) = measure(|| KeySet::from_json(jwks.as_bytes()));
    assert_eq!(code(r), "ERR_INVALID_OPTIONS");
    assert!(bytes2 < 4 * KIB);
    println!("1 MB kid: token refused ({bytes} bytes allocated, {took:?}), JWKS refused ({bytes2} bytes)");
}

#[test]
fn many_members_and_long_strings_stay_linear() {
    // 60 KiB of distinct members: the duplicate check sorts, no quadratic blow-up.
    let members: Vec<String> = (0..6_000).map(|i| format!("\"m{i}\":0")).collect();
    let payload = format!("{{{}}}", members.join(","));
    let (r, _, took) = measure(|| idtoken::encoding::json::parse(payload.as_bytes()));
    assert!(r.is_ok());
    assert!(took < Duration::from_millis(200), "took {took:?}");
    println!("6,000 members: parsed in {took:?}");
}
