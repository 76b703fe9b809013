//! Guides for municipalities beyond the five references, HTML structure, manifest, escaping.

use crate::common::{html_text, opas, project, project_with_references, stderr};

fn build(dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join("output");
    let run = opas(dir, &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

const KUNTA: &str = r#"name = "Pedersöre"
genitive = "Pedersören"
kind = "kunta"

[contact]
person = "Anna-Liisa Virtanen-Koskinen"
illative = "Anna-Liisa Virtanen-Koskiseen"
title = "asiakaspalvelusihteeri"
phone = "+358 40 123 4567"

[kayttajatunnusmuutos]
date = 2024-01-05
passwords = "preserved"
changed = "2023-11"
"#;

#[test]
fn a_kunta_gets_kunta_forms_everywhere() {
    let dir = project(&[("municipalities/pedersore.toml", KUNTA.as_bytes())]);
    let out = build(dir.path());
    let text = html_text(
        &std::fs::read_to_string(out.join("pedersore/kayttajatunnusmuutos/index.html")).unwrap(),
    );
    assert!(
        text.contains("Pedersören kunta Sähköisten palveluiden käyttäjätunnusmuutos"),
        "{text}"
    );
    assert!(
        text.contains("Ohje – Pedersören kunnan sähköiset palvelut"),
        "{text}"
    );
    assert!(text.contains("Pedersören kunnan sähköisten palveluiden kirjautumisjärjestelmä muuttui marraskuussa 2023."), "{text}");
    assert!(
        text.contains("Aiempi asiointihistoriasi Pedersören kunnan sähköisissä palveluissa"),
        "{text}"
    );
    assert!(
        text.contains("Ongelmatilanteissa otathan yhteyttä Pedersören kunnan asiakaspalvelusihteeri Anna-Liisa Virtanen-Koskiseen."),
        "{text}"
    );
    assert!(text.contains("Puh. +358 40 123 4567"), "{text}");
    assert!(
        !text.contains("Sähköposti:"),
        "no e-mail line without an address: {text}"
    );
    assert!(
        !text.contains("kaupun"),
        "nothing of a kaupunki in a kunta's guide: {text}"
    );
}

#[test]
fn hyphenated_names_keep_their_capitals_at_sentence_start() {
    let toml = r#"name = "Mänttä-Vilppula"
genitive = "Mänttä-Vilppulan"

[header]
service = "generic"

[contact]
unit = "palvelupiste"
illative = "palvelupisteeseen"
email = "palvelupiste@mantta-vilppula.fi"

[kayttajatunnusmuutos]
date = 2022-06-30
passwords = "reset"
changed = "2022-05"
"#;
    let dir = project(&[("municipalities/mantta-vilppula.toml", toml.as_bytes())]);
    let out = build(dir.path());
    let text = html_text(
        &std::fs::read_to_string(out.join("mantta-vilppula/kayttajatunnusmuutos/index.html"))
            .unwrap(),
    );
    assert!(text.contains("Mänttä-Vilppulan kaupungin sähköisten palveluiden kirjautumisjärjestelmä vaihtui toukokuussa 2022."), "{text}");
    assert!(
        text.contains("Ohje – Kaupungin sähköiset asiointipalvelut"),
        "{text}"
    );
    assert!(
        text.contains("Mänttä-Vilppulan kaupungin palvelupiste"),
        "{text}"
    );
    assert!(
        text.contains("Sähköposti: palvelupiste(@)mantta-vilppula.fi"),
        "{text}"
    );
}

#[test]
fn values_from_toml_are_data_not_markup_or_templates() {
    let toml = KUNTA
        .replace(
            "Anna-Liisa Virtanen-Koskinen",
            "<script>alert(1)</script> *Anna* [x](javascript:alert(1))",
        )
        .replace(
            "Anna-Liisa Virtanen-Koskiseen",
            "{{ 7 * 7 }} {% if true %}kyllä{% endif %}",
        );
    let dir = project(&[("municipalities/testi.toml", toml.as_bytes())]);
    let out = build(dir.path());
    let html = std::fs::read_to_string(out.join("testi/kayttajatunnusmuutos/index.html")).unwrap();
    assert!(!html.contains("<script>"), "no live script");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped, visible"
    );
    assert!(
        !html.contains("href=\"javascript"),
        "no javascript link: the text stays text"
    );
    assert!(!html.contains("<em>Anna</em>"), "no Markdown from values");
    let text = html_text(&html);
    assert!(text.contains("*Anna* [x](javascript:alert(1))"), "{text}");
    assert!(
        text.contains("{{ 7 * 7 }} {% if true %}kyllä{% endif %}"),
        "{text}"
    );
    assert!(!text.contains("49"), "{text}");
}

#[test]
fn html_structure_of_every_reference_guide() {
    let dir = project_with_references();
    let out = build(dir.path());
    for slug in ["pori", "kokkola", "uusikaupunki", "heinola", "espoo"] {
        let html = std::fs::read_to_string(out.join(slug).join("kayttajatunnusmuutos/index.html"))
            .unwrap();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"fi\">"),
            "{slug}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{slug}: one h1");
        let levels: Vec<u8> = html
            .match_indices("<h")
            .filter_map(|(i, _)| html[i + 2..].chars().next()?.to_digit(10))
            .map(|d| d as u8)
            .collect();
        assert_eq!(levels[0], 1, "{slug}: h1 first");
        assert!(
            levels.windows(2).all(|w| w[1] <= w[0] + 1),
            "{slug}: no skipped heading level {levels:?}"
        );
        let figures = html.matches("<figure").count();
        assert!(figures >= 4, "{slug}: {figures} figures");
        assert_eq!(
            figures,
            html.matches("<figcaption>").count(),
            "{slug}: every figure has a caption"
        );
        assert_eq!(html.matches("<main").count(), 1, "{slug}");
    }
    let pori = std::fs::read_to_string(out.join("pori/kayttajatunnusmuutos/index.html")).unwrap();
    assert!(
        pori.contains("<a href=\"mailto:asiakaspalvelu@pori.fi\">asiakaspalvelu(@)pori.fi</a>"),
        "mailto link"
    );
}

