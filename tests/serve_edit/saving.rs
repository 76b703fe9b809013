//! Editing a municipality in the browser: a save that moves one line, check's errors beside
//! their fields, a stale save refused, the pages' language, and a guide added.

use super::{Editor, inputs, pori, snapshot};
use crate::common::{files_under, project_with_references};

#[test]
fn a_confirmed_save_changes_exactly_one_line_and_nothing_outside_municipalities() {
    let dir = project_with_references();
    let (content, themes) = (
        snapshot(&dir.path().join("content")),
        snapshot(&dir.path().join("themes")),
    );
    let before = pori(dir.path());
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    assert_eq!(form["contact.phone"], "(02) 621 1100");
    assert!(
        !form.contains_key("_original"),
        "the form carries the file's fingerprint, not its text"
    );
    form.insert("contact.phone".into(), "(02) 621 2000".into());
    let (status, review) = editor.post("pori", &form);
    assert_eq!(status, 200, "{review}");
    assert!(
        review.contains("<del>- phone = &quot;(02) 621 1100&quot;</del>"),
        "{review}"
    );
    assert!(
        review.contains("<ins>+ phone = &quot;(02) 621 2000&quot;</ins>"),
        "{review}"
    );
    assert_eq!(
        pori(dir.path()),
        before,
        "nothing written before the confirmation"
    );
    let confirm = inputs(&review[review.find("<form").unwrap()..]);
    assert_eq!(confirm["_confirm"], "1");
    let (status, saved) = editor.post("pori", &confirm);
    assert_eq!(status, 200, "{saved}");
    assert!(saved.contains("role=\"status\""), "{saved}");
    assert!(
        saved.contains("<ins>+ phone = &quot;(02) 621 2000&quot;</ins>"),
        "the saved page shows what was written: {saved}"
    );
    let link = "href=\"/pori/kaksivaihe/index.html\" target=\"preview\"";
    assert!(
        saved.contains(link),
        "links the municipality's guides into the preview: {saved}"
    );
    assert!(
        saved.contains("<iframe name=\"preview\" src=\"/pori/"),
        "the guide is previewed beside the form: {saved}"
    );
    let reopened = inputs(&saved);
    assert_eq!(
        reopened["contact.phone"], "(02) 621 2000",
        "the form again, saved"
    );
    // The guide was rebuilt before the save was answered: no waiting for the watcher.
    let (_, guide) = editor.send("GET", "/pori/kaksivaihe/index.html", &[], "");
    assert!(
        guide.contains("621\u{a0}2000") || guide.contains("621 2000"),
        "the guide shows the new number as soon as the save is answered"
    );
    // The watcher sees the file the save wrote and builds it again, which changes no page:
    // an open guide is reloaded once, by the save's own build, not a second time.
    let (_, now) = editor.send("GET", "/__opas/wait", &[], "");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let (_, later) = editor.send("GET", "/__opas/wait", &[], "");
    assert_eq!(
        now, later,
        "the watcher's build of the saved file woke the pages again"
    );
    let after = pori(dir.path());
    assert_eq!(
        after,
        before.replace("\"(02) 621 1100\"", "\"(02) 621 2000\"")
    );
    let differing = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(
        (differing, before.lines().count()),
        (1, after.lines().count())
    );
    assert_eq!(
        snapshot(&dir.path().join("content")),
        content,
        "content/ is never written"
    );
    assert_eq!(
        snapshot(&dir.path().join("themes")),
        themes,
        "themes/ is never written"
    );
    let municipalities = files_under(&dir.path().join("municipalities"));
    assert!(
        !municipalities.iter().any(|f| f.contains(".tmp")),
        "{municipalities:?}"
    );
}

