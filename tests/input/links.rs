//! Links out of the project (issue 21, item 1): every input is opened once and what was
//! opened is checked, so a link to `/proc/self/environ` or to a folder outside never puts
//! the environment or the names of private files into a message or a guide — also not
//! when a file is swapped for such a link while a build runs.

use std::path::Path;

use super::untrusted::{SECRET, STEP, both_fail, failed, nowhere_in, run};
use crate::common::project_with_references;

/// Runs check and build on `root`; both must fail without printing or publishing `leak`.
fn both_refuse(root: &Path, expected: &str, leak: &str) {
    for text in both_fail(root, &[expected, "outside the project"]) {
        assert!(!text.contains(leak), "{text}");
    }
    let out = root.join("output");
    if out.exists() {
        nowhere_in(&out, leak);
    }
}

#[test]
fn a_guide_toml_linking_to_the_environment_is_refused() {
    let project = project_with_references();
    let root = project.path();
    let decl = root.join("content/kaksivaihe/guide.toml");
    std::fs::remove_file(&decl).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", &decl).unwrap();
    both_refuse(root, "content/kaksivaihe/guide.toml", SECRET);
}

#[test]
fn a_screenshots_folder_linking_out_names_nothing_that_lies_there() {
    let project = project_with_references();
    let root = project.path();
    let private = tempfile::tempdir().unwrap();
    std::fs::write(private.path().join("salary-2025.jpg"), b"private").unwrap();
    std::fs::create_dir(private.path().join(".ssh")).unwrap();
    let folder = root.join("municipalities/espoo/kayttajatunnusmuutos/screenshots");
    std::fs::create_dir_all(folder.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(private.path(), &folder).unwrap();
    both_refuse(
        root,
        "municipalities/espoo/kayttajatunnusmuutos/screenshots",
        "salary-2025",
    );
    let text = failed(&run(root, &["check"]));
    assert!(!text.contains(".ssh"), "{text}");
}

#[test]
fn a_municipalitys_steps_folder_linking_out_is_refused() {
    let project = project_with_references();
    let root = project.path();
    let private = tempfile::tempdir().unwrap();
    std::fs::write(private.path().join("25-front-page.md"), SECRET).unwrap();
    let folder = root.join("municipalities/pori/kayttajatunnusmuutos/fi/steps");
    std::fs::remove_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink(private.path(), &folder).unwrap();
    both_refuse(
        root,
        "municipalities/pori/kayttajatunnusmuutos/fi/steps",
        SECRET,
    );
}

/// A step swapped back and forth between its own text and a link out of the project
/// while builds run: whatever moment a build opens it at, the secret is never published.
#[test]
fn a_step_swapped_for_a_link_during_builds_never_publishes_the_secret() {
    let project = project_with_references();
    let root = project.path().to_path_buf();
    let private = tempfile::tempdir().unwrap();
    let secret_file = private.path().join("secret.md");
    std::fs::write(&secret_file, SECRET).unwrap();
    let step = root.join(STEP);
    let own = root.join("own-step.md");
    std::fs::copy(&step, &own).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (stop, step, own) = (stop.clone(), step.clone(), own.clone());
        std::thread::spawn(move || {
            let link = step.with_extension("link");
            let copy = step.with_extension("copy");
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::os::unix::fs::symlink(&secret_file, &link);
                let _ = std::fs::rename(&link, &step);
                std::fs::copy(&own, &copy).unwrap();
                let _ = std::fs::rename(&copy, &step);
            }
        })
    };
    for round in 0..20 {
        let out = root.join(format!("output-{round}"));
        let output = run(
            &root,
            &["build", "--only", "pori", "--out", out.to_str().unwrap()],
        );
        assert!(
            !crate::common::stderr(&output).contains(SECRET),
            "round {round}"
        );
        if out.exists() {
            nowhere_in(&out, SECRET);
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
}
