//! An output folder written by `opas build`, opened for `opas diff`: its manifest and the
//! files it names. The folder is not trusted: only paths opas writes are read (see
//! `write::manifest::own_path`), never through a link, and each one up to a size cap.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::write::manifest::{MANIFEST, MAX_MANIFEST, Manifest, own_path, parse_manifest};
use crate::write::read_back;

/// Largest page (HTML) read for a comparison.
pub const MAX_PAGE: u64 = 8 * 1024 * 1024;
/// Largest PDF, or shared file, read for a comparison.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// An opened output folder.
pub struct Built {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// Entries of the manifest left out as not opas's own (a path out of the folder).
    pub ignored: usize,
}

/// Opens the output folder `root`: it must hold a manifest.json that opas wrote.
pub fn open(root: &Path) -> Result<Built, Diagnostic> {
    let shown = root.display().to_string();
    let not_output = |why: String| {
        Diagnostic::error(shown.clone(), why)
            .hint("give two folders written by `opas build` (each holds a manifest.json)")
    };
    let real = root
        .canonicalize()
        .map_err(|e| not_output(format!("cannot open the folder: {e}")))?;
    if !real.is_dir() {
        return Err(not_output("it is not a folder".into()));
    }
    let file = real.join(MANIFEST);
    let bytes = read_back::read(&file, MAX_MANIFEST).map_err(|e| {
        not_output(format!(
            "cannot read {MANIFEST}: {e}; it is not an output folder of `opas build`"
        ))
    })?;
    let (manifest, ignored) = parse_manifest(&bytes).map_err(|e| {
        Diagnostic::error(
            format!("{}:{}:{}", file.display(), e.line(), e.column()),
            format!("{MANIFEST} is not a manifest of `opas build`: {e}"),
        )
        .hint("build the folder again with `opas build --out <folder>`")
    })?;
    Ok(Built {
        root: real,
        manifest,
        ignored,
    })
}

impl Built {
    /// The bytes of the file `rel` of the folder, refused when `rel` is not a path opas
    /// writes, when any part of it is a link, or when it is larger than `max`.
    pub fn read(&self, rel: &str, max: u64) -> Result<Vec<u8>, String> {
        if !own_path(rel) {
            return Err(format!("`{rel}` is not a path opas writes"));
        }
        let mut path = self.root.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        for dir in &parts[..parts.len() - 1] {
            path.push(dir);
            let meta = std::fs::symlink_metadata(&path).map_err(|e| format!("{rel}: {e}"))?;
            if !meta.is_dir() {
                return Err(format!(
                    "{rel}: `{dir}` is not a folder (a link is not followed)"
                ));
            }
        }
        path.push(parts[parts.len() - 1]);
        read_back::read(&path, max).map_err(|e| format!("{rel}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_foreign_paths_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.html"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("pori")).unwrap();
        std::fs::create_dir(dir.path().join("espoo")).unwrap();
        std::fs::write(dir.path().join("espoo/index.html"), "ok").unwrap();
        std::fs::write(
            dir.path().join(MANIFEST),
            r#"{"guides": [], "files": ["../x"]}"#,
        )
        .unwrap();
        let built = open(dir.path()).unwrap();
        assert_eq!(built.ignored, 1);
        assert_eq!(built.read("espoo/index.html", 10).unwrap(), b"ok");
        assert!(built.read("pori/secret.html", 10).is_err());
        assert!(built.read("../x", 10).is_err());
        assert!(built.read("espoo/index.html", 1).is_err());
        std::fs::write(dir.path().join(MANIFEST), "{\n  \"guides\": 3\n}").unwrap();
        let error = open(dir.path()).err().unwrap();
        assert!(error.file.ends_with("manifest.json:2:13"), "{}", error.file);
        assert!(open(&dir.path().join("missing")).is_err());
    }
}
