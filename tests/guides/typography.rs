//! The typography pass as the reader gets it: the reference guides' HTML pages and PDFs
//! print the language's quotation marks, an en dash in the running header, no-break
//! spaces in the contact's phone number, and the number as a `tel:` link.

use std::path::{Path, PathBuf};

use crate::common::{opas, project_with_references};

const NB: &str = "\u{a0}";

/// Builds the reference municipalities; returns the project and its output folder.
fn build() -> (tempfile::TempDir, PathBuf) {
    let project = project_with_references();
    let out = project.path().join("output");
    let run = opas(project.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", crate::common::stderr(&run));
    (project, out)
}

/// The username-change guide of `slug` in `lang`: its HTML and its PDF's path.
fn guide(out: &Path, slug: &str, lang: &str) -> (String, PathBuf) {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let entry = manifest["guides"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["municipality"] == slug && g["guide"] == "kayttajatunnusmuutos" && g["lang"] == lang
        })
        .expect("the guide in the manifest")
        .clone();
    let html = std::fs::read_to_string(out.join(entry["html"].as_str().unwrap())).unwrap();
    (html, out.join(entry["pdf"].as_str().unwrap()))
}

/// `pdftotext` of a PDF with the layout kept, or `None` without pdftotext.
fn pdf_text(pdf: &Path) -> Option<String> {
    let output = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(output.status.success(), "pdftotext failed");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn guides_print_the_typography_of_their_language() {
    let (_project, out) = build();
    let (fi, fi_pdf) = guide(&out, "kokkola", "fi");
    let (en, en_pdf) = guide(&out, "kokkola", "en");
    let (heinola, heinola_pdf) = guide(&out, "heinola", "fi");

    assert!(fi.contains("Klikkaa ”Jatka” -painiketta."), "fi quotes");
    assert!(!fi.contains('“'), "no English opening quote in Finnish");
    assert!(en.contains('“') && en.contains('”'), "en quotes");
    assert!(fi.contains("Ohje – Kokkolan"), "fi header");
    assert!(en.contains("Guide – "), "en header");
    let phone = format!("044{NB}797{NB}8523");
    assert!(
        heinola.contains(&format!(r#"<a href="tel:0447978523">{phone}</a>"#)),
        "the phone number is a tel: link with no-break spaces"
    );

    let pori = std::fs::read_to_string(out.join("pori/kayttajatunnusmuutos/index.html")).unwrap();
    assert!(
        pori.contains(r#"<a href="tel:026211100">"#),
        "an area code in brackets"
    );

    let Some(fi_text) = pdf_text(&fi_pdf) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftotext is required on CI"
        );
        eprintln!("skipping the PDFs: pdftotext is not installed");
        return;
    };
    let en_text = pdf_text(&en_pdf).unwrap();
    let heinola_text = pdf_text(&heinola_pdf).unwrap();
    assert!(fi_text.contains("”Jatka”"), "fi quotes in the PDF");
    assert!(fi_text.contains("Ohje – Kokkolan"), "fi header in the PDF");
    assert!(
        en_text.contains('“') && en_text.contains('”'),
        "en quotes in the PDF"
    );
    // pdftotext reads a no-break space as one: the number stays whole on its line.
    assert!(
        heinola_text.contains(&phone) || heinola_text.contains("044 797 8523"),
        "the phone number in the PDF"
    );
}
