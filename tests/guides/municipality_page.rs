//! Issue 24: a page per municipality at `<slug>/index.html`, and an index grouped by
//! municipality that stays small and marks every name and link in another language.

use std::path::{Path, PathBuf};

use crate::common::{finland, opas, project, project_with_references, stderr};

fn build(dir: &Path, args: &[&str]) -> PathBuf {
    let out = dir.join("output");
    let mut all = vec!["build", "--out", out.to_str().unwrap()];
    all.extend(args);
    let run = opas(dir, &all);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first language of the municipality file `slug` in `dir`.
fn first_language(dir: &Path, slug: &str) -> String {
    let text = read(&dir.join(format!("municipalities/{slug}.toml")));
    let value: toml::Value = toml::from_str(&text).unwrap();
    value
        .get("languages")
        .and_then(|l| l.get(0))
        .and_then(|l| l.as_str())
        .unwrap_or("fi")
        .to_string()
}

#[test]
fn every_municipality_has_a_page_listing_each_guide_with_date_languages_and_pdf_sizes() {
    let dir = project_with_references();
    let out = build(dir.path(), &[]);
    let manifest = manifest(&out);
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let guides = manifest["guides"].as_array().unwrap();
    for slug in ["espoo", "heinola", "kokkola", "pori", "uusikaupunki"] {
        let page_path = format!("{slug}/index.html");
        assert!(
            files.contains(&page_path.as_str()),
            "{page_path} in the manifest"
        );
        let page = read(&out.join(&page_path));
        let first = first_language(dir.path(), slug);
        assert!(page.contains(&format!("<html lang=\"{first}\">")), "{page}");
        assert!(
            page.contains("href=\"../index.html\""),
            "links back to the index"
        );
        for g in guides.iter().filter(|g| g["municipality"] == slug) {
            let lang = g["lang"].as_str().unwrap();
            let html = g["html"].as_str().unwrap();
            let pdf = g["pdf"].as_str().unwrap();
            let own = |p: &str| p.strip_prefix(&format!("{slug}/")).unwrap().to_string();
            let marked = if lang == first {
                String::new()
            } else {
                format!(" lang=\"{lang}\"")
            };
            let link = format!("href=\"{}\" hreflang=\"{lang}\"{marked}>", own(html));
            assert!(page.contains(&link), "{link} in {page}");
            let bytes = std::fs::metadata(out.join(pdf)).unwrap().len();
            let size = format!(
                "href=\"{}\" hreflang=\"{lang}\">PDF, {}&nbsp;kB</a>",
                own(pdf),
                bytes.div_ceil(1000)
            );
            assert!(page.contains(&size), "{size} in {page}");
            assert_eq!(g["pdf_bytes"].as_u64(), Some(bytes), "the size written");
            let date = format!("datetime=\"{}\"", g["date"].as_str().unwrap());
            assert!(page.contains(&date), "{date} in {page}");
            if lang == first {
                let text = format!(">{}</time>", g["date_text"].as_str().unwrap());
                assert!(page.contains(&text), "{text} in {page}");
            }
        }
    }
    let kokkola = read(&out.join("kokkola/index.html"));
    assert!(kokkola.contains(">suomi</a>") && kokkola.contains(" lang=\"sv\">svenska</a>"));
    assert!(
        kokkola.contains("<p class=\"lead\" lang=\"sv\">Karleby stad: "),
        "{kokkola}"
    );
}

#[test]
fn only_keeps_the_other_pages_and_a_removed_municipality_loses_its_page() {
    let dir = project_with_references();
    let out = build(dir.path(), &[]);
    let espoo = out.join("espoo/index.html");
    let before = read(&espoo);
    let status = std::process::Command::new("touch")
        .args(["-d", "2001-01-01"])
        .arg(&espoo)
        .status()
        .unwrap();
    assert!(status.success());
    let modified = || std::fs::metadata(&espoo).unwrap().modified().unwrap();
    let old = modified();
    build(dir.path(), &["--only", "pori"]);
    assert_eq!(read(&espoo), before, "another municipality's page stays");
    let files = manifest(&out)["files"].to_string();
    assert!(files.contains("\"espoo/index.html\""), "{files}");
    build(dir.path(), &[]);
    assert_eq!(
        modified(),
        old,
        "an unchanged municipality's page is not rewritten"
    );

    std::fs::remove_file(dir.path().join("municipalities/heinola.toml")).unwrap();
    build(dir.path(), &[]);
    assert!(
        !out.join("heinola/index.html").exists(),
        "the page goes with it"
    );
    let index = read(&out.join("index.html"));
    assert!(!index.contains("heinola"), "{index}");
    assert!(!manifest(&out)["files"].to_string().contains("heinola/"));
}

/// A project of the `n` generated municipalities.
fn generated(n: usize) -> tempfile::TempDir {
    let dir = project(&[]);
    finland::write_municipalities(dir.path(), n);
    dir
}

/// The index page's section of municipality `slug`.
fn section<'a>(index: &'a str, slug: &str) -> &'a str {
    let start = index
        .find(&format!("<h2 id=\"{slug}\""))
        .unwrap_or_else(|| panic!("a heading for {slug}"));
    let rest = &index[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn the_index_of_309_municipalities_groups_their_guides_and_marks_other_languages() {
    let dir = generated(309);
    let out = build(dir.path(), &[]);
    let index = read(&out.join("index.html"));
    let size = index.len();
    eprintln!("index.html of 309 municipalities: {size} bytes");
    assert!(size < 450_000, "the index stays small: {size} bytes");
    assert_eq!(index.matches("<h2 id=").count(), 309, "one heading each");
    let manifest = manifest(&out);
    let guides = manifest["guides"].as_array().unwrap();
    for i in 0..309 {
        let (slug, text) = finland::municipality(i);
        let part = section(&index, &slug);
        assert!(
            part.contains(&format!("<a href=\"{slug}/index.html\"")),
            "{part}"
        );
        assert!(out.join(&slug).join("index.html").is_file());
        let swedish_only = text.contains("languages = [\"sv\"]");
        let heading = format!(
            "<h2 id=\"{slug}\"{}>",
            if swedish_only { " lang=\"sv\"" } else { "" }
        );
        assert!(part.starts_with(&heading), "{part}");
        for g in guides.iter().filter(|g| g["municipality"] == slug.as_str()) {
            let lang = g["lang"].as_str().unwrap();
            let marked = if lang == "fi" {
                String::new()
            } else {
                format!(" lang=\"{lang}\"")
            };
            let link = format!(
                "href=\"{}\" hreflang=\"{lang}\"{marked}>",
                g["html"].as_str().unwrap()
            );
            assert!(part.contains(&link), "{link} in {part}");
        }
        // Each guide once, not once per language.
        let titles = part.matches("class=\"guide-title\"").count();
        let distinct = guides
            .iter()
            .filter(|g| g["municipality"] == slug.as_str())
            .map(|g| g["guide"].as_str().unwrap())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        assert_eq!(titles, distinct, "{part}");
    }
}

/// Writes the 309-municipality project that `.ci/run` builds and checks with vnu and
/// axe into `$OPAS_FIXTURE_DIR` (run with `--ignored`).
#[test]
#[ignore = "writes the fixture for .ci/run"]
fn write_the_309_municipality_fixture() {
    let Some(root) = std::env::var_os("OPAS_FIXTURE_DIR") else {
        return;
    };
    let root = PathBuf::from(root);
    crate::common::copy_dir(
        &crate::common::repo().join("content"),
        &root.join("content"),
    );
    crate::common::copy_dir(&crate::common::repo().join("themes"), &root.join("themes"));
    finland::write_municipalities(&root, 309);
}
