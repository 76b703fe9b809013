//! Round trips over every municipality file of the repository: the form's values sent back
//! unchanged give the same bytes; one changed, emptied or added value one line of change.

use std::collections::BTreeMap;
use std::path::Path;

use super::apply::apply;
use super::diff::{Line, lines};
use super::fields::{Field, Form, Input};
use super::form::build;
use crate::load::project;

/// Every municipality file of the repository with its form.
fn files() -> Vec<(String, String, Form)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = project::load(root, None);
    let dir = root.join("municipalities");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let form = build(&text, &loaded.guides).unwrap();
            out.push((path.display().to_string(), text, form));
        }
    }
    assert!(out.len() >= 5, "the repository's municipalities");
    out
}

/// What a browser sends for the form as shown: every value, a checkbox's `true` or `false`.
fn as_shown(form: &Form) -> BTreeMap<String, String> {
    form.fields().map(|f| (f.name(), f.value.clone())).collect()
}

/// The lines removed and added from `old` to `new`.
fn changed(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for line in lines(old, new) {
        match line {
            Line::Removed(l) => removed.push(l),
            Line::Added(l) => added.push(l),
            Line::Same(_) => {}
        }
    }
    (removed, added)
}

/// A value of `field`'s kind other than its own.
fn other_value(field: &Field) -> String {
    match &field.input {
        Input::Bool => if field.value == "true" {
            "false"
        } else {
            "true"
        }
        .to_string(),
        Input::Date => if field.value == "2027-01-02" {
            "2027-01-03"
        } else {
            "2027-01-02"
        }
        .to_string(),
        Input::YearMonth => "2019-04".to_string(),
        Input::Choice(values) => values
            .iter()
            .find(|c| c.value != field.value)
            .unwrap()
            .value
            .clone(),
        Input::Languages => if field.value == "fi, sv" {
            "fi, sv, en"
        } else {
            "fi, sv"
        }
        .to_string(),
        Input::Text { .. } => format!("{} muutettu \"x\"", field.value).trim().to_string(),
    }
}

fn with(form: &Form, name: &str, value: &str) -> BTreeMap<String, String> {
    let mut sent = as_shown(form);
    sent.insert(name.to_string(), value.to_string());
    sent
}

#[test]
fn an_unchanged_submission_gives_the_same_bytes() {
    for (file, text, form) in files() {
        assert_eq!(
            apply(&text, &form, &as_shown(&form)).unwrap(),
            text,
            "{file}"
        );
    }
}

#[test]
fn one_changed_value_changes_one_line() {
    for (file, text, form) in files() {
        for field in form.fields() {
            let value = other_value(field);
            let new = apply(&text, &form, &with(&form, &field.name(), &value)).unwrap();
            let (removed, added) = changed(&text, &new);
            let present =
                super::tree::get(&super::tree::parse(&text).unwrap(), &field.key).is_some();
            let key = field.key.last().unwrap();
            if present {
                assert_eq!(
                    (removed.len(), added.len()),
                    (1, 1),
                    "{file} {}",
                    field.name()
                );
                assert!(
                    added[0].trim_start().starts_with(key.as_str()),
                    "{file}: {added:?}"
                );
            } else {
                assert!(removed.is_empty(), "{file} {}: {removed:?}", field.name());
                let own: Vec<&String> = added
                    .iter()
                    .filter(|l| !l.is_empty() && !l.starts_with('['))
                    .collect();
                assert_eq!(own.len(), 1, "{file} {}: {added:?}", field.name());
            }
            // The changed file reads back with the new value, everything else as it was.
            let form_after = build(&new, &BTreeMap::new()).unwrap();
            if let Some(f) = form_after.fields().find(|f| f.key == field.key) {
                assert_eq!(f.value, value, "{file} {}", field.name());
            }
        }
    }
}

