//! The short summary `opas diff` prints on standard output.

use crate::compose::diff::model::{Hunk, Report};
use crate::render::diff::summary::{affected_lines, files, group_title, headline, status};

/// Groups listed on standard output; the reports list them all.
const MAX_GROUPS: usize = 10;
/// Municipalities named per guide and language on standard output.
const MAX_NAMES: usize = 8;
/// Word changes shown per group on standard output.
const MAX_HUNKS: usize = 3;

/// The summary: the counts, the shared files, and each group with its first changes.
pub fn render(report: &Report) -> String {
    let mut out = format!("{}\n", headline(report));
    for g in &report.added {
        out.push_str(&format!("added: {}\n", g.key));
    }
    for g in &report.removed {
        out.push_str(&format!("removed: {}\n", g.key));
    }
    for s in &report.shared {
        out.push_str(&format!("shared file {}: {}\n", status(s.status), s.path));
    }
    for group in report.groups.iter().take(MAX_GROUPS) {
        out.push_str(&format!("{} ({}):\n", group_title(group), files(group)));
        for line in affected_lines(&group.guides, MAX_NAMES) {
            out.push_str(&format!("  {line}\n"));
        }
        for h in group.layers.words.iter().take(MAX_HUNKS) {
            out.push_str(&format!("  words: {}\n", hunk(h)));
        }
        let more = group.layers.words.len().saturating_sub(MAX_HUNKS);
        if more > 0 {
            out.push_str(&format!("  and {more} more word changes\n"));
        }
        for line in group.layers.structure.iter().take(MAX_HUNKS) {
            out.push_str(&format!("  PDF: {line}\n"));
        }
        if !group.layers.pages.is_empty() {
            out.push_str(&format!("  PDF pages changed: {}\n", pages(group)));
        }
    }
    let more = report.groups.len().saturating_sub(MAX_GROUPS);
    if more > 0 {
        out.push_str(&format!(
            "and {more} more groups of changes: see the reports\n"
        ));
    }
    out
}

/// A word change: "…before [-removed-] {+added+} after…".
fn hunk(h: &Hunk) -> String {
    let mut parts = vec![format!("…{}", h.before.join(" "))];
    if !h.removed.is_empty() {
        parts.push(format!("[-{}-]", h.removed.join(" ")));
    }
    if !h.added.is_empty() {
        parts.push(format!("{{+{}+}}", h.added.join(" ")));
    }
    parts.push(format!("{}…", h.after.join(" ")));
    parts.join(" ")
}

/// The changed page numbers of a group's example: "1, 3".
pub fn pages(group: &crate::compose::diff::model::Group) -> String {
    group
        .layers
        .pages
        .iter()
        .map(|p| p.page.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
