//! `opas diff`: two builds of the reference project compared, from a one-word change in
//! a step to a theme change, a removed municipality, a hostile manifest and a revision.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::{GUIDE, opas, project_with_references, stderr};

/// Builds the project at `root` into `root/<name>` and returns that folder.
fn build(root: &Path, name: &str) -> PathBuf {
    let out = root.join(name);
    let run = opas(root, &["build", "--quiet", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

/// Runs `opas diff OLD NEW` with a JSON report and returns the run and the report.
fn diff(root: &Path, old: &Path, new: &Path, extra: &[&str]) -> (Output, Value) {
    let json = root.join("diff.json");
    let mut args = vec![
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = opas(root, &args);
    let report =
        serde_json::from_slice(&std::fs::read(&json).unwrap_or_default()).unwrap_or(Value::Null);
    (run, report)
}

fn stdout(run: &Output) -> String {
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// The guides of the manifest in `out` as `municipality/guide/lang`.
fn manifest_keys(out: &Path, guide: &str, lang: &str) -> Vec<String> {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    manifest["guides"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["guide"] == guide && g["lang"] == lang)
        .map(|g| g["municipality"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_one_word_change_shows_as_that_word_in_every_affected_guide_and_nothing_else() {
    let dir = project_with_references();
    let old = build(dir.path(), "old");
    let step = dir
        .path()
        .join(format!("content/{GUIDE}/fi/steps/25-front-page.md"));
    let text = std::fs::read_to_string(&step).unwrap();
    std::fs::write(
        &step,
        text.replacen("Aloita kirjautumalla", "Aloita heti kirjautumalla", 1),
    )
    .unwrap();
    let new = build(dir.path(), "new");
    let md = dir.path().join("diff.md");
    let html = dir.path().join("diff.html");
    let (run, report) = diff(
        dir.path(),
        &old,
        &new,
        &[
            "--markdown",
            md.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "one change, grouped once: {report:#}");
    let group = &groups[0];
    let mut changed: Vec<String> = group["guides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            assert_eq!(
                (g["guide"].as_str(), g["lang"].as_str()),
                (Some(GUIDE), Some("fi"))
            );
            g["municipality"].as_str().unwrap().to_string()
        })
        .collect();
    changed.sort();
    let mut publishing = manifest_keys(&new, GUIDE, "fi");
    publishing.sort();
    assert!(publishing.len() >= 2, "{publishing:?}");
    assert_eq!(
        changed, publishing,
        "every Finnish guide of the step, no other"
    );
    let words = group["layers"]["words"].as_array().unwrap();
    assert_eq!(words.len(), 1, "{words:#?}");
    assert_eq!(words[0]["removed"], serde_json::json!([]));
    assert_eq!(words[0]["added"], serde_json::json!(["heti"]));
    assert_eq!(group["layers"]["structure"], serde_json::json!([]));
    assert!(report["added"].as_array().unwrap().is_empty());
    assert!(report["removed"].as_array().unwrap().is_empty());
    assert!(report["shared"].as_array().unwrap().is_empty());
    let out = stdout(&run);
    assert!(
        out.contains(&format!("The same change in {} guides", changed.len())),
        "{out}"
    );
    assert!(out.contains("{+heti+}"), "{out}");
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("**heti**") && md.len() < 1_000_000, "{md}");
    let html = std::fs::read_to_string(html).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{html}"
    );
    assert!(html.contains("<ins><span class=\"sr\" lang=\"en\">added: </span>heti</ins>"));
    assert!(html.contains("<th scope=\"col\">Municipalities</th>"));
}

#[test]
fn an_unchanged_build_reports_no_change_and_exits_0() {
    let dir = project_with_references();
    let old = build(dir.path(), "old");
    let new = build(dir.path(), "new");
    let md = dir.path().join("diff.md");
    let (run, report) = diff(
        dir.path(),
        &old,
        &new,
        &["--markdown", md.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        report["groups"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let total = manifest_keys(&new, GUIDE, "fi").len();
    assert!(report["unchanged"].as_u64().unwrap() as usize > total);
    assert!(stdout(&run).starts_with("0 guides changed, 0 added, 0 removed"));
    assert!(
        std::fs::read_to_string(md)
            .unwrap()
            .contains("Nothing changed.")
    );
}

#[test]
fn a_change_in_the_theme_css_shows_as_changed_pages() {
    let dir = project_with_references();
    let old = build(dir.path(), "old");
    let css = dir.path().join("themes/default/static/opas.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\nh1 { letter-spacing: 0.01em; }\n");
    std::fs::write(&css, text).unwrap();
    let new = build(dir.path(), "new");
    let (run, report) = diff(dir.path(), &old, &new, &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(
        report["shared"],
        serde_json::json!([{"path": "assets/opas.css", "status": "changed"}])
    );
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{report:#}");
    let entries = manifest_entries(&new);
    assert_eq!(
        groups[0]["guides"].as_array().unwrap().len(),
        entries,
        "every page"
    );
    assert_eq!(
        groups[0]["layers"]["shared"],
        serde_json::json!(["assets/opas.css"])
    );
    assert_eq!(groups[0]["layers"]["words"], serde_json::json!([]));
    assert_eq!(report["unchanged"], 0);
    assert!(stdout(&run).contains("shared file changed: assets/opas.css"));
}

fn manifest_entries(out: &Path) -> usize {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    manifest["guides"].as_array().unwrap().len()
}

#[test]
fn a_removed_municipality_shows_as_removed() {
    let dir = project_with_references();
    let old = build(dir.path(), "old");
    std::fs::remove_file(dir.path().join("municipalities/uusikaupunki.toml")).unwrap();
    let new = build(dir.path(), "new");
    let (run, report) = diff(dir.path(), &old, &new, &["--exit-zero"]);
    assert_eq!(run.status.code(), Some(0), "--exit-zero: {}", stderr(&run));
    let removed = report["removed"].as_array().unwrap();
    assert!(!removed.is_empty());
    assert!(
        removed.iter().all(|g| g["municipality"] == "uusikaupunki"),
        "{removed:#?}"
    );
    assert!(
        report["groups"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    assert!(stdout(&run).contains("removed: uusikaupunki/"));
}

#[test]
fn a_hostile_manifest_entry_is_ignored() {
    let dir = project_with_references();
    let old = build(dir.path(), "old");
    let new = build(dir.path(), "new");
    std::fs::write(dir.path().join("x"), "outside").unwrap();
    let path = new.join("manifest.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let mut planted = manifest["guides"][0].clone();
    planted["municipality"] = "x".into();
    planted["html"] = "../x/index.html".into();
    planted["pdf"] = "../x".into();
    manifest["guides"].as_array_mut().unwrap().push(planted);
    let mut edited = manifest["guides"][0].clone();
    edited["content"] = "0000000000000000".into();
    edited["html"] = "../x".into();
    manifest["guides"][0] = edited;
    manifest["files"]
        .as_array_mut()
        .unwrap()
        .push("../x".into());
    manifest["files"]
        .as_array_mut()
        .unwrap()
        .push("assets/../../x".into());
    std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let (run, report) = diff(dir.path(), &old, &new, &[]);
    let err = stderr(&run);
    assert!(err.contains("ignored 4 manifest entries"), "{err}");
    assert!(!stdout(&run).contains("outside") && !err.contains("outside"));
    // The first guide's entry was dropped, so it shows as removed; nothing was read.
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert_eq!(report["removed"].as_array().unwrap().len(), 1, "{report:#}");
    assert!(report["added"].as_array().unwrap().is_empty(), "{report:#}");
    assert!(
        report["groups"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
}

#[test]
fn errors_exit_with_2_and_say_what_to_give() {
    let dir = project_with_references();
    let old = build(dir.path(), "old");
    let run = opas(dir.path(), &["diff", old.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("give the old and the new output folder"),
        "{}",
        stderr(&run)
    );
    let run = opas(
        dir.path(),
        &[
            "diff",
            old.to_str().unwrap(),
            dir.path().join("content").to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(
        err.contains("manifest.json") && err.contains("opas build"),
        "{err}"
    );
    std::fs::write(old.join("manifest.json"), "{\"guides\": [1]}").unwrap();
    let run = opas(
        dir.path(),
        &["diff", old.to_str().unwrap(), old.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("manifest.json:1:"),
        "{}",
        stderr(&run)
    );
    let run = opas(dir.path(), &["diff", "--rev", "--upload-pack=x"]);
    assert_ne!(run.status.code(), Some(0));
    let run = opas(dir.path(), &["diff", "--rev=-x"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("is not a revision"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_revision_is_built_and_compared_with_the_working_tree() {
    let dir = project_with_references();
    let git = |args: &[&str]| {
        let run = std::process::Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args([
                "-c",
                "user.name=opas",
                "-c",
                "user.email=opas@example.invalid",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
    };
    git(&["init", "--quiet"]);
    git(&["add", "content", "themes", "municipalities"]);
    git(&["commit", "--quiet", "-m", "start"]);
    std::fs::remove_file(dir.path().join("municipalities/uusikaupunki.toml")).unwrap();
    let json = dir.path().join("diff.json");
    let run = opas(
        dir.path(),
        &["diff", "--rev", "HEAD", "--json", json.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let report: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(report["old"], "revision HEAD");
    let removed = report["removed"].as_array().unwrap();
    assert!(!removed.is_empty() && removed.iter().all(|g| g["municipality"] == "uusikaupunki"));
    let run = opas(dir.path(), &["diff", "--rev", "no-such-branch"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("no revision `no-such-branch`"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_changed_mock_up_shows_in_the_pdf_structure() {
    let dir = project_with_references();
    let old = build(dir.path(), "old");
    let screens = dir.path().join(format!("content/{GUIDE}/fi/screens.toml"));
    let text = std::fs::read_to_string(&screens).unwrap();
    assert!(text.contains("{ title = \"Asiointipalvelu\" },"));
    std::fs::write(
        &screens,
        text.replacen(
            "{ title = \"Asiointipalvelu\" },",
            "{ title = \"Verkkopalvelu\" },",
            1,
        ),
    )
    .unwrap();
    let new = build(dir.path(), "new");
    let (run, report) = diff(dir.path(), &old, &new, &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{report:#}");
    let structure: Vec<&str> = groups[0]["layers"]["structure"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    // The figure's alternative text describes the mock-up: it names the new title.
    assert_eq!(structure.len(), 2, "{structure:#?}");
    assert!(
        structure[0].starts_with("alternative text removed: “Asiointipalvelu."),
        "{structure:#?}"
    );
    assert!(
        structure[1].starts_with("alternative text added: “Verkkopalvelu."),
        "{structure:#?}"
    );
    assert_eq!(groups[0]["layers"]["pdf"], true);
}
