//! The output folder is not trusted (issue 21, items 5 and 8): a cloned project may bring
//! an `output` link, planted FIFOs, links to devices, a forged manifest or tampered pages.
//! A build never follows, blocks on or believes any of them, and a municipality that
//! fails leaves its previous files whole.

use std::path::Path;

use super::untrusted::{failed, mkfifo, run};
use crate::common::project_with_references;

/// Builds `root` into its default `output/`; asserts the run succeeded.
fn build_ok(root: &Path, extra: &[&str]) {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let output = run(root, &args);
    assert!(
        output.status.success(),
        "{}",
        crate::common::stderr(&output)
    );
}

#[test]
fn a_default_output_folder_that_is_a_link_is_refused() {
    let project = project_with_references();
    let root = project.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("precious.txt");
    std::fs::write(&victim, "mine").unwrap();
    std::fs::write(
        elsewhere.path().join("manifest.json"),
        r#"{"guides": [], "files": ["precious.txt"]}"#,
    )
    .unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join("output")).unwrap();
    let text = failed(&run(root, &["build"]));
    assert!(text.contains("symbolic link"), "{text}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
    assert!(!elsewhere.path().join("index.html").exists());
    // Named explicitly, a link is the user's choice.
    let explicit = root.join("output");
    build_ok(root, &["--out", explicit.to_str().unwrap()]);
    assert!(elsewhere.path().join("index.html").exists());
}

#[test]
fn fifos_and_device_links_in_the_output_folder_do_not_hang_or_fill_memory() {
    let project = project_with_references();
    let root = project.path();
    build_ok(root, &[]);
    let out = root.join("output");
    let page = out.join("pori/kayttajatunnusmuutos/index.html");
    assert!(page.is_file());
    for (planted, fifo) in [
        (out.join("manifest.json"), true),
        (page.clone(), true),
        (out.join("manifest.json"), false),
        (page.clone(), false),
        (out.join("index.html"), false),
    ] {
        std::fs::remove_file(&planted).unwrap();
        if fifo {
            mkfifo(&planted);
        } else {
            std::os::unix::fs::symlink("/dev/zero", &planted).unwrap();
        }
        build_ok(root, &[]);
        let meta = std::fs::symlink_metadata(&planted).unwrap();
        assert!(meta.is_file(), "{} was not replaced", planted.display());
    }
}

#[test]
fn planted_manifest_entries_never_reach_the_index() {
    let project = project_with_references();
    let root = project.path();
    build_ok(root, &[]);
    let out = root.join("output");
    let manifest = out.join("manifest.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let guides = json["guides"].as_array_mut().unwrap();
    let mut evil = guides[0].clone();
    evil["municipality"] = "evil".into();
    evil["html"] = "javascript:alert(document.domain)//index.html".into();
    evil["pdf"] = "javascript:alert(1).pdf".into();
    guides.push(evil);
    json["files"]
        .as_array_mut()
        .unwrap()
        .push("../../outside.txt".into());
    std::fs::write(&manifest, serde_json::to_string(&json).unwrap()).unwrap();
    let outside = root.parent().unwrap().join("outside.txt");
    let existed = outside.exists();
    build_ok(root, &["--only", "pori"]);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("javascript:"), "{index}");
    let manifest = std::fs::read_to_string(&manifest).unwrap();
    assert!(!manifest.contains("javascript:"), "{manifest}");
    assert!(!manifest.contains("outside.txt"), "{manifest}");
    assert_eq!(outside.exists(), existed);
}

#[test]
fn a_tampered_page_or_pdf_is_rebuilt_even_when_the_inputs_did_not_change() {
    let project = project_with_references();
    let root = project.path();
    build_ok(root, &[]);
    let dir = root.join("output/pori/kayttajatunnusmuutos");
    let page = dir.join("index.html");
    let pdf = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let (good_page, good_pdf) = (std::fs::read(&page).unwrap(), std::fs::read(&pdf).unwrap());
    std::fs::write(&page, "<p>defaced</p>").unwrap();
    let mut bad_pdf = good_pdf.clone();
    bad_pdf[good_pdf.len() / 2] ^= 0x20;
    std::fs::write(&pdf, &bad_pdf).unwrap();
    build_ok(root, &[]);
    assert_eq!(std::fs::read(&page).unwrap(), good_page);
    assert_eq!(std::fs::read(&pdf).unwrap(), good_pdf);
}

#[test]
fn a_pdf_name_too_long_fails_check_and_build_and_keeps_that_guides_last_version() {
    let project = project_with_references();
    let root = project.path();
    build_ok(root, &[]);
    let fi_page = root.join("output/espoo/kayttajatunnusmuutos/index.html");
    let sv_page = root.join("output/espoo/kayttajatunnusmuutos/sv/index.html");
    let sv_before = std::fs::read(&sv_page).unwrap();
    let manifest_before = std::fs::read_to_string(root.join("output/manifest.json")).unwrap();
    let decl = root.join("content/kayttajatunnusmuutos/guide.toml");
    let text = std::fs::read_to_string(&decl).unwrap().replace(
        "{{ m.slug }}-nytt-anvandarnamn.pdf",
        "{{ m.name }}-nytt-anvandarnamn.pdf",
    );
    std::fs::write(&decl, text).unwrap();
    let espoo = root.join("municipalities/espoo.toml");
    let long = format!("Esbo{}", "-stad".repeat(60));
    let text = std::fs::read_to_string(&espoo)
        .unwrap()
        .replace("name = \"Esbo\"", &format!("name = \"{long}\""));
    std::fs::write(&espoo, text).unwrap();
    for args in [vec!["check"], vec!["build"]] {
        let text = failed(&run(root, &args));
        assert!(
            text.contains("municipalities/espoo.toml"),
            "{args:?}: {text}"
        );
        assert!(text.contains("file name"), "{args:?}: {text}");
        assert!(!text.contains("permissions"), "{args:?}: {text}");
    }
    // Only Espoo's Swedish guide was stopped: it keeps its last good files and manifest
    // entry, while its Finnish guide, which rendered, was written.
    assert!(fi_page.is_file());
    assert_eq!(std::fs::read(&sv_page).unwrap(), sv_before);
    let manifest = std::fs::read_to_string(root.join("output/manifest.json")).unwrap();
    let espoo_sv = |m: &str| {
        let json: serde_json::Value = serde_json::from_str(m).unwrap();
        json["guides"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["municipality"] == "espoo" && g["lang"] == "sv")
            .filter(|g| g["guide"] == "kayttajatunnusmuutos")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(espoo_sv(&manifest), espoo_sv(&manifest_before));
    assert!(!espoo_sv(&manifest).is_empty());
}
