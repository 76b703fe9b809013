//! What every report of `opas diff` says alike: the headline, a group's title and its
//! guides listed compactly.

use crate::compose::diff::group::affected;
use crate::compose::diff::model::{Group, Named, Report, Status};

/// "3 guides changed, 1 added, 0 removed, 12 unchanged".
pub fn headline(report: &Report) -> String {
    format!(
        "{} changed, {} added, {} removed, {} unchanged",
        count(report.changed_guides(), "guide", "guides"),
        report.added.len(),
        report.removed.len(),
        report.unchanged,
    )
}

/// `n` with the noun in the singular or the plural.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "The same change in 618 guides" or "A change in 1 guide".
pub fn group_title(group: &Group) -> String {
    match group.guides.len() {
        1 => "A change in 1 guide".to_string(),
        n => format!("The same change in {n} guides"),
    }
}

/// What was rewritten: "the page and the PDF", "the PDF", or the shared files.
pub fn files(group: &Group) -> String {
    let l = &group.layers;
    match (l.html, l.pdf) {
        (true, true) => "the page and the PDF were rewritten".into(),
        (true, false) => "the page was rewritten".into(),
        (false, true) => "the PDF was rewritten".into(),
        (false, false) if !l.shared.is_empty() => {
            format!(
                "unchanged, but the files it uses changed: {}",
                l.shared.join(", ")
            )
        }
        (false, false) => "nothing was rewritten".into(),
    }
}

/// The guides of a group, one line per guide and language: "kaksivaihe (fi): espoo, pori".
/// At most `most` municipalities are named a line, then how many more there are.
pub fn affected_lines(guides: &[Named], most: usize) -> Vec<String> {
    affected(guides)
        .into_iter()
        .map(|(guide, lang, ms)| {
            let shown = ms[..ms.len().min(most)].join(", ");
            match ms.len().saturating_sub(most) {
                0 => format!("{guide} ({lang}): {shown}"),
                more => format!("{guide} ({lang}): {shown} and {more} more"),
            }
        })
        .collect()
}

/// "added", "removed" or "changed".
pub fn status(status: Status) -> &'static str {
    match status {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
    }
}
