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

/// Opens `path` (following links) for reading only if it is a regular file.
///
/// The type is checked before opening, so a FIFO is never opened; the open itself does
/// not block (`O_NONBLOCK`) in case the file was replaced by a FIFO in between, and the
/// opened file is checked again.
pub fn open_regular(path: &Path) -> io::Result<File> {
    open_regular_len(path).map(|(file, _)| file)
}

/// [`open_regular`], with the length of the opened file.
pub fn open_regular_len(path: &Path) -> io::Result<(File, u64)> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok((file, meta.len()))
}

/// The entries of the folder `dir`, sorted by name: the one listing of a folder every
/// loader uses. Entries that cannot be read are left out; a folder of more than
/// [`MAX_ENTRIES`] is refused rather than listed.
pub fn entries(dir: &Path) -> io::Result<Vec<std::fs::DirEntry>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        if out.len() == MAX_ENTRIES {
            return Err(io::Error::other(format!(
                "it holds more than {MAX_ENTRIES} entries"
            )));
        }
        if let Ok(entry) = entry {
            out.push(entry);
        }
    }
    out.sort_by_key(std::fs::DirEntry::file_name);
    Ok(out)
}

/// The bytes of the regular file `path`; one larger than `max` bytes is refused unread.
pub fn read_capped(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular_len(path)?;
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

/// The error for a path that resolves outside the project.
pub fn outside_error() -> io::Error {
    io::Error::other(
        "it points outside the project folder; copy the file into the project instead of linking to it",
    )
}

/// Whether `path`, with every symbolic link resolved, lies inside the folder `root`.
/// A path that cannot be resolved (a dangling link) is not inside.
pub fn inside(root: &Path, path: &Path) -> bool {
    let Ok(root) = canonical_root(root) else {
        return false;
    };
    resolve(path).is_ok_and(|p| p.starts_with(root))
}

/// `path` with every link resolved, as [`Path::canonicalize`] gives it. Files are checked
/// folder by folder, so each thread remembers the last folder it resolved: a file in it
/// that is not itself a link then costs one `lstat` instead of one `readlink` per
/// component of the whole path.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    use std::cell::RefCell;
    use std::path::Component;
    thread_local! {
        static FOLDER: RefCell<Option<Resolved>> = const { RefCell::new(None) };
    }
    let (Some(parent), Some(Component::Normal(name))) =
        (path.parent(), path.components().next_back())
    else {
        return path.canonicalize();
    };
    if parent.as_os_str().is_empty() || std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return path.canonicalize();
    }
    FOLDER.with(|folder| {
        if let Some(real) = Resolved::lookup(&folder.borrow(), parent) {
            return Ok(real.join(name));
        }
        let real = parent.canonicalize()?;
        let resolved = real.join(name);
        *folder.borrow_mut() = Some(Resolved::new(parent, real));
        Ok(resolved)
    })
}

/// Which pass over the files the remembered resolutions belong to; see [`begin_pass`].
static PASS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Forgets every remembered resolution (of [`canonical_root`] and [`resolve`]) on every
/// thread. Called at the start of each load: `opas serve` loads again after a change, and
/// a folder replaced by a link since the last load must be resolved afresh.
pub fn begin_pass() {
    PASS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// A path as given, what it resolved to, and the pass it was resolved in.
struct Resolved {
    given: PathBuf,
    real: PathBuf,
    pass: u64,
}

impl Resolved {
    fn new(given: &Path, real: PathBuf) -> Self {
        let pass = PASS.load(std::sync::atomic::Ordering::Relaxed);
        Resolved {
            given: given.to_path_buf(),
            real,
            pass,
        }
    }

    /// What `given` resolved to in this pass, if it is the remembered path.
    fn lookup<'a>(last: &'a Option<Resolved>, given: &Path) -> Option<&'a Path> {
        let pass = PASS.load(std::sync::atomic::Ordering::Relaxed);
        last.as_ref()
            .filter(|r| r.pass == pass && r.given == given)
            .map(|r| r.real.as_path())
    }
}

/// `root` with every link resolved. A load checks hundreds of files against the same
/// root, so each thread remembers the last root it resolved instead of resolving it again.
pub fn canonical_root(root: &Path) -> io::Result<PathBuf> {
    use std::cell::RefCell;
    thread_local! {
        static LAST: RefCell<Option<Resolved>> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        if let Some(real) = Resolved::lookup(&last.borrow(), root) {
            return Ok(real.to_path_buf());
        }
        let real = root.canonicalize()?;
        *last.borrow_mut() = Some(Resolved::new(root, real.clone()));
        Ok(real)
    })
}

