//! Fetching the provider's documents with the global `fetch` (a window, a
//! worker or a service worker alike): no cookies or credentials, no
//! redirects, no HTTP cache, a timeout, and a size limit enforced while the
//! body streams in.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, Request, RequestCache, RequestCredentials,
    RequestInit, RequestMode, RequestRedirect, Response,
};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Cancels the timer when the fetch is over, however it ends, then frees
/// its callback (a closure handed to JS with `once_into_js` would leak).
struct Timer {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown failure".into())
}

/// A successful response: its HTTP status and body.
pub(crate) struct Fetched {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The body, at most the requested number of bytes.
    pub body: Vec<u8>,
}

/// GETs `url` and returns its status and body, or why it could not:
/// unreachable, timed out, a redirect, a non-2xx status (named), or a body
/// over `max_bytes`.
pub(crate) async fn fetch_body(
    url: &str,
    max_bytes: usize,
    timeout_ms: i32,
) -> Result<Fetched, String> {
    let controller = AbortController::new().map_err(|e| describe(&e))?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::Omit);
    init.set_mode(RequestMode::Cors);
    init.set_redirect(RequestRedirect::Error);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    let request = Request::new_with_str_and_init(url, &init).map_err(|e| describe(&e))?;
    let _ = request.headers().set("accept", "application/json");

    let callback = Closure::once(move || controller.abort());
    let _timer = Timer {
        id: set_timeout(callback.as_ref().unchecked_ref(), timeout_ms),
        _callback: callback,
    };

    let response: Response = JsFuture::from(global_fetch(&request))
        .await
        .map_err(|e| format!("unreachable ({})", describe(&e)))?
        .dyn_into()
        .map_err(|_| String::from("not a response"))?;
    let status = response.status();
    if !response.ok() {
        return Err(format!("HTTP status {status}"));
    }
    let too_large =
        || format!("HTTP status {status}, but the response is larger than {max_bytes} bytes");
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max_bytes) {
        return Err(too_large());
    }
    let Some(body) = response.body() else {
        return Ok(Fetched {
            status,
            body: Vec::new(),
        });
    };
    let reader: ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| String::from("unreadable body"))?;
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| format!("body interrupted ({})", describe(&e)))?;
        let done = Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(Fetched { status, body: out });
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .ok_or_else(|| String::from("unreadable body"))?;
        if out.len() + value.length() as usize > max_bytes {
            let _ = reader.cancel();
            return Err(too_large());
        }
        let start = out.len();
        out.resize(start + value.length() as usize, 0);
        if let Some(dest) = out.get_mut(start..) {
            value.copy_to(dest);
        }
    }
}
