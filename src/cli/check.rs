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
        let result = match (&entry.result, &loaded.content) {
            (Err(problems), _) => Err(problems.clone()),
            (Ok((m, local)), Some(content)) => {
                guide::build(m, content, local, &loaded.templates).map(|_| ())
            }
            (Ok(_), None) => Ok(()),
        };
        match result {
            Ok(()) => good += 1,
            Err(problems) => {
                errors += problems.len();
                report(&problems);
            }
        }
    }
    if crate::theme::load(root, "default")
        .map_err(|p| report(&p))
        .is_err()
    {
        errors += 1;
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
