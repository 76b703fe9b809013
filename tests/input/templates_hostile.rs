//! Hostile theme templates and `opas new` templates (issue 21, items 2 and 3): they run in
//! the sandbox of the content's templates, so a bomb, a recursion or `get_env` is a located
//! error, never an abort, a hang or a leaked secret; text `opas new` copies into the file
//! stays comments and quoted strings, and a file too large to read back is not written.
//! Each run is bounded in time and memory by [`run`].

use std::path::Path;

use super::untrusted::{SECRET, failed, nowhere_in, run};
use crate::common::{files_under, project, project_with_references};

const GUIDE_PAGE: &str = "themes/default/templates/guide.html";
const BASE_PAGE: &str = "themes/default/templates/base.html";
const NEW_TEMPLATE: &str = "content/new-municipality.toml";
const DECLARATION: &str = "content/kayttajatunnusmuutos/guide.toml";

/// Puts `insert` into the theme's template `rel` after its first `after`; returns the line.
fn insert_after(root: &Path, rel: &str, after: &str, insert: &str) -> usize {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find(after).expect("the template has the anchor") + after.len();
    let line = text[..at].matches('\n').count() + 1;
    std::fs::write(&path, format!("{}{insert}{}", &text[..at], &text[at..])).unwrap();
    line
}

/// Checks that `check` and `build` both fail with `expected` at `rel:line:`.
fn both_fail_at(root: &Path, rel: &str, line: usize, expected: &str) -> Vec<String> {
    let out = root.join("output");
    let mut texts = Vec::new();
    for args in [vec!["check"], vec!["build", "--out", out.to_str().unwrap()]] {
        let text = failed(&run(root, &args));
        assert!(text.contains(&format!("{rel}:{line}:")), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?}: {text}");
        texts.push(text);
    }
    texts
}

/// Puts `insert` at the start of the guide page's body; both commands must stop there.
fn page_bomb(insert: &str, expected: &str) {
    let project = project_with_references();
    let root = project.path();
    let line = insert_after(root, GUIDE_PAGE, "{% block body %}", insert);
    both_fail_at(root, GUIDE_PAGE, line, expected);
}

#[test]
fn a_huge_range_in_the_guide_page_is_a_located_error() {
    page_bomb(
        "{% for i in range(end=100000000) %}x{% endfor %}",
        "`range` would count 100000000 numbers, more than the 100000 allowed",
    );
}

#[test]
fn three_nested_loops_of_3000_in_the_guide_page_are_a_located_error() {
    page_bomb(
        "{% for i in range(end=3000) %}{% for j in range(end=3000) %}\
         {% for k in range(end=3000) %}x{% endfor %}{% endfor %}{% endfor %}",
        "more than 100000 loop iterations",
    );
}

#[test]
fn a_self_calling_macro_in_the_guide_page_is_an_error_not_a_stack_overflow() {
    let project = project_with_references();
    let root = project.path();
    insert_after(
        root,
        GUIDE_PAGE,
        "{% block body %}",
        "{{ self::again(n=1) }}",
    );
    let line = insert_after(
        root,
        GUIDE_PAGE,
        "{% endblock body %}\n",
        "{% macro again(n) %}{{ self::again(n=n) }}{% endmacro again %}\n",
    );
    both_fail_at(root, GUIDE_PAGE, line, "more than 8 levels deep");
}

#[test]
fn a_base_page_including_itself_is_an_error_not_a_stack_overflow() {
    let project = project_with_references();
    let root = project.path();
    let line = insert_after(root, BASE_PAGE, "<body>\n", "{% include \"base.html\" %}\n");
    both_fail_at(root, BASE_PAGE, line, "more than 8 levels deep");
}

#[test]
fn get_env_in_the_theme_is_refused_when_it_is_loaded() {
    let project = project_with_references();
    let root = project.path();
    let line = insert_after(
        root,
        GUIDE_PAGE,
        "{% block body %}",
        "{{ get_env(name=\"SECRET_TOKEN\") }}",
    );
    for text in both_fail_at(root, GUIDE_PAGE, line, "`get_env` is not available") {
        assert!(!text.contains(SECRET), "{text}");
    }
    nowhere_in(&root.join("output"), SECRET);
}

