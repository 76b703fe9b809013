//! New municipality files: `opas new` writes one whole or not at all, and never over a file
//! that is already there.

use std::io::Write as _;
use std::path::Path;

/// Writes `text` as `municipalities/<slug>.toml` under `root`: through a temporary file in
/// the same folder, then linked into place only if no file has that name (an existing
/// municipality is never overwritten; the error's kind is then `AlreadyExists`).
pub fn create(root: &Path, slug: &str, text: &str) -> std::io::Result<()> {
    let dir = root.join("municipalities");
    written_aside(&dir, ".opas-new.tmp", text)?
        .persist_noclobber(dir.join(format!("{slug}.toml")))
        .map(drop)
        .map_err(|e| e.error)
}

/// `text` written and synced to a temporary file in `dir` (made if missing), named with
/// `suffix`, for the caller to move into place.
pub(crate) fn written_aside(
    dir: &Path,
    suffix: &str,
    text: &str,
) -> std::io::Result<tempfile::NamedTempFile> {
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::Builder::new()
        .prefix(".")
        .suffix(suffix)
        .tempfile_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// Writes `text` over `municipalities/<slug>.toml` under `root`, atomically: through a
/// temporary file in the same folder, synced, then renamed into place, so that a reader
/// sees the old file or the new one, never a part of either. Only a slug names a file here.
pub fn replace(root: &Path, slug: &str, text: &str) -> std::io::Result<()> {
    if !crate::load::values::is_slug(slug) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a municipality slug",
        ));
    }
    let dir = root.join("municipalities");
    let target = dir.join(format!("{slug}.toml"));
    let file = written_aside(&dir, ".opas-edit.tmp", text)?;
    if let Ok(meta) = std::fs::metadata(&target) {
        file.as_file().set_permissions(meta.permissions())?;
    }
    file.persist(target).map(drop).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_left_alone_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        create(dir.path(), "pori", "name = \"Pori\"\n").unwrap();
        let again = create(dir.path(), "pori", "name = \"Other\"\n").unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        let folder = dir.path().join("municipalities");
        assert_eq!(
            std::fs::read_to_string(folder.join("pori.toml")).unwrap(),
            "name = \"Pori\"\n"
        );
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    }
}
