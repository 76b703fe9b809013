//! The project as a git revision holds it, for `opas diff --rev`: its files taken out of
//! the repository (`git archive`) into a folder of their own, to be built like any project.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::diagnostics::Diagnostic;

/// Writes the project files of revision `rev` of the repository holding `root` to `into`.
pub fn extract(root: &Path, rev: &str, into: &Path) -> Result<(), Diagnostic> {
    let fail =
        |message: String, hint: &str| Diagnostic::error(format!("--rev {rev}"), message).hint(hint);
    if rev.is_empty() || rev.starts_with('-') || rev.chars().any(|c| c.is_control() || c == ':') {
        return Err(fail(
            format!("`{rev}` is not a revision"),
            "name a commit, a branch or a tag, e.g. --rev origin/main",
        ));
    }
    let commit = git(root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|e| fail(format!("no revision `{rev}` in the repository{}", if e.is_empty() { String::new() } else { format!(": {e}") }), "name a commit, a branch or a tag that `git log` shows; in CI, fetch it first (e.g. `git fetch origin main`)"))?;
    let prefix = git(root, &["rev-parse", "--show-prefix"]).map_err(|e| {
        fail(
            format!("the project is not in a git repository: {e}"),
            "run opas diff --rev inside the project's git repository, or compare two built folders",
        )
    })?;
    std::fs::create_dir_all(into).map_err(|e| {
        fail(
            format!("cannot make a temporary folder: {e}"),
            "check the temporary folder's free space",
        )
    })?;
    let tree = format!("{}:{}", commit.trim(), prefix.trim());
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", &tree])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("cannot run git: {e}"), "install git"))?;
    let stdout = archive.stdout.take().expect("piped");
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(stdout)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| fail(format!("cannot run tar: {e}"), "install tar"))?;
    let archived = archive
        .wait_with_output()
        .map_err(|e| fail(format!("git archive failed: {e}"), "check the repository"))?;
    if !archived.status.success() || !untar.status.success() {
        let said = String::from_utf8_lossy(if archived.status.success() {
            &untar.stderr
        } else {
            &archived.stderr
        });
        return Err(fail(
            format!(
                "cannot take the project out of revision `{rev}`: {}",
                said.trim()
            ),
            "check that the revision holds the project's content/, themes/ and municipalities/",
        ));
    }
    Ok(())
}

/// The standard output of `git -C root args`, or what it said on failure.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}
