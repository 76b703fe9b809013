//! The edit pages of `opas serve` (`/_edit/…`), on when serve is started with `--edit`:
//! every request needs the session's token, a form's POST also the pages' own origin and
//! a body within [`serve_form::MAX_BODY`]; only a municipality slug names a file. The
//! screenshot uploads (`/_edit/<slug>/screenshot…`) are answered by [`serve_upload`].

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};

pub use crate::cli::serve_edit_state::Editing;
use crate::cli::serve_edit_state::UiOwned;
use crate::cli::serve_form::{self, ADD, ADDING, CONFIRM, HASH, LIVE, TOKEN, blocking, body};
use crate::cli::serve_http::own_origin;
use crate::cli::serve_new::{create, list};
use crate::cli::serve_reply::{html, plain, timed, typed};
use crate::cli::serve_upload;
use crate::compose::edit::diff::Line;
use crate::driver::edit::{self, Outcome, Submission};
use crate::load::municipality::is_slug;
use crate::render::html::edit::form::{Opened, form_page};
use crate::render::html::edit::live;
use crate::render::html::edit::preview::Built;
use crate::render::html::edit::review;

/// Where the edit pages live.
pub const PREFIX: &str = "/_edit/";

/// Whether `path` is one of the edit pages.
pub fn is_edit_path(path: &str) -> bool {
    path == "/_edit" || path.starts_with(PREFIX)
}

/// Answers a request for an edit page.
pub async fn handle(
    request: Request<Incoming>,
    editing: Arc<Editing>,
    local: SocketAddr,
) -> Response<Full<Bytes>> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .map(|h| h.to_str().unwrap_or("\u{0}").to_string())
    };
    if request.uri().path() == live::SCRIPT_PATH {
        // The same for everyone and secret to no one: served without the token.
        return typed(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            live::SCRIPT.to_string(),
        );
    }
    let query = serve_form::pairs(request.uri().query().unwrap_or("")).unwrap_or_default();
    let lang = serve_form::language(&query, header("accept-language").as_deref());
    let path = request.uri().path().strip_prefix(PREFIX).unwrap_or("");
    let (slug, action) = path.split_once('/').unwrap_or((path, ""));
    let (slug, action) = (slug.to_string(), action.to_string());
    if !slug.is_empty() && !is_slug(&slug) {
        return plain(StatusCode::BAD_REQUEST, "not a municipality slug\n");
    }
    if !action.is_empty() {
        let owned = UiOwned {
            lang: lang.to_string(),
            token: editing.token.clone(),
            slug: Some(slug),
        };
        return serve_upload::handle(request, editing, local, owned, &action).await;
    }
    let method = request.method().clone();
    if method == Method::GET || method == Method::HEAD {
        if !serve_form::token_matches(query.get("token").map(String::as_str), &editing.token) {
            return plain(
                StatusCode::FORBIDDEN,
                "open the edit pages with the URL opas serve printed\n",
            );
        }
        let owned = UiOwned {
            lang: lang.to_string(),
            token: editing.token.clone(),
            slug: (!slug.is_empty()).then_some(slug),
        };
        return blocking(move || get(&editing, &owned)).await;
    }
    if method != Method::POST {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET, HEAD, and POST to a municipality\n",
        );
    }
    if !own_origin(
        header("origin").as_deref(),
        header("sec-fetch-site").as_deref(),
        local,
    ) {
        return plain(
            StatusCode::FORBIDDEN,
            "a form is taken only from opas serve's own pages\n",
        );
    }
    let form = match body(request).await {
        Ok(form) => form,
        Err(status) => return plain(status, "the form is too large or malformed\n"),
    };
    if !serve_form::token_matches(form.get(TOKEN).map(String::as_str), &editing.token) {
        return plain(
            StatusCode::FORBIDDEN,
            "the form lacks this session's token; open the edit pages with the URL opas serve printed\n",
        );
    }
    let owned = UiOwned {
        lang: lang.to_string(),
        token: editing.token.clone(),
        slug: Some(slug),
    };
    if owned.slug.as_deref() == Some("") {
        return blocking(move || create(&editing, &owned, &form)).await;
    }
    blocking(move || post(&editing, &owned, &form)).await
}

fn get(editing: &Editing, owned: &UiOwned) -> Response<Full<Bytes>> {
    let ui = owned.ui();
    if ui.slug.is_none() {
        return html(StatusCode::OK, list(editing, &ui, None));
    }
    match edit::open(&editing.root, ui.slug.unwrap_or("")) {
        Ok(opened) => shown(editing, owned, &opened, None),
        Err(d) => plain(StatusCode::NOT_FOUND, &format!("{}\n", d.message)),
    }
}

