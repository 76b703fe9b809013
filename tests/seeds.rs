//! Fidelity: every prose sentence of the five published guides in ../shared/seeds
//! appears in the generated HTML of that municipality, screens included.

mod common;

use std::path::PathBuf;

use common::{collapse, html_text, opas, project_with_references};

/// Typos of the originals and the correct forms opas writes. The first four are
/// listed in the seeds' README; the rest are the same kind of slip: a non-word
/// ("salasananalla", "ylälaudasta"), a participle that does not agree with its
/// partitive object ("käyttämäsi … -tasi"), the missing comma before "että", and
/// "-painiketta" written without the space a quoted first part needs.
const TYPOS: &[(&str, &str)] = &[
    ("salasanasasi", "salasanasi"),
    ("yläaidasta", "ylälaidasta"),
    ("välttämättä", "välittämättä"),
    ("Espoo kaupunki", "Espoon kaupunki"),
    ("salasananalla", "salasanalla"),
    ("ylälaudasta", "ylälaidasta"),
    ("toista käyttämäsi", "toista käyttämääsi"),
    (
        "sisäänkirjautumisessa käyttämäsi",
        "sisäänkirjautumisessa käyttämääsi",
    ),
    ("ilmoittaa että", "ilmoittaa, että"),
    (
        "\"Kirjaudu sisään\"-painiketta",
        "\"Kirjaudu sisään\" -painiketta",
    ),
];

/// Lines of the seeds that are OCR noise from screenshots rather than text
/// (besides every line holding a tab, which marks OCR of a screenshot's table).
const NOISE: &[&str] = &[
    "i ay cajatanina o",
    "https://www.https:",
    "to 1.3.2018 14.13 lupa@iffic.fi Lupa-asiointipalvelu: Vaihda unohtunut salasanasi",
];

fn seeds_dir() -> PathBuf {
    common::repo().join("../shared/seeds")
}

/// (seed file, municipality slug) from the seeds' README table.
fn seed_map() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(seeds_dir().join("README.md")).expect("seeds README");
    readme
        .lines()
        .filter(|l| l.starts_with("| 0"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].to_string(), cells[2].to_lowercase())
        })
        .collect()
}

/// The seed's text as fragments to find: sentences, with links and screen
/// elements split apart, the recovery URLs and OCR noise left out.
fn fragments(seed: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in seed.lines() {
        if line.contains('\t') {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || NOISE.contains(&line) {
            continue;
        }
        if line.contains("token=") || line.contains("[redacted]") {
            continue;
        }
        let mut text = line
            .replace("\\(", "(")
            .replace("\\)", ")")
            .replace("<u>", "")
            .replace("</u>", "")
            .replace(" (@) ", "(@)")
            .replace("Takaisin >", "Takaisin ›");
        for prefix in ["☐ ", "Ø "] {
            if let Some(rest) = text.strip_prefix(prefix) {
                text = rest.to_string();
            }
        }
        for (typo, right) in TYPOS {
            text = text.replace(typo, right);
        }
        for piece in split_links(&text) {
            for sentence in split_sentences(&piece) {
                let sentence = collapse(&sentence);
                if sentence.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                    out.push(sentence);
                }
            }
        }
    }
    out
}

/// Splits `[text](url)` links out of a line: each link text becomes its own piece.
fn split_links(line: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|m| open + m) else {
            break;
        };
        let mut depth = 0;
        let mut close = None;
        for (i, c) in rest[mid + 1..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(mid + 1 + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { break };
        pieces.push(rest[..open].to_string());
        pieces.push(rest[open + 1..mid].to_string());
        rest = &rest[close + 1..];
    }
    pieces.push(rest.to_string());
    pieces
}

/// Splits after . ! ? when the next word starts a sentence.
fn split_sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let ends = matches!(c, '.' | '!' | '?')
            && chars.get(i + 1) == Some(&' ')
            && chars
                .get(i + 2)
                .is_some_and(|n| n.is_uppercase() || *n == '"' || *n == '(');
        if ends {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out
}

#[test]
fn every_seed_sentence_appears_in_the_generated_html() {
    let map = seed_map();
    assert_eq!(map.len(), 5, "the seeds README maps five guides");
    let project = project_with_references();
    let out = project.path().join("output");
    let run = opas(project.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", common::stderr(&run));

    let mut total = 0;
    let mut missing = Vec::new();
    for (file, slug) in &map {
        let seed = std::fs::read_to_string(seeds_dir().join(file)).expect("seed file");
        let html = std::fs::read_to_string(out.join(slug).join("index.html")).expect("guide html");
        let text = html_text(&html);
        for fragment in fragments(&seed) {
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
    assert!(
        total >= 280,
        "only {total} fragments were read from the seeds"
    );
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
    Some(collapse(&joined))
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
    assert!(run.status.success(), "{}", common::stderr(&run));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let mut total = 0;
    let mut missing = Vec::new();
    for (file, slug) in seed_map() {
        let seed = std::fs::read_to_string(seeds_dir().join(&file)).expect("seed file");
        let pdf = manifest["guides"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["municipality"] == slug.as_str() && g["lang"] == "fi")
            .and_then(|g| g["pdf"].as_str())
            .expect("the guide's PDF in the manifest");
        let text = pdf_text(&out.join(pdf)).expect("pdftotext runs");
        for fragment in fragments(&seed) {
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
    assert!(total >= 280);
    assert!(
        missing.is_empty(),
        "missing from the generated PDFs:\n{}",
        missing.join("\n")
    );
}

#[test]
fn fragments_split_links_sentences_and_skip_noise() {
    let seed = "[Luo uusi käyttäjätunnus](#) jos sinulla ei vielä ole omaa käyttäjätunnusta.\n\
                Puh. 044 797 8523 Sähköposti: a(@)b.fi\n\
                Kirjautuminen\tnoise\n\
                [Erkki Esimerkki \\(e@example.com\\)](#) ▼\n\
                Yksi lause. Toinen lause.";
    assert_eq!(
        fragments(seed),
        vec![
            "Luo uusi käyttäjätunnus",
            "jos sinulla ei vielä ole omaa käyttäjätunnusta.",
            "Puh. 044 797 8523 Sähköposti: a(@)b.fi",
            "Erkki Esimerkki (e@example.com)",
            "Yksi lause.",
            "Toinen lause.",
        ]
    );
}
