//! `opas diff`: two builds compared. Each side is a folder `opas build` wrote, or is
//! built here into a temporary folder (a git revision's project files, or the working
//! tree); the manifests decide which guides are opened, and only those are compared.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::compose::diff::compare::{self, named, shared_files};
use crate::compose::diff::model::{Layers, Page, Picture, Rect, Report};
use crate::compose::diff::{group, structure, text, words};
use crate::compose::pages_diff::{self, PagesOptions};
use crate::diagnostics::Diagnostic;
use crate::driver::publish;
use crate::driver::{Filter, Site};
use crate::load::built::{self, Built, MAX_FILE, MAX_PAGE};
use crate::load::revision;
use crate::write::manifest::ManifestEntry;

/// One side of the comparison.
pub enum Side<'a> {
    /// A folder `opas build` wrote.
    Folder(&'a Path),
    /// The project as this git revision holds it, built by this opas.
    Revision(&'a str),
    /// The project as it is now, built by this opas.
    WorkingTree,
}

impl Side<'_> {
    fn label(&self) -> String {
        match self {
            Side::Folder(p) => p.display().to_string(),
            Side::Revision(rev) => format!("revision {rev}"),
            Side::WorkingTree => "the working tree".into(),
        }
    }
}

/// What `opas diff` found, and how many manifest entries it ignored as not opas's own.
pub struct Outcome {
    pub report: Report,
    pub ignored: usize,
}

/// Compares `old` with `new` for the project at `root` (which `--rev` and the working
/// tree are built from); `progress` is told what is being built.
pub fn run(
    root: &Path,
    old: &Side<'_>,
    new: &Side<'_>,
    progress: &dyn Fn(&str),
) -> Result<Outcome, Vec<Diagnostic>> {
    let scratch = tempfile::tempdir().map_err(|e| {
        vec![
            Diagnostic::error("opas diff", format!("cannot make a temporary folder: {e}"))
                .hint("check the temporary folder's free space (TMPDIR)"),
        ]
    })?;
    let old_dir = prepare(root, old, &scratch.path().join("old"), progress)?;
    let new_dir = prepare(root, new, &scratch.path().join("new"), progress)?;
    let old_built = built::open(&old_dir).map_err(|d| vec![d])?;
    let new_built = built::open(&new_dir).map_err(|d| vec![d])?;
    let mut report = compare_builds(&old_built, &new_built);
    report.old = old.label();
    report.new = new.label();
    Ok(Outcome {
        report,
        ignored: old_built.ignored + new_built.ignored,
    })
}

/// The folder of a side: given, or built into `scratch`.
fn prepare(
    root: &Path,
    side: &Side<'_>,
    scratch: &Path,
    progress: &dyn Fn(&str),
) -> Result<PathBuf, Vec<Diagnostic>> {
    match side {
        Side::Folder(path) => Ok(path.to_path_buf()),
        Side::Revision(rev) => {
            progress(&format!("building revision {rev}"));
            let project = scratch.join("project");
            revision::extract(root, rev, &project).map_err(|d| vec![d])?;
            build_into(&project, &scratch.join("out"), &side.label())
        }
        Side::WorkingTree => {
            progress("building the working tree");
            build_into(root, &scratch.join("out"), &side.label())
        }
    }
}

/// Builds the project at `project` into `out`; any error fails the comparison, which
/// would otherwise show a guide that failed as removed.
fn build_into(project: &Path, out: &Path, label: &str) -> Result<PathBuf, Vec<Diagnostic>> {
    let site = Site::open(project, None);
    let summary = publish::build(
        &site,
        &publish::Options {
            out,
            out_may_be_link: false,
            filter: Filter::default(),
            base_url: None,
        },
    );
    if summary.errors > 0 || !summary.written {
        let mut problems: Vec<Diagnostic> = summary
            .problems
            .into_iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .collect();
        problems.push(
            Diagnostic::error("opas diff", format!("{label} does not build"))
                .hint("fix the errors above, or compare two folders built with `opas build`"),
        );
        return Err(problems);
    }
    Ok(out.to_path_buf())
}