#[test]
fn an_error_of_check_is_shown_beside_its_field_and_nothing_is_written() {
    let dir = project_with_references();
    let before = pori(dir.path());
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    form.insert("kaksivaihe.date".into(), "2026-02-30".into());
    let (status, page) = editor.post("pori", &form);
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("class=\"error-summary\""), "{page}");
    assert!(
        page.contains(
            "<a href=\"#f-kaksivaihe.date\">Guide: kaksivaihe, The guide&#39;s date (required): "
        ),
        "the summary links the field and names it: {page}"
    );
    let field = &page[page.find("id=\"f-kaksivaihe.date\"").unwrap()..];
    assert!(
        field.contains("value=\"2026-02-30\""),
        "the typed value stays"
    );
    assert!(
        page.contains("id=\"f-kaksivaihe.date-error0\""),
        "the error beside the field"
    );
    assert!(
        page.contains("<section aria-labelledby=\"screens\">") && page.contains("type=\"file\""),
        "the screens and their uploads stay on the form with errors"
    );
    // A text field: a browser's date input would send nothing for 30 February, and the
    // page would then say the date is missing instead of what is wrong with it.
    assert!(
        page.contains("<input type=\"text\" id=\"f-kaksivaihe.date\""),
        "the date is typed as text"
    );
    assert!(
        page.contains("id=\"f-kaksivaihe.date-format\"")
            && field.contains("aria-describedby=\"f-kaksivaihe.date-format"),
        "the date's form is told beside it"
    );
    assert_eq!(pori(dir.path()), before);
}

#[test]
fn a_save_over_a_file_changed_since_it_was_opened_is_refused_with_the_difference() {
    let dir = project_with_references();
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    let theirs = pori(dir.path()).replace("asiakaspalvelu@pori.fi", "neuvonta@pori.fi");
    std::fs::write(dir.path().join("municipalities/pori.toml"), &theirs).unwrap();
    form.insert("contact.phone".into(), "(02) 621 2000".into());
    form.insert("_confirm".into(), "1".into());
    let (status, page) = editor.post("pori", &form);
    assert_eq!(status, 409, "{page}");
    assert!(
        page.contains("<ins>+ email = &quot;neuvonta@pori.fi&quot;</ins>"),
        "{page}"
    );
    assert_eq!(pori(dir.path()), theirs, "the other change stays");
}

#[test]
fn the_pages_speak_the_browser_s_language_and_switch() {
    let dir = project_with_references();
    let editor = Editor::start(dir.path());
    let t = editor.token.clone();
    let (_, sv) = editor.send(
        "GET",
        &format!("/_edit/pori?token={t}"),
        &["Accept-Language: sv-FI,sv;q=0.9"],
        "",
    );
    assert!(
        sv.contains("<html lang=\"sv\">") && sv.contains("Telefonnummer"),
        "{sv}"
    );
    assert!(
        sv.contains(&format!("href=\"/_edit/pori?lang=fi&amp;token={t}\"")),
        "a switch to Finnish"
    );
    let (_, en) = editor.send(
        "GET",
        &format!("/_edit/pori?lang=en&token={t}"),
        &["Accept-Language: sv"],
        "",
    );
    assert!(en.contains("<html lang=\"en\">") && en.contains("Phone number"));
    let labels = en.matches("<label for=").count();
    let inputs = en.matches("<input type=\"text\"").count();
    assert!(
        labels >= inputs && inputs > 10,
        "{labels} labels, {inputs} inputs"
    );
}

#[test]
fn a_guide_is_added_from_the_form_once_its_required_values_are_filled_in() {
    let dir = project_with_references();
    let file = dir.path().join("municipalities/espoo.toml");
    let table = "[kayttajatunnusmuutos]\ndate = 2020-02-13\npasswords = \"preserved\"\n";
    let without = std::fs::read_to_string(&file).unwrap().replace(table, "");
    std::fs::write(&file, &without).unwrap();
    let editor = Editor::start(dir.path());
    let (_, page) = editor.send(
        "GET",
        &format!("/_edit/espoo?lang=en&token={}", editor.token),
        &[],
        "",
    );
    assert!(
        page.contains("name=\"_add\" value=\"kayttajatunnusmuutos\""),
        "{page}"
    );
    let mut form = inputs(&page);
    form.insert("_add".into(), "kayttajatunnusmuutos".into());
    let (status, asked) = editor.post("espoo", &form);
    assert_eq!(status, 422, "{asked}");
    assert!(
        asked.contains("name=\"kayttajatunnusmuutos.passwords\""),
        "the guide's fields are shown"
    );
    let mut form = inputs(&asked);
    assert_eq!(form["_adding"], "kayttajatunnusmuutos");
    form.insert("kayttajatunnusmuutos.passwords".into(), "preserved".into());
    let (status, review) = editor.post("espoo", &form);
    assert_eq!(status, 200, "{review}");
    let (status, _) = editor.post("espoo", &inputs(&review[review.find("<form").unwrap()..]));
    assert_eq!(status, 200);
    let now = std::fs::read_to_string(&file).unwrap();
    assert!(
        now.starts_with(&without) && now.contains("\npasswords = \"preserved\"\n"),
        "{now}"
    );
}

