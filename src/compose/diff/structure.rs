//! The PDF's structure, for the structure layer: its tags counted by type, its
//! alternative texts, its language, its outline and its titles, compared as lists.

use std::collections::{BTreeMap, HashSet};

use lopdf::{Dictionary, Document, LoadOptions, Object};

/// Largest stream decompressed while a PDF is read (object and cross-reference streams).
const MAX_STREAM: usize = 64 * 1024 * 1024;
/// Most structure elements and outline items visited in one PDF.
const MAX_NODES: usize = 200_000;

/// What the structure layer compares of one PDF.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub tags: BTreeMap<String, usize>,
    pub alts: Vec<String>,
    pub lang: Option<String>,
    pub outline: Vec<String>,
    pub title: Option<String>,
    pub xmp_title: Option<String>,
}

/// The facts of the PDF `bytes`.
pub fn facts(bytes: &[u8]) -> Result<Facts, String> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options)
        .map_err(|e| format!("the PDF cannot be read: {e}"))?;
    let catalog = doc
        .catalog()
        .map_err(|e| format!("the PDF has no catalog: {e}"))?;
    let mut facts = Facts {
        lang: text(&doc, catalog, b"Lang"),
        ..Facts::default()
    };
    let mut seen = HashSet::new();
    if let Ok(root) = catalog.get_deref(b"StructTreeRoot", &doc) {
        walk_structure(&doc, root, &mut facts, &mut seen);
    }
    if let Ok(Object::Dictionary(outlines)) = catalog.get_deref(b"Outlines", &doc) {
        walk_outline(&doc, outlines, 0, &mut facts.outline, &mut seen);
    }
    if let Ok(Object::Dictionary(info)) = doc.trailer.get_deref(b"Info", &doc) {
        facts.title = text(&doc, info, b"Title");
    }
    if let Ok(Object::Stream(meta)) = catalog.get_deref(b"Metadata", &doc) {
        let xml = meta
            .decompressed_content()
            .unwrap_or_else(|_| meta.content.clone());
        facts.xmp_title = xmp_title(&String::from_utf8_lossy(&xml));
    }
    Ok(facts)
}

/// A text string of `dict`, decoded.
fn text(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    let obj = dict.get_deref(key, doc).ok()?;
    lopdf::decode_text_string(obj).ok()
}

/// Counts the structure elements under `node` by type and collects their /Alt texts.
fn walk_structure(doc: &Document, node: &Object, facts: &mut Facts, seen: &mut HashSet<usize>) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if seen.len() >= MAX_NODES {
            return;
        }
        let node = match node {
            Object::Reference(id) => {
                if !seen.insert(id_key(*id)) {
                    continue;
                }
                match doc.get_object(*id) {
                    Ok(obj) => obj,
                    Err(_) => continue,
                }
            }
            other => other,
        };
        match node {
            Object::Array(items) => stack.extend(items.iter().rev()),
            Object::Dictionary(dict) => {
                if let Ok(kind) = dict.get(b"S").and_then(Object::as_name) {
                    *facts
                        .tags
                        .entry(String::from_utf8_lossy(kind).into_owned())
                        .or_default() += 1;
                }
                if let Some(alt) = text(doc, dict, b"Alt") {
                    facts.alts.push(alt);
                }
                if let Ok(kids) = dict.get(b"K") {
                    stack.push(kids);
                }
            }
            _ => {}
        }
    }
}

/// The titles of the outline items under `parent`, indented by their depth.
fn walk_outline(
    doc: &Document,
    parent: &Dictionary,
    depth: usize,
    out: &mut Vec<String>,
    seen: &mut HashSet<usize>,
) {
    let mut next = parent.get(b"First").and_then(Object::as_reference).ok();
    while let Some(id) = next {
        if seen.len() >= MAX_NODES || depth > 32 || !seen.insert(id_key(id)) {
            return;
        }
        let Ok(Object::Dictionary(item)) = doc.get_object(id) else {
            return;
        };
        let title = text(doc, item, b"Title").unwrap_or_default();
        out.push(format!("{}{title}", "  ".repeat(depth)));
        walk_outline(doc, item, depth + 1, out, seen);
        next = item.get(b"Next").and_then(Object::as_reference).ok();
    }
}

