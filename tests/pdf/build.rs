//! Builds the five guides with the real binary and checks their PDFs with poppler and qpdf.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::have;

const SLUGS: [&str; 5] = ["pori", "kokkola", "uusikaupunki", "heinola", "espoo"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build(out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_opas"))
        .arg("-C")
        .arg(root())
        .args(["--quiet", "build", "--out"])
        .arg(out)
        .status()
        .expect("the opas binary runs");
    assert!(status.success(), "opas build failed");
}

fn pdf(out: &Path, slug: &str) -> PathBuf {
    out.join(slug)
        .join("kayttajatunnusmuutos")
        .join(format!("{slug}-kayttajatunnusmuutos.pdf"))
}

fn run(tool: &str, args: &[&str], file: &Path, after: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(file)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        output.status.success(),
        "{tool} failed on {}",
        file.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// (title, header label or None, date) of a guide, read from the HTML the same build wrote.
fn expected(out: &Path, slug: &str) -> (String, Option<String>, String) {
    let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("manifest json");
    let guide = manifest["guides"]
        .as_array()
        .and_then(|g| {
            g.iter()
                .find(|g| g["municipality"] == slug && g["guide"] == "kayttajatunnusmuutos")
        })
        .expect("guide in manifest");
    assert_eq!(
        guide["pdf"].as_str(),
        Some(format!("{slug}/kayttajatunnusmuutos/{slug}-kayttajatunnusmuutos.pdf").as_str())
    );
    let title = guide["title"].as_str().unwrap_or_default().to_string();
    let html = std::fs::read_to_string(out.join(slug).join("kayttajatunnusmuutos/index.html"))
        .expect("html");
    let element_text = |class: &str| {
        html.split_once(&format!("class=\"{class}\""))
            .and_then(|(_, rest)| rest.split_once('>'))
            .and_then(|(_, rest)| rest.split_once('<'))
            .map(|(text, _)| text.trim().to_string())
    };
    (
        title,
        element_text("doc-label"),
        element_text("doc-date").unwrap_or_default(),
    )
}

#[test]
fn five_guides_become_valid_reproducible_pdfs() {
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    build(first.path());
    build(second.path());
    for slug in SLUGS {
        let a = std::fs::read(pdf(first.path(), slug)).expect("PDF written");
        let b = std::fs::read(pdf(second.path(), slug)).expect("PDF written");
        assert!(a.starts_with(b"%PDF-"), "{slug}");
        assert!(a == b, "{slug}: two builds differ");
        assert!(a.len() < 150_000, "{slug}: {} bytes", a.len());
        let html = std::fs::read_to_string(
            first
                .path()
                .join(slug)
                .join("kayttajatunnusmuutos/index.html"),
        )
        .expect("html");
        assert!(
            html.contains(&format!("{slug}-kayttajatunnusmuutos.pdf")),
            "{slug}: no PDF link"
        );
    }
    let file = |slug| pdf(first.path(), slug);
    if have("pdftotext") {
        for slug in SLUGS {
            let (title, label, date) = expected(first.path(), slug);
            assert!(!date.is_empty(), "{slug}: no date in the HTML");
            let text = run("pdftotext", &["-layout"], &file(slug), &["-"]);
            let text = text.replace('\u{ad}', "");
            assert!(
                text.contains(&title),
                "{slug}: title {title:?} missing from {}",
                &text[..text.len().min(300)]
            );
            let pages: Vec<&str> = text
                .split('\u{c}')
                .filter(|p| !p.trim().is_empty())
                .collect();
            assert!(!pages.is_empty());
            for (n, page) in pages.iter().enumerate() {
                assert!(page.contains(&date), "{slug} page {}: no date", n + 1);
                if let Some(label) = &label {
                    assert!(
                        page.contains(label.as_str()),
                        "{slug} page {}: no header",
                        n + 1
                    );
                }
                // pdftotext may drop the spaces around the slash of "1 / 4".
                let number = format!("{}/{}", n + 1, pages.len());
                assert!(
                    page.replace(' ', "").contains(&number),
                    "{slug}: no {number}"
                );
            }
        }
    }
    if have("pdffonts") {
        for slug in SLUGS {
            let fonts = run("pdffonts", &[], &file(slug), &[]);
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{slug}: no fonts");
            for row in rows {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let name = cols.first().copied().unwrap_or_default();
                assert!(
                    name.len() > 7 && name.as_bytes()[6] == b'+',
                    "{slug}: {row}"
                );
                // emb, sub and uni are the three yes/no columns before the object id.
                assert_eq!(
                    cols[cols.len() - 5..cols.len() - 2],
                    ["yes", "yes", "yes"],
                    "{slug}: {row}"
                );
            }
        }
    }
    if have("pdfinfo") {
        for slug in SLUGS {
            let info = run("pdfinfo", &[], &file(slug), &[]);
            assert!(
                info.lines()
                    .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with("yes")),
                "{slug}: not tagged:\n{info}"
            );
            assert!(
                info.lines()
                    .any(|l| l.starts_with("PDF version:") && l.trim_end().ends_with("1.7")),
                "{slug}: {info}"
            );
        }
    }
    if have("qpdf") {
        for slug in SLUGS {
            let status = Command::new("qpdf")
                .arg("--check")
                .arg(file(slug))
                .output()
                .expect("qpdf runs");
            assert!(status.status.success(), "{slug}: qpdf --check failed");
        }
    }
}

#[test]
fn a_real_screenshot_is_embedded_as_an_image() {
    let dir = crate::common::project_with_references();
    let shots = dir
        .path()
        .join("municipalities/pori/kayttajatunnusmuutos/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("username.png"), crate::common::png(400, 300)).unwrap();
    let out = dir.path().join("out");
    let built = crate::common::opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", crate::common::stderr(&built));
    let file = pdf(&out, "pori");
    let bytes = std::fs::read(&file).expect("PDF written");
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(&b"Image"[..])
        })
        .collect();
    assert_eq!(images.len(), 1, "one screenshot, one image");
    let width = images[0].dict.get(b"Width").and_then(lopdf::Object::as_i64);
    assert_eq!(width.ok(), Some(400));
    if have("pdfimages") {
        let list = run("pdfimages", &["-list"], &file, &[]);
        assert_eq!(list.lines().skip(2).count(), 1, "{list}");
    }
    if have("qpdf") {
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&file)
            .output()
            .expect("qpdf runs");
        assert!(check.status.success(), "qpdf --check failed");
    }
}
