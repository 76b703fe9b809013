//! Safe reading of untrusted input files and folders: regular files only, sizes capped
//! before reading, no links out of the project, folder walks that cannot loop.
//!
//! Everything under `content/`, `themes/` and `municipalities/` may come from someone
//! else (a shared repository, an archive, a colleague's folder). Opening a FIFO blocks
//! until a writer appears, so a file is checked to be regular before it is opened and
//! opened without blocking in case it was swapped in between. A symbolic link may point
//! anywhere (`/proc/self/environ`, `~/.ssh/…`): every path is resolved and must stay
//! inside the project, or its bytes would be published in a guide or an error message.

use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

/// Largest text file: a municipality file, a step, a language or screens file (real ones
/// are a few kilobytes).
pub const MAX_TEXT_BYTES: u64 = 256 * 1024;
/// Largest screenshot file.
pub const MAX_SCREENSHOT_BYTES: u64 = 25 * 1024 * 1024;
/// Largest sum of one municipality's screenshot files, all guides and languages together.
pub const MAX_SCREENSHOTS_TOTAL: u64 = 100 * 1024 * 1024;
/// Largest theme template (`themes/<name>/templates/*.html`).
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;
/// Largest single file in a theme's `static/` folder (fonts are the largest, ~1 MB each).
pub const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;
/// Largest sum of a theme's static files.
pub const MAX_ASSETS_TOTAL: u64 = 64 * 1024 * 1024;
/// Most files in a theme's `static/` folder.
pub const MAX_ASSET_FILES: usize = 1000;
/// Most entries of one folder opas lists (municipalities/, a guide's steps, screenshots).
pub const MAX_ENTRIES: usize = 10_000;
/// Deepest folder nesting under a theme's `static/` folder.
pub const MAX_DEPTH: usize = 16;

/// What kind of thing a path is, in words, for an error message.
fn kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn not_regular(meta: &Metadata) -> io::Error {
    io::Error::other(format!("it is {}, not a regular file", kind(meta)))
}

/// The project folder `root` with every link resolved: what every opened file's real path
/// must start with.
fn real_root(root: &Path) -> io::Result<PathBuf> {
    root.canonicalize()
}

/// Opens `path` inside the project at `root` for reading: the one way opas opens an input.
///
/// The path is opened once, as a handle that reads nothing (`O_PATH`: no device is opened,
/// no FIFO blocks), and what that handle points to is checked: its real path (from
/// `/proc/self/fd`) must lie inside the project and it must be a regular file. Only then
/// is the same file opened for reading through the handle, so a link swapped in between
/// the check and the read is never followed. A refusal never says what lies outside.
pub fn open_in(root: &Path, path: &Path) -> io::Result<(File, u64)> {
    let real_root = real_root(root)?;
    let handle = Handle::open(path)?;
    if !handle.real_path()?.starts_with(&real_root) {
        return Err(outside_error());
    }
    let meta = handle.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let file = handle.reopen()?;
    let opened = file.metadata()?;
    if !opened.is_file() || !same_file(&meta, &opened) {
        return Err(io::Error::other("it changed while being opened"));
    }
    Ok((file, opened.len()))
}

/// The entries of the project folder `dir`, sorted by name: the one listing of a folder
/// every loader uses. The folder is opened once and checked like a file in [`open_in`]:
/// one that leads out of the project is refused, so no message lists what lies there.
/// A folder of more than [`MAX_ENTRIES`] is refused rather than listed.
pub fn entries(root: &Path, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let real_root = real_root(root)?;
    let handle = Handle::open(dir)?;
    if !handle.real_path()?.starts_with(&real_root) {
        return Err(outside_error());
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(handle.listing_path())? {
        if names.len() == MAX_ENTRIES {
            return Err(io::Error::other(format!(
                "it holds more than {MAX_ENTRIES} entries"
            )));
        }
        if let Ok(entry) = entry {
            names.push(entry.file_name());
        }
    }
    names.sort();
    Ok(names.into_iter().map(|name| dir.join(name)).collect())
}

/// The real path of the project folder `dir`, refused when it leads out of the project.
pub fn real_dir(root: &Path, dir: &Path) -> io::Result<PathBuf> {
    let real = Handle::open(dir)?.real_path()?;
    if real.starts_with(real_root(root)?) {
        Ok(real)
    } else {
        Err(outside_error())
    }
}

/// Whether two metadata describe the same file.
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len()
    }
}

/// A path opened without reading it, to check what it points to before reading.
struct Handle {
    #[cfg(target_os = "linux")]
    fd: File,
    #[cfg(not(target_os = "linux"))]
    path: PathBuf,
}

