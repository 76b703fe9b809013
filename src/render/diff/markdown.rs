//! The change report as Markdown, for a CI job summary or a merge-request comment:
//! at most [`MAX_BYTES`], cut at a line with a note when longer.

use crate::compose::diff::model::{Group, Hunk, Report};
use crate::render::diff::summary::{affected_lines, files, group_title, headline, status};
use crate::render::diff::text::pages;

/// Largest summary: GitHub takes at most 1 MiB in a job summary.
pub const MAX_BYTES: usize = 1_000_000;
/// Word changes shown in full per group.
const MAX_HUNKS: usize = 50;

const CUT_NOTE: &str =
    "\n\n*The summary was cut here at 1 MB; the HTML and JSON reports have all of it.*\n";

/// The summary as Markdown.
pub fn render(report: &Report) -> Vec<u8> {
    let mut out = format!("## opas diff: {}\n\n", headline(report));
    out.push_str(&format!(
        "Old: `{}` · new: `{}`\n\n",
        code(&report.old),
        code(&report.new)
    ));
    if !report.changed() {
        out.push_str("Nothing changed.\n");
    }
    list(
        &mut out,
        "Added",
        report.added.iter().map(|g| g.key.to_string()),
    );
    list(
        &mut out,
        "Removed",
        report.removed.iter().map(|g| g.key.to_string()),
    );
    list(
        &mut out,
        "Shared files",
        report
            .shared
            .iter()
            .map(|s| format!("`{}` {}", code(&s.path), status(s.status))),
    );
    for (i, group) in report.groups.iter().enumerate() {
        render_group(&mut out, i + 1, group);
    }
    cut(out).into_bytes()
}

/// A heading and a list of `items`, when there are any.
fn list(out: &mut String, heading: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("### {heading}\n\n"));
    for item in items {
        out.push_str(&format!("- {}\n", escape(&item)));
    }
    out.push('\n');
}

/// One group: its title, its guides, and its example's layers.
fn render_group(out: &mut String, n: usize, group: &Group) {
    out.push_str(&format!(
        "### {n}. {}: {}\n\n",
        group_title(group),
        files(group)
    ));
    for line in affected_lines(&group.guides, usize::MAX) {
        out.push_str(&format!("- {}\n", escape(&line)));
    }
    out.push_str(&format!(
        "\nExample: {} — {}\n\n",
        escape(&group.example.key.to_string()),
        escape(&group.example.title)
    ));
    let l = &group.layers;
    if !l.words.is_empty() {
        out.push_str("Words (~~removed~~ **added**):\n\n");
        for h in l.words.iter().take(MAX_HUNKS) {
            out.push_str(&format!("- {}\n", hunk(h)));
        }
        if l.words.len() > MAX_HUNKS {
            out.push_str(&format!("- and {} more\n", l.words.len() - MAX_HUNKS));
        }
        out.push('\n');
    }
    if !l.structure.is_empty() {
        out.push_str("PDF structure:\n\n");
        for line in &l.structure {
            out.push_str(&format!("- {}\n", escape(line)));
        }
        out.push('\n');
    }
    if !l.pages.is_empty() {
        out.push_str(&format!("PDF pages changed: {}\n\n", pages(group)));
    }
    for note in &l.notes {
        out.push_str(&format!("Note: {}\n\n", escape(note)));
    }
}

/// A word change: "…before ~~removed~~ **added** after…".
fn hunk(h: &Hunk) -> String {
    let mut parts = vec![format!("…{}", escape(&h.before.join(" ")))];
    if !h.removed.is_empty() {
        parts.push(format!("~~{}~~", escape(&h.removed.join(" "))));
    }
    if !h.added.is_empty() {
        parts.push(format!("**{}**", escape(&h.added.join(" "))));
    }
    parts.push(format!("{}…", escape(&h.after.join(" "))));
    parts.join(" ")
}

/// Text with Markdown's and HTML's special characters escaped, on one line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Every text here follows a list marker or other text, so a `#`, `-` or `+`
            // cannot start a heading or a list; a `(` only matters after a `]`.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for inside a code span: no backquote, no line break.
fn code(text: &str) -> String {
    text.chars()
        .map(|c| if c == '`' || c.is_control() { '\'' } else { c })
        .collect()
}

/// `out` cut at the last line that keeps it, with the note, under [`MAX_BYTES`].
fn cut(mut out: String) -> String {
    if out.len() <= MAX_BYTES {
        return out;
    }
    let mut end = MAX_BYTES - CUT_NOTE.len();
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    let end = out[..end].rfind('\n').unwrap_or(0);
    out.truncate(end);
    out.push_str(CUT_NOTE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::diff::model::{Key, Layers, Named};

    #[test]
    fn long_summaries_are_cut_with_a_note() {
        let named = |i: usize| Named {
            key: Key {
                municipality: format!("m{i}"),
                guide: "kaksivaihe".into(),
                lang: "fi".into(),
            },
            title: "Ohje".into(),
        };
        let report = Report {
            removed: (0..60_000).map(named).collect(),
            groups: vec![Group {
                guides: vec![named(1)],
                example: named(1),
                layers: Layers {
                    html: true,
                    words: vec![Hunk {
                        before: vec!["a*b".into()],
                        removed: vec!["<x>".into()],
                        added: vec!["y".into()],
                        after: vec![],
                    }],
                    ..Layers::default()
                },
            }],
            ..Report::default()
        };
        let md = String::from_utf8(render(&report)).unwrap();
        assert!(md.len() <= MAX_BYTES);
        assert!(md.ends_with(CUT_NOTE));
        assert_eq!(
            hunk(&report.groups[0].layers.words[0]),
            "…a\\*b ~~\\<x\\>~~ **y** …"
        );
    }
}
