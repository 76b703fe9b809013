//! `opas check`: validates every municipality file and the content without writing anything.

use std::path::Path;

use crate::cli::report;
use crate::guide;
use crate::project;

/// Checks the project; returns the number of errors found.
pub fn run(root: &Path, quiet: bool) -> usize {
    let loaded = project::load(root, None);
    report(&loaded.problems);
    report(&loaded.warnings);
    let mut errors = loaded.problems.len();
    let mut good = 0;
    for entry in &loaded.entries {
        let result = match &entry.result {
            Err(problems) => Err(problems.clone()),
            Ok((m, locals)) => {
                guide::build_languages(m, &loaded.content, locals, &loaded.templates).map(|_| ())
            }
        };
        match result {
            Ok(()) => good += 1,
            Err(problems) => {
                errors += problems.len();
                report(&problems);
            }
        }
    }
    if let Err(problems) = crate::theme::load(root, "default") {
        errors += problems.len();
        report(&problems);
    }
    if !quiet {
        eprintln!(
            "checked {} municipalities: {good} fine, {} with errors; {errors} errors, {} warnings",
            loaded.entries.len(),
            loaded.entries.len() - good,
            loaded.warnings.len()
        );
    }
    errors
}
