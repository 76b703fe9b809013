//! `build` and `serve`: every municipality rendered and written, the guides not built
//! now carried over from the last build, then the index, the manifest and the removal
//! of files no build wrote.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Repeats};
use crate::driver::lists;
use crate::driver::render::{Rendered, Renderer};
use crate::driver::{Filter, Site};
use crate::load::municipality::Municipality;
use crate::load::project::DEFAULT_LANG;
use crate::load::project::Entry;
use crate::render::html;
use crate::render::pdf::Subsets;
use crate::write::incremental;
use crate::write::output::{self, Manifest, ManifestEntry, Writer};

/// Options of a build.
pub struct Options<'a> {
    pub out: &'a Path,
    /// Whether `out` may be a symbolic link: only when it was named explicitly. The
    /// default `output/` comes with a cloned project, and a link there would let the
    /// build write and delete wherever it points.
    pub out_may_be_link: bool,
    pub filter: Filter<'a>,
    /// Where the output folder is published, for absolute URLs in the pages.
    pub base_url: Option<&'a str>,
}

/// What a build did; `problems` are in the order they were found, for the caller to print.
#[derive(Debug, Default)]
pub struct Summary {
    pub built: usize,
    pub failed: Vec<String>,
    pub errors: usize,
    pub problems: Vec<Diagnostic>,
    /// Errors outside any one municipality stopped the build before anything was written.
    pub blocked: bool,
    /// The output folder was written.
    pub written: bool,
    /// The manifest differs from the last build's: a guide was rendered anew, added or
    /// removed, or a file came or went. Unchanged, every page is as it was.
    pub changed: bool,
    /// Each `(municipality, guide, language)` an error stopped while its municipality's
    /// other guides were written: its last good version is kept.
    pub stopped: Vec<(String, String, String)>,
}

impl Summary {
    fn fail(&mut self, problems: Vec<Diagnostic>) {
        self.errors += problems.len();
        self.problems.extend(problems);
    }
}

/// Builds the site into `options.out`; broken municipalities are reported and skipped.
pub fn build(site: &Site, options: &Options<'_>) -> Summary {
    let mut summary = Summary::default();
    summary
        .problems
        .extend(site.loaded.warnings.iter().cloned());
    // A guide with errors is left out; the others are built.
    summary.fail(site.loaded.guide_problems.clone());
    let blocking = site.blocking(options.filter);
    let (Some((theme, fonts)), true) = (site.renderers(), blocking.is_empty()) else {
        let count = blocking.len().max(1);
        summary.fail(blocking);
        summary.errors = summary.errors.max(count + site.loaded.guide_problems.len());
        summary.blocked = true;
        return summary;
    };
    let writer = match Writer::new(options.out, options.out_may_be_link) {
        Ok(writer) => writer,
        Err(e) => {
            summary.fail(vec![
                Diagnostic::error(
                    options.out.display().to_string(),
                    format!("cannot use the output folder: {e}"),
                )
                .hint("give another folder with --out, or remove the file that stands in the way"),
            ]);
            return summary;
        }
    };
    let previous = writer.previous_manifest().unwrap_or_default();
    for (rel, bytes) in &theme.assets {
        if let Err(e) = writer.write(&format!("{}/{rel}", html::ASSETS_DIR), bytes) {
            summary.fail(vec![write_error(rel, e)]);
        }
    }
    let subsets = Subsets::default();
    let in_place = |f: &str| writer.keep(f);
    let renderer = Renderer {
        loaded: &site.loaded,
        theme,
        fonts,
        subsets: &subsets,
        fingerprint: incremental::build_fingerprint(theme),
        base_url: options.base_url,
        unchanged: Some((&previous, &in_place)),
    };
    let mut manifest = Manifest::default();
    // Municipalities are independent: build them in parallel, report in file order.
    let entries: Vec<&Entry> = site
        .loaded
        .entries
        .iter()
        .filter(|e| {
            options
                .filter
                .only
                .is_none_or(|only| only.contains(&e.slug))
        })
        .collect();
    let results: Vec<_> = entries
        .par_iter()
        .map(|entry| {
            let (m, locals) = entry.result.as_ref().map_err(Clone::clone)?;
            let composed = site.documents(entry, options.filter.guides)?;
            let rendered = renderer.municipality(m, locals, &composed.docs)?;
            let made = Made {
                rendered,
                stopped: &composed.stopped,
            };
            let built = write_municipality(&writer, &renderer, site, options, &previous, m, made)?;
            Ok((built, composed.stopped, composed.problems))
        })
        .collect();
    // A guide's content error is found again for every municipality that publishes it.
    let mut repeats = Repeats::default();
    for (entry, result) in entries.iter().zip(results) {
        match result {
            Ok((built, stopped, problems)) => {
                summary.built += built.len();
                manifest.guides.extend(built);
                if !problems.is_empty() {
                    summary.failed.push(entry.slug.clone());
                    summary.fail(repeats.fresh(problems));
                }
                let slug = &entry.slug;
                summary
                    .stopped
                    .extend(stopped.into_iter().map(|(g, l)| (slug.clone(), g, l)));
            }
            Err(problems) => {
                summary.failed.push(entry.slug.clone());
                summary.fail(repeats.fresh(problems));
            }
        }
    }
    repeats.annotate(&mut summary.problems);
    finish(site, options, &writer, &previous, manifest, &mut summary);
    summary.written = true;
    summary
}

