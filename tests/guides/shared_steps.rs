//! Shared steps (issue 22): the help and contact steps written once per language in
//! `content/languages/<lang>/steps/`, used by every guide whose `guide.toml` names them,
//! replaced by a guide's own step of the same name, and checked for each guide that uses
//! them.

use std::path::Path;

use crate::common::{MINIMAL, opas, project, stderr};

/// A municipality publishing both guides of the reference content, in Finnish.
fn both_guides() -> String {
    format!("{MINIMAL}\n[kaksivaihe]\ndate = 2026-01-12\n")
}

fn write(root: &Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// `text` added to the shared step `file` in every language.
fn append_to_shared(root: &Path, file: &str, text: &str) {
    for lang in ["fi", "sv", "en"] {
        let rel = format!("content/languages/{lang}/steps/{file}");
        let old = read(root, &rel);
        write(root, &rel, &format!("{old}\n{text}\n"));
    }
}

#[test]
fn a_shared_step_is_in_every_guide_that_names_it() {
    let dir = project(&[("municipalities/pori.toml", both_guides().as_bytes())]);
    let root = dir.path();
    append_to_shared(root, "95-contact.md", "Yhteinen tunnistesana.");
    let run = opas(root, &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    for guide in ["kayttajatunnusmuutos", "kaksivaihe"] {
        let html = read(root, &format!("output/pori/{guide}/index.html"));
        assert!(html.contains("Yhteinen tunnistesana."), "{guide}");
        assert!(
            html.contains("asiakaspalvelu"),
            "{guide}: the contact block"
        );
    }
}

#[test]
fn a_guides_own_step_of_the_same_name_replaces_the_shared_one() {
    let dir = project(&[("municipalities/pori.toml", both_guides().as_bytes())]);
    let root = dir.path();
    write(
        root,
        "content/kayttajatunnusmuutos/fi/steps/95-contact.md",
        "+++\ncontact = true\n+++\nOma yhteystietolohko.\n",
    );
    let run = opas(root, &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let own = read(root, "output/pori/kayttajatunnusmuutos/index.html");
    assert!(own.contains("Oma yhteystietolohko."));
    assert!(
        !own.contains("Sähköposti:"),
        "the shared contact is replaced"
    );
    let other = read(root, "output/pori/kaksivaihe/index.html");
    assert!(!other.contains("Oma yhteystietolohko."));
    assert!(
        other.contains("Sähköposti:"),
        "the other guide keeps the shared one"
    );
    // kaksivaihe's own 90-help.md replaces the shared help sentence.
    assert!(other.contains("Jos tarvitset apua käyttöönotossa"));
    assert!(!other.contains("Ongelmatilanteissa"));
    assert!(own.contains("Ongelmatilanteissa otathan yhteyttä"));
}

#[test]
fn an_unknown_shared_name_is_located_with_a_did_you_mean() {
    let dir = project(&[("municipalities/pori.toml", MINIMAL.as_bytes())]);
    let root = dir.path();
    let rel = "content/kayttajatunnusmuutos/guide.toml";
    let text = read(root, rel).replace("\"contact\"]", "\"contcat\"]");
    write(root, rel, &text);
    let line = 1 + text[..text.find("\"contcat\"").unwrap()]
        .matches('\n')
        .count();
    let run = opas(root, &["check"]);
    let out = stderr(&run);
    assert!(!run.status.success(), "{out}");
    assert!(
        out.contains("error: there is no shared step `contcat`\n"),
        "{out}"
    );
    assert!(out.contains(&format!("{rel}:{line}:19")), "{out}");
    assert!(out.contains("did you mean \"contact\"?"), "{out}");
    assert_eq!(
        out.matches("error:").count(),
        1,
        "once, not per language: {out}"
    );
    assert!(!out.contains("panicked"), "{out}");
}

#[test]
fn a_variable_one_guide_does_not_declare_is_an_error_naming_that_guide() {
    let dir = project(&[("municipalities/pori.toml", both_guides().as_bytes())]);
    let root = dir.path();
    // kaksivaihe declares `app`, kayttajatunnusmuutos does not.
    append_to_shared(root, "95-contact.md", "Sovellus: {{ app }}");
    let check = opas(root, &["check"]);
    let out = stderr(&check);
    assert!(!check.status.success(), "{out}");
    assert!(
        out.contains(
            "unknown variable `app` (the guide `kayttajatunnusmuutos` uses this shared step)"
        ),
        "{out}"
    );
    assert!(
        out.contains("content/languages/fi/steps/95-contact.md:"),
        "{out}"
    );
    assert!(!out.contains("the guide `kaksivaihe` uses"), "{out}");
    let build = opas(root, &["build"]);
    assert!(!build.status.success(), "what fails check fails build");
    let html = read(root, "output/pori/kaksivaihe/index.html");
    assert!(
        html.contains("Sovellus: Microsoft Authenticator"),
        "the guide that declares it is built"
    );
}

#[test]
fn an_error_of_the_shared_file_itself_is_reported_once() {
    let dir = project(&[("municipalities/pori.toml", both_guides().as_bytes())]);
    let root = dir.path();
    let rel = "content/languages/fi/steps/95-contact.md";
    let text = read(root, rel);
    write(root, rel, &format!("{text}\n{{{{ contact.phone \n"));
    let run = opas(root, &["check"]);
    let out = stderr(&run);
    assert!(!run.status.success(), "{out}");
    assert_eq!(out.matches(&format!("┌─ {rel}:")).count(), 1, "{out}");
}

#[test]
fn a_shared_translation_differing_from_the_reference_is_reported_at_its_file() {
    let dir = project(&[("municipalities/pori.toml", MINIMAL.as_bytes())]);
    let root = dir.path();
    let rel = "content/languages/sv/steps/95-contact.md";
    let text = read(root, rel).replace("+++\ncontact = true\n+++\n", "");
    write(root, rel, &text);
    let run = opas(root, &["check"]);
    let out = stderr(&run);
    assert!(!run.status.success(), "{out}");
    assert!(
        out.contains("the step `95-contact` is not the contact block in `sv`, but is in `fi`"),
        "{out}"
    );
    assert!(out.contains(&format!("{rel}:1:1")), "{out}");
    assert!(
        out.contains("as content/languages/fi/steps/95-contact.md does"),
        "{out}"
    );
}

#[test]
fn a_shared_step_missing_in_one_language_says_which_file_to_translate() {
    let dir = project(&[("municipalities/pori.toml", MINIMAL.as_bytes())]);
    let root = dir.path();
    std::fs::remove_file(root.join("content/languages/sv/steps/95-contact.md")).unwrap();
    let run = opas(root, &["check"]);
    let out = stderr(&run);
    assert!(!run.status.success(), "{out}");
    assert!(
        out.contains("the shared step `contact` is not written in `sv`"),
        "{out}"
    );
    assert!(
        out.contains("content/kayttajatunnusmuutos/guide.toml:"),
        "{out}"
    );
    assert!(
        out.contains("translate content/languages/fi/steps/95-contact.md into content/languages/sv/steps/95-contact.md"),
        "{out}"
    );
}

#[test]
fn a_guide_of_shared_steps_only_builds_and_an_empty_one_is_told_how_to_fill_it() {
    let text = format!("{MINIMAL}\n[tiedote]\ndate = 2026-01-12\n");
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/tiedote/fi")).unwrap();
    write(
        root,
        "content/tiedote/guide.toml",
        "id = \"tiedote\"\npath = \"tiedote\"\nlanguages = [\"fi\"]\nshared = [\"help\", \"contact\"]\n\n[lang.fi]\ntitle = \"Tiedote\"\npdf_file = \"tiedote.pdf\"\n",
    );
    write(root, "content/tiedote/fi/screens.toml", "");
    let run = opas(root, &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = read(root, "output/pori/tiedote/index.html");
    assert!(
        html.contains("asiakaspalvelu(@)pori.fi"),
        "the shared contact step: {html}"
    );
    assert!(
        !html.contains("<p class=\"subtitle\"></p>"),
        "no empty subtitle: {html}"
    );
    let decl = read(root, "content/tiedote/guide.toml");
    write(
        root,
        "content/tiedote/guide.toml",
        &decl.replace("shared = [\"help\", \"contact\"]\n", ""),
    );
    for command in ["check", "build"] {
        let run = opas(root, &[command]);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(err.contains("content/tiedote/fi/steps"), "{err}");
        assert!(err.contains("name shared steps in guide.toml"), "{err}");
    }
}