impl Handle {
    #[cfg(target_os = "linux")]
    fn open(path: &Path) -> io::Result<Self> {
        use std::os::unix::fs::OpenOptionsExt as _;
        let fd = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_PATH | libc::O_CLOEXEC)
            .open(path)?;
        Ok(Handle { fd })
    }

    #[cfg(target_os = "linux")]
    fn proc_path(&self) -> PathBuf {
        use std::os::fd::AsRawFd as _;
        PathBuf::from(format!("/proc/self/fd/{}", self.fd.as_raw_fd()))
    }

    /// Where the handle really points, every link resolved.
    #[cfg(target_os = "linux")]
    fn real_path(&self) -> io::Result<PathBuf> {
        std::fs::read_link(self.proc_path())
    }

    #[cfg(target_os = "linux")]
    fn metadata(&self) -> io::Result<Metadata> {
        self.fd.metadata()
    }

    /// The path that lists the folder the handle holds.
    #[cfg(target_os = "linux")]
    fn listing_path(&self) -> PathBuf {
        self.proc_path()
    }

    /// The file the handle holds, opened for reading without blocking or taking a terminal.
    #[cfg(target_os = "linux")]
    fn reopen(&self) -> io::Result<File> {
        use std::os::unix::fs::OpenOptionsExt as _;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
            .open(self.proc_path())
    }

    #[cfg(not(target_os = "linux"))]
    fn open(path: &Path) -> io::Result<Self> {
        Ok(Handle {
            path: path.canonicalize()?,
        })
    }

    #[cfg(not(target_os = "linux"))]
    fn real_path(&self) -> io::Result<PathBuf> {
        Ok(self.path.clone())
    }

    #[cfg(not(target_os = "linux"))]
    fn metadata(&self) -> io::Result<Metadata> {
        std::fs::metadata(&self.path)
    }

    #[cfg(not(target_os = "linux"))]
    fn listing_path(&self) -> PathBuf {
        self.path.clone()
    }

    #[cfg(not(target_os = "linux"))]
    fn reopen(&self) -> io::Result<File> {
        File::open(&self.path)
    }
}

/// The bytes of the project file `path`, opened by [`open_in`]; one larger than `max`
/// bytes is refused unread.
pub fn read_in(root: &Path, path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_in(root, path)?;
    read_opened(file, len, max)
}

/// Reads an opened file of `len` bytes, refusing one over `max`.
fn read_opened(file: File, len: u64, max: u64) -> io::Result<Vec<u8>> {
    if len > max {
        return Err(too_large(len, max));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::other("it grew while being read"));
    }
    Ok(bytes)
}

fn too_large(len: u64, max: u64) -> io::Error {
    let (unit, size) = if max >= 1024 * 1024 {
        ("MiB", 1024 * 1024)
    } else {
        ("KiB", 1024)
    };
    io::Error::other(format!(
        "it is larger than the {} {unit} allowed ({} {unit})",
        max / size,
        len.div_ceil(size)
    ))
}

/// The refusal of a path that leads out of the project, as its own type so that a caller
/// can tell it from other errors ([`is_outside`]).
#[derive(Debug)]
struct Outside;

impl std::fmt::Display for Outside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "it points outside the project folder; copy the file into the project instead of linking to it",
        )
    }
}

impl std::error::Error for Outside {}

/// The error for a path that resolves outside the project.
pub fn outside_error() -> io::Error {
    io::Error::other(Outside)
}

/// Whether `error` is the refusal of a path that leads out of the project.
pub fn is_outside(error: &io::Error) -> bool {
    error.get_ref().is_some_and(|inner| inner.is::<Outside>())
}

/// Whether `path`, with every symbolic link resolved, lies inside the folder `root`: for
/// telling a link out apart from other problems in a message. A path that cannot be
/// resolved (a dangling link) is not inside. Reading is checked again by [`open_in`].
pub fn inside(root: &Path, path: &Path) -> bool {
    let Ok(root) = real_root(root) else {
        return false;
    };
    path.canonicalize().is_ok_and(|p| p.starts_with(root))
}

/// One file found by [`collect_tree`]: its path relative to the walked folder (with `/`)
/// and its bytes.
pub type TreeFile = (String, Vec<u8>);

/// A problem met while walking a folder: the path it concerns and what went wrong.
#[derive(Debug)]
pub struct TreeError {
    /// The file or folder the problem is about.
    pub path: PathBuf,
    /// What went wrong, in words.
    pub error: io::Error,
}

/// Limits of one [`collect_tree`] walk.
#[derive(Debug, Clone, Copy)]
pub struct TreeLimits {
    /// Largest single file.
    pub file_bytes: u64,
    /// Largest sum of all files.
    pub total_bytes: u64,
    /// Most files.
    pub files: usize,
    /// Deepest nesting of folders.
    pub depth: usize,
}

/// The theme's static-folder limits.
pub const ASSET_LIMITS: TreeLimits = TreeLimits {
    file_bytes: MAX_ASSET_BYTES,
    total_bytes: MAX_ASSETS_TOTAL,
    files: MAX_ASSET_FILES,
    depth: MAX_DEPTH,
};

/// Every regular file under `dir` (a folder of the project at `root`), sorted by path.
///
/// Links are followed only when they stay inside the project; a folder reached a second
/// time (a link to itself or to a parent) is an error rather than a loop, and the number,
/// sizes and depth of files are capped, so a hostile folder costs bounded time and memory.
pub fn collect_tree(
    root: &Path,
    dir: &Path,
    limits: TreeLimits,
) -> Result<Vec<TreeFile>, TreeError> {
    let mut walk = Walk {
        root,
        base: dir,
        limits,
        visited: HashSet::new(),
        total: 0,
        out: Vec::new(),
    };
    walk.folder(dir, 0)?;
    Ok(walk.out)
}

