//! A municipality's uploaded screenshot written into its screenshots folder, atomically,
//! and the screen's other screenshot files removed; only ever below
//! `municipalities/<slug>/`, never through a link that leads out of it.

use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use crate::load::local::SCREENSHOT_EXTENSIONS;

/// Writes `bytes` as `<screen>.<extension>` in the folder `dir` (relative to `root`, below
/// `municipalities/<slug>/`, made if missing): through a synced temporary file in the same
/// folder, renamed into place. Then removes the screen's files with another screenshot
/// extension; their names are returned.
pub fn replace(
    root: &Path,
    slug: &str,
    dir: &Path,
    screen: &str,
    extension: &str,
    bytes: &[u8],
) -> io::Result<Vec<String>> {
    let folder = folder(root, slug, dir, true)?.ok_or_else(|| io::Error::other("no folder"))?;
    let name = format!("{screen}.{extension}");
    let mut file = tempfile::Builder::new()
        .prefix(".")
        .suffix(".opas-upload.tmp")
        .tempfile_in(&folder)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.persist(folder.join(&name)).map_err(|e| e.error)?;
    remove_others(&folder, screen, Some(&name))
}

/// Removes every screenshot file of `screen` in the folder `dir` (relative to `root`);
/// the names removed, none when the folder is missing.
pub fn remove(root: &Path, slug: &str, dir: &Path, screen: &str) -> io::Result<Vec<String>> {
    match folder(root, slug, dir, false)? {
        Some(folder) => remove_others(&folder, screen, None),
        None => Ok(Vec::new()),
    }
}

/// The files of `screen` in `folder` with a screenshot extension, but `keep`, removed.
fn remove_others(folder: &Path, screen: &str, keep: Option<&str>) -> io::Result<Vec<String>> {
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        let ext = ext.to_ascii_lowercase();
        if stem == screen && SCREENSHOT_EXTENSIONS.contains(&ext.as_str()) && Some(name) != keep {
            std::fs::remove_file(&path)?;
            removed.push(name.to_string());
        }
    }
    removed.sort();
    Ok(removed)
}

/// The folder `dir` under `root`, each of its parts below `municipalities/<slug>` made when
/// missing (if `create`) and checked, before anything is made in it, to lie with every
/// link resolved inside `<root>/municipalities/<slug>`; `None` when missing and not made.
fn folder(root: &Path, slug: &str, dir: &Path, create: bool) -> io::Result<Option<PathBuf>> {
    let own = Path::new("municipalities").join(slug);
    let below = dir.strip_prefix(&own).map_err(|_| outside())?;
    let real_own = root.canonicalize()?.join(&own);
    let mut path = root.join(&own);
    let parts = std::iter::once(None).chain(below.components().map(Some));
    for part in parts {
        match part {
            None => {}
            Some(Component::Normal(name)) => path.push(name),
            Some(_) => return Err(outside()),
        }
        match std::fs::symlink_metadata(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound && create => {
                std::fs::create_dir(&path)?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        }
        let real = path.canonicalize()?;
        if !real.starts_with(&real_own) || !real.is_dir() {
            return Err(outside());
        }
    }
    Ok(Some(path))
}

fn outside() -> io::Error {
    io::Error::other(
        "the folder leads out of the municipality's own folder; a screenshot is written only below municipalities/<slug>/ (remove the link)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_file_replaces_the_screen_s_others_and_nothing_leaves_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("municipalities/pori/g/screenshots")).unwrap();
        let shots = root.join("municipalities/pori/g/screenshots");
        std::fs::write(shots.join("login.png"), b"old").unwrap();
        std::fs::write(shots.join("login.JPEG"), b"old").unwrap();
        std::fs::write(shots.join("other.png"), b"keep").unwrap();
        let rel = Path::new("municipalities/pori/g/screenshots");
        let removed = replace(root, "pori", rel, "login", "jpg", b"new").unwrap();
        assert_eq!(removed, ["login.JPEG", "login.png"]);
        assert_eq!(std::fs::read(shots.join("login.jpg")).unwrap(), b"new");
        assert_eq!(std::fs::read(shots.join("other.png")).unwrap(), b"keep");
        assert_eq!(std::fs::read_dir(&shots).unwrap().count(), 2);
        let sv = Path::new("municipalities/pori/g/screenshots/sv");
        replace(root, "pori", sv, "login", "png", b"sv").unwrap();
        assert!(shots.join("sv/login.png").is_file());
        assert_eq!(remove(root, "pori", sv, "login").unwrap(), ["login.png"]);
        let up = Path::new("municipalities/pori/../espoo");
        assert!(replace(root, "pori", up, "login", "png", b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_municipality_s_folder_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let away = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("municipalities/pori")).unwrap();
        std::os::unix::fs::symlink(away.path(), root.join("municipalities/pori/g")).unwrap();
        let rel = Path::new("municipalities/pori/g/screenshots");
        assert!(replace(root, "pori", rel, "login", "png", b"x").is_err());
        assert_eq!(std::fs::read_dir(away.path()).unwrap().count(), 0);
    }
}
