//! The live check as the user types: the form's values checked by `opas check`'s code and
//! answered as JSON beside their fields' ids, and never saved.

use super::{Editor, pori};
use crate::common::project_with_references;

#[test]
fn a_live_check_names_the_field_of_each_error_and_never_saves() {
    let dir = project_with_references();
    let before = pori(dir.path());
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    form.insert("_live".into(), "1".into());
    form.insert("kaksivaihe.date".into(), "2026-02-30".into());
    let (status, answer) = editor.post("pori", &form);
    assert_eq!(status, 200, "{answer}");
    let json: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
    let errors = json["errors"].as_array().expect("a list of errors");
    assert_eq!(errors.len(), 1, "{answer}");
    assert_eq!(errors[0]["field"], "f-kaksivaihe.date");
    assert!(
        errors[0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("is not a valid date")),
        "{answer}"
    );

    // Valid, and even with the confirmation a save would carry: checked, not written.
    form.insert("kaksivaihe.date".into(), "2026-02-27".into());
    form.insert("_confirm".into(), "1".into());
    let (status, answer) = editor.post("pori", &form);
    assert_eq!(status, 200, "{answer}");
    let json: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{answer}");
    assert_eq!(pori(dir.path()), before, "a live check never writes");
}

#[test]
fn the_live_check_keeps_the_token_and_origin_rules() {
    let dir = project_with_references();
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    form.insert("_live".into(), "1".into());
    let body: String = form
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
        .collect::<Vec<_>>()
        .join("&");
    let (status, _) = editor.send(
        "POST",
        "/_edit/pori",
        &["Origin: http://evil.example"],
        &body,
    );
    assert_eq!(status, 403, "a foreign page cannot have a form checked");
    form.insert("_token".into(), "0".repeat(32));
    let (status, _) = editor.post("pori", &form);
    assert_eq!(status, 403, "nor one without the token");
}

#[test]
fn the_form_loads_the_script_which_its_policy_allows() {
    let dir = project_with_references();
    let editor = Editor::start(dir.path());
    let t = editor.token.clone();
    let (_, page) = editor.send("GET", &format!("/_edit/pori?token={t}"), &[], "");
    assert!(
        page.contains("<script src=\"/_edit/_live.js\" defer></script>"),
        "{page}"
    );
    assert!(
        page.contains("<form id=\"municipality-form\" method=\"post\" action=\"/_edit/pori?lang=")
            && page.contains("novalidate data-live>"),
        "the municipality's form is checked live: {page}"
    );
    assert_eq!(page.matches("data-live").count(), 1, "and only it");
    let (status, script) = editor.send("GET", "/_edit/_live.js", &[], "");
    assert_eq!(status, 200);
    assert!(script.contains("body.set('_live', '1')"), "{script}");
}
