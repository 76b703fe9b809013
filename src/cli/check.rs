//! `opas check`: validates every municipality file and the content without writing anything.

use std::path::Path;

use crate::cli::report;
use crate::compose::document;
use crate::diagnostics::Diagnostic;
use crate::load::project;

/// What a check found, in the order `opas check` prints it.
pub struct Findings {
    /// Errors and warnings as printed.
    pub diagnostics: Vec<Diagnostic>,
    pub errors: usize,
    pub warnings: usize,
    pub municipalities: usize,
    pub good: usize,
}

/// Loads and builds every guide in memory; `opas serve` shows the same findings in the page.
pub fn findings(root: &Path) -> Findings {
    let loaded = project::load(root, None);
    let mut diagnostics = loaded.all_problems();
    let mut errors = diagnostics.len();
    diagnostics.extend(loaded.warnings.iter().cloned());
    let mut warnings = loaded.warnings.len();
    let mut good = 0;
    for entry in &loaded.entries {
        let result = match &entry.result {
            Err(problems) => Err(problems.clone()),
            Ok((m, locals)) => document::build_all(m, &loaded, locals, None).map(|docs| {
                let found = placeholders(&entry.file, &docs);
                warnings += found.len();
                diagnostics.extend(found);
            }),
        };
        let skipped = entry
            .result
            .as_ref()
            .is_ok_and(|(m, _)| !m.skipped.is_empty());
        match result {
            // A municipality whose guide has errors is not fine, though the errors are the guide's.
            Ok(()) if skipped => {}
            Ok(()) => good += 1,
            Err(problems) => {
                errors += problems.len();
                diagnostics.extend(problems);
            }
        }
    }
    if let Err(problems) = crate::load::theme::load(root, "default") {
        errors += problems.len();
        diagnostics.extend(problems);
    }
    Findings {
        diagnostics,
        errors,
        warnings,
        municipalities: loaded.entries.len(),
        good,
    }
}

/// Checks the project; returns the number of errors found.
pub fn run(root: &Path, quiet: bool) -> usize {
    let f = findings(root);
    report(&f.diagnostics);
    if !quiet {
        eprintln!(
            "checked {}: {} fine, {} with errors; {}, {}",
            crate::cli::count(f.municipalities, "municipality", "municipalities"),
            f.good,
            f.municipalities - f.good,
            crate::cli::count(f.errors, "error", "errors"),
            crate::cli::count(f.warnings, "warning", "warnings"),
        );
    }
    f.errors
}

/// A warning for each figure that still shows a placeholder instead of a screen.
fn placeholders(file: &str, docs: &[crate::compose::model::Document]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in docs {
        visit_figures(&doc.blocks, &mut |figure| {
            if let crate::compose::model::FigureContent::Placeholder { expected_path } =
                &figure.content
            {
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

fn visit_figures(
    blocks: &[crate::compose::model::Block],
    f: &mut dyn FnMut(&crate::compose::model::Figure),
) {
    use crate::compose::model::Block;
    for block in blocks {
        match block {
            Block::Figure(figure) => f(figure),
            Block::Note { blocks } | Block::Contact { blocks } => visit_figures(blocks, f),
            Block::List { items, .. } => items.iter().for_each(|item| visit_figures(item, f)),
            Block::Heading { .. } | Block::Paragraph { .. } => {}
        }
    }
}