struct Walk<'a> {
    root: &'a Path,
    base: &'a Path,
    limits: TreeLimits,
    /// Folders entered, by their resolved path: a second visit would be a loop.
    visited: HashSet<PathBuf>,
    total: u64,
    out: Vec<TreeFile>,
}

impl Walk<'_> {
    fn folder(&mut self, dir: &Path, depth: usize) -> Result<(), TreeError> {
        let fail = |path: &Path, error: io::Error| TreeError {
            path: path.to_path_buf(),
            error,
        };
        if depth > self.limits.depth {
            return Err(fail(
                dir,
                io::Error::other(format!(
                    "folders nest deeper than {} levels",
                    self.limits.depth
                )),
            ));
        }
        let real = real_dir(self.root, dir).map_err(|e| fail(dir, e))?;
        if !self.visited.insert(real) {
            return Err(fail(
                dir,
                io::Error::other(
                    "it leads back to a folder already read (a link to itself or a parent); remove the link",
                ),
            ));
        }
        for path in entries(self.root, dir).map_err(|e| fail(dir, e))? {
            let meta = std::fs::metadata(&path).map_err(|e| fail(&path, e))?;
            if meta.is_dir() {
                self.folder(&path, depth + 1)?;
                continue;
            }
            if self.out.len() >= self.limits.files {
                return Err(fail(
                    &path,
                    io::Error::other(format!("more than {} files", self.limits.files)),
                ));
            }
            let bytes =
                read_in(self.root, &path, self.limits.file_bytes).map_err(|e| fail(&path, e))?;
            self.total += bytes.len() as u64;
            if self.total > self.limits.total_bytes {
                return Err(fail(
                    &path,
                    io::Error::other(format!(
                        "the files add up to more than {} MB",
                        self.limits.total_bytes / (1024 * 1024)
                    )),
                ));
            }
            let rel = path
                .strip_prefix(self.base)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            self.out.push((rel, bytes));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.toml");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = read_in(dir.path(), &fifo, 1024).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
    }

    #[test]
    fn a_folder_is_listed_sorted_and_refused_past_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.md", "c"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let names: Vec<_> = entries(dir.path(), dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["a.md", "b.md", "c"]);
        for i in 0..MAX_ENTRIES {
            std::fs::write(dir.path().join(format!("x{i}")), "").unwrap();
        }
        let err = entries(dir.path(), dir.path()).unwrap_err();
        assert!(err.to_string().contains("more than 10000 entries"), "{err}");
    }

    #[test]
    fn sizes_are_capped_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        assert!(read_in(dir.path(), &path, 4096).is_ok());
        let err = read_in(dir.path(), &path, 4095).unwrap_err();
        assert!(err.to_string().contains("larger than the"), "{err}");
    }

    #[test]
    fn walks_refuse_links_out_and_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let stat = root.join("static");
        std::fs::create_dir_all(stat.join("css")).unwrap();
        std::fs::write(stat.join("css/a.css"), "a").unwrap();
        let files = collect_tree(root, &stat, ASSET_LIMITS).unwrap();
        assert_eq!(files, vec![("css/a.css".to_string(), b"a".to_vec())]);

        std::os::unix::fs::symlink(&stat, stat.join("css/again")).unwrap();
        let err = collect_tree(root, &stat, ASSET_LIMITS).unwrap_err();
        assert!(err.error.to_string().contains("already read"), "{err:?}");
        std::fs::remove_file(stat.join("css/again")).unwrap();

        std::os::unix::fs::symlink("/etc/passwd", stat.join("passwd")).unwrap();
        let err = collect_tree(root, &stat, ASSET_LIMITS).unwrap_err();
        assert!(err.error.to_string().contains("outside"), "{err:?}");
    }

    #[test]
    fn a_link_out_is_refused_when_opened_and_a_folder_out_is_not_listed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        let outside = dir.path().join("elsewhere");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.md"), "secret").unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.md"), root.join("content/b.md")).unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", root.join("content/env.md")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("content/out")).unwrap();
        std::os::unix::fs::symlink(root.join("content/a.md"), root.join("content/c.md")).unwrap();
        assert_eq!(
            read_in(&root, &root.join("content/a.md"), 10).unwrap(),
            b"a"
        );
        assert_eq!(
            read_in(&root, &root.join("content/c.md"), 10).unwrap(),
            b"a"
        );
        for name in ["b.md", "env.md"] {
            let err = read_in(&root, &root.join("content").join(name), 1 << 20).unwrap_err();
            assert!(is_outside(&err), "{name}: {err}");
        }
        let err = entries(&root, &root.join("content/out")).unwrap_err();
        assert!(err.to_string().contains("outside"), "{err}");
        assert!(!err.to_string().contains("secret"), "{err}");
        assert_eq!(entries(&root, &root.join("content")).unwrap().len(), 5);
    }
}
