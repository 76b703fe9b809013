//! The laid-out text read back line by line, as a reader sees it: for measuring the
//! measure and for checking where lines end.

use std::collections::BTreeMap;

use crate::render::pdf::layout::items::{Item, Layout, Origin};

/// The runs of one line: left edge and text.
type Runs<'a> = Vec<(f32, &'a str)>;

/// One line of a block's text at one size.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// The block the line belongs to, as in [`Origin::Block`].
    pub block: Vec<usize>,
    /// The line's text; a hyphenation hyphen is a soft hyphen at its end.
    pub text: String,
    /// Whether it is the block's last line.
    pub last: bool,
}

/// The lines set at `size` points in the blocks of the document (not figures, captions
/// or the title), in reading order; list markers are left out.
pub fn text_lines(layout: &Layout, size: f32) -> Vec<TextLine> {
    let mut lines: Vec<(Vec<usize>, String)> = Vec::new();
    for page in &layout.pages {
        // By baseline, then block: the runs of one line share both.
        let mut on_page: BTreeMap<(i64, Vec<usize>), Runs<'_>> = BTreeMap::new();
        for placed in &page.items {
            let (
                Origin::Block(path),
                Item::Text {
                    x,
                    y,
                    text,
                    size: s,
                    ..
                },
            ) = (&placed.origin, &placed.item)
            else {
                continue;
            };
            if (s - size).abs() > 0.01 || is_marker(text) {
                continue;
            }
            let key = ((y * 100.0).round() as i64, path.clone());
            on_page.entry(key).or_default().push((*x, text));
        }
        for ((_, path), mut runs) in on_page {
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            lines.push((path, runs.into_iter().map(|(_, t)| t).collect()));
        }
    }
    let next_block: Vec<Option<Vec<usize>>> = lines
        .iter()
        .skip(1)
        .map(|(p, _)| Some(p.clone()))
        .chain([None])
        .collect();
    lines
        .into_iter()
        .zip(next_block)
        .map(|((block, text), next)| TextLine {
            last: next.as_ref() != Some(&block),
            block,
            text,
        })
        .collect()
}

/// A list item's marker: "•" or a number with a full stop.
fn is_marker(text: &str) -> bool {
    text == "•"
        || text
            .strip_suffix('.')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
