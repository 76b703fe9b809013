//! A word-level diff (Myers' algorithm) and its changes as hunks with context.

use crate::compose::diff::model::Hunk;

/// Words of context shown on either side of a change.
pub const CONTEXT: usize = 3;
/// Most edits (removed plus added words) searched for between the common start and end;
/// beyond it the whole differing middle is shown as removed and added.
pub const MAX_EDITS: usize = 1000;

/// One step of the edit script: a word kept, removed (from `old`) or added (from `new`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Keep(usize),
    Remove(usize),
    Add(usize),
}

/// The changes from `old` to `new` as hunks of removed and added words.
pub fn diff(old: &[String], new: &[String]) -> Vec<Hunk> {
    hunks(old, new, &script(old, new))
}

/// The edit script from `old` to `new`: the common start and end kept, the middle by
/// [`myers`].
fn script(old: &[String], new: &[String]) -> Vec<Op> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let mut ops: Vec<Op> = (0..prefix).map(Op::Keep).collect();
    let middle = myers(a, b).unwrap_or_else(|| {
        (0..a.len())
            .map(Op::Remove)
            .chain((0..b.len()).map(Op::Add))
            .collect()
    });
    ops.extend(middle.into_iter().map(|op| match op {
        Op::Keep(i) => Op::Keep(i + prefix),
        Op::Remove(i) => Op::Remove(i + prefix),
        Op::Add(j) => Op::Add(j + prefix),
    }));
    ops.extend((old.len() - suffix..old.len()).map(Op::Keep));
    ops
}

/// The shortest edit script from `a` to `b`, or `None` when it needs more than
/// [`MAX_EDITS`] edits.
fn myers(a: &[String], b: &[String]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_EDITS) as isize;
    let offset = max + 1;
    let mut v = vec![0isize; 2 * max as usize + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let at = |k: isize| (k + offset) as usize;
    for d in 0..=max {
        trace.push(v.clone());
        for k in (-d..=d).step_by(2) {
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m, offset));
            }
        }
    }
    None
}

/// The edit script read back from the furthest points of each round of [`myers`].
fn backtrack(trace: &[Vec<isize>], n: isize, m: isize, offset: isize) -> Vec<Op> {
    let (mut x, mut y) = (n, m);
    let mut ops = Vec::new();
    let at = |k: isize| (k + offset) as usize;
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let prev_k = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[at(prev_k)];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push(Op::Keep(x as usize));
        }
        if d > 0 {
            if x == prev_x {
                ops.push(Op::Add(prev_y as usize));
            } else {
                ops.push(Op::Remove(prev_x as usize));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    ops.reverse();
    ops
}

/// The runs of removed and added words of `ops`, each with [`CONTEXT`] kept words on
/// either side.
fn hunks(old: &[String], new: &[String], ops: &[Op]) -> Vec<Hunk> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        if matches!(ops[i], Op::Keep(_)) {
            i += 1;
            continue;
        }
        let start = i;
        let mut hunk = Hunk {
            before: kept(old, &ops[start.saturating_sub(CONTEXT)..start]),
            removed: Vec::new(),
            added: Vec::new(),
            after: Vec::new(),
        };
        while let Some(op) = ops.get(i).filter(|op| !matches!(op, Op::Keep(_))) {
            match *op {
                Op::Remove(x) => hunk.removed.push(old[x].clone()),
                Op::Add(y) => hunk.added.push(new[y].clone()),
                Op::Keep(_) => {}
            }
            i += 1;
        }
        let after: Vec<Op> = ops[i..]
            .iter()
            .take_while(|op| matches!(op, Op::Keep(_)))
            .take(CONTEXT)
            .copied()
            .collect();
        hunk.after = kept(old, &after);
        out.push(hunk);
    }
    out
}

/// The words of the kept steps among `ops`.
fn kept(old: &[String], ops: &[Op]) -> Vec<String> {
    ops.iter()
        .filter_map(|op| match op {
            Op::Keep(x) => Some(old[*x].clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn one_word_changed_shows_as_that_word_with_context() {
        let hunks = diff(
            &w("avaa sivu ja valitse kirjaudu sisään nyt heti"),
            &w("avaa sivu ja paina kirjaudu sisään nyt heti"),
        );
        assert_eq!(
            hunks,
            vec![Hunk {
                before: w("avaa sivu ja"),
                removed: w("valitse"),
                added: w("paina"),
                after: w("kirjaudu sisään nyt"),
            }]
        );
    }

    #[test]
    fn separate_changes_are_separate_hunks() {
        let hunks = diff(&w("a b c d e f g h i j k"), &w("a x c d e f g h j k y"));
        let shown: Vec<_> = hunks
            .iter()
            .map(|h| (h.removed.join(" "), h.added.join(" ")))
            .collect();
        assert_eq!(
            shown,
            [
                ("b".into(), "x".into()),
                ("i".into(), String::new()),
                (String::new(), "y".into())
            ]
        );
        assert!(diff(&w("same words"), &w("same words")).is_empty());
        assert_eq!(diff(&[], &w("new")).len(), 1);
    }

    #[test]
    fn the_script_is_the_shortest() {
        let (a, b) = (w("a b c a b b a"), w("c b a b a c"));
        let ops = script(&a, &b);
        let edits = ops.iter().filter(|op| !matches!(op, Op::Keep(_))).count();
        assert_eq!(edits, 5);
        let rebuilt: Vec<String> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Keep(x) => Some(a[*x].clone()),
                Op::Add(y) => Some(b[*y].clone()),
                Op::Remove(_) => None,
            })
            .collect();
        assert_eq!(rebuilt, b);
    }

    #[test]
    fn too_many_edits_show_the_middle_whole() {
        let a: Vec<String> = (0..1500).map(|i| format!("a{i}")).collect();
        let b: Vec<String> = (0..1500).map(|i| format!("b{i}")).collect();
        let hunks = diff(&a, &b);
        assert_eq!(hunks.len(), 1);
        assert_eq!((hunks[0].removed.len(), hunks[0].added.len()), (1500, 1500));
    }
}
