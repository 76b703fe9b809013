//! The edit pages' answers: HTML that is never cached, framed or sent on as a referrer to
//! another site, and plain-text refusals.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

/// The edit pages' referrer policy: the URL (with the token) goes to no other site.
pub const REFERRER_POLICY: &str = "same-origin";

pub fn html(status: StatusCode, page: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(page)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "no-store"),
        // `same-origin`, not `no-referrer`: under `no-referrer` a browser sends its own
        // form's POST with `Origin: null`, which the origin check refuses.
        (header::REFERRER_POLICY, REFERRER_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// An answer of `content_type` that is never cached and never sniffed as another type.
pub fn typed(
    status: StatusCode,
    content_type: &'static str,
    body: String,
) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

pub fn plain(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// `response` with a `Server-Timing` header of `parts` (name, time taken): what a save
/// spent checking, writing and building, shown by a browser's developer tools and read by
/// the browser test.
pub fn timed(
    mut response: Response<Full<Bytes>>,
    parts: &[(&str, std::time::Duration)],
) -> Response<Full<Bytes>> {
    let value = parts
        .iter()
        .map(|(name, took)| format!("{name};dur={:.1}", took.as_secs_f64() * 1000.0))
        .collect::<Vec<_>>()
        .join(", ");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_keep_their_origin_for_their_own_forms_and_their_url_from_other_sites() {
        let page = crate::render::html::edit::page::page(
            &crate::render::html::edit::page::Ui {
                lang: "fi",
                token: "t",
                slug: None,
            },
            "x",
            "",
        );
        let response = html(StatusCode::OK, page.clone());
        assert_eq!(response.headers()[header::REFERRER_POLICY], "same-origin");
        assert!(page.contains("<meta name=\"referrer\" content=\"same-origin\">"));
        assert!(!page.contains("no-referrer"));
    }

    #[test]
    fn a_save_tells_its_times() {
        let response = timed(
            html(StatusCode::OK, String::new()),
            &[
                ("check", std::time::Duration::from_micros(12_345)),
                ("build", std::time::Duration::from_millis(8)),
            ],
        );
        assert_eq!(
            response.headers()["server-timing"],
            "check;dur=12.3, build;dur=8.0"
        );
    }
}
