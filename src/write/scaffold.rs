//! A new guide's folder: `opas new guide` writes it whole or not at all, and never over a
//! folder that is already there; and the schema written again for it.

use std::io::Write as _;
use std::path::Path;

/// Writes `files` (paths relative to the guide's folder, checked by the caller to be plain
/// relative paths) as `content/<id>/`: into a temporary folder beside it, then renamed into
/// place only if no folder has that name (the error's kind is then `AlreadyExists`).
pub fn create_guide(root: &Path, id: &str, files: &[(String, String)]) -> std::io::Result<()> {
    let content = root.join("content");
    // Never through a link: the folder is written in the project, or not at all.
    if !content.symlink_metadata()?.is_dir() {
        return Err(std::io::Error::other(
            "content/ is not a folder of the project",
        ));
    }
    let target = content.join(id);
    if target.symlink_metadata().is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    let scratch = tempfile::Builder::new()
        .prefix(".")
        .suffix(".opas-new")
        .tempdir_in(&content)?;
    for (rel, text) in files {
        let path = scratch.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = std::fs::File::create_new(&path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    let kept = scratch.keep();
    // A folder made since the check above is not replaced: renaming onto a folder that is
    // not empty fails, and an empty one is taken back from the rename.
    if target.symlink_metadata().is_ok() {
        let _ = std::fs::remove_dir_all(&kept);
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(&kept, &target).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&kept);
    })
}

/// Writes `text` as `municipalities/schema.json`, through a temporary file renamed over it.
pub fn write_schema(root: &Path, text: &str) -> std::io::Result<()> {
    let dir = root.join("municipalities");
    crate::write::municipality::written_aside(&dir, ".opas-schema.tmp", text)?
        .persist(dir.join("schema.json"))
        .map(drop)
        .map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guide_folder_is_written_whole_and_never_over_another() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let files = vec![
            ("guide.toml".to_string(), "id = \"x\"\n".to_string()),
            ("fi/steps/10-a.md".to_string(), "A\n".to_string()),
        ];
        create_guide(dir.path(), "x", &files).unwrap();
        let step = dir.path().join("content/x/fi/steps/10-a.md");
        assert_eq!(std::fs::read_to_string(&step).unwrap(), "A\n");
        let again = create_guide(dir.path(), "x", &[("guide.toml".into(), "other".into())]);
        assert_eq!(again.unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/x/guide.toml")).unwrap(),
            "id = \"x\"\n"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path().join("content"))
            .unwrap()
            .collect();
        assert_eq!(left.len(), 1, "no temporary folder is left");
    }
}
