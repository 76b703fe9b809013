//! Writing a report file of `opas diff`: atomically, through a temporary file beside it
//! and a rename, so that a reader never sees half a report.

use std::io::Write as _;
use std::path::Path;

use crate::write::output::create_temporary;

/// Writes `bytes` to `path`, replacing what is there (a link there is replaced, not
/// written through).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    if path.is_dir() {
        return Err(std::io::Error::other("it is a folder"));
    }
    let (tmp, mut file) = create_temporary(parent, name)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_a_link_without_writing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "keep").unwrap();
        let report = dir.path().join("report.md");
        std::os::unix::fs::symlink(&target, &report).unwrap();
        super::write(&report, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert_eq!(std::fs::read(&report).unwrap(), b"new");
        assert!(super::write(dir.path(), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
