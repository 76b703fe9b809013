//! The text a reader gets from a PDF (poppler's `pdftotext`, as search, copy and many
//! screen readers take it) is the text as written: a hyphen of the text at a line end
//! stays a hyphen, a line broken after "ympäristö-" keeps its space, and no-break spaces
//! stay no-break spaces. Only the hyphens opas adds when it hyphenates are soft.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `pdftotext` of a PDF, or `None` when poppler is missing off CI.
fn extract(pdf: &Path) -> Option<String> {
    let Ok(run) = Command::new("pdftotext").arg(pdf).arg("-").output() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftotext is required on CI"
        );
        eprintln!("pdftotext is missing: skipped");
        return None;
    };
    assert!(
        run.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    Some(String::from_utf8_lossy(&run.stdout).into_owned())
}

/// Builds `root` and returns the output folder with its PDFs.
fn build(root: &Path) -> (tempfile::TempDir, Vec<PathBuf>) {
    let out = tempfile::tempdir().expect("temp dir");
    let run = crate::common::opas(
        root,
        &["--quiet", "build", "--out", out.path().to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", crate::common::stderr(&run));
    let pdfs = crate::common::files_under(out.path())
        .into_iter()
        .filter(|f| f.ends_with(".pdf"))
        .map(|f| out.path().join(f))
        .collect();
    (out, pdfs)
}

/// Text as a reader joins it: a soft hyphen at a line end joins the word, any other line
/// end is a space, and runs of spaces are one. No-break spaces are kept.
fn joined(text: &str) -> String {
    let text = text.replace("\u{ad}\n", "");
    let spaced: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\x0c') { ' ' } else { c })
        .collect();
    spaced
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn hyphens_of_the_text_at_line_ends_read_back_as_hyphens() {
    let (_out, pdfs) = build(&crate::common::repo());
    let kokkola_sv = pdfs
        .iter()
        .find(|p| p.ends_with("kokkola/kayttajatunnusmuutos/sv/kokkola-nytt-anvandarnamn.pdf"))
        .expect("Kokkola's Swedish PDF");
    let Some(raw) = extract(kokkola_sv) else {
        return;
    };
    // The line breaks after "e-" in "e-postadress" in this guide.
    assert!(raw.contains("e-postadress.\n"), "{raw}");
    let text = joined(&raw);
    assert!(!text.contains("epostadress"), "a hyphen was lost:\n{text}");
    assert!(text.contains("flera e-postadresser kan"), "{text}");
    let mut soft = 0;
    for pdf in &pdfs {
        let Some(raw) = extract(pdf) else { return };
        soft += raw.matches("\u{ad}\n").count();
        // A word joined across a hyphen of the text would read as these.
        let text = joined(&raw);
        for lost in ["epost", "onetime", "ympäristöja"] {
            assert!(!text.contains(lost), "{}: {lost}", pdf.display());
        }
    }
    assert!(soft > 10, "hyphenations still read as soft hyphens: {soft}");
}

#[test]
fn a_contact_title_that_breaks_after_a_hyphen_keeps_its_space() {
    let title = "ympäristö- ja rakennusvalvontapalveluiden asiakaspalvelusihteeri";
    let file = crate::common::MINIMAL.replace(
        "[contact]\n",
        &format!("[contact]\nperson = \"Matti Korhonen\"\nillative = \"Matti Korhoseen\"\ntitle = \"{title}\"\n"),
    ).replace("unit = \"asiakaspalvelu\"\nillative = \"asiakaspalveluun\"\n", "");
    // Longer and longer names push the break to every place in the title: one of them
    // breaks the line right after "ympäristö-".
    let mut broke_after_hyphen = 0;
    for pad in 0..24 {
        let genitive = format!("Po{}rin", "o".repeat(pad));
        let text = file.replace(
            "genitive = \"Porin\"",
            &format!("genitive = \"{genitive}\""),
        );
        let project = crate::common::project(&[("municipalities/pori.toml", text.as_bytes())]);
        let (_out, pdfs) = build(project.path());
        let Some(raw) = extract(&pdfs[0]) else { return };
        broke_after_hyphen +=
            usize::from(raw.contains("ympäristö- \nja") || raw.contains("ympäristö-\nja"));
        let text = joined(&raw);
        assert!(text.contains(title), "pad {pad}: {text}");
    }
    assert!(broke_after_hyphen > 0, "no line broke after the hyphen");
}

#[test]
fn no_break_spaces_read_back_as_no_break_spaces() {
    let (_out, pdfs) = build(&crate::common::repo());
    let pori = pdfs
        .iter()
        .find(|p| p.ends_with("pori/kayttajatunnusmuutos/pori-kayttajatunnusmuutos.pdf"))
        .expect("Pori's PDF");
    let Some(raw) = extract(pori) else { return };
    assert!(raw.contains("(02)\u{a0}621\u{a0}1100"), "{raw}");
}
