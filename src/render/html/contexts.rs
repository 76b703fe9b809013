//! What each page template of a theme is given: the variables of its context, and the
//! fields of those with a fixed set. The theme's templates are checked against these when
//! it loads; the tests below hold them to the contexts the pages are rendered with.

use crate::compose::templates::page_check::{self, Variable};
use crate::diagnostics::Diagnostic;
use crate::load::theme::Theme;

const DOC: &[&str] = &[
    "slug",
    "lang",
    "guide",
    "issuer",
    "municipality_name",
    "title",
    "subtitle",
    "header_label",
    "date_text",
    "date_iso",
    "pdf_file",
    "strings",
];

const MUNICIPALITY: &[&str] = &["slug", "name", "lang", "others", "guides", "canonical"];

/// A guide's page, `guide.html`.
pub const GUIDE: &[Variable] = &[
    ("doc", Some(DOC)),
    ("lang", None),
    ("body", None),
    ("pdf", None),
    ("alternates", None),
    ("canonical", None),
    ("assets", None),
];

/// The index, `index.html`.
pub const INDEX: &[Variable] = &[
    ("guides", None),
    ("municipalities", None),
    ("canonical", None),
    ("alternates", None),
    ("lang", None),
    ("assets", None),
];

/// A municipality's page, `municipality.html`.
pub const MUNICIPALITY_PAGE: &[Variable] = &[
    ("municipality", Some(MUNICIPALITY)),
    ("guides", None),
    ("lang", None),
    ("canonical", None),
    ("alternates", None),
    ("root", None),
    ("assets", None),
];

/// `base.html`, which every page extends: what all of them are given.
pub const BASE: &[Variable] = &[
    ("lang", None),
    ("canonical", None),
    ("alternates", None),
    ("assets", None),
];

/// The problems of every page template of `theme`.
pub fn check_theme(theme: &Theme) -> Vec<Diagnostic> {
    [
        ("base.html", BASE),
        ("guide.html", GUIDE),
        ("index.html", INDEX),
        ("municipality.html", MUNICIPALITY_PAGE),
    ]
    .into_iter()
    .flat_map(|(name, context)| page_check::check(&theme.templates, name, context))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::{PageLinks, lists};

    fn names(context: &tera::Context) -> Vec<String> {
        let mut keys: Vec<String> = context
            .clone()
            .into_json()
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }

    fn declared(context: &[Variable]) -> Vec<String> {
        let mut keys: Vec<String> = context.iter().map(|(n, _)| n.to_string()).collect();
        keys.sort();
        keys
    }

    fn fields(value: &serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_declared_contexts_are_those_the_pages_are_rendered_with() {
        let doc = crate::render::pdf::layout_tests::document(None);
        let links = PageLinks {
            canonical: None,
            root: "../".into(),
            pdf: None,
            alternates: Vec::new(),
        };
        let guide = crate::render::html::guide_context(&doc, &links);
        assert_eq!(names(&guide), declared(GUIDE));
        assert_eq!(fields(&guide.clone().into_json()["doc"]), sorted(DOC));
        assert_eq!(names(&lists::index_context(&[], &[])), declared(INDEX));
        let page = lists::MunicipalityPage {
            slug: "pori".into(),
            name: "Pori".into(),
            lang: "fi".into(),
            others: Vec::new(),
            guides: Vec::new(),
            canonical: None,
        };
        let context = lists::municipality_context(&page);
        assert_eq!(names(&context), declared(MUNICIPALITY_PAGE));
        assert_eq!(
            fields(&context.into_json()["municipality"]),
            sorted(MUNICIPALITY)
        );
        for (name, _) in BASE {
            for context in [GUIDE, INDEX, MUNICIPALITY_PAGE] {
                assert!(context.iter().any(|(n, _)| n == name), "{name}");
            }
        }
    }
}
