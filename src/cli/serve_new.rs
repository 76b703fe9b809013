//! The edit pages' list of municipalities and their "new municipality": a file written as
//! `opas new` writes it, never over another.

use std::collections::BTreeMap;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

use crate::cli::serve_edit_state::{Editing, UiOwned};
use crate::cli::serve_reply::html;
use crate::load::{municipality::is_slug, project};
use crate::render::html::edit::page::{Ui, list_page};

/// The list of municipalities and the form of a new one.
pub fn list(editing: &Editing, ui: &Ui<'_>, problem: Option<&str>) -> String {
    let slugs = project::municipality_slugs(&editing.root);
    let guides: Vec<String> = project::load(&editing.root, Some(&[]))
        .guides
        .into_keys()
        .collect();
    list_page(ui, &slugs, &guides, problem)
}

/// A new municipality, written as `opas new` writes it; then its form.
pub fn create(
    editing: &Editing,
    owned: &UiOwned,
    form: &BTreeMap<String, String>,
) -> Response<Full<Bytes>> {
    let ui = Ui {
        slug: None,
        ..owned.ui()
    };
    let value = |name: &str| form.get(name).map_or("", |v| v.trim());
    let guides: Vec<String> = form
        .iter()
        .filter_map(|(k, v)| Some(k.strip_prefix("guide.")?).filter(|_| v == "true"))
        .filter(|id| is_slug(id))
        .map(str::to_string)
        .collect();
    let kind = if value("kind") == "kunta" {
        "kunta"
    } else {
        "kaupunki"
    };
    let languages: Vec<String> = value("languages")
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let options = crate::cli::new::NewOptions {
        root: &editing.root,
        slug: value("slug"),
        languages: &languages,
        name: Some(value("name")),
        genitive: Some(value("genitive")),
        guides: &guides,
        kind,
        date: None,
        quiet: true,
    };
    match crate::cli::new::create(&options) {
        Ok(_) => {
            let mut response = Response::new(Full::new(Bytes::new()));
            *response.status_mut() = StatusCode::SEE_OTHER;
            if let Ok(to) = HeaderValue::from_str(&ui.url(Some(options.slug), ui.lang)) {
                response.headers_mut().insert(header::LOCATION, to);
            }
            response
        }
        Err(d) => {
            let problem = match &d.hint {
                Some(h) => format!("{} ({h})", d.message),
                None => d.message.clone(),
            };
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                list(editing, &ui, Some(&problem)),
            )
        }
    }
}
