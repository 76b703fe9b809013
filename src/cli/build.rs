//! `opas build`: writes every guide, the index and the manifest to the output folder.

use std::path::Path;

use crate::cli::{count, report};
use crate::diagnostics::{Diagnostic, Severity};
use crate::driver::publish::{self, Summary};
use crate::driver::{Filter, Site};

/// Options of `opas build`.
pub struct BuildOptions<'a> {
    pub root: &'a Path,
    pub out: &'a Path,
    /// The output folder was given with `--out`: it may be a link.
    pub out_may_be_link: bool,
    pub only: Option<&'a [String]>,
    /// Build only these guides (by id); the others keep their last version.
    pub guides: Option<&'a [String]>,
    pub quiet: bool,
    /// Where the output folder is published, for absolute URLs in the pages.
    pub base_url: Option<&'a str>,
}

/// Builds the project, prints what was found and built; broken municipalities are
/// reported and skipped.
pub fn run(options: &BuildOptions<'_>) -> Summary {
    let site = Site::open(options.root, options.only);
    let filter = Filter {
        only: options.only,
        guides: options.guides,
    };
    let mut summary = publish::build(
        &site,
        &publish::Options {
            out: options.out,
            out_may_be_link: options.out_may_be_link,
            filter,
            base_url: options.base_url,
        },
    );
    if summary.written {
        left_out(&mut summary, publish::unpublished(&site, filter));
    }
    report(&summary.problems);
    if summary.blocked {
        eprintln!("error: nothing was built; fix the errors above");
    } else if summary.written && !options.quiet {
        eprintln!(
            "built {} into {}{}",
            count(summary.built, "guide", "guides"),
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

/// Says which municipalities `--guide` left out: a warning while something was built, an
/// error when the filter left nothing at all to build.
fn left_out(summary: &mut Summary, unpublished: Vec<Diagnostic>) {
    if summary.built == 0 && summary.failed.is_empty() {
        summary.errors += unpublished.len();
        summary.problems.extend(unpublished);
    } else {
        summary
            .problems
            .extend(unpublished.into_iter().map(|mut d| {
                d.severity = Severity::Warning;
                d
            }));
    }
}
