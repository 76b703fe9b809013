//! The edit form's submissions against a copy of the repository's project.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::compose::edit::fields::Input;

fn project() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "themes", "municipalities"] {
        copy(&repo.join(folder), &dir.path().join(folder));
    }
    dir
}

fn shown(opened: &Opened) -> BTreeMap<String, String> {
    opened
        .form
        .fields()
        .filter(|f| f.input != Input::Bool || f.value == "true")
        .map(|f| (f.name(), f.value.clone()))
        .collect()
}

#[test]
fn a_valid_change_is_written_only_when_confirmed_and_moves_one_line() {
    let dir = project();
    let opened = open(dir.path(), "pori").unwrap();
    let mut sent = shown(&opened);
    sent.insert("contact.phone".into(), "(02) 621 2000".into());
    let file = dir.path().join("municipalities/pori.toml");
    let Outcome::Valid { diff, saved, .. } =
        submit(dir.path(), "pori", &opened.hash, &opened.text, &sent, false).unwrap()
    else {
        panic!("valid");
    };
    assert!(!saved);
    let changed: Vec<&Line> = diff
        .iter()
        .filter(|l| !matches!(l, Line::Same(_)))
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        opened.text,
        "not yet written"
    );
    submit(dir.path(), "pori", &opened.hash, &opened.text, &sent, true).unwrap();
    let now = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        now,
        opened
            .text
            .replace("\"(02) 621 1100\"", "\"(02) 621 2000\"")
    );
}

#[test]
fn check_s_errors_are_placed_beside_their_fields_and_nothing_is_written() {
    let dir = project();
    let opened = open(dir.path(), "pori").unwrap();
    let mut sent = shown(&opened);
    sent.insert("kaksivaihe.date".into(), "2026-02-30".into());
    sent.insert("kayttajatunnusmuutos.changed".into(), "maaliskuu".into());
    let Outcome::Invalid(form, errors) =
        submit(dir.path(), "pori", &opened.hash, &opened.text, &sent, true).unwrap()
    else {
        panic!("invalid");
    };
    let fields: Vec<Option<&str>> = errors.iter().map(|e| e.field.as_deref()).collect();
    assert!(fields.contains(&Some("kaksivaihe.date")), "{errors:?}");
    assert!(
        fields.contains(&Some("kayttajatunnusmuutos.changed")),
        "{errors:?}"
    );
    assert!(errors.iter().all(|e| e.line.is_some()), "{errors:?}");
    let date = form
        .fields()
        .find(|f| f.name() == "kaksivaihe.date")
        .unwrap();
    assert_eq!(date.value, "2026-02-30", "the form keeps what was typed");
    let file = dir.path().join("municipalities/pori.toml");
    assert_eq!(std::fs::read_to_string(file).unwrap(), opened.text);
}

#[test]
fn a_file_changed_since_it_was_opened_is_not_overwritten() {
    let dir = project();
    let opened = open(dir.path(), "pori").unwrap();
    let file = dir.path().join("municipalities/pori.toml");
    let theirs = opened
        .text
        .replace("asiakaspalvelu@pori.fi", "neuvonta@pori.fi");
    std::fs::write(&file, &theirs).unwrap();
    let mut sent = shown(&opened);
    sent.insert("contact.phone".into(), "(02) 621 2000".into());
    let Outcome::Stale(diff) =
        submit(dir.path(), "pori", &opened.hash, &opened.text, &sent, true).unwrap()
    else {
        panic!("stale");
    };
    assert!(
        diff.contains(&Line::Added("email = \"neuvonta@pori.fi\"".into())),
        "{diff:?}"
    );
    assert_eq!(std::fs::read_to_string(file).unwrap(), theirs);
}

#[test]
fn an_unchanged_form_writes_nothing() {
    let dir = project();
    let opened = open(dir.path(), "espoo").unwrap();
    let outcome = submit(
        dir.path(),
        "espoo",
        &opened.hash,
        &opened.text,
        &shown(&opened),
        true,
    );
    assert!(matches!(outcome.unwrap(), Outcome::Unchanged));
}
