//! `opas build`: writes every guide, the index and the manifest to the output folder.

use std::path::Path;

use crate::cli::report;
use crate::diagnostics::Diagnostic;
use crate::html::{self, IndexEntry};
use crate::model::Document;
use crate::output::{Manifest, ManifestEntry, Writer};
use crate::project::{self, Entry, Loaded};
use crate::theme::{self, Theme};
use crate::{guide, output};

/// Options of a build.
pub struct BuildOptions<'a> {
    pub root: &'a Path,
    pub out: &'a Path,
    pub only: Option<&'a [String]>,
    pub quiet: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Summary {
    pub built: usize,
    pub failed: Vec<String>,
    pub errors: usize,
}

/// Builds the project; broken municipalities are reported and skipped.
pub fn run(options: &BuildOptions<'_>) -> Summary {
    let loaded = project::load(options.root, options.only);
    report(&loaded.warnings);
    let theme = theme::load(options.root, "default");
    let mut global = loaded.problems.clone();
    if let Err(problems) = &theme {
        global.extend(problems.iter().cloned());
    }
    let (Some(_), Ok(theme), true) = (&loaded.content, theme, global.is_empty()) else {
        report(&global);
        eprintln!("error: nothing was built; fix the errors above");
        return Summary {
            errors: global.len().max(1),
            ..Summary::default()
        };
    };
    let writer = match Writer::new(options.out) {
        Ok(writer) => writer,
        Err(e) => {
            report(&[Diagnostic::error(
                options.out.display().to_string(),
                format!("cannot use the output folder: {e}"),
            )
            .hint("give another folder with --out, or remove the file that stands in the way")]);
            return Summary {
                errors: 1,
                ..Summary::default()
            };
        }
    };
    build_all(&loaded, &theme, &writer, options)
}

fn build_all(
    loaded: &Loaded,
    theme: &Theme,
    writer: &Writer,
    options: &BuildOptions<'_>,
) -> Summary {
    let previous = writer.previous_manifest().unwrap_or_default();
    let mut summary = Summary::default();
    let mut manifest = Manifest::default();
    let mut index = Vec::new();
    let write_error = |summary: &mut Summary, what: &str, e: std::io::Error| {
        report(&[Diagnostic::error(what, format!("cannot write: {e}"))
            .hint("check the output folder's permissions and free space")]);
        summary.errors += 1;
    };
    for (rel, bytes) in &theme.assets {
        if let Err(e) = writer.write(&format!("{}/{rel}", html::ASSETS_DIR), bytes) {
            write_error(&mut summary, rel, e);
        }
    }
    for entry in &loaded.entries {
        match build_one(loaded, theme, writer, entry) {
            Ok((doc, manifest_entry)) => {
                summary.built += 1;
                index.push(index_entry(&doc, &manifest_entry));
                manifest.guides.push(manifest_entry);
            }
            Err(problems) => {
                summary.errors += problems.len();
                summary.failed.push(entry.slug.clone());
                report(&problems);
                // Keep the last good guide of a broken municipality, and its files.
                manifest.guides.extend(
                    previous
                        .guides
                        .iter()
                        .filter(|g| g.municipality == entry.slug)
                        .cloned(),
                );
            }
        }
    }
    let index_html = html::render_index(theme, &index);
    match index_html {
        Ok(page) => {
            if let Err(e) = writer.write("index.html", page.as_bytes()) {
                write_error(&mut summary, "index.html", e);
            }
        }
        Err(d) => {
            summary.errors += 1;
            report(&[d]);
        }
    }
    let mut keep = writer.written();
    keep.extend(
        previous
            .files
            .iter()
            .filter(|f| {
                summary
                    .failed
                    .iter()
                    .any(|s| f.starts_with(&format!("{s}/")))
            })
            .cloned(),
    );
    keep.push(output::MANIFEST.to_string());
    keep.sort();
    keep.dedup();
    manifest.files = keep.clone();
    if let Err(e) = writer.write_manifest(&manifest) {
        write_error(&mut summary, output::MANIFEST, e);
    } else if options.only.is_none() {
        writer.remove_stale(&previous, &keep);
    }
    if !options.quiet {
        eprintln!(
            "built {} guides into {}{}",
            summary.built,
            options.out.display(),
            if summary.failed.is_empty() {
                String::new()
            } else {
                format!("; failed: {}", summary.failed.join(", "))
            }
        );
    }
    summary
}

/// Builds and writes one municipality's guide; nothing is written unless all of it rendered.
fn build_one(
    loaded: &Loaded,
    theme: &Theme,
    writer: &Writer,
    entry: &Entry,
) -> Result<(Document, ManifestEntry), Vec<Diagnostic>> {
    let (m, local) = entry.result.as_ref().map_err(Clone::clone)?;
    let content = loaded.content.as_ref().ok_or_else(Vec::new)?;
    let doc = guide::build(m, content, local, &loaded.templates)?;
    let page = html::render_guide(theme, &doc, None).map_err(|d| vec![d])?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for shot in local.screenshots.values() {
        files.push((
            format!("{}/screenshots/{}", m.slug, shot.file_name),
            shot.bytes.to_vec(),
        ));
    }
    let html_path = format!("{}/index.html", m.slug);
    files.push((html_path.clone(), page.into_bytes()));
    for (rel, bytes) in &files {
        writer.write(rel, bytes).map_err(|e| {
            vec![
                Diagnostic::error(rel, format!("cannot write: {e}"))
                    .hint("check the output folder's permissions and free space"),
            ]
        })?;
    }
    let entry = ManifestEntry {
        municipality: m.slug.clone(),
        lang: doc.lang.clone(),
        variant: doc.variant.clone(),
        title: doc.title.clone(),
        date: doc.date_iso.clone(),
        html: html_path,
        pdf: None,
    };
    Ok((doc, entry))
}

fn index_entry(doc: &Document, entry: &ManifestEntry) -> IndexEntry {
    IndexEntry {
        slug: doc.slug.clone(),
        name: doc.municipality_name.clone(),
        issuer: doc.issuer.clone(),
        lang: doc.lang.clone(),
        title: doc.title.clone(),
        date_text: doc.date_text.clone(),
        variant: doc.variant.clone(),
        html: entry.html.clone(),
        pdf: entry.pdf.clone(),
    }
}
