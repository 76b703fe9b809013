//! `opas diff`: what changed between two builds, as a summary on standard output and as
//! HTML, Markdown and JSON reports. Exit status: 0 nothing changed, 1 something did,
//! 2 the comparison failed.

use std::path::{Path, PathBuf};

use crate::cli::{print_stdout, report};
use crate::diagnostics::Diagnostic;
use crate::driver::diff::{self, Side};
use crate::render::diff::{html, json, markdown, text};

/// The exit status when nothing changed, when something did, and when the comparison
/// failed (as `diff` and `cmp` have them).
pub const SAME: u8 = 0;
pub const CHANGED: u8 = 1;
pub const FAILED: u8 = 2;

/// Options of `opas diff`.
pub struct DiffOptions<'a> {
    pub root: &'a Path,
    /// The folders named: OLD and NEW, or with `rev` at most NEW.
    pub folders: &'a [PathBuf],
    pub rev: Option<&'a str>,
    pub html: Option<&'a Path>,
    pub markdown: Option<&'a Path>,
    pub json: Option<&'a Path>,
    pub exit_zero: bool,
    pub quiet: bool,
}

/// Compares, prints the summary, writes the reports asked for; returns the exit status.
pub fn run(options: &DiffOptions<'_>) -> u8 {
    let (old, new) = match sides(options) {
        Ok(sides) => sides,
        Err(problem) => {
            report(&[*problem]);
            return FAILED;
        }
    };
    let progress = |what: &str| {
        if !options.quiet {
            eprintln!("{what}…");
        }
    };
    let outcome = match diff::run(options.root, &old, &new, &progress) {
        Ok(outcome) => outcome,
        Err(problems) => {
            report(&problems);
            return FAILED;
        }
    };
    if outcome.ignored > 0 && !options.quiet {
        eprintln!(
            "warning: ignored {} manifest entries that opas does not write (paths out of the folder or not its own)",
            outcome.ignored
        );
    }
    let r = &outcome.report;
    print_stdout(&text::render(r));
    let mut failed = Vec::new();
    for (path, bytes) in [
        (options.html, html::render as fn(&_) -> Vec<u8>),
        (options.markdown, markdown::render),
        (options.json, json::render),
    ]
    .into_iter()
    .filter_map(|(path, render)| Some((path?, render(r))))
    {
        if let Err(e) = crate::write::report::write(path, &bytes) {
            failed.push(
                Diagnostic::error(
                    path.display().to_string(),
                    format!("cannot write the report: {e}"),
                )
                .hint("name a file in a folder you may write to"),
            );
        }
    }
    if !failed.is_empty() {
        report(&failed);
        return FAILED;
    }
    if r.changed() && !options.exit_zero {
        CHANGED
    } else {
        SAME
    }
}

/// The old and the new side from the folders and `--rev`.
fn sides<'a>(options: &'a DiffOptions<'a>) -> Result<(Side<'a>, Side<'a>), Box<Diagnostic>> {
    let usage = |message: &str| {
        Box::new(
            Diagnostic::error("opas diff", message.to_string())
                .hint("give two output folders (`opas diff OLD NEW`), or a revision and at most one folder (`opas diff --rev main [NEW]`)"),
        )
    };
    match (options.rev, options.folders) {
        (Some(rev), []) => Ok((Side::Revision(rev), Side::WorkingTree)),
        (Some(rev), [new]) => Ok((Side::Revision(rev), Side::Folder(new))),
        (Some(_), _) => Err(usage("with --rev, give at most one folder (the new build)")),
        (None, [old, new]) => Ok((Side::Folder(old), Side::Folder(new))),
        (None, _) => Err(usage("give the old and the new output folder")),
    }
}
