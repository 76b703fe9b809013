//! What the edit pages of `opas serve` read from a request: the query, the form body
//! (bounded), the language; the session's token; and the task that runs a page's work.

use std::collections::BTreeMap;
use std::io::Read as _;

use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header;
use hyper::{Request, Response, StatusCode};

use crate::cli::serve_reply::plain;
use crate::compose::edit::fields::MAX_FIELDS;
use crate::render::html::edit::words;

/// The most bytes a form's body may hold; a larger one is answered with 413.
pub const MAX_BODY: usize = 64 * 1024;

/// How long a client may take to send a form's body.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Names of the form's own values, beside the fields.
pub const TOKEN: &str = "_token";
pub const HASH: &str = "_hash";
pub const CONFIRM: &str = "_confirm";
/// Set by the live check's script: check only, never save, and answer as JSON.
pub const LIVE: &str = "_live";
/// The guide chosen to add, and those added before (comma-separated).
pub const ADD: &str = "_add";
pub const ADDING: &str = "_adding";

/// A new token for the session: 128 random bits from the system, in hex.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `given` is the token, compared in a time that does not depend on where they differ.
pub fn token_matches(given: Option<&str>, token: &str) -> bool {
    let Some(given) = given else {
        return false;
    };
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The pairs of an `application/x-www-form-urlencoded` text (a query or a body), the first
/// of each name kept; `None` when it is not UTF-8 or holds more pairs than a form has.
pub fn pairs(text: &str) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (n, pair) in text.split('&').filter(|p| !p.is_empty()).enumerate() {
        if n > MAX_FIELDS + 8 {
            return None;
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        out.entry(decode(name)?).or_insert(decode(value)?);
    }
    Some(out)
}

/// `+` as a space and `%XX` decoded.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The pages' language: `?lang=` when the pages have it, else the browser's.
pub fn language(query: &BTreeMap<String, String>, accept: Option<&str>) -> &'static str {
    query
        .get("lang")
        .and_then(|l| words::known(l))
        .unwrap_or_else(|| words::from_accept_language(accept.unwrap_or("")))
}

/// Runs `work` (which reads and checks the project) off the server's threads.
pub async fn blocking(
    work: impl FnOnce() -> Response<Full<Bytes>> + Send + 'static,
) -> Response<Full<Bytes>> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "the edit failed\n"))
}

/// The form body, at most [`MAX_BODY`] bytes, read within the head's timeout.
pub async fn body(request: Request<Incoming>) -> Result<BTreeMap<String, String>, StatusCode> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let read = Limited::new(request.into_body(), MAX_BODY).collect();
    let bytes = match tokio::time::timeout(BODY_TIMEOUT, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(_)) => return Err(StatusCode::PAYLOAD_TOO_LARGE),
        Err(_) => return Err(StatusCode::REQUEST_TIMEOUT),
    };
    let text = std::str::from_utf8(&bytes).map_err(|_| StatusCode::BAD_REQUEST)?;
    pairs(text).ok_or(StatusCode::PAYLOAD_TOO_LARGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_and_stay_bounded() {
        let p = pairs("a=1+2&b=%C3%A4%26&a=again&c").unwrap();
        assert_eq!(p["a"], "1 2");
        assert_eq!(p["b"], "ä&");
        assert_eq!(p["c"], "");
        assert!(pairs("x=%ZZ").is_none());
        assert!(pairs(&"x=1&".repeat(MAX_FIELDS + 20)).is_none());
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(token_matches(Some(&a), &a));
        assert!(!token_matches(Some(&a[..31]), &a));
        assert!(!token_matches(None, &a));
    }
}