/// The report of two opened builds (without their labels).
pub fn compare_builds(old: &Built, new: &Built) -> Report {
    let plan = compare::plan(&old.manifest, &new.manifest);
    let shared = compare::shared_changes(&read_shared(old), &read_shared(new));
    let shared_paths: Vec<String> = shared.iter().map(|s| s.path.clone()).collect();
    let mut changes: Vec<(&ManifestEntry, &ManifestEntry, Layers)> = plan
        .rewritten
        .par_iter()
        .map(|(o, n)| (*o, *n, layers(old, new, o, n, &shared_paths)))
        .collect();
    if !shared_paths.is_empty() {
        changes.extend(plan.same.iter().map(|(o, n)| {
            let layers = Layers {
                shared: shared_paths.clone(),
                ..Layers::default()
            };
            (*o, *n, layers)
        }));
        changes.sort_by_key(|a| compare::key(a.1));
    }
    let total = plan.rewritten.len() + plan.same.len();
    changes.retain(|(_, _, l)| l.html || l.pdf || !l.shared.is_empty() || !l.notes.is_empty());
    let pairs: BTreeMap<_, _> = changes
        .iter()
        .map(|(o, n, _)| (compare::key(n), (*o, *n)))
        .collect();
    let unchanged = total - changes.len();
    let mut groups = group::group(changes.into_iter().map(|(_, n, l)| (named(n), l)).collect());
    groups.par_iter_mut().for_each(|g| {
        if let Some((o, n)) = pairs.get(&g.example.key) {
            pages(old, new, o, n, &mut g.layers);
        }
    });
    Report {
        added: plan.added,
        removed: plan.removed,
        unchanged,
        shared,
        groups,
        ..Report::default()
    }
}

/// The bytes of each shared file of a build (`None` for one that cannot be read).
fn read_shared(b: &Built) -> BTreeMap<String, Option<Vec<u8>>> {
    shared_files(&b.manifest)
        .into_iter()
        .map(|f| (f.to_string(), b.read(f, MAX_FILE).ok()))
        .collect()
}

/// The words and the PDF structure of a guide rewritten between the builds.
fn layers(
    old: &Built,
    new: &Built,
    o: &ManifestEntry,
    n: &ManifestEntry,
    shared: &[String],
) -> Layers {
    let mut l = Layers {
        shared: shared.to_vec(),
        ..Layers::default()
    };
    match (old.read(&o.html, MAX_PAGE), new.read(&n.html, MAX_PAGE)) {
        (Ok(a), Ok(b)) if a == b => {}
        (Ok(a), Ok(b)) => {
            l.html = true;
            let text = |bytes: &[u8]| text::words(&String::from_utf8_lossy(bytes));
            l.words = words::diff(&text(&a), &text(&b));
        }
        (Err(e), _) | (_, Err(e)) => {
            l.html = true;
            l.notes.push(format!("the page cannot be compared: {e}"));
        }
    }
    match (&o.pdf, &n.pdf) {
        (Some(a), Some(b)) => match (old.read(a, MAX_FILE), new.read(b, MAX_FILE)) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(a), Ok(b)) => {
                l.pdf = true;
                match (structure::facts(&a), structure::facts(&b)) {
                    (Ok(fa), Ok(fb)) => l.structure = structure::compare(&fa, &fb),
                    (Err(e), _) | (_, Err(e)) => l.notes.push(e),
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                l.pdf = true;
                l.notes.push(format!("the PDF cannot be compared: {e}"));
            }
        },
        (None, Some(_)) => {
            l.pdf = true;
            l.notes.push("the guide has a PDF now".into());
        }
        (Some(_), None) => {
            l.pdf = true;
            l.notes.push("the guide has no PDF any more".into());
        }
        (None, None) => {}
    }
    l
}

/// The changed pages of a guide's PDF as pictures, for a group's example.
fn pages(old: &Built, new: &Built, o: &ManifestEntry, n: &ManifestEntry, l: &mut Layers) {
    let (Some(a), Some(b), true) = (&o.pdf, &n.pdf, l.pdf) else {
        return;
    };
    let (Ok(a), Ok(b)) = (old.read(a, MAX_FILE), new.read(b, MAX_FILE)) else {
        return;
    };
    match pages_diff::changed_pages(&a, &b, &PagesOptions::default()) {
        Ok(changes) => {
            l.pages = changes
                .into_iter()
                .map(|c| Page {
                    page: c.page,
                    regions: c
                        .regions
                        .into_iter()
                        .map(|r| Rect {
                            x: r.x,
                            y: r.y,
                            width: r.width,
                            height: r.height,
                        })
                        .collect(),
                    old: c.old.map(picture),
                    new: c.new.map(picture),
                })
                .collect();
        }
        Err(e) => l.notes.push(format!("the pages cannot be drawn: {e}")),
    }
}

fn picture(p: pages_diff::PagePicture) -> Picture {
    Picture {
        png: p.png,
        width: p.width,
        height: p.height,
    }
}