/// [`read_capped`] for a file of the project at `root`: refused when it leads out.
pub fn read_in(root: &Path, path: &Path, max: u64) -> io::Result<Vec<u8>> {
    // A missing file keeps its own error ("No such file"), which says more than "outside".
    std::fs::metadata(path)?;
    if !inside(root, path) {
        return Err(outside_error());
    }
    read_capped(path, max)
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
        if !inside(self.root, dir) {
            return Err(fail(dir, outside_error()));
        }
        let real = dir.canonicalize().map_err(|e| fail(dir, e))?;
        if !self.visited.insert(real) {
            return Err(fail(
                dir,
                io::Error::other(
                    "it leads back to a folder already read (a link to itself or a parent); remove the link",
                ),
            ));
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| fail(dir, e))?
            .map(|e| e.map(|e| e.path()))
            .collect::<io::Result<_>>()
            .map_err(|e| fail(dir, e))?;
        entries.sort();
        for path in entries {
            let meta = std::fs::metadata(&path).map_err(|e| fail(&path, e))?;
            if !inside(self.root, &path) {
                return Err(fail(&path, outside_error()));
            }
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
            let bytes = read_capped(&path, self.limits.file_bytes).map_err(|e| fail(&path, e))?;
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

/// An error when `path` (shown as `shown`) leads, through a symbolic link, out of the
/// project folder `root`: its text would be printed in messages and copied into guides.
pub fn outside_project(
    root: &Path,
    path: &Path,
    shown: &str,
) -> Option<crate::diagnostics::Diagnostic> {
    let canonical_root = canonical_root(root).unwrap_or_else(|_| root.to_path_buf());
    let inside = resolve(path).is_ok_and(|p| p.starts_with(&canonical_root));
    (!inside).then(|| {
        crate::diagnostics::Diagnostic::error(shown, "the file points outside the project folder")
            .hint("copy the file into the project instead of linking to it")
    })
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
        let err = read_capped(&fifo, 1024).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
    }

    #[test]
    fn a_folder_is_listed_sorted_and_refused_past_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.md", "c"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let names: Vec<_> = entries(dir.path())
            .unwrap()
            .iter()
            .map(std::fs::DirEntry::file_name)
            .collect();
        assert_eq!(names, ["a.md", "b.md", "c"]);
        for i in 0..MAX_ENTRIES {
            std::fs::write(dir.path().join(format!("x{i}")), "").unwrap();
        }
        let err = entries(dir.path()).unwrap_err();
        assert!(err.to_string().contains("more than 10000 entries"), "{err}");
    }

    #[test]
    fn sizes_are_capped_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        assert!(read_capped(&path, 4096).is_ok());
        let err = read_capped(&path, 4095).unwrap_err();
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
    fn resolving_agrees_with_canonicalize_and_forgets_between_passes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        let outside = dir.path().join("elsewhere");
        std::fs::create_dir_all(root.join("content/fi")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        for place in [root.join("content/fi"), outside.clone()] {
            std::fs::write(place.join("a.md"), "a").unwrap();
            std::fs::write(place.join("b.md"), "b").unwrap();
        }
        std::os::unix::fs::symlink(outside.join("b.md"), root.join("content/fi/link.md")).unwrap();
        begin_pass();
        for name in ["a.md", "b.md", "link.md"] {
            let path = root.join("content/fi").join(name);
            assert_eq!(
                resolve(&path).unwrap(),
                path.canonicalize().unwrap(),
                "{name}"
            );
        }
        assert!(inside(&root, &root.join("content/fi/a.md")));
        assert!(!inside(&root, &root.join("content/fi/link.md")));

        // The folder is swapped for a link out of the project while nothing is loading:
        // the next pass must not trust what the last one resolved.
        std::fs::rename(root.join("content/fi"), dir.path().join("old")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("content/fi")).unwrap();
        begin_pass();
        assert!(!inside(&root, &root.join("content/fi/a.md")));
        assert!(outside_project(&root, &root.join("content/fi/b.md"), "b.md").is_some());
    }
}
