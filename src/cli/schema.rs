//! `opas schema`: prints the JSON Schema of the municipality file.

use std::path::Path;

use crate::load::schema::json;

/// Prints the schema of the project at `root` to standard output; returns the number of
/// errors in the guides' declarations (those guides are left out of the schema).
pub fn run(root: &Path) -> usize {
    let loaded = crate::load::project::load(root, Some(&[]));
    crate::cli::report(&loaded.all_problems());
    crate::cli::print_stdout(&json(loaded.guides.values()));
    loaded.all_problems().len()
}
