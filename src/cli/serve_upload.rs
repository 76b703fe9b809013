//! The screenshot uploads of the edit pages: `POST /_edit/<slug>/screenshot` (a
//! multipart/form-data form with `_token`, `guide`, `lang`, `screen` and the file) and
//! `POST /_edit/<slug>/screenshot-remove` (a plain form). The same origin and token rules
//! as the form; the body is bounded by [`MAX_UPLOAD`] before it is read and read within
//! [`UPLOAD_TIMEOUT`]; the guide, language and screen are checked against the project.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyDataStream, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header;
use hyper::{Method, Request, Response, StatusCode};

use crate::cli::serve_edit_state::{Editing, UiOwned};
use crate::cli::serve_form::{self, TOKEN, blocking, body};
use crate::cli::serve_http::own_origin;
use crate::cli::serve_reply::{html, plain};
use crate::driver::upload::{self, Kind, Refusal, Screen};
use crate::render::html::edit::upload::{Saved, refused_page, removed_page, saved_page};

/// The most bytes an upload's body may hold (the file and the form's values); a larger
/// one is answered with 413 before it is read. Below the loader's own limit of a file.
pub const MAX_UPLOAD: usize = 10 * 1024 * 1024;

/// How long a client may take to send an upload.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// The actions after `/_edit/<slug>/`.
pub const UPLOAD: &str = "screenshot";
pub const REMOVE: &str = "screenshot-remove";

/// The most bytes of one of the form's values besides the file.
const MAX_VALUE: u64 = 256;

/// A form's values and its file.
struct Upload {
    values: BTreeMap<String, String>,
    file: Option<Vec<u8>>,
}

/// Answers a POST of `action` for the municipality of `owned`.
pub async fn handle(
    request: Request<Incoming>,
    editing: Arc<Editing>,
    local: SocketAddr,
    owned: UiOwned,
    action: &str,
) -> Response<Full<Bytes>> {
    if owned.slug.as_deref().is_none_or(str::is_empty) || ![UPLOAD, REMOVE].contains(&action) {
        return plain(StatusCode::NOT_FOUND, "no such edit page\n");
    }
    if request.method() != Method::POST {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "a screenshot is sent with POST from the municipality's form page\n",
        );
    }
    let header = |name: header::HeaderName| {
        request
            .headers()
            .get(name)
            .map(|h| h.to_str().unwrap_or("\u{0}").to_string())
    };
    if !own_origin(
        header(header::ORIGIN).as_deref(),
        header(header::HeaderName::from_static("sec-fetch-site")).as_deref(),
        local,
    ) {
        return plain(
            StatusCode::FORBIDDEN,
            "a form is taken only from opas serve's own pages\n",
        );
    }
    let sent = if action == REMOVE {
        body(request)
            .await
            .map(|values| Upload { values, file: None })
            .map_err(|status| (status, "the form is too large or malformed\n"))
    } else {
        multipart(request).await
    };
    let sent = match sent {
        Ok(sent) => sent,
        Err((status, why)) => return plain(status, why),
    };
    if !serve_form::token_matches(sent.values.get(TOKEN).map(String::as_str), &editing.token) {
        return plain(
            StatusCode::FORBIDDEN,
            "the form lacks this session's token; open the edit pages with the URL opas serve printed\n",
        );
    }
    blocking(move || answer(&editing, &owned, &sent)).await
}

