//! `manifest.json`: what a build wrote, read back by the next build. What is read back is
//! untrusted: entries are accepted only as paths opas itself would write, so a planted
//! entry can neither become a `javascript:` link in the index nor make a build remove a
//! file that is not its own.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// Name of the manifest in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// One guide in the manifest; paths are relative to the output folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestEntry {
    pub municipality: String,
    /// The guide's id, e.g. `kayttajatunnusmuutos`.
    #[serde(default)]
    pub guide: String,
    pub lang: String,
    pub title: String,
    pub date: String,
    pub html: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pdf: Option<String>,
    /// The size of the PDF as written, in bytes, for the links that name it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pdf_bytes: Option<u64>,
    /// The issuing body, e.g. "Kokkolan kaupunki", for the index page.
    #[serde(default)]
    pub issuer: String,
    /// The guide's date as printed in it.
    #[serde(default)]
    pub date_text: String,
    /// The language's own name, e.g. "På svenska".
    #[serde(default)]
    pub language_name: String,
    /// Hash of everything the guide's files were made from (see `incremental`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
    /// Hash of the bytes of the guide's files as written (see `incremental`): a guide is
    /// skipped only while the files in place still hash to it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content: String,
}

/// `manifest.json`: every guide opas wrote, and every file it wrote.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
pub struct Manifest {
    pub guides: Vec<ManifestEntry>,
    /// Every file opas wrote in this build, so that a later build may remove them.
    #[serde(default)]
    pub files: Vec<String>,
}

/// The manifest in the output folder `root`, if there is a readable one; entries that opas
/// would not have written are left out.
pub fn read_manifest(root: &Path) -> Option<Manifest> {
    let bytes = crate::write::read_back::read(&root.join(MANIFEST), MAX_MANIFEST).ok()?;
    parse_manifest(&bytes).ok().map(|(manifest, _)| manifest)
}

/// The manifest in `bytes` with the entries opas would not have written left out, and
/// how many were left out.
pub fn parse_manifest(bytes: &[u8]) -> Result<(Manifest, usize), serde_json::Error> {
    let mut manifest: Manifest = serde_json::from_slice(bytes)?;
    let listed = manifest.guides.len() + manifest.files.len();
    manifest.guides.retain(ManifestEntry::is_own);
    manifest.files.retain(|f| own_path(f));
    let dropped = listed - manifest.guides.len() - manifest.files.len();
    Ok((manifest, dropped))
}

/// Largest manifest read back: one of 309 municipalities in three languages is about 1 MB.
pub const MAX_MANIFEST: u64 = 32 * 1024 * 1024;

impl ManifestEntry {
    /// Whether opas could have written this entry: slugs and codes where they belong, its
    /// page and PDF in its own folder, and no control character in its texts.
    fn is_own(&self) -> bool {
        let dir = self.html.strip_suffix("/index.html");
        let pdf_ok = match (&self.pdf, dir) {
            (Some(pdf), Some(dir)) => pdf
                .strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|name| name.ends_with(".pdf") && !name.contains('/')),
            (None, Some(_)) => true,
            _ => false,
        };
        crate::load::values::is_slug(&self.municipality)
            && (self.guide.is_empty() || crate::load::values::is_slug(&self.guide))
            && crate::load::values::is_slug(&self.lang)
            && own_path(&self.html)
            && self.pdf.as_deref().is_none_or(own_path)
            && pdf_ok
            && [
                &self.title,
                &self.date,
                &self.issuer,
                &self.date_text,
                &self.language_name,
                &self.hash,
                &self.content,
            ]
            .iter()
            .all(|t| t.len() <= 4096 && !t.chars().any(char::is_control))
    }
}

/// Whether `rel` is a path opas writes: relative, of plain names made of letters, digits,
/// `.`, `_` and `-`, none starting with a dot.
pub fn own_path(rel: &str) -> bool {
    !rel.is_empty()
        && rel.len() <= 1024
        && rel.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(html: &str, pdf: &str) -> ManifestEntry {
        ManifestEntry {
            municipality: "pori".into(),
            guide: "kaksivaihe".into(),
            lang: "fi".into(),
            title: "Ohje".into(),
            date: "2026-01-01".into(),
            html: html.into(),
            pdf: Some(pdf.into()),
            pdf_bytes: None,
            issuer: String::new(),
            date_text: String::new(),
            language_name: String::new(),
            hash: String::new(),
            content: String::new(),
        }
    }

    #[test]
    fn only_paths_opas_writes_are_accepted() {
        assert!(entry("pori/kaksivaihe/index.html", "pori/kaksivaihe/ohje.pdf").is_own());
        for (html, pdf) in [
            ("javascript:alert(1)//index.html", "pori/a.pdf"),
            ("pori/index.html", "javascript:alert(1).pdf"),
            ("../../etc/index.html", "../../etc/a.pdf"),
            ("/etc/index.html", "/etc/a.pdf"),
            ("pori/index.html", "other/a.pdf"),
        ] {
            assert!(!entry(html, pdf).is_own(), "{html} {pdf}");
        }
        assert!(own_path("assets/css/guide.css"));
        for rel in [
            "",
            "/etc/passwd",
            "a/../../b",
            "a//b",
            ".ssh/id",
            "a b",
            "a\\b",
        ] {
            assert!(!own_path(rel), "{rel}");
        }
    }
}
