//! The edit form's submissions against a copy of the repository's project.

use std::collections::BTreeMap;

use super::*;

fn project() -> tempfile::TempDir {
    crate::load::project::repository_copy()
}

fn shown(opened: &Opened) -> BTreeMap<String, String> {
    opened
        .form
        .fields()
        .map(|f| (f.name(), f.value.clone()))
        .collect()
}

fn sent_as<'a>(
    opened: &'a Opened,
    fields: &'a BTreeMap<String, String>,
    save: bool,
) -> Submission<'a> {
    Submission {
        hash: &opened.hash,
        original: &opened.text,
        fields,
        adding: &[],
        today: crate::load::values::parse_date("2026-12-01").unwrap(),
        save,
    }
}

#[test]
fn a_valid_change_is_written_only_when_confirmed_and_moves_one_line() {
    let dir = project();
    let opened = open(dir.path(), "pori").unwrap();
    let mut sent = shown(&opened);
    sent.insert("contact.phone".into(), "(02) 621 2000".into());
    let file = dir.path().join("municipalities/pori.toml");
    let Outcome::Valid { diff, saved, .. } =
        submit(dir.path(), "pori", &sent_as(&opened, &sent, false)).unwrap()
    else {
        panic!("valid");
    };
    assert!(saved.is_none());
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
    let Outcome::Valid {
        saved: Some(written),
        ..
    } = submit(dir.path(), "pori", &sent_as(&opened, &sent, true)).unwrap()
    else {
        panic!("saved");
    };
    let now = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written.text, now, "the saved file is what was written");
    assert_eq!(written.hash, fingerprint(&now));
    assert_eq!(
        written
            .form
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .find(|f| f.name() == "contact.phone")
            .map(|f| f.value.as_str()),
        Some("(02) 621 2000"),
        "its form shows the saved value"
    );
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
    let Outcome::Invalid(form, errors, _) =
        submit(dir.path(), "pori", &sent_as(&opened, &sent, true)).unwrap()
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
    let Outcome::Stale(diff) = submit(dir.path(), "pori", &sent_as(&opened, &sent, true)).unwrap()
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
        &sent_as(&opened, &shown(&opened), true),
    );
    assert!(matches!(outcome.unwrap(), Outcome::Unchanged));
}

#[test]
fn a_guide_is_added_with_its_table_and_its_required_values_are_asked_for() {
    let dir = project();
    let file = dir.path().join("municipalities/espoo.toml");
    let full = std::fs::read_to_string(&file).unwrap();
    let table = "[kayttajatunnusmuutos]\ndate = 2020-02-13\npasswords = \"preserved\"\n";
    assert!(full.contains(table));
    std::fs::write(&file, full.replace(table, "")).unwrap();
    let opened = open(dir.path(), "espoo").unwrap();
    assert_eq!(
        opened.form.addable,
        vec!["kayttajatunnusmuutos".to_string()]
    );
    let adding = ["kayttajatunnusmuutos".to_string()];
    let mut sent = shown(&opened);
    let mut submission = sent_as(&opened, &sent, true);
    submission.adding = &adding;
    let Outcome::Invalid(form, errors, _) = submit(dir.path(), "espoo", &submission).unwrap()
    else {
        panic!("the required value is missing");
    };
    assert!(
        form.sections
            .iter()
            .any(|s| s.id == "guide.kayttajatunnusmuutos")
    );
    assert!(
        errors.iter().any(|e| e.message.contains("passwords")),
        "{errors:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        opened.text,
        "nothing written"
    );
    sent.insert("kayttajatunnusmuutos.passwords".into(), "preserved".into());
    let mut submission = sent_as(&opened, &sent, true);
    submission.adding = &adding;
    let Outcome::Valid { saved: Some(_), .. } = submit(dir.path(), "espoo", &submission).unwrap()
    else {
        panic!("valid once filled in");
    };
    let now = std::fs::read_to_string(&file).unwrap();
    assert!(
        now.starts_with(&opened.text),
        "the file as it was, then the new table"
    );
    assert!(now.contains("\n[kayttajatunnusmuutos]\n"), "{now}");
    assert!(
        now.contains("\ndate = 2026-12-01\npasswords = \"preserved\"\n"),
        "{now}"
    );
    assert!(open(dir.path(), "espoo").unwrap().form.addable.is_empty());
}

#[test]
fn a_guide_added_gets_its_table_and_not_a_value_for_a_checkbox_the_form_did_not_show() {
    let dir = project();
    let file = dir.path().join("municipalities/pori.toml");
    let table = "[kaksivaihe]\ndate = 2026-01-12\nmandatory_from = 2026-03-02\nsms = true\n";
    let full = std::fs::read_to_string(&file).unwrap();
    assert!(full.contains(table));
    std::fs::write(&file, full.replace(table, "")).unwrap();
    let opened = open(dir.path(), "pori").unwrap();
    let sent = shown(&opened);
    let adding = ["kaksivaihe".to_string()];
    let mut submission = sent_as(&opened, &sent, false);
    submission.adding = &adding;
    let Outcome::Valid { diff, .. } = submit(dir.path(), "pori", &submission).unwrap() else {
        panic!("a guide without required values is valid at once");
    };
    let added: Vec<&str> = diff
        .iter()
        .filter_map(|l| match l {
            Line::Added(a) => Some(a.as_str()),
            _ => None,
        })
        .filter(|a| !a.starts_with('#') && !a.is_empty())
        .collect();
    assert_eq!(added, ["[kaksivaihe]", "date = 2026-12-01"]);
}
