//! Command-line subcommands, one file each.

pub mod build;
pub mod check;
pub mod list;
pub mod new;
pub mod schema;

use crate::diagnostics::{Diagnostic, render_all};

/// Prints diagnostics to standard error.
pub fn report(diagnostics: &[Diagnostic]) {
    if !diagnostics.is_empty() {
        eprint!("{}", render_all(diagnostics));
    }
}
