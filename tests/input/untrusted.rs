//! Untrusted content, theme and municipality files (issue 12, items 2–5): templates that
//! try to read the environment, recurse or exhaust memory; theme files that link out or
//! loop; FIFOs where files belong. Each runs the real binary with a time limit and an
//! address-space limit, so a regression fails instead of hanging or swapping.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{project_with_references, stderr};

/// A value in the build's environment that must never reach a guide or a message.
pub(super) const SECRET: &str = "opas-secret-4711-do-not-publish";
/// A step that every guide shows.
pub(super) const STEP: &str = "content/kayttajatunnusmuutos/fi/steps/25-front-page.md";
/// Address space allowed to one run: a template bomb that is not stopped exceeds it.
pub(super) const MEMORY_KB: u64 = 1024 * 1024;
/// Longest a run may take before it counts as hanging.
pub(super) const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Runs `opas -C root args…` under [`MEMORY_KB`] of address space, with [`SECRET`] in
/// its environment; kills it and fails the test if it is not done within [`TIME_LIMIT`].
pub(super) fn run(root: &Path, args: &[&str]) -> Output {
    let logs = tempfile::tempdir().unwrap();
    let out = std::fs::File::create(logs.path().join("out")).unwrap();
    let err = std::fs::File::create(logs.path().join("err")).unwrap();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_opas"))
        .arg("-C")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .env("SECRET_TOKEN", SECRET)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("opas starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("opas {args:?} did not finish within {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: std::fs::read(logs.path().join("out")).unwrap(),
        stderr: std::fs::read(logs.path().join("err")).unwrap(),
    }
}

/// Asserts a run failed with exit status 1 (not a crash) and returns its standard error.
pub(super) fn failed(output: &Output) -> String {
    let text = stderr(output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "expected exit status 1, got {:?}; stderr:\n{}",
        output.status,
        &text[..text.len().min(4000)]
    );
    assert!(!text.contains("panicked"), "{text}");
    text
}

/// Runs `check` and `build` (into `root/output`) on `root`: both must fail (exit status 1)
/// with every one of `expected` in what they print. Returns the two outputs.
pub(super) fn both_fail(root: &Path, expected: &[&str]) -> [String; 2] {
    let out = root.join("output");
    [vec!["check"], vec!["build", "--out", out.to_str().unwrap()]].map(|args| {
        let text = failed(&run(root, &args));
        for e in expected {
            assert!(text.contains(e), "{args:?}: {e}: {text}");
        }
        text
    })
}

/// Appends `line` to the file `rel` of `root`; returns the line number it got.
pub(super) fn append_line(root: &Path, rel: &str, line: &str) -> usize {
    let path = root.join(rel);
    let mut text = std::fs::read_to_string(&path).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let number = text.lines().count() + 1;
    text.push_str(line);
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    number
}

/// Asserts that no file under `dir` contains `needle`.
pub(super) fn nowhere_in(dir: &Path, needle: &str) {
    for rel in crate::common::files_under(dir) {
        let bytes = std::fs::read(dir.join(&rel)).unwrap();
        let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(!found, "{rel} contains {needle:?}");
    }
}

pub(super) fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

// --- Item 2: get_env ---------------------------------------------------------------

#[test]
fn get_env_in_a_shared_step_is_a_located_error() {
    let project = project_with_references();
    let root = project.path();
    let line = append_line(root, STEP, r#"Avain: {{ get_env(name="SECRET_TOKEN") }}"#);
    let out = root.join("output");
    let text = failed(&run(root, &["build", "--out", out.to_str().unwrap()]));
    assert!(text.contains(&format!("{STEP}:{line}:11")), "{text}");
    assert!(text.contains("get_env"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    nowhere_in(&out, SECRET);
}

#[test]
fn get_env_in_a_municipalitys_own_step_is_a_located_error() {
    let project = project_with_references();
    let root = project.path();
    let own = "municipalities/pori/kayttajatunnusmuutos/fi/steps/25-front-page.md";
    std::fs::create_dir_all(root.join("municipalities/pori/kayttajatunnusmuutos/fi/steps"))
        .unwrap();
    std::fs::write(
        root.join(own),
        "Porin oma teksti.\n\n{{ get_env(name=\"SECRET_TOKEN\") }}\n",
    )
    .unwrap();
    let out = root.join("output");
    let text = failed(&run(root, &["build", "--out", out.to_str().unwrap()]));
    assert!(text.contains(&format!("{own}:3:4")), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    nowhere_in(&out, SECRET);
}

// --- Item 3: theme files -----------------------------------------------------------

fn theme_link_out(target: &str, name: &str, leak: &str) {
    let project = project_with_references();
    let root = project.path();
    let link = root.join("themes/default/static").join(name);
    std::os::unix::fs::symlink(target, &link).unwrap();
    let out = root.join("output");
    let text = failed(&run(root, &["build", "--out", out.to_str().unwrap()]));
    assert!(
        text.contains(&format!("themes/default/static/{name}")),
        "{text}"
    );
    assert!(text.contains("outside the project"), "{text}");
    assert!(!text.contains(leak), "{text}");
    nowhere_in(&out, leak);
}

#[test]
fn a_theme_file_linking_to_the_environment_is_refused() {
    theme_link_out("/proc/self/environ", "env.txt", SECRET);
}

#[test]
fn a_theme_file_linking_to_etc_passwd_is_refused() {
    theme_link_out("/etc/passwd", "passwd.txt", "root:");
}

#[test]
fn a_theme_folder_linking_to_itself_does_not_hang_check() {
    let project = project_with_references();
    let root = project.path();
    std::os::unix::fs::symlink(".", root.join("themes/default/static/loop")).unwrap();
    let text = failed(&run(root, &["check"]));
    assert!(text.contains("themes/default/static/loop"), "{text}");
    assert!(text.contains("already read"), "{text}");
}

#[test]
fn two_theme_folder_links_do_not_make_build_eat_memory() {
    let project = project_with_references();
    let root = project.path();
    let stat = root.join("themes/default/static");
    std::os::unix::fs::symlink(".", stat.join("a")).unwrap();
    std::os::unix::fs::symlink(".", stat.join("b")).unwrap();
    let out = root.join("output");
    let text = failed(&run(root, &["build", "--out", out.to_str().unwrap()]));
    assert!(text.contains("already read"), "{text}");
}

// --- Item 4: template bombs --------------------------------------------------------

/// Appends `line` to the shared step and checks that `check` stops with a located error.
fn bomb(line: &str, expected: &str) {
    let project = project_with_references();
    let root = project.path();
    let number = append_line(root, STEP, line);
    let text = failed(&run(root, &["check"]));
    assert!(text.contains(&format!("{STEP}:{number}:")), "{text}");
    assert!(text.contains(expected), "{text}");
}

#[test]
fn a_step_that_includes_itself_is_a_located_error() {
    bomb(
        &format!("{{% include \"{STEP}\" %}}"),
        "`include` is not available",
    );
}

#[test]
fn a_huge_range_is_a_located_error() {
    bomb(
        "{% for i in range(end=100000000) %}x{% endfor %}",
        "more than the 10000 allowed",
    );
}

#[test]
fn three_nested_loops_of_3000_are_a_located_error() {
    bomb(
        "{% for i in range(end=3000) %}{% for j in range(end=3000) %}\
         {% for k in range(end=3000) %}x{% endfor %}{% endfor %}{% endfor %}",
        "more than 10000 loop iterations",
    );
}

#[test]
fn doubling_a_string_with_set_global_is_a_located_error() {
    bomb(
        "{% set_global s = \"0123456789\" %}{% for i in range(end=40) %}\
         {% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
        "more than 2 MB",
    );
}

#[test]
fn deeply_nested_tags_are_a_located_error() {
    bomb(
        &format!(
            "{}x{}",
            "{% if m %}".repeat(5000),
            "{% endif %}".repeat(5000)
        ),
        "nest deeper",
    );
}

// --- Item 5: FIFOs -----------------------------------------------------------------

fn fifo_at(rel: &str, replace: bool) {
    for command in ["check", "build", "list"] {
        let project = project_with_references();
        let root = project.path();
        let path = root.join(rel);
        if replace {
            std::fs::remove_file(&path).unwrap();
        }
        mkfifo(&path);
        let out = root.join("output");
        let args: Vec<&str> = match command {
            "build" => vec!["build", "--out", out.to_str().unwrap()],
            other => vec![other],
        };
        let output = run(root, &args);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            stderr(&output)
        );
        if command == "list" {
            // `list` reports a guide it cannot build in its row and points to `check`.
            assert!(all.contains("error"), "{command}: {all}");
            continue;
        }
        assert!(!output.status.success(), "{command}: {all}");
        assert!(all.contains(rel), "{command}: {all}");
        assert!(all.contains("FIFO"), "{command}: {all}");
    }
}

#[test]
fn a_fifo_municipality_file_is_an_error_not_a_hang() {
    fifo_at("municipalities/lahti.toml", false);
}

#[test]
fn a_fifo_guide_toml_is_an_error_not_a_hang() {
    fifo_at("content/kayttajatunnusmuutos/guide.toml", true);
}

#[test]
fn a_fifo_step_is_an_error_not_skipped() {
    let project = project_with_references();
    let root = project.path();
    mkfifo(&root.join("content/kayttajatunnusmuutos/fi/steps/99-pipe.md"));
    let text = failed(&run(root, &["check"]));
    assert!(
        text.contains("content/kayttajatunnusmuutos/fi/steps/99-pipe.md"),
        "{text}"
    );
    assert!(text.contains("FIFO"), "{text}");
}

#[test]
fn a_fifo_language_file_is_an_error_not_a_hang() {
    fifo_at("content/languages/fi.toml", true);
}