#[test]
fn an_emptied_optional_value_removes_only_its_line() {
    let mut emptied = 0;
    for (file, text, form) in files() {
        let doc = super::tree::parse(&text).unwrap();
        for field in form.fields().filter(|f| !f.required && !f.value.is_empty()) {
            if matches!(field.input, Input::Bool | Input::Choice(_))
                || super::tree::get(&doc, &field.key).is_none()
            {
                continue;
            }
            let new = apply(&text, &form, &with(&form, &field.name(), "")).unwrap();
            let (removed, added) = changed(&text, &new);
            assert_eq!(added, Vec::<String>::new(), "{file} {}", field.name());
            assert_eq!(removed.len(), 1, "{file} {}", field.name());
            assert!(
                removed[0]
                    .trim_start()
                    .starts_with(field.key.last().unwrap().as_str())
            );
            emptied += 1;
        }
    }
    assert!(emptied > 10, "{emptied} values emptied");
}

#[test]
fn comments_and_unknown_keys_stay() {
    let text = "# top\nname = \"Pori\" # the name\nnew_thing = 1\n\n[contact]\n# who\nphone = \"1\"\nfax = \"2\"\n";
    let form = build(text, &BTreeMap::new()).unwrap();
    let mut sent = as_shown(&form);
    sent.insert("name".into(), "Björneborg".into());
    sent.insert("contact.phone".into(), String::new());
    sent.insert("contact.email".into(), "a@b.fi".into());
    let new = apply(text, &form, &sent).unwrap();
    assert_eq!(
        new,
        "# top\nname = \"Björneborg\" # the name\nnew_thing = 1\n\n[contact]\n# who\nfax = \"2\"\nemail = \"a@b.fi\"\n"
    );
}

#[test]
fn a_new_table_is_added_once_at_the_end() {
    let text = "name = \"Pori\"\n\n[contact]\nphone = \"1\"";
    let form = build(text, &BTreeMap::new()).unwrap();
    let mut sent = as_shown(&form);
    sent.insert("header.label".into(), "Tiedote".into());
    sent.insert("header.service".into(), "generic".into());
    let new = apply(text, &form, &sent).unwrap();
    assert_eq!(
        new,
        "name = \"Pori\"\n\n[contact]\nphone = \"1\"\n\n[header]\nlabel = \"Tiedote\"\nservice = \"generic\"\n"
    );
}

#[test]
fn an_inline_table_is_left_to_the_hand() {
    let text = "name = \"Pori\"\ncontact = { phone = \"1\" }\n";
    let form = build(text, &BTreeMap::new()).unwrap();
    let mut sent = as_shown(&form);
    sent.insert("contact.phone".into(), "2".into());
    assert_eq!(
        apply(text, &form, &sent).unwrap(),
        "name = \"Pori\"\ncontact = { phone = \"2\" }\n"
    );
    sent.insert("contact.email".into(), "a@b.fi".into());
    let refused = apply(text, &form, &sent).unwrap_err();
    assert_eq!(refused[0].field, "contact.email");
}

#[test]
fn too_many_or_too_long_values_are_refused() {
    let text = "name = \"Pori\"\n";
    let form = build(text, &BTreeMap::new()).unwrap();
    let mut sent = as_shown(&form);
    sent.insert(
        "name".into(),
        "x".repeat(super::fields::MAX_VALUE_BYTES + 1),
    );
    assert!(apply(text, &form, &sent).is_err());
    let many: BTreeMap<String, String> = (0..=super::fields::MAX_FIELDS)
        .map(|i| (i.to_string(), String::new()))
        .collect();
    assert!(apply(text, &form, &many).is_err());
}

#[test]
fn a_guide_s_section_holds_its_date_and_every_parameter() {
    let (_, _, form) = files()
        .into_iter()
        .find(|(f, _, _)| f.ends_with("pori.toml"))
        .unwrap();
    let ids: Vec<&str> = form.sections.iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.starts_with(&["municipality", "header", "wording", "contact"]),
        "{ids:?}"
    );
    let guide = form
        .sections
        .iter()
        .find(|s| s.id == "guide.kaksivaihe")
        .unwrap();
    let names: Vec<String> = guide.fields.iter().map(Field::name).collect();
    assert_eq!(names[0], "kaksivaihe.date");
    for p in ["mandatory_from", "app", "sms", "backup_codes"] {
        assert!(names.contains(&format!("kaksivaihe.{p}")), "{names:?}");
    }
    let app = guide
        .fields
        .iter()
        .find(|f| f.name() == "kaksivaihe.app")
        .unwrap();
    assert_eq!(
        app.input,
        Input::Text {
            default: Some("Microsoft Authenticator".into())
        }
    );
    assert!(app.help["fi"].contains("todennussovellus"));
    let old = form
        .sections
        .iter()
        .find(|s| s.id == "guide.kayttajatunnusmuutos")
        .unwrap();
    let passwords = old
        .fields
        .iter()
        .find(|f| f.name() == "kayttajatunnusmuutos.passwords")
        .unwrap();
    let Input::Choice(values) = &passwords.input else {
        panic!("a choice")
    };
    assert!(
        values[0].help["en"].starts_with("the first login"),
        "{values:?}"
    );
    assert!(passwords.help.is_empty(), "each value explains itself");
}

