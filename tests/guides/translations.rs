//! Translations checked against the guide's reference language: a step that appears for
//! other municipalities, a contact flag, a screen's style or items that differ are located
//! errors in the translation, the guide is left out, and every other guide is still built.

use std::path::Path;

use crate::common::{files_under, opas, project_with_references, stderr};

const GUIDE: &str = "kaksivaihe";

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join("content").join(GUIDE).join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} holds {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Changes a translation with `change`; `check` and `build` must both fail with
/// `messages` at `at`, leave the guide out and build the others.
fn drifted(change: impl FnOnce(&Path), messages: &[&str], at: &str) {
    let dir = project_with_references();
    change(dir.path());
    let check = opas(dir.path(), &["check"]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "check fails: {err}");
    for message in messages {
        assert!(err.contains(message), "check says {message}: {err}");
    }
    assert!(err.contains(at), "at {at}: {err}");
    assert!(err.contains("help:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let out = dir.path().join("output");
    let build = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let built = stderr(&build);
    assert_eq!(build.status.code(), Some(1), "build fails: {built}");
    for message in messages {
        assert!(built.contains(message), "build says {message}: {built}");
    }
    let files = files_under(&out);
    assert!(
        !files.iter().any(|f| f.contains(&format!("/{GUIDE}/"))),
        "nothing of the guide is written: {files:?}"
    );
    assert!(
        out.join("espoo/kayttajatunnusmuutos/sv/index.html")
            .is_file(),
        "the other guide is built: {built}"
    );
}

#[test]
fn a_step_whose_condition_differs_from_the_reference() {
    drifted(
        |root| {
            edit(
                root,
                "sv/steps/55-backup-codes.md",
                "backup_codes = true",
                "backup_codes = false",
            )
        },
        &[
            "the step `55-backup-codes` in `sv` appears `when = { backup_codes = false }`, but in `fi` `when = { backup_codes = true }`",
            "write `when = { backup_codes = true }` in the front matter, as content/kaksivaihe/fi/steps/55-backup-codes.md:2 does",
        ],
        "content/kaksivaihe/sv/steps/55-backup-codes.md:2:8",
    );
}

#[test]
fn a_step_whose_condition_the_translation_leaves_out() {
    drifted(
        |root| {
            edit(
                root,
                "en/steps/55-backup-codes.md",
                "+++\nwhen = { backup_codes = true }\n+++\n",
                "",
            )
        },
        &[
            "the step `55-backup-codes` in `en` appears always (no `when`), but in `fi` `when = { backup_codes = true }`",
            "in a front matter between two lines of +++ at the top of the file",
        ],
        "content/kaksivaihe/en/steps/55-backup-codes.md:1:1",
    );
}

#[test]
fn a_condition_the_reference_does_not_have() {
    drifted(
        |root| {
            edit(
                root,
                "sv/steps/20-app.md",
                "## Innan du börjar",
                "+++\nwhen = { sms = true }\n+++\n## Innan du börjar",
            )
        },
        &[
            "the step `20-app` in `sv` appears `when = { sms = true }`, but in `fi` always (no `when`)",
            "remove `when`",
        ],
        "content/kaksivaihe/sv/steps/20-app.md:2:8",
    );
}

#[test]
fn a_contact_flag_that_differs() {
    drifted(
        |root| {
            // The guide's own Swedish contact step, replacing the shared one.
            let shared = root.join("content/languages/sv/steps/95-contact.md");
            let text = std::fs::read_to_string(shared).unwrap();
            let own = root
                .join("content")
                .join(GUIDE)
                .join("sv/steps/95-contact.md");
            std::fs::write(own, text.replacen("contact = true", "contact = false", 1)).unwrap();
        },
        &[
            "the step `95-contact` is not the contact block in `sv`, but is in `fi`",
            "write `contact = true` in its front matter, as content/languages/fi/steps/95-contact.md does",
        ],
        "content/kaksivaihe/sv/steps/95-contact.md:2:11",
    );
}

#[test]
fn a_screen_of_another_style() {
    drifted(
        |root| {
            edit(
                root,
                "sv/screens.toml",
                "[backup-codes]\nstyle = \"dialog\"",
                "[backup-codes]\nstyle = \"page\"",
            )
        },
        &["the screen `backup-codes` is a `page` in `sv`, but a `dialog` in `fi`"],
        "content/kaksivaihe/sv/screens.toml:67:9",
    );
}

#[test]
fn screen_items_in_another_order() {
    drifted(
        |root| {
            edit(
                root,
                "sv/screens.toml",
                "  { notice = \"Spara reservkoderna nu. De visas bara den här gången.\" },\n  { text = \"Med en reservkod kan du logga in om du inte kan använda din telefon. Varje kod fungerar bara en gång.\" },",
                "  { text = \"Med en reservkod kan du logga in om du inte kan använda din telefon. Varje kod fungerar bara en gång.\" },\n  { notice = \"Spara reservkoderna nu. De visas bara den här gången.\" },",
            )
        },
        &[
            "item 2 of the screen `backup-codes` is a `text` in `sv`, but a `notice` in `fi`",
            "in their order: title, notice, text, codes, checkbox, button",
        ],
        "content/kaksivaihe/sv/screens.toml:70:3",
    );
}

#[test]
fn a_screen_item_left_out_or_with_other_digits() {
    drifted(
        |root| {
            edit(root, "sv/screens.toml", "  { button = \"Klar\" },\n", "");
            edit(
                root,
                "sv/screens.toml",
                "digits = 6, value = \"123456\"",
                "digits = 4, value = \"1234\"",
            );
        },
        &[
            "the screen `backup-codes` has 5 items in `sv`, but 6 in `fi`",
            "add button after it",
            "the `code_entry` of the screen `enter-code` (item 3) has digits = 4, value = \"1234\" in `sv`, but digits = 6, value = \"123456\" in `fi`",
        ],
        "content/kaksivaihe/sv/screens.toml:73:3",
    );
}

#[test]
fn a_screen_only_the_translation_has() {
    drifted(
        |root| {
            let path = root.join("content").join(GUIDE).join("sv/screens.toml");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                format!(
                    "{text}\n[backup-kodes]\nstyle = \"dialog\"\nitems = [{{ title = \"X\" }}]\n"
                ),
            )
            .unwrap();
        },
        &[
            "the screen `backup-kodes` does not exist in `fi`",
            "did you mean `[backup-codes]`?",
        ],
        "content/kaksivaihe/sv/screens.toml:",
    );
}
