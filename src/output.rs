//! Writing the output folder: atomic file writes and the manifest.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Name of the manifest in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// One guide in the manifest; paths are relative to the output folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestEntry {
    pub municipality: String,
    pub lang: String,
    pub variant: String,
    pub title: String,
    pub date: String,
    pub html: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pdf: Option<String>,
    /// The issuing body, e.g. "Kokkolan kaupunki", for the index page.
    #[serde(default)]
    pub issuer: String,
    /// The guide's date as printed in it.
    #[serde(default)]
    pub date_text: String,
    /// The language's own name, e.g. "På svenska".
    #[serde(default)]
    pub language_name: String,
}

/// `manifest.json`: every guide opas wrote, and every file it wrote.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
pub struct Manifest {
    pub guides: Vec<ManifestEntry>,
    /// Every file opas wrote in this build, so that a later build may remove them.
    #[serde(default)]
    pub files: Vec<String>,
}

/// Writes files under one output folder, each atomically.
pub struct Writer {
    root: PathBuf,
    written: std::sync::Mutex<Vec<String>>,
}

impl Writer {
    /// Prepares `root`, creating it if needed.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        if root.exists() && !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", root.display()),
            ));
        }
        std::fs::create_dir_all(root)?;
        Ok(Writer {
            root: root.to_path_buf(),
            written: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Writes `bytes` to `rel` (a relative path with `/`) through a temporary file and a rename.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.resolve(rel)?;
        let parent = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(parent)?;
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            // Unchanged: leave the file (and its modification time) alone; replacing
            // a file by rename also makes ext4 flush it, the slowest part of a rebuild.
            self.record(rel);
            return Ok(());
        }
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let tmp = parent.join(format!(".{file_name}.opas-{}.tmp", std::process::id()));
        // The rename makes the write atomic for readers and against an interrupted
        // build. No fsync per file: it cost more than the rendering (about 0.15 ms of
        // CPU but up to 4 ms of waiting per file) and protects only against power loss.
        let result = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(bytes)?;
            std::fs::rename(&tmp, &path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result?;
        self.record(rel);
        Ok(())
    }

    fn record(&self, rel: &str) {
        if let Ok(mut written) = self.written.lock() {
            written.push(rel.to_string());
        }
    }

    /// The files written so far, sorted.
    pub fn written(&self) -> Vec<String> {
        let mut files = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        files.sort();
        files.dedup();
        files
    }

    /// Reads the manifest of an earlier build, if there is a readable one.
    pub fn previous_manifest(&self) -> Option<Manifest> {
        let text = std::fs::read_to_string(self.root.join(MANIFEST)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Removes files that the previous manifest lists and this build did not write.
    pub fn remove_stale(&self, previous: &Manifest, keep: &[String]) {
        for rel in &previous.files {
            if keep.contains(rel) {
                continue;
            }
            if let Ok(path) = self.resolve(rel) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    /// Writes the manifest; it lists every file of this build and itself last.
    pub fn write_manifest(&self, manifest: &Manifest) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(manifest).map_err(std::io::Error::other)?;
        text.push('\n');
        self.write(MANIFEST, text.as_bytes())
    }

    /// `root/rel`, refusing absolute paths and `..`.
    fn resolve(&self, rel: &str) -> std::io::Result<PathBuf> {
        let rel_path = Path::new(rel);
        let safe = !rel.is_empty()
            && rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if safe {
            Ok(self.root.join(rel_path))
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path()).unwrap();
        writer.write("a/b.html", b"hello").unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("a/b.html")).unwrap(),
            b"hello"
        );
        let modified = std::fs::metadata(dir.path().join("a/b.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        writer.write("a/b.html", b"hello").unwrap();
        let again = std::fs::metadata(dir.path().join("a/b.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(modified, again, "an unchanged file is not rewritten");
        writer.write("a/b.html", b"changed").unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("a/b.html")).unwrap(),
            b"changed"
        );
        assert!(writer.write("../x", b"no").is_err());
        assert!(writer.write("/etc/x", b"no").is_err());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left");
    }

    #[test]
    fn stale_cleanup_touches_only_listed_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.html"), "x").unwrap();
        std::fs::write(dir.path().join("theirs.txt"), "x").unwrap();
        let writer = Writer::new(dir.path()).unwrap();
        let previous = Manifest {
            guides: vec![],
            files: vec!["mine.html".into(), "../outside".into()],
        };
        writer.remove_stale(&previous, &[]);
        assert!(!dir.path().join("mine.html").exists());
        assert!(dir.path().join("theirs.txt").exists());
    }
}
