//! The two manifests compared: which guides were added, removed or rewritten, from the
//! content hashes alone, so that only rewritten guides are opened.

use std::collections::BTreeMap;

use crate::compose::diff::model::{Key, Named, SharedFile, Status};
use crate::write::manifest::{Manifest, ManifestEntry};

/// What the manifests say, before any guide is opened.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    /// Guides in both builds whose written bytes differ (or whose hashes are unknown).
    pub rewritten: Vec<(&'a ManifestEntry, &'a ManifestEntry)>,
    /// Guides in both builds written the same.
    pub same: Vec<(&'a ManifestEntry, &'a ManifestEntry)>,
}

/// The key of a manifest entry.
pub fn key(e: &ManifestEntry) -> Key {
    Key {
        municipality: e.municipality.clone(),
        guide: e.guide.clone(),
        lang: e.lang.clone(),
    }
}

/// The entry as the report names it.
pub fn named(e: &ManifestEntry) -> Named {
    Named {
        key: key(e),
        title: e.title.clone(),
    }
}

/// The guides of `old` and `new` sorted into added, removed, rewritten and the same.
pub fn plan<'a>(old: &'a Manifest, new: &'a Manifest) -> Plan<'a> {
    let by_key = |m: &'a Manifest| -> BTreeMap<Key, &'a ManifestEntry> {
        m.guides.iter().map(|e| (key(e), e)).collect()
    };
    let (old, new) = (by_key(old), by_key(new));
    let mut plan = Plan::default();
    for (k, o) in &old {
        match new.get(k) {
            None => plan.removed.push(named(o)),
            Some(n) if written_same(o, n) => plan.same.push((o, n)),
            Some(n) => plan.rewritten.push((o, n)),
        }
    }
    plan.added = new
        .iter()
        .filter(|(k, _)| !old.contains_key(*k))
        .map(|(_, n)| named(n))
        .collect();
    plan
}

/// Whether two entries name the same files with the same bytes.
fn written_same(old: &ManifestEntry, new: &ManifestEntry) -> bool {
    !old.content.is_empty()
        && old.content == new.content
        && old.html == new.html
        && old.pdf == new.pdf
}

/// The shared files of a build (the theme's stylesheet and fonts under `assets/`).
pub fn shared_files(m: &Manifest) -> Vec<&str> {
    m.files
        .iter()
        .map(String::as_str)
        .filter(|f| f.starts_with("assets/"))
        .collect()
}

/// The shared files added, removed or changed, from each build's files and their bytes
/// (`None` for one that could not be read, which counts as changed).
pub fn shared_changes(
    old: &BTreeMap<String, Option<Vec<u8>>>,
    new: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<SharedFile> {
    let mut out = Vec::new();
    for (path, bytes) in old {
        let status = match new.get(path) {
            None => Status::Removed,
            Some(b) if b.is_some() && b == bytes => continue,
            Some(_) => Status::Changed,
        };
        out.push(SharedFile {
            path: path.clone(),
            status,
        });
    }
    for path in new.keys().filter(|p| !old.contains_key(*p)) {
        out.push(SharedFile {
            path: path.clone(),
            status: Status::Added,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(m: &str, lang: &str, content: &str) -> ManifestEntry {
        ManifestEntry {
            municipality: m.into(),
            guide: "kaksivaihe".into(),
            lang: lang.into(),
            title: "Ohje".into(),
            date: "2026-01-01".into(),
            html: format!("{m}/kaksivaihe/{lang}/index.html"),
            pdf: None,
            pdf_bytes: None,
            issuer: String::new(),
            date_text: String::new(),
            language_name: String::new(),
            hash: String::new(),
            content: content.into(),
        }
    }

    #[test]
    fn hashes_decide_what_is_opened() {
        let old = Manifest {
            guides: vec![
                entry("pori", "fi", "a"),
                entry("espoo", "fi", "b"),
                entry("vaasa", "sv", "c"),
            ],
            files: vec![],
        };
        let new = Manifest {
            guides: vec![
                entry("pori", "fi", "a"),
                entry("espoo", "fi", "x"),
                entry("espoo", "sv", "y"),
            ],
            files: vec![],
        };
        let plan = plan(&old, &new);
        assert_eq!(plan.same.len(), 1);
        assert_eq!(plan.rewritten.len(), 1);
        assert_eq!(plan.rewritten[0].1.content, "x");
        assert_eq!(plan.removed[0].key.municipality, "vaasa");
        assert_eq!(plan.added[0].key.lang, "sv");
    }

    #[test]
    fn shared_files_differ_by_bytes() {
        let files = |list: &[(&str, Option<&[u8]>)]| {
            list.iter()
                .map(|(p, b)| (p.to_string(), b.map(<[u8]>::to_vec)))
                .collect::<BTreeMap<_, _>>()
        };
        let old = files(&[
            ("assets/a.css", Some(b"a")),
            ("assets/f.ttf", Some(b"f")),
            ("assets/x", None),
        ]);
        let new = files(&[
            ("assets/a.css", Some(b"b")),
            ("assets/g.ttf", Some(b"g")),
            ("assets/x", None),
        ]);
        let changes: Vec<_> = shared_changes(&old, &new)
            .into_iter()
            .map(|s| (s.path, s.status))
            .collect();
        assert_eq!(
            changes,
            vec![
                ("assets/a.css".into(), Status::Changed),
                ("assets/f.ttf".into(), Status::Removed),
                ("assets/g.ttf".into(), Status::Added),
                ("assets/x".into(), Status::Changed),
            ]
        );
    }
}
