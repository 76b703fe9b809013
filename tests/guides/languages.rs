//! Guides in Finnish, Swedish and English: every step translated, no Finnish in other languages.

use std::collections::BTreeSet;

use crate::common::{MINIMAL, html_text, opas, project, project_with_references, stderr};

fn build_references() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = project_with_references();
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    (dir, out)
}

#[test]
fn bilingual_municipalities_get_a_guide_per_language_with_switch_links() {
    let (_dir, out) = build_references();
    for (page, lang) in [
        ("kokkola/kayttajatunnusmuutos/index.html", "fi"),
        ("kokkola/kayttajatunnusmuutos/sv/index.html", "sv"),
        ("kokkola/kayttajatunnusmuutos/en/index.html", "en"),
        ("espoo/kayttajatunnusmuutos/index.html", "fi"),
        ("espoo/kayttajatunnusmuutos/sv/index.html", "sv"),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{page}");
        let dir = std::path::Path::new(page).parent().unwrap();
        let links: Vec<&str> = html
            .match_indices("<a href=\"")
            .map(|(i, _)| &html[i + 9..])
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .filter(|href| href.ends_with("index.html"))
            .collect();
        assert!(!links.is_empty(), "{page} links to its other languages");
        for href in links {
            assert!(out.join(dir).join(href).exists(), "{page}: {href} exists");
        }
    }
    let sv = html_text(
        &std::fs::read_to_string(out.join("kokkola/kayttajatunnusmuutos/sv/index.html")).unwrap(),
    );
    assert!(
        sv.contains("Karleby stad Nytt användarnamn i de elektroniska tjänsterna"),
        "{sv}"
    );
    assert!(
        sv.contains(
            "Vid problem kan du kontakta Karleby stads tillståndsrådgivare Sampsa Sundqvist."
        ),
        "{sv}"
    );
    let en = html_text(
        &std::fs::read_to_string(out.join("kokkola/kayttajatunnusmuutos/en/index.html")).unwrap(),
    );
    assert!(
        en.contains("1 September 2023"),
        "English date convention: {en}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let kokkola: Vec<&str> = manifest["guides"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["municipality"] == "kokkola" && g["guide"] == "kayttajatunnusmuutos")
        .map(|g| g["lang"].as_str().unwrap())
        .collect();
    assert_eq!(kokkola, ["fi", "sv", "en"]);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"kokkola/kayttajatunnusmuutos/sv/index.html\""),
        "the index lists every language"
    );
}

/// Words (four letters or more) of `text`, lower case.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn no_finnish_leaks_into_swedish_or_english_guides() {
    let (dir, out) = build_references();
    // Proper names may stand in any language: the municipalities' data and the example addresses.
    let mut names = BTreeSet::new();
    for slug in ["kokkola", "espoo"] {
        let toml = std::fs::read_to_string(dir.path().join(format!("municipalities/{slug}.toml")))
            .unwrap();
        let value: toml::Value = toml::from_str(&toml).unwrap();
        names.extend(words(value["name"].as_str().unwrap()));
        if let Some(contact) = value.get("contact") {
            for field in ["person", "email", "email_pattern"] {
                if let Some(v) = contact.get(field).and_then(|v| v.as_str()) {
                    names.extend(words(v));
                }
            }
        }
    }
    for (fi, other) in [
        (
            "kokkola/kayttajatunnusmuutos/index.html",
            "kokkola/kayttajatunnusmuutos/sv/index.html",
        ),
        (
            "kokkola/kayttajatunnusmuutos/index.html",
            "kokkola/kayttajatunnusmuutos/en/index.html",
        ),
        (
            "espoo/kayttajatunnusmuutos/index.html",
            "espoo/kayttajatunnusmuutos/sv/index.html",
        ),
    ] {
        let fi_words = words(&html_text(&std::fs::read_to_string(out.join(fi)).unwrap()));
        let other_words = words(&html_text(
            &std::fs::read_to_string(out.join(other)).unwrap(),
        ));
        let leaked: Vec<&String> = fi_words
            .intersection(&other_words)
            .filter(|w| !names.contains(*w))
            .filter(|w| {
                ![
                    "example",
                    "https",
                    "asiointi",
                    "account",
                    "recoverpassword",
                    "token",
                ]
                .contains(&w.as_str())
            })
            // The language switch names each language in that language.
            .filter(|w| !["suomeksi", "svenska", "english"].contains(&w.as_str()))
            .collect();
        assert!(leaked.is_empty(), "Finnish words in {other}: {leaked:?}");
    }
}

