//! Reading back what an earlier build left in the output folder: the manifest and the
//! files compared before a rewrite. The folder is not trusted (a cloned project, a shared
//! disk): a file is read only if it is a regular file itself — never through a link, never
//! a FIFO or a device — and only up to a size cap, so nothing planted there can hang a
//! build, fill its memory or make it read a file elsewhere.

use std::fs::File;
use std::io::{self, Read as _};
use std::path::Path;

/// Largest file opas reads back from the output folder (a guide's PDF is well under 1 MB).
pub const MAX_READ_BACK: u64 = 64 * 1024 * 1024;

/// Opens `path` if it is a regular file and not a link, without blocking.
fn open_regular(path: &Path) -> io::Result<(File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file `path`, refused unread when larger than `max`.
pub fn read(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular(path)?;
    if len > max {
        return Err(io::Error::other("too large"));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::other("it grew while being read"));
    }
    Ok(bytes)
}

/// Whether the regular file `path` holds exactly `bytes`; a file of another length is not
/// read at all.
pub fn holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok((file, len)) = open_regular(path) else {
        return false;
    };
    if len != bytes.len() as u64 {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.take(len + 1).read_to_end(&mut old).is_ok() && old == bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_fifos_and_devices_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("manifest.json");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        assert!(read(&fifo, 1024).is_err());
        assert!(!holds(&fifo, b""));
        let zero = dir.path().join("index.html");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(read(&zero, MAX_READ_BACK).is_err());
        let file = dir.path().join("a.html");
        std::fs::write(&file, b"abc").unwrap();
        let link = dir.path().join("b.html");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(read(&link, 10).is_err());
        assert_eq!(read(&file, 10).unwrap(), b"abc");
        assert!(read(&file, 2).is_err());
        assert!(holds(&file, b"abc") && !holds(&file, b"abd") && !holds(&file, b"ab"));
    }
}
