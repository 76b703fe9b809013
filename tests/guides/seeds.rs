//! Fidelity: every prose sentence of the five published guides appears in the generated
//! HTML and PDF of that municipality, screens included. The sentences live in
//! `tests/fixtures/seeds/`, so the test needs nothing outside the repository.

use crate::common::{collapse, html_text, opas, project_with_references, untypeset};

/// The reference municipalities: `tests/fixtures/seeds/<slug>.txt` holds the expected
/// sentences of each, one a line (how they were derived: `tests/fixtures/seeds/README.md`).
const REFERENCES: [&str; 5] = ["pori", "kokkola", "uusikaupunki", "heinola", "espoo"];

/// The expected sentences and screen texts of a reference municipality's guide.
fn expected(slug: &str) -> Vec<String> {
    let path = crate::common::repo()
        .join("tests/fixtures/seeds")
        .join(format!("{slug}.txt"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| collapse(&untypeset(l)))
        .collect()
}

#[test]
fn every_seed_sentence_appears_in_the_generated_html() {
    let project = project_with_references();
    let out = project.path().join("output");
    let run = opas(project.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", crate::common::stderr(&run));

    let mut total = 0;
    let mut missing = Vec::new();
    for slug in REFERENCES {
        let html = std::fs::read_to_string(out.join(slug).join("kayttajatunnusmuutos/index.html"))
            .expect("guide html");
        // Both sides without the typography pass: the published guides used straight quotes.
        let text = untypeset(&html_text(&html));
        for fragment in expected(slug) {
            total += 1;
            if !text.contains(&fragment) {
                missing.push(format!("{slug}: {fragment}"));
            }
        }
    }
    println!(
        "seed fragments checked: {total}, missing: {}",
        missing.len()
    );
    assert_eq!(total, 300, "the fixtures hold 300 sentences");
    assert!(
        missing.is_empty(),
        "missing from the generated HTML:\n{}",
        missing.join("\n")
    );
}

/// The text of a PDF as pdftotext reads it, with line-end hyphens of hyphenated words
/// joined again ("käyttä-\njänä" → "käyttäjänä") and white space collapsed.
fn pdf_text(pdf: &std::path::Path) -> Option<String> {
    let output = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let raw = String::from_utf8_lossy(&output.stdout);
    let mut joined = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        // A line-end hyphen extracts as a soft hyphen: the word goes on after the break.
        if c == '\u{ad}' && chars.peek() == Some(&'\n') {
            chars.next();
            continue;
        }
        if c == '-' && chars.peek() == Some(&'\n') {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek().is_some_and(|n| n.is_lowercase())
                && joined.chars().last().is_some_and(char::is_alphabetic)
            {
                chars.next();
                continue;
            }
        }
        joined.push(c);
    }
    Some(collapse(&untypeset(&joined)))
}

#[test]
fn every_seed_sentence_appears_in_the_generated_pdf() {
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftotext is required on CI"
        );
        eprintln!("skipping: pdftotext is not installed");
        return;
    }
    let project = project_with_references();
    let out = project.path().join("output");
    let run = opas(project.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", crate::common::stderr(&run));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let mut total = 0;
    let mut missing = Vec::new();
    for slug in REFERENCES {
        let pdf = manifest["guides"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| {
                g["municipality"] == slug
                    && g["guide"] == "kayttajatunnusmuutos"
                    && g["lang"] == "fi"
            })
            .and_then(|g| g["pdf"].as_str())
            .expect("the guide's PDF in the manifest");
        let text = pdf_text(&out.join(pdf)).expect("pdftotext runs");
        for fragment in expected(slug) {
            total += 1;
            // The menu's ▼ is drawn as a shape: Open Sans has no such glyph.
            let fragment = fragment.replace(" ▼", "");
            if !text.contains(&fragment) {
                missing.push(format!("{slug}: {fragment}"));
            }
        }
    }
    println!(
        "seed fragments checked in PDFs: {total}, missing: {}",
        missing.len()
    );
    assert_eq!(total, 300, "the fixtures hold 300 sentences");
    assert!(
        missing.is_empty(),
        "missing from the generated PDFs:\n{}",
        missing.join("\n")
    );
}
