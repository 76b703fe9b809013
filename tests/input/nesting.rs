//! Nesting that cannot be laid out or walked (issue 21, item 4): block quotes and lists
//! narrow the text column at each level, and emphasis or quotes thousands deep would
//! overflow the stack. `check` and `build` refuse them alike, with the place, bounded in
//! time and memory.

use std::path::Path;

use super::untrusted::{STEP, append_line, both_fail};
use crate::common::project_with_references;

/// check and build must both fail naming `file` and the nesting.
fn both_refuse(root: &Path, file: &str) {
    both_fail(root, &[file, "nest deeper than"]);
}

#[test]
fn seventeen_nested_quotes_in_a_step_are_refused_by_check_and_build() {
    let project = project_with_references();
    let root = project.path();
    append_line(root, STEP, &format!("\n{}x", "> ".repeat(17)));
    both_refuse(root, STEP);
}

#[test]
fn thirty_nested_lists_in_a_step_are_refused() {
    let project = project_with_references();
    let root = project.path();
    let list: String = (0..30)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    append_line(root, STEP, &format!("\n{list}"));
    both_refuse(root, STEP);
}

#[test]
fn ten_thousand_quotes_or_emphasis_marks_do_not_overflow_the_stack() {
    for text in [
        "> ".repeat(10_000) + "x",
        "*".repeat(10_000) + "x" + &"*".repeat(10_000),
    ] {
        let project = project_with_references();
        let root = project.path();
        append_line(root, STEP, &format!("\n{text}"));
        both_refuse(root, STEP);
    }
}

#[test]
fn deep_quotes_in_a_municipalitys_own_note_are_refused() {
    let project = project_with_references();
    let root = project.path();
    let note = "municipalities/heinola/kayttajatunnusmuutos/fi/notes/40-link-sent-reset.md";
    append_line(root, note, &format!("\n{}x", "> ".repeat(17)));
    both_refuse(root, note);
}