#[test]
fn a_new_municipality_is_written_as_opas_new_writes_it_and_never_over_another() {
    let dir = project_with_references();
    let editor = Editor::start(dir.path());
    let pori_before = pori(dir.path());
    let (status, list) = editor.send(
        "GET",
        &format!("/_edit/?lang=en&token={}", editor.token),
        &[],
        "",
    );
    assert_eq!(status, 200);
    let mut form = inputs(&list);
    assert_eq!(form["_new"], "1");
    assert!(list.contains("name=\"guide.kaksivaihe\""), "{list}");
    form.insert("slug".into(), "mantta-vilppula".into());
    form.insert("name".into(), "Mänttä-Vilppula".into());
    form.insert("genitive".into(), "Mänttä-Vilppulan".into());
    form.insert("guide.kaksivaihe".into(), "true".into());
    let (status, _) = editor.post("", &form);
    assert_eq!(status, 303);
    let text =
        std::fs::read_to_string(dir.path().join("municipalities/mantta-vilppula.toml")).unwrap();
    assert!(
        text.contains("name = \"Mänttä-Vilppula\"") && text.contains("\n[kaksivaihe]\n"),
        "{text}"
    );
    let (status, page) = editor.send(
        "GET",
        &format!("/_edit/mantta-vilppula?token={}", editor.token),
        &[],
        "",
    );
    assert_eq!(status, 200);
    assert!(
        page.contains("name=\"kaksivaihe.date\""),
        "the new guide's fields"
    );
    for slug in ["pori", "../content/x", "Pori"] {
        form.insert("slug".into(), slug.into());
        let (status, page) = editor.post("", &form);
        assert_eq!(status, 422, "{slug}: {page}");
        assert!(page.contains("class=\"error-summary\""), "{page}");
    }
    assert_eq!(
        pori(dir.path()),
        pori_before,
        "an existing municipality is never overwritten"
    );
    assert!(!dir.path().join("content/x.toml").exists());
    form.remove("_token");
    form.insert("slug".into(), "uusi".into());
    assert_eq!(
        editor.post("", &form).0,
        403,
        "the token is needed here too"
    );
}

#[test]
fn a_file_larger_than_the_form_s_body_limit_is_edited_and_its_stale_save_still_shows_the_difference()
 {
    let dir = project_with_references();
    let path = dir.path().join("municipalities/pori.toml");
    // Over 200 KB of comments: the form carries the fields, not the file.
    let notes: String = (0..3000)
        .map(|i| {
            format!("# Huomautus {i}: tämä rivi on vain kommentti, joka kasvattaa tiedostoa.\n")
        })
        .collect();
    let big = format!("{notes}{}", pori(dir.path()));
    assert!(big.len() > 3 * 64 * 1024);
    std::fs::write(&path, &big).unwrap();
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    form.insert("contact.phone".into(), "(02) 621 2000".into());
    form.insert("_confirm".into(), "1".into());
    let (status, page) = editor.post("pori", &form);
    assert_eq!(status, 200, "{page}");
    let saved = pori(dir.path());
    assert_eq!(saved, big.replace("\"(02) 621 1100\"", "\"(02) 621 2000\""));

    // Opened again, then changed on disk: the refusal shows the change against the file
    // as the form was opened, which the server kept.
    let mut form = editor.form("pori");
    std::fs::write(
        &path,
        saved.replace("asiakaspalvelu@pori.fi", "neuvonta@pori.fi"),
    )
    .unwrap();
    form.insert("contact.phone".into(), "(02) 621 3000".into());
    form.insert("_confirm".into(), "1".into());
    let (status, page) = editor.post("pori", &form);
    assert_eq!(status, 409, "{page}");
    assert!(
        page.contains("<del>- email = &quot;asiakaspalvelu@pori.fi&quot;</del>")
            && page.contains("<ins>+ email = &quot;neuvonta@pori.fi&quot;</ins>"),
        "{page}"
    );
    assert!(
        !page.contains("Huomautus 5:"),
        "only the changed lines and their context"
    );
}