/// Why `--guide` left the municipalities chosen out, as errors: each one named with
/// `--only` that publishes none of the guides, or, without `--only`, the guides no
/// municipality publishes.
pub fn unpublished(site: &Site, filter: Filter<'_>) -> Vec<Diagnostic> {
    let Some(guides) = filter.guides else {
        return Vec::new();
    };
    let entries: Vec<&Entry> = site
        .loaded
        .entries
        .iter()
        .filter(|e| filter.only.is_none_or(|only| only.contains(&e.slug)))
        .collect();
    let chosen = guides
        .iter()
        .map(|g| format!("`{g}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let publishes = |m: &crate::load::municipality::Municipality| {
        m.guides.iter().any(|t| guides.contains(&t.guide))
            || m.skipped.iter().any(|g| guides.contains(g))
    };
    let without: Vec<_> = entries
        .iter()
        .filter_map(|e| e.result.as_ref().ok())
        .map(|(m, _)| m)
        .filter(|m| !publishes(m))
        .collect();
    if filter.only.is_some() {
        without
            .iter()
            .map(|m| {
                Diagnostic::error(
                    m.file.as_str(),
                    format!("`{}` does not publish {chosen}, so nothing was built for it", m.slug),
                )
                .hint(format!(
                    "the file has no [{}] table: add one (README.md, \"The municipality file\"), or choose a municipality that publishes the guide with --only",
                    guides[0]
                ))
            })
            .collect()
    } else if !entries.is_empty() && without.len() == entries.len() {
        vec![
            Diagnostic::error(
                format!("content/{}/guide.toml", guides[0]),
                format!("no municipality publishes {chosen}, so nothing was built"),
            )
            .hint(format!(
                "a municipality publishes a guide with a [{}] table in its file",
                guides[0]
            )),
        ]
    } else {
        Vec::new()
    }
}

/// Writes a municipality's guides and its page as one unit, only after every one of them
/// rendered: either all its files are replaced or none, so a failure leaves its previous
/// guides whole and in step with the manifest.
fn write_municipality(
    writer: &Writer,
    renderer: &Renderer<'_>,
    site: &Site,
    options: &Options<'_>,
    previous: &Manifest,
    m: &Municipality,
    made: Made<'_>,
) -> Result<Vec<ManifestEntry>, Vec<Diagnostic>> {
    let rendered = made.rendered;
    let mut files: Vec<(String, Vec<u8>)> = rendered.iter().flat_map(|g| g.files.clone()).collect();
    let built: Vec<ManifestEntry> = rendered.into_iter().map(|g| g.entry).collect();
    let mut listed = built.clone();
    listed.extend(
        previous
            .guides
            .iter()
            .filter(|g| g.municipality == m.slug)
            .filter(|g| {
                is_stopped(made.stopped, g)
                    || !is_built(&built, g) && keeps_last(site, options, g, false)
            })
            .cloned(),
    );
    listed.sort_by(|a, b| a.guide.cmp(&b.guide));
    let first = m.languages.first().map_or(DEFAULT_LANG, String::as_str);
    let page = lists::municipality_page(renderer.theme, renderer.base_url, &m.slug, first, &listed)
        .map_err(|d| vec![d])?;
    files.extend(page);
    writer.write_unit(&files).map_err(|(rel, e)| {
        let mut problem = write_error(&rel, e);
        problem.hint = problem
            .hint
            .map(|hint| format!("{hint}; the municipality's previous files are unchanged"));
        vec![problem]
    })?;
    Ok(built)
}

/// A municipality's guides rendered, and the guides and languages an error stopped.
struct Made<'a> {
    rendered: Vec<Rendered>,
    stopped: &'a [(String, String)],
}

/// Whether the guide and language of `g` is one of `stopped`.
fn is_stopped(stopped: &[(String, String)], g: &ManifestEntry) -> bool {
    stopped
        .iter()
        .any(|(guide, lang)| *guide == g.guide && *lang == g.lang)
}

