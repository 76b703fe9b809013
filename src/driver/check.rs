//! `check` (and the error overlay of `serve`): everything a build does but the write.
//! Every municipality's documents are made and rendered, page and PDF, in memory, and so
//! is the index; whatever would fail a build is reported here.

use std::path::Path;

use rayon::prelude::*;

use crate::compose::model::{Block, Document, FigureContent};
use crate::diagnostics::{Diagnostic, Repeats};
use crate::driver::Site;
use crate::driver::lists::{index_entries, index_municipalities, municipality_page};
use crate::driver::render::Renderer;
use crate::load::project::DEFAULT_LANG;
use crate::render::html;
use crate::render::pdf::Subsets;
use crate::write::incremental;
use crate::write::output::ManifestEntry;

/// What a check found, in the order `opas check` prints it.
pub struct Findings {
    /// Errors and warnings as printed.
    pub diagnostics: Vec<Diagnostic>,
    pub errors: usize,
    pub warnings: usize,
    pub municipalities: usize,
    pub good: usize,
}

impl Findings {
    fn error(&mut self, problems: impl IntoIterator<Item = Diagnostic>) {
        for problem in problems {
            self.errors += 1;
            self.diagnostics.push(problem);
        }
    }

    fn warn(&mut self, warnings: impl IntoIterator<Item = Diagnostic>) {
        for warning in warnings {
            self.warnings += 1;
            self.diagnostics.push(warning);
        }
    }
}

/// Opens the project at `root` and checks all of it.
pub fn check_project(root: &Path) -> Findings {
    check(&Site::open(root, None))
}

/// Checks every municipality, guide and the theme of `site`.
pub fn check(site: &Site) -> Findings {
    let loaded = &site.loaded;
    let mut findings = Findings {
        diagnostics: Vec::new(),
        errors: 0,
        warnings: 0,
        municipalities: loaded.entries.len(),
        good: 0,
    };
    findings.error(loaded.all_problems());
    findings.warn(loaded.warnings.iter().cloned());
    findings.warn(crate::load::schema::stale(loaded));
    let subsets = Subsets::default();
    let renderer = renderer(site, &subsets);
    let results: Vec<_> = loaded
        .entries
        .par_iter()
        .map(|entry| municipality(site, renderer.as_ref(), entry))
        .collect();
    let mut built = Vec::new();
    // A guide's content error is found again for every municipality that publishes it.
    let mut repeats = Repeats::default();
    for (entry, result) in loaded.entries.iter().zip(results) {
        let skipped = entry
            .result
            .as_ref()
            .is_ok_and(|(m, _)| !m.skipped.is_empty());
        match result {
            Ok((entries, placeholders)) => {
                findings.warn(placeholders);
                built.extend(entries);
                // A municipality whose guide has errors is not fine, though the errors are the guide's.
                findings.good += usize::from(!skipped);
            }
            Err(problems) => findings.error(repeats.fresh(problems)),
        }
    }
    repeats.annotate(&mut findings.diagnostics);
    if let Err(problems) = &site.theme {
        findings.error(problems.iter().cloned());
    }
    if let Err(problem) = &site.fonts {
        findings.error([(**problem).clone()]);
    }
    if let Some((theme, _)) = site.renderers() {
        built.sort_by(|a, b| (&a.municipality, &a.guide).cmp(&(&b.municipality, &b.guide)));
        let guides = index_entries(&built);
        let grouped = index_municipalities(&guides, &|_| true);
        if let Err(problem) = html::render_index(theme, &guides, &grouped) {
            findings.error([problem]);
        }
    }
    findings
}

/// The errors `check` reports for one municipality's `entry` (loaded, perhaps from text
/// not yet written, with [`crate::load::project::entry_from_text`]): its file, its own
/// files and its guides made and rendered in memory.
pub fn municipality_errors(site: &Site, entry: &crate::load::project::Entry) -> Vec<Diagnostic> {
    let subsets = Subsets::default();
    match municipality(site, renderer(site, &subsets).as_ref(), entry) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

/// What renders in memory, when the theme and the fonts loaded.
fn renderer<'a>(site: &'a Site, subsets: &'a Subsets) -> Option<Renderer<'a>> {
    site.renderers().map(|(theme, fonts)| Renderer {
        loaded: &site.loaded,
        theme,
        fonts,
        subsets,
        fingerprint: incremental::build_fingerprint(theme),
        base_url: None,
        unchanged: None,
    })
}

/// A municipality's guides rendered in memory (when the theme and fonts loaded): their
/// manifest entries and a warning for each figure still shown as a placeholder.
fn municipality(
    site: &Site,
    renderer: Option<&Renderer<'_>>,
    entry: &crate::load::project::Entry,
) -> Result<(Vec<ManifestEntry>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let composed = site.documents(entry, None)?;
    let placeholders = placeholders(&entry.file, &composed.docs);
    let Some(renderer) = renderer else {
        return composed.into_result().map(|_| (Vec::new(), placeholders));
    };
    let docs = composed.docs;
    let (m, locals) = entry.result.as_ref().map_err(Clone::clone)?;
    // The guides made are rendered even when another was stopped, as a build writes them.
    let rendered = renderer.municipality(m, locals, &docs);
    let rendered = match (rendered, composed.problems.is_empty()) {
        (Ok(rendered), true) => rendered,
        (Ok(_), false) => return Err(composed.problems),
        (Err(more), _) => return Err(composed.problems.into_iter().chain(more).collect()),
    };
    let mut entries: Vec<ManifestEntry> = rendered.into_iter().map(|r| r.entry).collect();
    entries.sort_by(|a, b| a.guide.cmp(&b.guide));
    let first = m.languages.first().map_or(DEFAULT_LANG, String::as_str);
    municipality_page(renderer.theme, None, &m.slug, first, &entries).map_err(|d| vec![d])?;
    Ok((entries, placeholders))
}

/// A warning for each figure that still shows a placeholder instead of a screen.
fn placeholders(file: &str, docs: &[Document]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in docs {
        Block::each_figure(&doc.blocks, &mut |figure| {
            if let FigureContent::Placeholder { expected_path } = &figure.content {
                out.push(
                    Diagnostic::warning(
                        file,
                        format!(
                            "figure {} `{}` ({}) is shown as a placeholder",
                            figure.number, figure.id, doc.lang
                        ),
                    )
                    .hint(format!("add the screenshot as {expected_path}")),
                );
            }
        });
    }
    out
}
