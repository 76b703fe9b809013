//! The theme's page templates checked when the theme loads (issue 22): a variable its page
//! is not given, or a field its value lacks, is an error at its line with a did-you-mean,
//! found by `check` with no municipality at all.

use std::path::Path;

use crate::common::{opas, project, stderr};

fn replace_in(root: &Path, name: &str, from: &str, to: &str) {
    let path = root.join("themes/default/templates").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from} in {name}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn a_misspelt_page_variable_is_found_at_its_line_without_a_municipality() {
    let dir = project(&[]);
    let root = dir.path();
    replace_in(
        root,
        "guide.html",
        "{{ doc.subtitle }}</p>",
        "{{ doc.subtitel }}</p>",
    );
    replace_in(
        root,
        "municipality.html",
        "{{ root }}index.html",
        "{{ rot }}index.html",
    );
    for command in ["check", "build"] {
        let run = opas(root, &[command]);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(err.contains("`doc` has no field `subtitel`"), "{err}");
        assert!(err.contains("did you mean `doc.subtitle`?"), "{err}");
        assert!(
            err.contains("themes/default/templates/guide.html:19:"),
            "{err}"
        );
        assert!(
            err.contains("unknown variable `rot` in the page template municipality.html"),
            "{err}"
        );
        assert!(err.contains("did you mean `root`?"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn base_html_may_use_only_what_every_page_is_given() {
    let dir = project(&[]);
    let root = dir.path();
    replace_in(root, "base.html", "<title>", "<title>{{ doc.title }}");
    let run = opas(root, &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("unknown variable `doc` in the page template base.html"),
        "{err}"
    );
}

#[test]
fn loop_variables_and_the_reference_theme_pass() {
    let dir = project(&[]);
    let run = opas(dir.path(), &["check"]);
    assert!(run.status.success(), "{}", stderr(&run));
}