/// Writes or removes the screenshot, and the page saying what happened.
fn answer(editing: &Editing, owned: &UiOwned, sent: &Upload) -> Response<Full<Bytes>> {
    let ui = owned.ui();
    let value = |name: &str| sent.values.get(name).map_or("", String::as_str);
    let at = Screen {
        slug: ui.slug.unwrap_or(""),
        guide: value("guide"),
        lang: value("lang"),
        screen: value("screen"),
    };
    let _saving = editing.saving.lock().unwrap_or_else(|e| e.into_inner());
    let done = match &sent.file {
        None => upload::remove(&editing.root, &at).map(|removed| removed_page(&ui, &removed)),
        Some(bytes) => upload::upload(&editing.root, &at, bytes).map(|w| {
            let saved = Saved {
                path: &w.path,
                width: w.width,
                height: w.height,
                format: w.format,
                removed: &w.removed,
            };
            saved_page(&ui, &saved)
        }),
    };
    match done {
        Ok(page) => {
            // Built before the answer, so that the guide it links to shows the screenshot.
            (editing.rebuild)(at.slug);
            html(StatusCode::OK, page)
        }
        Err(refusal) => refused(&ui, &refusal),
    }
}

fn refused(
    ui: &crate::render::html::edit::page::Ui<'_>,
    refusal: &Refusal,
) -> Response<Full<Bytes>> {
    let status = match refusal.kind {
        Kind::Unknown => StatusCode::NOT_FOUND,
        Kind::NotAnImage => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Kind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Kind::Damaged => StatusCode::UNPROCESSABLE_ENTITY,
        Kind::NotWritten => StatusCode::INTERNAL_SERVER_ERROR,
    };
    html(status, refused_page(ui, &refusal.message, &refusal.hint))
}

/// The upload's values and file: a multipart/form-data body of at most [`MAX_UPLOAD`]
/// bytes, with only the form's own fields, read within [`UPLOAD_TIMEOUT`].
async fn multipart(request: Request<Incoming>) -> Result<Upload, (StatusCode, &'static str)> {
    const TOO_LARGE: &str = "the upload is larger than 10 MB; save the screenshot smaller\n";
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = multer::parse_boundary(content_type).map_err(|_| {
        (
            StatusCode::BAD_REQUEST,
            "send the screenshot with the upload form (multipart/form-data)\n",
        )
    })?;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD as u64) {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE));
    }
    let stream = BodyDataStream::new(Limited::new(request.into_body(), MAX_UPLOAD));
    let limits = multer::SizeLimit::new()
        .whole_stream(MAX_UPLOAD as u64)
        .per_field(MAX_VALUE)
        .for_field("file", MAX_UPLOAD as u64);
    let constraints = multer::Constraints::new()
        .allowed_fields(vec![TOKEN, "guide", "lang", "screen", "file"])
        .size_limit(limits);
    let mut form = multer::Multipart::with_constraints(stream, boundary, constraints);
    match tokio::time::timeout(UPLOAD_TIMEOUT, fields(&mut form)).await {
        Ok(Ok(upload)) => Ok(upload),
        Ok(Err(e)) if too_large(&e) => Err((StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE)),
        Ok(Err(_)) => Err((
            StatusCode::BAD_REQUEST,
            "the upload is malformed or has fields the form does not; send it from the form page\n",
        )),
        Err(_) => Err((
            StatusCode::REQUEST_TIMEOUT,
            "the upload took too long; try again\n",
        )),
    }
}

/// Every field of `form`: the values (the first of each name) and the one file.
async fn fields(form: &mut multer::Multipart<'_>) -> multer::Result<Upload> {
    let mut upload = Upload {
        values: BTreeMap::new(),
        file: None,
    };
    while let Some(field) = form.next_field().await? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let bytes = field.bytes().await?;
            upload.file.get_or_insert_with(|| bytes.to_vec());
        } else {
            let text = field.text().await?;
            upload.values.entry(name).or_insert(text);
        }
    }
    if upload.file.is_none() {
        upload.file = Some(Vec::new());
    }
    Ok(upload)
}

/// Whether `e` is a body over a limit: multer's own, or the body's.
fn too_large(e: &multer::Error) -> bool {
    match e {
        multer::Error::FieldSizeExceeded { .. } | multer::Error::StreamSizeExceeded { .. } => true,
        multer::Error::StreamReadFailed(inner) => {
            inner.downcast_ref::<LengthLimitError>().is_some()
        }
        _ => false,
    }
}
