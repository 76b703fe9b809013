//! `opas check` runs everything `opas build` runs but the write: what fails a build
//! fails the check, with the same message, and the check writes nothing.

use crate::common::{opas, project_with_references, stderr};

/// Runs `check` and `build` on the project; both must fail with `needle` in their message.
fn both_fail(root: &std::path::Path, needle: &str) {
    let check = opas(root, &["check"]);
    let check_err = stderr(&check);
    assert!(!check.status.success(), "check passed:\n{check_err}");
    assert!(check_err.contains(needle), "check: {check_err}");
    assert!(
        !root.join("output").exists(),
        "check wrote the output folder"
    );
    let build = opas(root, &["build"]);
    let build_err = stderr(&build);
    assert!(!build.status.success(), "build passed:\n{build_err}");
    assert!(build_err.contains(needle), "build: {build_err}");
}

#[test]
fn a_corrupt_font_fails_check_as_it_fails_build() {
    let project = project_with_references();
    let font = project
        .path()
        .join("themes/default/static/fonts/OpenSans-Bold.ttf");
    std::fs::write(&font, b"not a font at all, only forty bytes long").unwrap();
    both_fail(project.path(), "OpenSans-Bold.ttf");
}

/// The theme's template `name` made to fail only while a page is rendered with it: it still
/// parses, and its body prints a value no page has.
fn break_while_rendering(root: &std::path::Path, name: &str) {
    let template = root.join("themes/default/templates").join(name);
    let text = std::fs::read_to_string(&template).unwrap();
    let broken = text.replacen(
        "{% block body %}",
        "{% block body %}{{ no_such_value.field }}",
        1,
    );
    assert_ne!(broken, text, "the template has a block to break");
    std::fs::write(&template, broken).unwrap();
}

#[test]
fn a_page_template_failing_while_rendering_fails_check() {
    let project = project_with_references();
    break_while_rendering(project.path(), "guide.html");
    both_fail(project.path(), "guide.html");
}

#[test]
fn an_index_template_failing_while_rendering_fails_check() {
    let project = project_with_references();
    break_while_rendering(project.path(), "index.html");
    both_fail(project.path(), "index.html");
}

#[test]
fn a_sound_project_checks_without_writing() {
    let project = project_with_references();
    let check = opas(project.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stderr(&check).contains("0 errors"), "{}", stderr(&check));
    assert!(!project.path().join("output").exists());
}
