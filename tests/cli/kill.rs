//! Kill test: `opas build` killed with SIGKILL at random moments never leaves a truncated
//! or half-written file; the next build removes the temporary files a kill left behind.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_dir, files_under, project, repo};

const COPIES: usize = 12;
const ITERATIONS: usize = 36;

/// A project with 60 municipalities: 12 copies of each of the five references.
fn big_project() -> tempfile::TempDir {
    let dir = project(&[]);
    let municipalities = dir.path().join("municipalities");
    for entry in std::fs::read_dir(repo().join("municipalities")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let slug = path.file_stem().unwrap().to_str().unwrap().to_string();
        for n in 1..=COPIES {
            std::fs::copy(&path, municipalities.join(format!("{slug}-{n}.toml"))).unwrap();
            let local = repo().join("municipalities").join(&slug);
            if local.is_dir() {
                copy_dir(&local, &municipalities.join(format!("{slug}-{n}")));
            }
        }
    }
    dir
}

fn build(root: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_opas"))
        .arg("-C")
        .arg(root)
        .args(["build", "--quiet", "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("opas starts")
}

/// Every file in `out` is whole: pages end with `</html>`, the manifest parses and lists
/// only files that exist, theme assets equal their sources. Returns the temporary files.
fn check_output(out: &Path, iteration: usize) -> usize {
    let mut temporaries = 0;
    for rel in files_under(out) {
        let path = out.join(&rel);
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.starts_with('.') && name.ends_with(".tmp") {
            temporaries += 1;
            continue;
        }
        if rel.ends_with(".html") {
            let html = std::fs::read_to_string(&path).unwrap();
            assert!(
                html.trim_end().ends_with("</html>"),
                "iteration {iteration}: {rel} is cut short"
            );
        } else if rel == "manifest.json" {
            let text = std::fs::read_to_string(&path).unwrap();
            let manifest: opas::write::output::Manifest = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("iteration {iteration}: manifest: {e}\n{text}"));
            for guide in &manifest.guides {
                assert!(out.join(&guide.html).exists(), "iteration {iteration}");
            }
        } else if let Some(asset) = rel.strip_prefix("assets/") {
            let source = repo().join("themes/default/static").join(asset);
            assert_eq!(
                std::fs::read(&path).unwrap(),
                std::fs::read(source).unwrap(),
                "iteration {iteration}: {rel} differs from the theme's file"
            );
        }
    }
    temporaries
}

/// A small deterministic generator: the same kill moments on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_builds_leave_no_truncated_file() {
    let dir = big_project();
    let out = dir.path().join("output");
    // One whole build measures how long a build takes.
    let started = Instant::now();
    let status = build(dir.path(), &out).wait().unwrap();
    assert!(status.success());
    let full = started.elapsed().max(Duration::from_millis(50));
    assert_eq!(check_output(&out, 0), 0);
    let mut rng = XorShift(0x05ee_d0f0_a5a5);
    let mut left_behind = 0;
    for iteration in 1..=ITERATIONS {
        // Every other run starts from an empty folder, the others rebuild over a full one.
        if iteration % 2 == 0 {
            let _ = std::fs::remove_dir_all(&out);
        }
        let at = Duration::from_micros(rng.next() % (full.as_micros() as u64 + 1));
        let mut child = build(dir.path(), &out);
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        left_behind += check_output(&out, iteration);
    }
    // A whole build afterwards cleans up what the kills left behind.
    let status = build(dir.path(), &out).wait().unwrap();
    assert!(status.success());
    assert_eq!(
        check_output(&out, ITERATIONS + 1),
        0,
        "temporary files remain"
    );
    let pages = files_under(&out)
        .iter()
        // A guide's page, not a municipality's (`<slug>/index.html`).
        .filter(|f| f.ends_with("/index.html") && f.matches('/').count() >= 2)
        .count();
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let guides = manifest.matches("\"html\":").count();
    assert_eq!(pages, guides, "every guide of the manifest has its page");
    assert!(guides >= 5 * COPIES, "{guides} guides");
    println!(
        "kill test: {ITERATIONS} builds killed at random moments within {full:?}; \
         {left_behind} temporary files found after kills, all removed by the next build"
    );
}