#[test]
fn a_missing_translation_of_a_step_is_an_error_naming_step_and_language() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    std::fs::remove_file(
        dir.path()
            .join("content/kayttajatunnusmuutos/sv/steps/40-link-sent-reset.md"),
    )
    .unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the step `40-link-sent-reset` is not translated into `sv`"),
        "{err}"
    );
    assert!(
        err.contains("content/kayttajatunnusmuutos/sv/steps/40-link-sent-reset.md"),
        "{err}"
    );
}

#[test]
fn a_missing_translation_of_a_screen_is_an_error() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let screens = dir
        .path()
        .join("content/kayttajatunnusmuutos/en/screens.toml");
    let text = std::fs::read_to_string(&screens).unwrap();
    let cut = text.find("[header-bar]").unwrap();
    let end = text[cut..].find("\n\n").map_or(text.len(), |e| cut + e);
    std::fs::write(&screens, format!("{}{}", &text[..cut], &text[end..])).unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the screen `header-bar` is not translated into `en`"),
        "{err}"
    );
}

#[test]
fn unknown_language_and_unlisted_translation_are_located() {
    let toml = MINIMAL.replacen("[contact]", "languages = [\"fi\", \"se\"]\n\n[contact]", 1);
    let dir = project(&[("municipalities/testi.toml", toml.as_bytes())]);
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("unknown language `se`"), "{err}");
    assert!(err.contains("did you mean `sv`?"), "{err}");
    assert!(err.contains("municipalities/testi.toml:4:13"), "{err}");

    let toml = format!("{MINIMAL}\n[lang.sv]\nname = \"Björneborg\"\n");
    let dir = project(&[("municipalities/testi.toml", toml.as_bytes())]);
    let err = stderr(&opas(dir.path(), &["check"]));
    assert!(
        err.contains("`[lang.sv]` is not one of the municipality's languages"),
        "{err}"
    );
}

#[test]
fn a_municipality_note_needs_every_language() {
    let toml = MINIMAL.replacen("[contact]", "languages = [\"fi\", \"sv\"]\n\n[contact]", 1);
    let dir = project(&[
        ("municipalities/testi.toml", toml.as_bytes()),
        (
            "municipalities/testi/kayttajatunnusmuutos/fi/notes/40-link-sent-reset.md",
            b"**Huom!** Tarkista osoite.\n",
        ),
    ]);
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("the note has no `sv` version"), "{err}");
    assert!(
        err.contains("municipalities/testi/kayttajatunnusmuutos/sv/notes/40-link-sent-reset.md"),
        "{err}"
    );
}

/// Removes the items of `[screen]` in a screens.toml: the figure then waits for a screenshot.
fn without_mockup(dir: &std::path::Path, lang: &str, screen: &str) {
    let path = dir.join(format!("content/kayttajatunnusmuutos/{lang}/screens.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find(&format!("[{screen}]")).unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    let style = "style = \"page\"";
    let text = format!("{}[{screen}]\n{style}{}", &text[..start], &text[end..]);
    std::fs::write(&path, text).unwrap();
}

#[test]
fn check_names_the_language_folder_for_a_further_languages_screenshot() {
    let file = MINIMAL.replace("[contact]", "languages = [\"fi\", \"sv\"]\n\n[contact]");
    let dir = project(&[("municipalities/testi.toml", file.as_bytes())]);
    without_mockup(dir.path(), "sv", "front-page");
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("add the screenshot as municipalities/testi/kayttajatunnusmuutos/screenshots/sv/front-page.png"),
        "the Swedish screenshot's folder: {err}"
    );
    // Adding the file where the warning says makes the warning go away.
    let shots = dir
        .path()
        .join("municipalities/testi/kayttajatunnusmuutos/screenshots/sv");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("front-page.png"), crate::common::png(40, 30)).unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(!err.contains("placeholder"), "{err}");
}