#[test]
fn a_position_in_a_text_that_does_not_parse_is_found_by_its_line() {
    let text = "name = \"Pori\"\n\n[contact]\nphone = \"1\n";
    let form = build(
        "name = \"Pori\"\n[contact]\nphone = \"1\"\n",
        &BTreeMap::new(),
    )
    .unwrap();
    let at = text.find("\"1").unwrap();
    let found = super::locate::field_at(&form, text, &(at..at + 1));
    assert_eq!(found.as_deref(), Some("contact.phone"));
}

#[test]
fn a_checkbox_the_form_did_not_show_is_left_as_it_is() {
    let text = "name = \"Pori\"\n[contact]\nphone = \"1\"\n";
    let form = build(text, &BTreeMap::new()).unwrap();
    let mut sent = as_shown(&form);
    sent.remove("contact.email_guard");
    assert_eq!(apply(text, &form, &sent).unwrap(), text);
    sent.insert("contact.email_guard".into(), "false".into());
    assert_eq!(
        apply(text, &form, &sent).unwrap(),
        "name = \"Pori\"\n[contact]\nphone = \"1\"\nemail_guard = false\n"
    );
}

#[test]
fn a_guide_s_wording_and_its_further_languages_own_texts_are_fields() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = project::load(root, None);
    let text = std::fs::read_to_string(root.join("municipalities/espoo.toml")).unwrap();
    let form = build(&text, &loaded.guides).unwrap();
    let ids: Vec<&str> = form.sections.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"guide.kaksivaihe.lang.sv"), "{ids:?}");
    assert!(
        !ids.iter().any(|id| id.ends_with(".lang.fi")),
        "the first language is the guide's own section: {ids:?}"
    );
    let field = |name: &str| form.fields().find(|f| f.name() == name).cloned();
    assert_eq!(
        field("kaksivaihe.wording.later").map(|f| f.value),
        Some("kaupungin".to_string()),
        "the guide's own wording"
    );
    let app = field("kaksivaihe.lang.sv.app").expect("the Swedish app name");
    assert_eq!(app.value, "");
    assert_eq!(app.default.as_deref(), Some("Microsoft Authenticator"));
    assert!(
        field("kaksivaihe.lang.sv.sms").is_none(),
        "only texts per language"
    );
    assert!(field("kaksivaihe.lang.sv.wording.first").is_some());

    // Written in a table of its own, and read by the loader as the Swedish value.
    let new = apply(
        &text,
        &form,
        &with(&form, "kaksivaihe.lang.sv.app", "Google Authenticator"),
    )
    .unwrap();
    assert!(
        new.contains("[kaksivaihe.lang.sv]\napp = \"Google Authenticator\"\n"),
        "{new}"
    );
    let mut loaded = loaded;
    let entry = project::entry_from_text(&mut loaded, "espoo", &new);
    let (m, _) = entry.result.as_ref().expect("the file loads");
    let table = m.guides.iter().find(|t| t.guide == "kaksivaihe").unwrap();
    assert_eq!(
        table.values_in("sv").get("app"),
        Some(&crate::load::params::ParamValue::Text(
            "Google Authenticator".to_string()
        ))
    );
    assert_ne!(
        table.values_in("fi").get("app"),
        table.values_in("sv").get("app"),
        "Finnish keeps the default"
    );
}
