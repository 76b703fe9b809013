//! Content hashes that let a build skip guides whose inputs did not change.
//!
//! A guide's hash covers everything its files are made from: the document model
//! (which holds every municipality value and content text), the links around its
//! page, its screenshots, the theme (templates, CSS and fonts) and the opas binary
//! itself. The hash is recorded in manifest.json; a later build that computes the
//! same hash and finds the files in place leaves them as they are.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::compose::document::ScreenshotFile;
use crate::compose::model::Document;
use crate::load::theme::Theme;
use crate::render::html::PageLinks;

/// What every guide of a build shares: the theme and the program.
pub fn build_fingerprint(theme: &Theme) -> u64 {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // A rebuilt binary renders differently even at the same version.
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
    }
    theme.sources.hash(&mut h);
    for (path, bytes) in &theme.assets {
        path.hash(&mut h);
        bytes.hash(&mut h);
    }
    h.finish()
}

/// The hash of the bytes of a guide's files, by path (in any order), as hex.
pub fn content_hash<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut files: Vec<(&str, &[u8])> = files.collect();
    files.sort_unstable_by_key(|(path, _)| *path);
    let mut h = DefaultHasher::new();
    files.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The hash of one guide's inputs, as hex.
pub fn guide_hash<'a>(
    build: u64,
    doc: &Document,
    links: &PageLinks,
    screenshots: impl Iterator<Item = &'a ScreenshotFile>,
) -> String {
    let mut h = DefaultHasher::new();
    build.hash(&mut h);
    serde_json::to_string(doc).unwrap_or_default().hash(&mut h);
    serde_json::to_string(links)
        .unwrap_or_default()
        .hash(&mut h);
    for shot in screenshots {
        shot.file_name.hash(&mut h);
        shot.bytes.hash(&mut h);
    }
    format!("{:016x}", h.finish())
}
