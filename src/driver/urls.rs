//! The output folder's URL scheme: where each document's page and PDF go, and the links
//! between a page, its PDF and the same guide in its other languages.

use crate::compose::model::Document;
use crate::load::municipality::Municipality;
use crate::load::project::{self, Loaded};
use crate::render::html::{Alternate, PageLinks};

/// The folder of a document in the output: `<slug>/<guide path>` for the guide's first
/// language, `<slug>/<guide path>/<lang>` for the others; a language with a path of its
/// own (`[lang.<code>] path`) goes in `<slug>/<its path>`.
pub fn doc_dir(loaded: &Loaded, m: &Municipality, doc: &Document) -> String {
    let decl = loaded.guides.get(&doc.guide);
    let primary = m
        .guides
        .iter()
        .find(|t| t.guide == doc.guide)
        .and_then(|t| t.languages.first())
        .map_or(project::DEFAULT_LANG, String::as_str);
    let own = |lang: &str| decl.and_then(|d| d.own_path(lang));
    let path = own(primary)
        .or(decl.map(|d| d.path.as_str()))
        .unwrap_or(&doc.guide);
    match own(&doc.lang) {
        Some(own) if doc.lang != primary => format!("{}/{own}", m.slug),
        _ => guide_dir(&format!("{}/{path}", m.slug), &doc.lang, primary),
    }
}

/// The folder of a guide in the output: `<slug>` for the first language, `<slug>/<lang>` for the others.
pub fn guide_dir(slug: &str, lang: &str, primary: &str) -> String {
    if lang == primary {
        slug.to_string()
    } else {
        format!("{slug}/{lang}")
    }
}

/// The path of `to` (relative to the output root) as seen from the folder `from`.
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// The links around a guide's page in `dir`: its PDF, and the same guide in its other
/// languages (`siblings`, each with its folder); absolute too when `base_url` is known.
pub fn page_links(
    base_url: Option<&str>,
    doc: &Document,
    dir: &str,
    siblings: &[(&Document, &String)],
) -> PageLinks {
    let absolute = |path: &str| base_url.map(|b| format!("{}/{path}", b.trim_end_matches('/')));
    PageLinks {
        canonical: absolute(&format!("{dir}/index.html")),
        root: "../".repeat(dir.split('/').count()),
        pdf: Some(doc.pdf_file.clone()),
        alternates: siblings
            .iter()
            .map(|(other, other_dir)| {
                let path = format!("{other_dir}/index.html");
                Alternate {
                    lang: other.lang.clone(),
                    name: other.strings.language_name.clone(),
                    href: relative(dir, &path),
                    url: absolute(&path),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_between_language_folders() {
        assert_eq!(
            relative("kokkola", "kokkola/sv/index.html"),
            "sv/index.html"
        );
        assert_eq!(
            relative("kokkola/sv", "kokkola/index.html"),
            "../index.html"
        );
        assert_eq!(
            relative("kokkola/sv", "kokkola/en/index.html"),
            "../en/index.html"
        );
        assert_eq!(guide_dir("espoo", "sv", "fi"), "espoo/sv");
        assert_eq!(guide_dir("espoo", "fi", "fi"), "espoo");
    }
}