/// Whether `built` holds the guide of `g` (in any language) for its municipality.
fn is_built(built: &[ManifestEntry], g: &ManifestEntry) -> bool {
    built
        .iter()
        .any(|b| b.municipality == g.municipality && b.guide == g.guide)
}

/// Whether a guide of the last build not built now keeps its last good version: when its
/// municipality `failed`, its guide is broken, or the build was partial (`--only`, `--guide`).
fn keeps_last(site: &Site, options: &Options<'_>, g: &ManifestEntry, failed: bool) -> bool {
    failed
        || site.loaded.broken_guides.contains(&g.guide)
        || options.filter.only.is_some()
        || options.filter.guides.is_some()
}

fn write_error(what: &str, e: std::io::Error) -> Diagnostic {
    let hint = match e.raw_os_error() {
        Some(libc::ENAMETOOLONG) => {
            "the file name is longer than the file system takes; shorten the name it is made from"
        }
        Some(libc::ENOSPC | libc::EDQUOT) => "free some space on the disk of the output folder",
        Some(libc::EACCES | libc::EPERM | libc::EROFS) => {
            "check that you may write in the output folder"
        }
        _ => "check the output folder's permissions and free space",
    };
    Diagnostic::error(what, format!("cannot write: {e}")).hint(hint)
}

/// Carries over the guides not built now, writes the index and the manifest, and
/// removes the files of the last build that no guide keeps.
fn finish(
    site: &Site,
    options: &Options<'_>,
    writer: &Writer,
    previous: &Manifest,
    mut manifest: Manifest,
    summary: &mut Summary,
) {
    let carried = carried(site, options, previous, &manifest, summary);
    manifest.guides.extend(carried.iter().map(|g| (*g).clone()));
    manifest
        .guides
        .sort_by(|a, b| (&a.municipality, &a.guide).cmp(&(&b.municipality, &b.guide)));
    let mut keep = writer.written();
    keep.extend(carried_files(previous, &carried));
    if let Some((theme, _)) = site.renderers() {
        let guides = lists::index_entries(&manifest.guides);
        let has_page = |slug: &str| keep.contains(&lists::page_path(slug));
        let grouped = lists::index_municipalities(&guides, &has_page);
        match html::render_index(theme, &guides, &grouped) {
            Ok(page) => {
                if let Err(e) = writer.write("index.html", page.as_bytes()) {
                    summary.fail(vec![write_error("index.html", e)]);
                }
                keep.push("index.html".to_string());
            }
            Err(d) => summary.fail(vec![d]),
        }
    }
    keep.push(output::MANIFEST.to_string());
    keep.sort();
    keep.dedup();
    manifest.files = keep.clone();
    summary.changed = manifest != *previous;
    if let Err(e) = writer.write_manifest(&manifest) {
        summary.fail(vec![write_error(output::MANIFEST, e)]);
    } else {
        writer.remove_stale(previous, &keep);
    }
}

/// The guides of the last build not built now that keep their last good version: those
/// of broken municipalities, broken guides, and with `--only` or `--guide` every other one.
fn carried<'a>(
    site: &Site,
    options: &Options<'_>,
    previous: &'a Manifest,
    manifest: &Manifest,
    summary: &Summary,
) -> Vec<&'a ManifestEntry> {
    let stopped = |g: &ManifestEntry| {
        summary
            .stopped
            .iter()
            .any(|(m, guide, lang)| *m == g.municipality && *guide == g.guide && *lang == g.lang)
    };
    previous
        .guides
        .iter()
        .filter(|g| {
            stopped(g)
                || !is_built(&manifest.guides, g)
                    && keeps_last(site, options, g, summary.failed.contains(&g.municipality))
        })
        .collect()
}

/// The files of the carried guides: their pages, PDFs and screenshots, and the pages of
/// their municipalities. Looked up by folder, so that a partial build of one municipality
/// among hundreds costs a pass over the files, not one for each carried guide.
fn carried_files(previous: &Manifest, carried: &[&ManifestEntry]) -> Vec<String> {
    let dirs: HashSet<&str> = carried
        .iter()
        .filter_map(|g| g.html.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    let pages: HashSet<String> = carried
        .iter()
        .map(|g| lists::page_path(&g.municipality))
        .collect();
    previous
        .files
        .iter()
        .filter(|f| pages.contains(f.as_str()) || carried_dir(f).any(|d| dirs.contains(d)))
        .cloned()
        .collect()
}

/// The folders whose guide a file belongs to: the folder it is in, and the one above
/// each `screenshots/` on its path.
fn carried_dir(file: &str) -> impl Iterator<Item = &str> {
    let own = file.rsplit_once('/').map(|(dir, _)| dir);
    let shots = file
        .match_indices("/screenshots/")
        .map(move |(at, _)| &file[..at]);
    own.into_iter().chain(shots)
}
