//! Every PDF validated by an independent checker (`page_validation`, whose authors run the
//! veraPDF corpus and the Isartor suite against it) as PDF/UA-1 and as PDF/A-2a: the PDFs
//! of the reference project, and of a generated project of 309 varied municipalities.

use std::path::{Path, PathBuf};

use page_validation::{ValidationOptions, ValidationProfile, validate_pdf};

/// Builds the project at `root` into a new folder and returns it with its PDFs.
fn build(root: &Path) -> (tempfile::TempDir, Vec<PathBuf>) {
    let out = tempfile::tempdir().expect("temp dir");
    let run = crate::common::opas(
        root,
        &["--quiet", "build", "--out", out.path().to_str().unwrap()],
    );
    assert!(
        run.status.success(),
        "build failed: {}",
        crate::common::stderr(&run)
    );
    let pdfs: Vec<PathBuf> = crate::common::files_under(out.path())
        .into_iter()
        .filter(|f| f.ends_with(".pdf"))
        .map(|f| out.path().join(f))
        .collect();
    (out, pdfs)
}

/// Each failure as "file: profile: rule: message".
fn failures(pdfs: &[PathBuf], base: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for pdf in pdfs {
        let name = pdf.strip_prefix(base).unwrap_or(pdf).display().to_string();
        for profile in [ValidationProfile::PdfUa1, ValidationProfile::PdfA2a] {
            let options = ValidationOptions::default().profile(profile);
            match validate_pdf(pdf, &options) {
                Ok(report) if report.is_compliant => {}
                Ok(report) => out.extend(
                    report
                        .failures
                        .iter()
                        .map(|f| format!("{name}: {profile}: {}: {}", f.rule_id, f.message)),
                ),
                Err(e) => out.push(format!("{name}: {profile}: not read: {e}")),
            }
        }
    }
    out
}

fn assert_valid(root: &Path, at_least: usize) {
    let (out, pdfs) = build(root);
    assert!(pdfs.len() >= at_least, "{} PDFs", pdfs.len());
    // Two halves side by side: the validator reads one file at a time.
    let (first, second) = pdfs.split_at(pdfs.len() / 2);
    let found = std::thread::scope(|s| {
        let other = s.spawn(|| failures(second, out.path()));
        let mut found = failures(first, out.path());
        found.extend(other.join().expect("the validator thread ends"));
        found
    });
    assert!(
        found.is_empty(),
        "{} failures in {} PDFs:\n{}",
        found.len(),
        pdfs.len(),
        found.join("\n")
    );
}

#[test]
fn every_pdf_of_the_reference_project_is_pdf_ua_1_and_pdf_a_2a() {
    assert_valid(&crate::common::repo(), 16);
}

#[test]
fn every_pdf_of_309_varied_municipalities_is_pdf_ua_1_and_pdf_a_2a() {
    let project = crate::common::project(&[]);
    crate::common::finland::write_municipalities(project.path(), 309);
    assert_valid(project.path(), 309);
}
