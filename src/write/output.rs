//! Writing the output folder: atomic file writes and the manifest.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

pub use crate::write::manifest::{MANIFEST, Manifest, ManifestEntry, read_manifest};

/// Writes files under one output folder, each atomically.
pub struct Writer {
    root: PathBuf,
    written: std::sync::Mutex<Vec<String>>,
}

impl Writer {
    /// Prepares `root`, creating it if needed; a `root` that is a symbolic link is
    /// refused unless `may_be_link`.
    pub fn new(root: &Path, may_be_link: bool) -> std::io::Result<Self> {
        if !may_be_link && std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(std::io::Error::other(format!(
                "{} is a symbolic link; remove it, or name the folder to write to with --out",
                root.display()
            )));
        }
        if root.exists() && !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", root.display()),
            ));
        }
        std::fs::create_dir_all(root)?;
        remove_stale_temporaries(root, 4);
        Ok(Writer {
            root: root.canonicalize()?,
            written: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Writes `bytes` to `rel` (a relative path with `/`) through a temporary file and a rename.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.resolve(rel)?;
        let parent = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(parent)?;
        if crate::write::read_back::holds(&path, bytes) {
            // Unchanged: leave the file (and its modification time) alone; replacing
            // a file by rename also makes ext4 flush it, the slowest part of a rebuild.
            self.record(rel);
            return Ok(());
        }
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        // The rename makes the write atomic for readers and against an interrupted
        // build. No fsync per file: it cost more than the rendering (about 0.15 ms of
        // CPU but up to 4 ms of waiting per file) and protects only against power loss.
        let (tmp, mut file) = create_temporary(parent, file_name)?;
        let result = file
            .write_all(bytes)
            .and_then(|()| std::fs::rename(&tmp, &path));
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result?;
        self.record(rel);
        Ok(())
    }

    /// Writes the files of one guide as a unit: every file is first written to a
    /// temporary file beside its place, and only when all of them are written are they
    /// renamed into place. A failure (a full disk, a file too large) removes the
    /// temporary files and leaves the previous version of every file as it was.
    pub fn write_unit(&self, files: &[(String, Vec<u8>)]) -> Result<(), (String, std::io::Error)> {
        let mut staged: Vec<(PathBuf, PathBuf, &str)> = Vec::new();
        let mut unchanged = Vec::new();
        let discard = |staged: &[(PathBuf, PathBuf, &str)]| {
            for (tmp, _, _) in staged {
                let _ = std::fs::remove_file(tmp);
            }
        };
        for (rel, bytes) in files {
            let stage = || -> std::io::Result<Option<(PathBuf, PathBuf)>> {
                let path = self.resolve(rel)?;
                let parent = path.parent().unwrap_or(&self.root);
                std::fs::create_dir_all(parent)?;
                if crate::write::read_back::holds(&path, bytes) {
                    return Ok(None);
                }
                let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
                let (tmp, mut file) = create_temporary(parent, file_name)?;
                if let Err(e) = file.write_all(bytes) {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(e);
                }
                Ok(Some((tmp, path)))
            };
            match stage() {
                Ok(Some((tmp, path))) => staged.push((tmp, path, rel)),
                Ok(None) => unchanged.push(rel.as_str()),
                Err(e) => {
                    discard(&staged);
                    return Err((rel.clone(), e));
                }
            }
        }
        for (i, (tmp, path, rel)) in staged.iter().enumerate() {
            if let Err(e) = std::fs::rename(tmp, path) {
                discard(&staged[i..]);
                return Err((rel.to_string(), e));
            }
        }
        for rel in unchanged
            .into_iter()
            .chain(staged.iter().map(|(_, _, r)| *r))
        {
            self.record(rel);
        }
        Ok(())
    }

    /// The bytes of `rel` as an earlier build left it, recorded as part of this build
    /// without writing it again; `None` unless it is a regular file (no link, no FIFO) of
    /// at most [`crate::write::read_back::MAX_READ_BACK`] bytes.
    pub fn keep(&self, rel: &str) -> Option<Vec<u8>> {
        let path = self.resolve(rel).ok()?;
        let bytes =
            crate::write::read_back::read(&path, crate::write::read_back::MAX_READ_BACK).ok()?;
        self.record(rel);
        Some(bytes)
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
        read_manifest(&self.root)
    }

    /// Removes files that the previous manifest lists and this build did not write
    /// (`keep`, sorted).
    pub fn remove_stale(&self, previous: &Manifest, keep: &[String]) {
        for rel in &previous.files {
            if keep.binary_search(rel).is_ok() {
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

    /// `root/rel`, refusing absolute paths, `..` and folders that are symbolic links
    /// leading out of the output folder.
    fn resolve(&self, rel: &str) -> std::io::Result<PathBuf> {
        let rel_path = Path::new(rel);
        let safe = !rel.is_empty()
            && rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        let inside = || {
            // The deepest existing folder on the way must lie inside the output folder.
            let mut folder = self.root.join(rel_path);
            while folder.pop() {
                if let Ok(real) = folder.canonicalize() {
                    return real.starts_with(&self.root);
                }
            }
            false
        };
        if safe && inside() {
            Ok(self.root.join(rel_path))
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ))
        }
    }
}

/// A new temporary file next to `file_name` in `parent`: `.<name>.opas-<pid>-<random>.tmp`.
///
/// Created exclusively (`O_CREAT|O_EXCL`), so that an existing file or a symbolic link
/// planted under the name is never written through; the random part makes the name
/// unguessable, and a taken name is simply replaced by another.
pub(crate) fn create_temporary(
    parent: &Path,
    file_name: &str,
) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::hash::BuildHasher as _;
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut tries = 0;
    loop {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let random = std::collections::hash_map::RandomState::new().hash_one(n);
        let tmp = parent.join(format!(
            ".{file_name}.opas-{}-{random:016x}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 16 => tries += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The process id in the name of a temporary file of [`Writer::write`]:
/// `.<name>.opas-<pid>-<random>.tmp` (or `.<name>.opas-<pid>.tmp` of older builds);
/// `None` for any other name.
fn own_temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (file, tail) = rest.rsplit_once(".opas-")?;
    let (pid, random) = tail.split_once('-').unwrap_or((tail, "0"));
    if file.is_empty()
        || pid.is_empty()
        || !pid.bytes().all(|b| b.is_ascii_digit())
        || !random.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return None;
    }
    pid.parse().ok()
}

/// Whether the build that wrote a temporary file may still be running (another build into
/// the same folder at the same time): this process, or a live process on Linux.
fn process_is_running(pid: u32) -> bool {
    pid == std::process::id()
        || (Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists())
}

/// Removes temporary files that a killed build left behind (only opas's own pattern),
/// in `dir` and its subfolders down to `depth`; symbolic links are not followed.
fn remove_stale_temporaries(dir: &Path, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        if kind.is_dir() && depth > 0 {
            remove_stale_temporaries(&entry.path(), depth - 1);
        } else if kind.is_file()
            && let Some(pid) = name.to_str().and_then(own_temporary_pid)
            && !process_is_running(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path(), false).unwrap();
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
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        assert!(writer.write("link/x.html", b"no").is_err());
        assert!(writer.write("link/deeper/x.html", b"no").is_err());
        assert!(!outside.path().join("x.html").exists());
        assert!(!outside.path().join("deeper").exists());
        assert!(writer.write("/etc/x", b"no").is_err());
        // A link planted where a temporary file could go is never written through.
        let victim = outside.path().join("victim");
        std::fs::write(&victim, "mine").unwrap();
        let planted = format!(".c.html.opas-{}.tmp", std::process::id());
        std::os::unix::fs::symlink(&victim, dir.path().join("a").join(&planted)).unwrap();
        writer.write("a/c.html", b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"mine");
        std::fs::remove_file(dir.path().join("a").join(&planted)).unwrap();
        std::fs::remove_file(dir.path().join("a/c.html")).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left");
    }

    #[test]
    fn temporaries_of_a_killed_build_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pori")).unwrap();
        for name in [
            ".index.html.opas-4000000000.tmp",
            "pori/.index.html.opas-4000000001.tmp",
            "pori/.opas.pdf.opas-4000000002-00ff00ff00ff00ff.tmp",
            "keep.tmp",
            ".notes.tmp",
            ".index.html.opas-x.tmp",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        Writer::new(dir.path(), false).unwrap();
        let mut left: Vec<String> = walk(dir.path());
        left.sort();
        assert_eq!(left, [".index.html.opas-x.tmp", ".notes.tmp", "keep.tmp"]);
    }

    fn walk(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.path().is_dir() {
                out.extend(walk(&entry.path()));
            } else {
                out.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        out
    }

    #[test]
    fn stale_cleanup_touches_only_listed_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.html"), "x").unwrap();
        std::fs::write(dir.path().join("theirs.txt"), "x").unwrap();
        let writer = Writer::new(dir.path(), false).unwrap();
        let previous = Manifest {
            guides: vec![],
            files: vec!["mine.html".into(), "../outside".into()],
        };
        writer.remove_stale(&previous, &[]);
        assert!(!dir.path().join("mine.html").exists());
        assert!(dir.path().join("theirs.txt").exists());
    }
}