/// The form of the file `opened` (remembered, to show what changes under it), beside the
/// municipality's built guides; after a save, with what it wrote and the guides it changed.
fn shown(
    editing: &Editing,
    owned: &UiOwned,
    opened: &edit::Opened,
    saved: Option<(&[Line], &[Built])>,
) -> Response<Full<Bytes>> {
    let ui = owned.ui();
    let slug = ui.slug.unwrap_or("");
    editing
        .originals
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remember(&opened.hash, &opened.text);
    let extra = Opened {
        hash: &opened.hash,
        adding: "",
        built: &built(editing, slug, saved.map_or(&[], |(_, b)| b)),
        saved: saved.map(|(diff, _)| diff),
        screens: &opened.screens,
    };
    html(StatusCode::OK, form_page(&ui, &opened.form, &[], &extra))
}

fn post(
    editing: &Editing,
    owned: &UiOwned,
    form: &BTreeMap<String, String>,
) -> Response<Full<Bytes>> {
    let ui = owned.ui();
    let slug = ui.slug.unwrap_or("");
    let fields: BTreeMap<String, String> = form
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let hash = form.get(HASH).map_or("", String::as_str);
    // The script's check as the user types: never saved, answered as JSON.
    let live = form.get(LIVE).is_some_and(|l| l == "1");
    let original = editing
        .originals
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .find(hash);
    let adding = adding(form);
    let joined = adding.join(",");
    let sent = Submission {
        hash,
        original: &original,
        fields: &fields,
        adding: &adding,
        today: crate::cli::new::today(),
        save: form.get(CONFIRM).is_some_and(|c| c == "1") && !live,
    };
    let _saving = editing.saving.lock().unwrap_or_else(|e| e.into_inner());
    let started = std::time::Instant::now();
    let outcome = edit::submit(&editing.root, slug, &sent);
    let checked = started.elapsed();
    if live {
        return live_answer(&ui, outcome);
    }
    match outcome {
        Ok(Outcome::Stale(diff)) => html(StatusCode::CONFLICT, review::stale_page(&ui, &diff)),
        Ok(Outcome::Unchanged) => html(StatusCode::OK, review::unchanged_page(&ui)),
        Ok(Outcome::Invalid(shown, errors, screens)) => {
            let extra = Opened {
                hash,
                adding: &joined,
                built: &built(editing, slug, &[]),
                saved: None,
                screens: &screens,
            };
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&ui, &shown, &errors, &extra),
            )
        }
        Ok(Outcome::Valid { diff, saved: None }) => {
            html(StatusCode::OK, review::review_page(&ui, &diff, form))
        }
        Ok(Outcome::Valid {
            diff,
            saved: Some(written),
        }) => {
            // Built before the answer, so that the preview it shows is the saved file's.
            let before = built(editing, slug, &[]);
            (editing.rebuild)(slug);
            let rebuilt = started.elapsed();
            let page = shown(editing, owned, &written, Some((&diff, &before)));
            timed(
                page,
                &[
                    ("check-save", checked),
                    ("build", rebuilt - checked),
                    ("total", started.elapsed()),
                ],
            )
        }
        Err(d) => plain(StatusCode::NOT_FOUND, &format!("{}\n", d.message)),
    }
}

/// What the live check says of a submission: its errors, a stale file as one without a
/// field, and nothing for a valid or unchanged one.
fn live_answer(
    ui: &crate::render::html::edit::page::Ui<'_>,
    outcome: Result<Outcome, Box<crate::diagnostics::Diagnostic>>,
) -> Response<Full<Bytes>> {
    let unplaced = |message: &str| edit::FieldError {
        field: None,
        message: message.to_string(),
        hint: None,
        line: None,
    };
    let errors = match outcome {
        Ok(Outcome::Invalid(_, errors, _)) => errors,
        Ok(Outcome::Stale(_)) => vec![unplaced(ui.word("stale"))],
        Ok(Outcome::Valid { .. } | Outcome::Unchanged) => Vec::new(),
        Err(d) => vec![unplaced(&d.message)],
    };
    typed(
        StatusCode::OK,
        "application/json",
        live::answer(ui, &errors),
    )
}

/// The guides a submission adds: those it added before (`_adding`) and the one chosen now
/// (`_add`), each a slug, at most a few.
fn adding(form: &BTreeMap<String, String>) -> Vec<String> {
    let before = form.get(ADDING).map_or("", String::as_str).split(',');
    let mut out: Vec<String> = Vec::new();
    for id in before.chain(form.get(ADD).map(String::as_str)) {
        if is_slug(id) && !out.iter().any(|o| o == id) && out.len() < 16 {
            out.push(id.to_string());
        }
    }
    out
}

/// The municipality's guides as the served folder's manifest lists them, each marked
/// changed when `before` (not empty) has it otherwise or not at all.
fn built(editing: &Editing, slug: &str, before: &[Built]) -> Vec<Built> {
    let manifest = crate::write::output::read_manifest(&editing.served);
    manifest
        .map(|m| m.guides)
        .unwrap_or_default()
        .into_iter()
        .filter(|g| g.municipality == slug)
        .map(|g| Built {
            changed: !before.is_empty()
                && !before.iter().any(|b| b.html == g.html && b.hash == g.hash),
            hash: g.hash,
            title: g.title,
            lang: g.lang,
            html: g.html,
            pdf: g.pdf,
        })
        .collect()
}
