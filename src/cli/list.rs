//! `opas list`: one line per municipality and guide with its date, languages and figure sources.

use std::io::IsTerminal as _;
use std::path::Path;

use crate::cli::{print_stdout, report};
use crate::compose::document::Composed;
use crate::compose::model::{Block, FigureContent};
use crate::driver::{Filter, Site};

/// How many figures of a guide show a real screenshot, a mock-up or a placeholder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FigureCounts {
    pub screenshots: usize,
    pub mockups: usize,
    pub placeholders: usize,
}

impl FigureCounts {
    /// Counts the figures in `blocks`, including those inside lists, notes and contacts.
    pub fn of(blocks: &[Block]) -> Self {
        let mut counts = FigureCounts::default();
        Block::each_figure(blocks, &mut |f| match f.content {
            FigureContent::Screenshot { .. } => counts.screenshots += 1,
            FigureContent::Mockup(_) => counts.mockups += 1,
            FigureContent::Placeholder { .. } => counts.placeholders += 1,
        });
        counts
    }
}

/// Column headings; the figures column reads screenshot/mock-up/placeholder.
const HEADINGS: [&str; 7] = [
    "SLUG", "NAME", "GUIDE", "DATE", "LANGS", "FIGURES", "STATUS",
];

/// One row per guide of a municipality: its date, languages and the figures of its
/// first language.
fn guide_rows(
    slug: &str,
    name: &str,
    docs: &[crate::compose::model::Document],
) -> Vec<[String; 7]> {
    let mut rows: Vec<[String; 7]> = Vec::new();
    for doc in docs {
        if let Some(row) = rows.iter_mut().find(|r| r[2] == doc.guide) {
            row[4] = format!("{},{}", row[4], doc.lang);
            continue;
        }
        let f = FigureCounts::of(&doc.blocks);
        rows.push([
            slug.to_string(),
            name.to_string(),
            doc.guide.clone(),
            doc.date_iso.clone(),
            doc.lang.clone(),
            format!("{}/{}/{}", f.screenshots, f.mockups, f.placeholders),
            "ok".to_string(),
        ]);
    }
    rows
}

/// Prints the table; returns the number of errors that kept anything from being listed:
/// a municipality whose guides cannot be made counts as much as the project's own errors,
/// so that `opas list` fails like `opas check` does.
///
/// On a terminal the columns are aligned under a heading line; piped, each row is
/// tab-separated with no heading, so `cut -f1` and friends need no parsing.
pub fn run(root: &Path, quiet: bool) -> usize {
    let site = Site::open(root, None);
    let loaded = &site.loaded;
    if loaded.entries.is_empty() && !loaded.problems.is_empty() {
        report(&loaded.problems);
        return loaded.problems.len();
    }
    let mut rows = Vec::new();
    let mut broken = 0;
    let mut errors = 0;
    for entry in &loaded.entries {
        let built = site.documents(entry, None).and_then(Composed::into_result);
        match built {
            Ok(docs) if !docs.is_empty() => {
                let name = entry.result.as_ref().map_or("", |(m, _)| m.name.as_str());
                rows.extend(guide_rows(&entry.slug, name, &docs))
            }
            Ok(_) => {
                broken += 1;
                rows.push(unlisted(&entry.slug, "no guide".to_string()));
            }
            Err(problems) => {
                broken += 1;
                errors += problems.len();
                let status = crate::cli::count(problems.len(), "error", "errors");
                rows.push(unlisted(&entry.slug, status));
            }
        }
    }
    if std::io::stdout().is_terminal() {
        print_stdout(&aligned(&rows));
    } else {
        let lines: String = rows.iter().map(|row| row.join("\t") + "\n").collect();
        print_stdout(&lines);
    }
    if !quiet {
        eprintln!(
            "{}, {}; figures are screenshot/mock-up/placeholder{}",
            crate::cli::count(loaded.entries.len(), "municipality", "municipalities"),
            crate::cli::count(rows.len(), "row", "rows"),
            if broken > 0 {
                format!("; {broken} with errors: `opas check` shows them")
            } else {
                String::new()
            }
        );
    }
    // Errors outside any one municipality (content, theme, fonts) are not in the table.
    let mut problems = site.blocking(Filter::default());
    problems.extend(loaded.guide_problems.iter().cloned());
    report(&problems);
    problems.len() + errors
}

/// The row of a municipality that could not be built: its slug and why.
fn unlisted(slug: &str, status: String) -> [String; 7] {
    let dash = || "-".to_string();
    [
        slug.to_string(),
        dash(),
        dash(),
        dash(),
        dash(),
        dash(),
        status,
    ]
}

/// The rows under a heading line, each column as wide as its widest cell.
fn aligned(rows: &[[String; 7]]) -> String {
    let mut widths = HEADINGS.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let headings = HEADINGS.map(String::from);
    for row in std::iter::once(&headings).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_by_characters() {
        let rows = [[
            "mantta".to_string(),
            "Mänttä".to_string(),
            "reset".to_string(),
            "2024-01-01".to_string(),
            "fi".to_string(),
            "0/11/0".to_string(),
            "ok".to_string(),
        ]];
        let text = aligned(&rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].find("NAME"), Some(8));
        assert_eq!(lines[1].chars().position(|c| c == 'M'), Some(8));
    }
}
