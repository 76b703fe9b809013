//! `opas serve` against a hostile project or page (issue 21): the reload request only for
//! its own pages, no watches through links out of the project, and a storm of events
//! that neither grows memory nor holds the rebuild back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{Server, split};
use crate::common::project_with_references;

/// Issue 21, item 10c: another site could time the long poll to learn when someone saves.
#[test]
fn the_reload_request_answers_only_the_own_origin() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let port = server.address.rsplit_once(':').unwrap().1;
    let own = format!("Origin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\n");
    for (headers, expected) in [
        (own.as_str(), 200),
        ("Sec-Fetch-Site: same-origin\r\n", 200),
        ("", 200),
        (
            "Origin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\n",
            403,
        ),
        ("Sec-Fetch-Site: cross-site\r\n", 403),
        ("Origin: http://evil.example\r\n", 403),
        ("Origin: null\r\n", 403),
        (&format!("Origin: http://localhost:{}\r\n", 1), 403),
    ] {
        let request = format!(
            "GET /__opas/wait HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Connection: close\r\n\r\n"
        );
        let reply = server
            .exchange(request.as_bytes(), Duration::from_secs(10))
            .expect("an answer");
        let (status, head, body) = split(&reply);
        assert_eq!(status, expected, "{headers:?}: {head}");
        assert_eq!(
            body.contains("generation"),
            expected == 200,
            "{headers:?}: {body}"
        );
    }
}

/// The inode numbers of the folders the process `pid` watches with inotify.
fn watched_inodes(pid: u32) -> Vec<u64> {
    let mut inodes = Vec::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fdinfo")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        for line in text.lines().filter(|l| l.starts_with("inotify")) {
            let ino = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("ino:"))
                .and_then(|hex| u64::from_str_radix(hex, 16).ok())
                .unwrap_or_else(|| panic!("an inode in {line}"));
            inodes.push(ino);
        }
    }
    inodes
}

/// Issue 21, item 7: a link `content/x -> /usr` added some 15,000 watches outside the project.
#[test]
#[cfg(target_os = "linux")]
fn a_link_out_of_the_project_adds_no_watch() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = project_with_references();
    let outside = tempfile::tempdir().unwrap();
    let mut folders = vec![outside.path().to_path_buf()];
    for i in 0..20 {
        for j in 0..10 {
            let folder = outside.path().join(format!("{i}/{j}"));
            std::fs::create_dir_all(&folder).unwrap();
            folders.push(folder);
        }
        folders.push(outside.path().join(i.to_string()));
    }
    std::os::unix::fs::symlink(outside.path(), dir.path().join("content/x")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("municipalities/y")).unwrap();
    let server = Server::start(dir.path());
    let watched = watched_inodes(server.child.id());
    let content = std::fs::metadata(dir.path().join("content")).unwrap().ino();
    assert!(watched.contains(&content), "the project itself is watched");
    let out: Vec<_> = folders
        .iter()
        .filter(|f| watched.contains(&std::fs::metadata(f).unwrap().ino()))
        .collect();
    assert!(
        out.is_empty(),
        "{} folders watched outside the project, e.g. {:?}",
        out.len(),
        out.first()
    );
    let (status, _, _) = server.get("/");
    assert_eq!(status, 200, "and serve still answers");
}

/// Issue 21, item 7: events less than 50 ms apart went into one growing list, and the
/// rebuild waited for them to stop. Two files swapped for as long as no build comes: a
/// build must come (the long poll answers a new generation, not its 25 s time-out) and
/// memory must stay bounded.
#[test]
fn a_storm_of_events_still_rebuilds_in_bounded_memory() {
    let dir = project_with_references();
    let folder = dir.path().join("municipalities/kokkola");
    std::fs::create_dir_all(&folder).unwrap();
    let (a, b) = (folder.join("a.txt"), folder.join("b.txt"));
    std::fs::write(&a, "swap").unwrap();
    let server = Server::start(dir.path());
    let since = server.generation();
    let before = server.resident_kib();
    let answered = AtomicBool::new(false);
    let (body, peak) = std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            let (_, _, body) = server.get(&format!("/__opas/wait?since={since}"));
            answered.store(true, Ordering::Relaxed);
            body
        });
        let mut peak = before;
        let mut swaps = 0_u64;
        while !answered.load(Ordering::Relaxed) {
            std::fs::rename(&a, &b).unwrap();
            std::fs::rename(&b, &a).unwrap();
            swaps += 1;
            if swaps.is_multiple_of(1000) {
                peak = peak.max(server.resident_kib());
            }
        }
        (waiter.join().unwrap(), peak)
    });
    assert_ne!(
        body,
        format!("{{\"generation\":{since}}}"),
        "a build came while the events went on"
    );
    assert!(
        peak < before + 100 * 1024,
        "memory grew from {before} KiB to {peak} KiB"
    );
    let (status, _, _) = server.get("/kokkola/kayttajatunnusmuutos/");
    assert_eq!(status, 200);
}