/// A key for an object id in the visited set (structure and outline share it).
fn id_key((number, generation): (u32, u16)) -> usize {
    ((number as usize) << 16) | generation as usize
}

/// The document title of an XMP packet: the first `rdf:li` of `dc:title`.
fn xmp_title(xml: &str) -> Option<String> {
    let title = &xml[xml.find("<dc:title")?..];
    let title = &title[..title.find("</dc:title>")?];
    let li = &title[title.find("<rdf:li")?..];
    let start = li.find('>')? + 1;
    let end = li.find("</rdf:li>")?;
    Some(li.get(start..end)?.trim().to_string())
}

/// What differs between the facts of the old and the new PDF, one line each.
pub fn compare(old: &Facts, new: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    let kinds: std::collections::BTreeSet<&String> =
        old.tags.keys().chain(new.tags.keys()).collect();
    for kind in kinds {
        let (a, b) = (
            old.tags.get(kind).unwrap_or(&0),
            new.tags.get(kind).unwrap_or(&0),
        );
        if a != b {
            out.push(format!("tag {kind}: {a} → {b}"));
        }
    }
    lists("alternative text", &old.alts, &new.alts, &mut out);
    lists("outline item", &old.outline, &new.outline, &mut out);
    for (what, a, b) in [
        ("language (/Lang)", &old.lang, &new.lang),
        ("title (document info)", &old.title, &new.title),
        ("title (XMP)", &old.xmp_title, &new.xmp_title),
    ] {
        if a != b {
            out.push(format!("{what}: {} → {}", shown(a), shown(b)));
        }
    }
    out
}

/// The items of `old` missing from `new` as removed and those of `new` missing from
/// `old` as added, counting repeats.
fn lists(what: &str, old: &[String], new: &[String], out: &mut Vec<String>) {
    let count = |items: &[String]| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for i in items {
            *m.entry(i.trim().to_string()).or_default() += 1;
        }
        m
    };
    let (a, b) = (count(old), count(new));
    for (item, n) in &a {
        for _ in *b.get(item).unwrap_or(&0)..*n {
            out.push(format!("{what} removed: “{item}”"));
        }
    }
    for (item, n) in &b {
        for _ in *a.get(item).unwrap_or(&0)..*n {
            out.push(format!("{what} added: “{item}”"));
        }
    }
}

fn shown(value: &Option<String>) -> String {
    value
        .as_ref()
        .map_or_else(|| "none".to_string(), |v| format!("“{v}”"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_listed_one_a_line() {
        let old = Facts {
            tags: BTreeMap::from([("P".into(), 3), ("Figure".into(), 1)]),
            alts: vec!["Kirjautumissivu".into()],
            lang: Some("fi".into()),
            outline: vec!["Ohje".into(), "  Vaihe 1".into()],
            title: Some("Ohje".into()),
            xmp_title: Some("Ohje".into()),
        };
        let new = Facts {
            tags: BTreeMap::from([("P".into(), 4), ("Figure".into(), 1)]),
            alts: vec!["Kirjautumissivu".into(), "Valikko".into()],
            lang: Some("sv".into()),
            outline: vec!["Ohje".into()],
            ..Facts::default()
        };
        assert_eq!(
            compare(&old, &new),
            [
                "tag P: 3 → 4",
                "alternative text added: “Valikko”",
                "outline item removed: “Vaihe 1”",
                "language (/Lang): “fi” → “sv”",
                "title (document info): “Ohje” → none",
                "title (XMP): “Ohje” → none",
            ]
        );
        assert!(compare(&old, &old).is_empty());
        assert_eq!(
            xmp_title(
                "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Ohje</rdf:li></rdf:Alt></dc:title>"
            ),
            Some("Ohje".into())
        );
        assert!(facts(b"not a pdf").is_err());
    }
}
