//! The lines that differ between two versions of a file, shown before a save.

/// One line of a difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Removed(String),
    Added(String),
}

/// Beyond this many lines between the common start and end, the middle is shown as
/// removed and added whole rather than matched line by line.
const MAX_MATCHED: usize = 2000;

/// The difference from `old` to `new`, line by line (the longest common subsequence of
/// what lies between their common first and last lines).
pub fn lines(old: &str, new: &str) -> Vec<Line> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    let mut out: Vec<Line> = a[..start]
        .iter()
        .map(|l| Line::Same(l.to_string()))
        .collect();
    if mid_a.len() > MAX_MATCHED || mid_b.len() > MAX_MATCHED {
        out.extend(mid_a.iter().map(|l| Line::Removed(l.to_string())));
        out.extend(mid_b.iter().map(|l| Line::Added(l.to_string())));
    } else {
        out.extend(matched(mid_a, mid_b));
    }
    out.extend(a[a.len() - end..].iter().map(|l| Line::Same(l.to_string())));
    out
}

/// Only the changed lines, each with up to `context` unchanged lines around it.
pub fn changes(lines: &[Line], context: usize) -> Vec<Option<&Line>> {
    let changed: Vec<usize> = (0..lines.len())
        .filter(|&i| !matches!(lines[i], Line::Same(_)))
        .collect();
    let near = |i: usize| changed.iter().any(|&c| c.abs_diff(i) <= context);
    let mut out = Vec::new();
    let mut gap = false;
    for (i, line) in lines.iter().enumerate() {
        if near(i) {
            if gap && !out.is_empty() {
                out.push(None);
            }
            gap = false;
            out.push(Some(line));
        } else {
            gap = true;
        }
    }
    out
}

fn matched(a: &[&str], b: &[&str]) -> Vec<Line> {
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(Line::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Line::Removed(a[i].to_string()));
            i += 1;
        } else {
            out.push(Line::Added(b[j].to_string()));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_line_is_one_removed_and_one_added() {
        let d = lines("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            d,
            vec![
                Line::Same("a".into()),
                Line::Removed("b".into()),
                Line::Added("B".into()),
                Line::Same("c".into())
            ]
        );
        assert_eq!(changes(&d, 0).len(), 2);
    }
}
