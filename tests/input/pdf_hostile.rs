//! Hostile values in the PDF: PDF string delimiters, markup and bidi controls in
//! municipality values stay text in the PDF, which stays well-formed.

use std::process::Command;

use crate::common::{have, opas, project, stderr};

#[test]
fn pdf_delimiters_and_markup_in_values_stay_text() {
    let hostile = r"Eva ) Tj (<b>x</b>) \\ (sulut) >> endobj";
    let toml = format!(
        "name = \"Testi\"\ngenitive = \"Testin\"\n\n\
         [contact]\nperson = {person:?}\nillative = \"Evalle\"\nphone = \"040 123 4567\"\n\n\
         [kayttajatunnusmuutos]\ndate = 2024-05-02\npasswords = \"reset\"\n",
        person = hostile
    );
    let dir = project(&[("municipalities/testi.toml", toml.as_bytes())]);
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let pdf = out.join("testi/kayttajatunnusmuutos/testi-kayttajatunnusmuutos.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(16)..]).into_owned();
    assert!(
        bytes.starts_with(b"%PDF-") && tail.trim_end().ends_with("%%EOF"),
        "a whole PDF"
    );
    if have("qpdf") {
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    if have("pdftotext") {
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = crate::common::collapse(&String::from_utf8_lossy(&text.stdout));
        assert!(
            text.contains("Eva ) Tj (<b>x</b>) \\\\ (sulut) >> endobj"),
            "{text}"
        );
    }
}
