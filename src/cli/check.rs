//! `opas check`: everything `opas build` does but the write, with what it found printed.

use std::path::Path;

use crate::cli::{count, report};
use crate::driver::check::check_project;

/// Checks the project; returns the number of errors found.
pub fn run(root: &Path, quiet: bool) -> usize {
    let f = check_project(root);
    report(&f.diagnostics);
    if !quiet {
        eprintln!(
            "checked {}: {} fine, {} with errors; {}, {}",
            count(f.municipalities, "municipality", "municipalities"),
            f.good,
            f.municipalities - f.good,
            count(f.errors, "error", "errors"),
            count(f.warnings, "warning", "warnings"),
        );
    }
    f.errors
}
