//! Every guide of the project laid out as its PDF: no line ends inside a quoted label or
//! an address, names from the municipality's data are never hyphenated, and no block's
//! second-to-last line ends in a hyphen.

use std::path::Path;

use opas::compose::document;
use opas::compose::model::Document;
use opas::load::project;
use opas::render::pdf;
use opas::render::pdf::layout::items::{Item, Layout, Origin};
use opas::render::pdf::layout::look::BODY;
use opas::render::pdf::layout::reading::{TextLine, text_lines};

const SOFT: char = '\u{ad}';

/// Every document of the project with its body lines and its layout.
fn laid_out() -> Vec<(Document, Vec<TextLine>, Layout)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = project::load(root, None);
    let fonts = opas::driver::load_fonts(root, "default").expect("the fonts load");
    let mut out = Vec::new();
    for entry in &loaded.entries {
        let (m, locals) = entry.result.as_ref().expect("the municipality loads");
        let docs = document::build_all(m, &loaded, locals, None)
            .into_result()
            .expect("the guides build");
        for doc in docs {
            let layout = pdf::layout(&doc, &fonts);
            out.push((doc, text_lines(&layout, BODY), layout));
        }
    }
    assert!(out.len() >= 10, "{} documents", out.len());
    out
}

fn name(doc: &Document) -> String {
    format!("{} {} {}", doc.slug, doc.guide, doc.lang)
}

#[test]
fn the_guides_break_no_label_no_address_and_no_name() {
    let mut labels = 0;
    for (doc, lines, _) in &laid_out() {
        let mut open = false;
        for (i, line) in lines.iter().enumerate() {
            let quotes = line.text.matches(['"', '”', '“']).count();
            labels += quotes / 2;
            open ^= quotes % 2 == 1;
            assert!(
                !open || line.last,
                "{}: a line ends inside a label: {:?}",
                name(doc),
                line.text
            );
            open &= !line.last;
            let word = line.text.rsplit(' ').next().unwrap_or("");
            assert!(
                !(word.contains(['@', '/']) && !line.last && word.ends_with(['-', '/', '.'])),
                "{}: an address is broken: {:?}",
                name(doc),
                line.text
            );
            if line.text.ends_with(SOFT) {
                // The hyphenated word whole: its start here, its rest on the next line.
                let rest = lines
                    .get(i + 1)
                    .map_or("", |n| n.text.split(' ').next().unwrap_or(""));
                let broken = format!("{}{rest}", word.trim_end_matches(SOFT)).to_lowercase();
                let mut kept = doc.hyphenation.keep_whole.iter();
                assert!(
                    !kept.any(|k| broken.starts_with(&k.to_lowercase())),
                    "{}: a name is hyphenated: {:?}",
                    name(doc),
                    line.text
                );
                let second_to_last = lines.get(i + 1).is_some_and(|next| next.last);
                assert!(
                    !second_to_last,
                    "{}: a hyphen on the second-to-last line: {:?}",
                    name(doc),
                    line.text
                );
            }
        }
    }
    assert!(labels > 20, "the guides quote their labels: {labels}");
}

#[test]
fn no_hyphenated_word_is_split_across_pages() {
    for (doc, _, layout) in &laid_out() {
        for (n, page) in layout.pages.iter().enumerate().take(layout.pages.len() - 1) {
            let last = page
                .items
                .iter()
                // The running header and the page number are artifacts.
                .filter(|p| p.origin != Origin::Artifact)
                .filter_map(|p| match &p.item {
                    Item::Text { y, text, .. } => Some((*y, text)),
                    _ => None,
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, text)) = last {
                assert!(
                    !text.ends_with(SOFT),
                    "{} page {}: ends in a hyphen: {text:?}",
                    name(doc),
                    n + 1
                );
            }
        }
    }
}