#[test]
fn manifest_lists_every_guide_with_relative_paths() {
    let dir = project_with_references();
    let out = build(dir.path());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let guides = manifest["guides"].as_array().unwrap();
    assert_eq!(
        guides.len(),
        16,
        "two guides of five municipalities, Kokkola in three languages, Espoo in two"
    );
    let heinola = guides
        .iter()
        .find(|g| g["municipality"] == "heinola" && g["guide"] == "kayttajatunnusmuutos")
        .unwrap();
    assert_eq!(heinola["lang"], "fi");
    assert_eq!(heinola["guide"], "kayttajatunnusmuutos");
    assert_eq!(heinola["date"], "2018-12-14");
    assert_eq!(heinola["html"], "heinola/kayttajatunnusmuutos/index.html");
    assert_eq!(
        heinola["title"],
        "Sähköisten palveluiden käyttäjätunnusmuutos"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for g in guides {
        assert!(index.contains(&format!("href=\"{}\"", g["html"].as_str().unwrap())));
    }
}

#[test]
fn only_builds_the_named_municipalities() {
    let dir = project_with_references();
    let out = dir.path().join("output");
    let run = opas(
        dir.path(),
        &[
            "build",
            "--only",
            "pori,heinola",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        out.join("pori/kayttajatunnusmuutos/index.html").exists()
            && out.join("heinola/kayttajatunnusmuutos/index.html").exists()
    );
    assert!(!out.join("espoo").exists());
    let run = opas(
        dir.path(),
        &["build", "--only", "porii", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("no municipality `porii`"));
}

#[test]
fn rebuild_removes_only_what_opas_wrote() {
    let dir = project_with_references();
    let out = build(dir.path());
    std::fs::write(out.join("own-notes.txt"), "keep me").unwrap();
    std::fs::remove_file(dir.path().join("municipalities/espoo.toml")).unwrap();
    build(dir.path());
    assert!(
        !out.join("espoo/kayttajatunnusmuutos/index.html").exists(),
        "a removed municipality's guide goes"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("own-notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn screenshots_replace_mockups_and_unused_files_are_warned_about() {
    let png = crate::common::png(2400, 300);
    let dir = project(&[
        (
            "municipalities/testi.toml",
            crate::common::MINIMAL.as_bytes(),
        ),
        (
            "municipalities/testi/kayttajatunnusmuutos/screenshots/username.png",
            &png,
        ),
        (
            "municipalities/testi/kayttajatunnusmuutos/screenshots/usernme.png",
            &png,
        ),
    ]);
    let check = opas(dir.path(), &["check"]);
    assert!(check.status.success());
    assert!(
        stderr(&check).contains("did you mean `username.png`?"),
        "{}",
        stderr(&check)
    );
    let out = build(dir.path());
    let html = std::fs::read_to_string(out.join("testi/kayttajatunnusmuutos/index.html")).unwrap();
    assert!(
        html.contains("<img src=\"screenshots/username.png\""),
        "screenshot used"
    );
    assert_eq!(html.matches("figure-screenshot").count(), 1);
    let written =
        image::open(out.join("testi/kayttajatunnusmuutos/screenshots/username.png")).unwrap();
    assert_eq!(
        (written.width(), written.height()),
        (1600, 200),
        "scaled down to 1600 px wide, shape kept"
    );
}

#[test]
fn only_keeps_the_other_guides_in_the_manifest_and_index() {
    let dir = project_with_references();
    let out = build(dir.path());
    let run = opas(
        dir.path(),
        &["build", "--only", "pori", "--out", out.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["guides"].as_array().unwrap().len(), 16);
    assert!(
        out.join("espoo/kayttajatunnusmuutos/sv/index.html")
            .exists(),
        "other guides stay"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"espoo/kayttajatunnusmuutos/index.html\""),
        "and stay on the index"
    );
}

#[test]
fn the_readme_example_is_a_valid_municipality_file() {
    let readme = std::fs::read_to_string(crate::common::repo().join("README.md")).unwrap();
    let example = readme
        .split("```toml\n")
        .skip(1)
        .map(|block| &block[..block.find("```").unwrap()])
        .find(|block| block.contains("\ngenitive = "))
        .expect("the schema example");
    let dir = project(&[("municipalities/esimerkki.toml", example.as_bytes())]);
    let out = build(dir.path());
    let text = html_text(
        &std::fs::read_to_string(out.join("esimerkki/kayttajatunnusmuutos/index.html")).unwrap(),
    );
    assert!(
        text.contains("Ongelmatilanteissa otathan yhteyttä"),
        "{text}"
    );
}

#[test]
fn a_rebuild_skips_guides_whose_inputs_did_not_change() {
    let dir = project_with_references();
    let out = build(dir.path());
    let pori_pdf = out.join("pori/kayttajatunnusmuutos/pori-kayttajatunnusmuutos.pdf");
    let heinola_pdf = out.join("heinola/kayttajatunnusmuutos/heinola-kayttajatunnusmuutos.pdf");
    // Date both PDFs back: a guide left alone keeps the old time, a rewritten one not.
    for pdf in [&pori_pdf, &heinola_pdf] {
        let status = std::process::Command::new("touch")
            .args(["-d", "2001-01-01"])
            .arg(pdf)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let modified = |pdf: &std::path::Path| std::fs::metadata(pdf).unwrap().modified().unwrap();
    let old = modified(&heinola_pdf);
    let pori_before = std::fs::read(&pori_pdf).unwrap();
    let toml = dir.path().join("municipalities/pori.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("(02) 621 1100", "(02) 621 1200")).unwrap();
    build(dir.path());
    assert_ne!(
        std::fs::read(&pori_pdf).unwrap(),
        pori_before,
        "the changed guide is rebuilt"
    );
    assert_ne!(modified(&pori_pdf), old);
    assert_eq!(
        modified(&heinola_pdf),
        old,
        "the unchanged one is left alone"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"hash\""),
        "hashes are recorded: {manifest}"
    );
    // A removed file is written again even when nothing changed.
    std::fs::remove_file(&heinola_pdf).unwrap();
    build(dir.path());
    assert!(heinola_pdf.exists());
}

#[test]
fn base_url_gives_canonical_and_language_urls() {
    let dir = project_with_references();
    let out = dir.path().join("output");
    let run = opas(
        dir.path(),
        &[
            "build",
            "--base-url",
            "https://ohjeet.example.fi/",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let html =
        std::fs::read_to_string(out.join("kokkola/kayttajatunnusmuutos/sv/index.html")).unwrap();
    assert!(
        html.contains(
            "<link rel=\"canonical\" href=\"https://ohjeet.example.fi/kokkola/kayttajatunnusmuutos/sv/index.html\">"
        ),
        "{html}"
    );
    assert!(html.contains("<link rel=\"alternate\" hreflang=\"fi\" href=\"https://ohjeet.example.fi/kokkola/kayttajatunnusmuutos/index.html\">"), "{html}");
    let bad = opas(
        dir.path(),
        &[
            "build",
            "--base-url",
            "javascript:alert(1)",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--base-url"), "{}", stderr(&bad));
}

#[test]
fn check_warns_about_figures_still_shown_as_placeholders() {
    let dir = project(&[(
        "municipalities/testi.toml",
        crate::common::MINIMAL.as_bytes(),
    )]);
    let screens = dir
        .path()
        .join("content/kayttajatunnusmuutos/fi/screens.toml");
    let text = std::fs::read_to_string(&screens).unwrap();
    // A screen without items has no mock-up: the figure waits for a screenshot.
    let start = text.find("[front-page]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    std::fs::write(
        &screens,
        format!(
            "{}[front-page]\nstyle = \"page\"{}",
            &text[..start],
            &text[end..]
        ),
    )
    .unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert!(run.status.success(), "a warning, not an error: {err}");
    assert!(
        err.contains("`front-page` (fi) is shown as a placeholder"),
        "{err}"
    );
    assert!(
        err.contains("municipalities/testi/kayttajatunnusmuutos/screenshots/front-page.png"),
        "{err}"
    );
}