/// Appends `line` to the project's `opas new` template, runs `opas new testi` and checks
/// that it fails with `expected` at that line and writes no file.
fn new_fails(line: &str, expected: &str) -> tempfile::TempDir {
    let project = project(&[]);
    let root = project.path();
    let path = root.join(NEW_TEMPLATE);
    let mut text = std::fs::read_to_string(&path).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let number = text.lines().count() + 1;
    text.push_str(line);
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let output = run(root, &["new", "testi", "--name", "Testi"]);
    let err = failed(&output);
    assert!(err.contains(&format!("{NEW_TEMPLATE}:{number}:")), "{err}");
    assert!(err.contains(expected), "{err}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains(SECRET));
    assert!(!err.contains(SECRET), "{err}");
    assert_eq!(
        files_under(&root.join("municipalities")),
        Vec::<String>::new()
    );
    project
}

#[test]
fn get_env_in_the_new_template_is_refused_and_the_secret_goes_nowhere() {
    let project = new_fails(
        "# {{ get_env(name=\"SECRET_TOKEN\") }}",
        "`get_env` is not available",
    );
    nowhere_in(project.path(), SECRET);
}

#[test]
fn a_huge_range_in_the_new_template_is_an_error_not_an_abort() {
    new_fails(
        "# {% for i in range(end=300000000) %}x{% endfor %}",
        "more than the 10000 allowed",
    );
}

#[test]
fn a_self_calling_macro_in_the_new_template_is_an_error_not_an_abort() {
    new_fails(
        "{% macro again() %}{{ self::again() }}{% endmacro again %}{{ self::again() }}",
        "a macro is not available",
    );
}

/// Every key of a TOML table, nested tables' keys included.
fn keys(table: &toml::Table, out: &mut Vec<String>) {
    for (key, value) in table {
        out.push(key.clone());
        if let toml::Value::Table(inner) = value {
            keys(inner, out);
        }
    }
}

#[test]
fn a_description_with_a_newline_stays_a_comment() {
    let project = project(&[]);
    let root = project.path();
    let path = root.join(DECLARATION);
    let text = std::fs::read_to_string(&path).unwrap();
    let evil = text.replacen(
        "description.fi = \"reset: ",
        "description.fi = \"reset\\napp = \\\"EvilAuth\\\"\\r\\nevil = 1\\rother = 2\\u0000 ",
        1,
    );
    assert_ne!(evil, text);
    std::fs::write(&path, evil).unwrap();
    let output = run(
        root,
        &[
            "new",
            "testi",
            "--name",
            "Testi\nevil = 1",
            "--guide",
            "kayttajatunnusmuutos",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        crate::common::stderr(&output)
    );
    let written = std::fs::read_to_string(root.join("municipalities/testi.toml")).unwrap();
    let table: toml::Table = toml::from_str(&written).unwrap_or_else(|e| panic!("{e}\n{written}"));
    let mut found = Vec::new();
    keys(&table, &mut found);
    for live in ["app", "evil", "other"] {
        assert!(
            !found.iter().any(|k| k == live),
            "{live} in {found:?}:\n{written}"
        );
    }
    assert!(written.contains("# app = \"EvilAuth\""), "{written}");
    assert_eq!(table["name"].as_str(), Some("Testi\nevil = 1"));
}

#[test]
fn a_new_file_too_large_to_read_back_is_refused_and_not_written() {
    let project = project(&[]);
    let root = project.path();
    let path = root.join(DECLARATION);
    let mut text = std::fs::read_to_string(&path).unwrap();
    // Each parameter takes 29 bytes of the declaration and 49 of the new file.
    for i in 0..7000 {
        text.push_str(&format!("\n[params.p{i}]\ntype = \"text\"\n"));
    }
    std::fs::write(&path, text).unwrap();
    let err = failed(&run(
        root,
        &["new", "testi", "--guide", "kayttajatunnusmuutos"],
    ));
    assert!(err.contains("municipalities/testi.toml"), "{err}");
    assert!(err.contains("more than the 256 KiB"), "{err}");
    assert_eq!(
        files_under(&root.join("municipalities")),
        Vec::<String>::new()
    );
}
