//! `opas serve`: serves the built guides, stays inside its folder, rebuilds, and shows errors.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::project_with_references;

mod hostile;
mod municipality_page;

/// The running server; stopped with SIGINT (so it removes its folder) when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(root: &std::path::Path) -> Server {
        Server::start_with(root, None, None)
    }

    /// Starts `opas serve` with `TMPDIR` set to `tmpdir`, and under `ulimit -n <fds>`.
    fn start_with(root: &std::path::Path, tmpdir: Option<&Path>, fds: Option<u32>) -> Server {
        let mut command = match fds {
            // `exec` keeps the process id, so that Drop's SIGINT reaches opas itself.
            Some(n) => {
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_opas"));
                c
            }
            None => Command::new(env!("CARGO_BIN_EXE_opas")),
        };
        command.arg("-C").arg(root).arg("serve");
        if let Some(dir) = tmpdir {
            command.env("TMPDIR", dir);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("opas serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("a URL on the first line, got {line:?}"))
            .to_string();
        assert!(address.starts_with("127.0.0.1:"), "{address}");
        Server { child, address }
    }

    /// Sends `request` as written and returns all that comes back before the server
    /// closes, or before `timeout` (then `None`).
    fn exchange(&self, request: &[u8], timeout: Duration) -> Option<Vec<u8>> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(timeout)).unwrap();
        stream.write_all(request).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).ok().map(|_| bytes)
    }

    /// The server's resident memory in KiB.
    fn resident_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }

    /// Sends `target` as written (no normalisation, unlike real clients) and returns
    /// the status code, the headers and the body.
    fn get(&self, target: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(stream, "GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        split(&bytes)
    }

    /// The body of `target`'s answer, as bytes.
    fn body(&self, target: &str) -> Vec<u8> {
        let request = format!("GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
        let bytes = self
            .exchange(request.as_bytes(), Duration::from_secs(30))
            .expect("an answer");
        let at = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        bytes[at + 4..].to_vec()
    }

    fn generation(&self) -> u64 {
        let (_, _, body) = self.get("/__opas/wait");
        body.trim_start_matches("{\"generation\":")
            .trim_end_matches('}')
            .parse()
            .unwrap()
    }

    /// Waits for the build after `since` and returns how long it took.
    fn wait_for_build(&self, since: u64) -> Duration {
        let started = Instant::now();
        let (status, _, body) = self.get(&format!("/__opas/wait?since={since}"));
        assert_eq!(status, 200);
        assert_ne!(body, format!("{{\"generation\":{since}}}"), "a build came");
        started.elapsed()
    }
}

/// The status code, the head and the body of an answer.
fn split(bytes: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-INT")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_pages_with_the_reload_script_and_only_inside_its_folder() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("text/html; charset=utf-8"), "{head}");
    assert!(
        body.contains("/__opas/wait"),
        "the reload script is injected"
    );
    let (status, head, _) = server.get("/pori");
    assert_eq!(status, 301, "{head}");
    assert!(head.contains("Location: /pori/"), "{head}");
    let (status, head, _) = server.get("/assets/opas.css");
    assert_eq!(status, 200);
    assert!(head.contains("text/css"), "{head}");
    let (_, _, css) = server.get("/assets/opas.css");
    assert!(!css.contains("__opas"), "only HTML gets the script");
    let on_disk = std::fs::read_to_string(dir.path().join("municipalities/pori.toml")).unwrap();
    assert!(!on_disk.contains("__opas"));

    for bad in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc/passwd",
        "/..\\..\\etc\\passwd",
        "/%5c..%5c..%5cetc%5cpasswd",
        "/%00",
        "http://other/etc/passwd",
        "/%c0%ae%c0%ae/etc/passwd",
    ] {
        let (status, _, body) = server.get(bad);
        assert_eq!(status, 400, "{bad}");
        assert!(!body.contains("root:"), "{bad}");
    }
    let (status, _, body) = server.get("//etc/passwd");
    assert_eq!(status, 404, "an absolute path stays inside the folder");
    assert!(!body.contains("root:"));
}

#[test]
fn an_edit_rebuilds_and_errors_show_until_fixed() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let toml = dir.path().join("municipalities/kokkola.toml");
    let good = std::fs::read_to_string(&toml).unwrap();

    let g = server.generation();
    std::fs::write(&toml, good.replace("lupaneuvoja", "rakennusneuvoja")).unwrap();
    let took = server.wait_for_build(g);
    let (_, _, page) = server.get("/kokkola/kayttajatunnusmuutos/");
    assert!(
        page.contains("rakennusneuvoja"),
        "the page has the new text"
    );
    assert!(!page.contains("opas-error-overlay"));
    assert!(took < Duration::from_secs(5), "{took:?}");
    let (_, _, index) = server.get("/");
    assert!(
        index.contains("Porin kaupunki"),
        "a partial build keeps the full index"
    );

    // A new name reaches the index too, after the guide itself.
    let g = server.generation();
    std::fs::write(
        &toml,
        good.replace("genitive = \"Kokkolan\"", "genitive = \"Karlebyn\""),
    )
    .unwrap();
    server.wait_for_build(g);
    let started = Instant::now();
    loop {
        let (_, _, index) = server.get("/");
        if index.contains("Karlebyn kaupunki") && index.contains("Porin kaupunki") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{index}");
        std::thread::sleep(Duration::from_millis(20));
    }

    let g = server.generation();
    std::fs::write(&toml, format!("{good}nmae = \"<b>\"\n")).unwrap();
    server.wait_for_build(g);
    let (_, _, page) = server.get("/pori/kayttajatunnusmuutos/");
    assert!(
        page.contains("opas-error-overlay"),
        "every page shows the errors"
    );
    assert!(
        page.contains("municipalities/kokkola.toml:"),
        "located: {page}"
    );
    assert!(
        page.contains("nmae = &quot;&lt;b&gt;&quot;"),
        "escaped: {page}"
    );

    let g = server.generation();
    std::fs::write(&toml, &good).unwrap();
    server.wait_for_build(g);
    let (_, _, page) = server.get("/kokkola/kayttajatunnusmuutos/");
    assert!(!page.contains("opas-error-overlay"), "gone once fixed");
    assert!(page.contains("lupaneuvoja"));
}

#[test]
fn a_broken_content_folder_from_the_start_still_serves_the_errors() {
    let dir = project_with_references();
    let step = dir
        .path()
        .join("content/kayttajatunnusmuutos/fi/steps/90-help.md");
    std::fs::write(&step, "{{ broken").unwrap();
    let server = Server::start(dir.path());
    // The broken guide is left out; the index is still written, and shows the errors.
    let (status, _, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("opas-error-overlay"), "{page}");
    let (status, _, _) = server.get("/pori/kayttajatunnusmuutos/");
    assert_eq!(status, 404, "nothing of the broken guide is served");
    assert!(
        page.contains("content/kayttajatunnusmuutos/fi/steps/90-help.md"),
        "{page}"
    );
}

#[test]
fn assets_are_revalidated_and_pages_never_cached() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let (_, head, _) = server.get("/pori/kayttajatunnusmuutos/");
    assert!(head.contains("Cache-Control: no-store"), "{head}");
    let (status, head, _) = server.get("/assets/opas.css");
    assert_eq!(status, 200);
    let etag = head
        .lines()
        // Header names are case-insensitive (hyper writes `Etag`).
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("etag: ")
                .then(|| l[6..].to_string())
        })
        .expect("an ETag");
    let mut stream = TcpStream::connect(&server.address).unwrap();
    write!(
        stream,
        "GET /assets/opas.css HTTP/1.0\r\nIf-None-Match: {etag}\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(
        reply.starts_with("HTTP/1.0 304") || reply.starts_with("HTTP/1.1 304"),
        "{reply}"
    );
}

/// Issue 12, item 7: a guide rebuilt alone while another municipality was broken,
/// then reverted, must not stay at the edited version once everything is fixed.
#[test]
fn a_reverted_guide_is_fresh_after_errors_elsewhere_are_fixed() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let heinola = dir.path().join("municipalities/heinola.toml");
    let pori = dir.path().join("municipalities/pori.toml");
    let heinola_good = std::fs::read_to_string(&heinola).unwrap();
    let pori_good = std::fs::read_to_string(&pori).unwrap();
    assert!(pori_good.contains("621 1100"));
    let edit = |path: &Path, text: &str| {
        let g = server.generation();
        std::fs::write(path, text).unwrap();
        server.wait_for_build(g);
    };
    edit(&heinola, &format!("{heinola_good}nmae = \"x\"\n"));
    edit(&pori, &pori_good.replace("621 1100", "621 1199"));
    let (_, _, page) = server.get("/pori/kayttajatunnusmuutos/");
    assert!(page.contains("tel:026211199"), "the edit is served");
    edit(&pori, &pori_good);
    edit(&heinola, &heinola_good);

    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("out");
    let built = crate::common::opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", crate::common::stderr(&built));
    let html = std::fs::read_to_string(out.join("pori/kayttajatunnusmuutos/index.html")).unwrap();
    let pdf =
        std::fs::read(out.join("pori/kayttajatunnusmuutos/pori-kayttajatunnusmuutos.pdf")).unwrap();
    let at = html.rfind("</body>").unwrap();
    let started = Instant::now();
    loop {
        let (_, _, page) = server.get("/pori/kayttajatunnusmuutos/");
        let served_pdf = server.body("/pori/kayttajatunnusmuutos/pori-kayttajatunnusmuutos.pdf");
        // The served page is the built file with the reload script before `</body>`.
        if page.starts_with(&html[..at]) && page.ends_with(&html[at..]) && served_pdf == pdf {
            assert!(!page.contains("1199"));
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve still has the reverted edit: 1199 in page: {}",
            page.contains("1199")
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Issue 12, item 1: the served folder is new, private and unguessable, and the
/// temporary files of a rebuild never write through a link planted in it.
#[cfg(unix)]
#[test]
fn the_folder_is_private_and_planted_links_are_not_followed() {
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    let dir = project_with_references();
    let scratch = tempfile::tempdir().unwrap();
    let server = Server::start_with(dir.path(), Some(scratch.path()), None);
    let folders: Vec<_> = std::fs::read_dir(scratch.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    let served = &folders[0];
    let name = served.file_name().unwrap().to_str().unwrap();
    assert_ne!(
        name,
        format!("opas-serve-{}", server.child.id()),
        "the name is not guessable from the process id"
    );
    let mode = std::fs::metadata(served).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "only the owner may enter: {mode:o}");

    // What another user could plant, had the folder been theirs or its names guessable.
    let victim = scratch.path().join("victim.txt");
    std::fs::write(&victim, "mine\n").unwrap();
    let pid = server.child.id();
    for rel in [
        ".manifest.json.serve.tmp".to_string(),
        ".index.html.serve.tmp".to_string(),
        format!(".manifest.json.opas-{pid}.tmp"),
        format!(".index.html.opas-{pid}.tmp"),
        format!("pori/kayttajatunnusmuutos/.index.html.opas-{pid}.tmp"),
        format!("pori/kayttajatunnusmuutos/.pori-kayttajatunnusmuutos.pdf.opas-{pid}.tmp"),
    ] {
        symlink(&victim, served.join(rel)).unwrap();
    }
    let pori = dir.path().join("municipalities/pori.toml");
    let good = std::fs::read_to_string(&pori).unwrap();
    // Two edits: the second build starts only after the first one's full build ended.
    for text in [good.replace("621 1100", "621 1199"), good.clone()] {
        let g = server.generation();
        std::fs::write(&pori, text).unwrap();
        server.wait_for_build(g);
    }
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "mine\n",
        "a file outside the folder was written through a planted link"
    );
    let (_, _, page) = server.get("/pori/kayttajatunnusmuutos/");
    assert!(page.contains("tel:026211100"), "the rebuilds happened");
}

/// Issue 12, item 6: a header without end is refused early, without taking memory.
#[test]
fn a_huge_header_is_refused_without_growing_memory() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let before = server.resident_kib();
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut sent = 0usize;
    let chunk = vec![b'a'; 64 * 1024];
    let total = 48 * 1024 * 1024;
    let mut refused_early = stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
        .is_err();
    while !refused_early && sent < total {
        match stream.write_all(&chunk) {
            Ok(()) => sent += chunk.len(),
            Err(_) => refused_early = true,
        }
    }
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let answered = reply.starts_with(b"HTTP/1.1 431");
    assert!(
        refused_early || answered,
        "the server read all {sent} bytes of one header and did not answer 431"
    );
    let grown = server.resident_kib().saturating_sub(before);
    assert!(grown < 16 * 1024, "the server grew by {grown} KiB");
    let (status, _, _) = server.get("/");
    assert_eq!(status, 200, "and still serves");
}

/// Issue 12, item 6: a client that never finishes its request is disconnected.
#[test]
fn a_slow_client_is_cut_off() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    // Well over the server's 10 s: only a missing timeout reaches it.
    let reply = server.exchange(
        b"GET /pori/kayttajatunnusmuutos/ HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        Duration::from_secs(40),
    );
    assert!(reply.is_some(), "the connection was still open after 40 s");
}

/// Issue 12, item 6: every request line gets an answer, `//` never names a host, and
/// a page reached under another name (DNS rebinding) is refused.
#[test]
fn odd_requests_are_answered_and_foreign_hosts_refused() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let reply = server
        .exchange(
            b"GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n",
            Duration::from_secs(10),
        )
        .expect("an answer to HTTP/2.0");
    let (status, head, _) = split(&reply);
    assert_eq!(status, 505, "{head}");

    let (status, head, _) = server.get("//pori");
    assert_eq!(status, 301, "{head}");
    assert!(head.contains("Location: /pori/"), "{head}");
    assert!(!head.contains("Location: //"), "{head}");

    let port = server.address.rsplit_once(':').unwrap().1;
    for (host, expected) in [
        (format!("evil.example:{port}"), 403),
        (format!("127.0.0.1.nip.io:{port}"), 403),
        (format!("localhost:{port}"), 200),
        (format!("127.0.0.1:{port}"), 200),
        (format!("[::1]:{port}"), 200),
    ] {
        let request = format!(
            "GET /pori/kayttajatunnusmuutos/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        );
        let reply = server
            .exchange(request.as_bytes(), Duration::from_secs(10))
            .expect("an answer");
        let (status, head, body) = split(&reply);
        assert_eq!(status, expected, "{host}: {head}");
        if expected == 403 {
            assert!(!body.contains("Pori"), "{body}");
        }
    }
}

/// Issue 12, item 6: idle connections and long polls beyond the descriptor limit
/// neither stop the listener nor keep a page from loading.
#[test]
fn idle_connections_beyond_the_descriptor_limit_do_not_stop_the_server() {
    let dir = project_with_references();
    let server = Server::start_with(dir.path(), None, Some(256));
    let generation = server.generation();
    let mut held = Vec::new();
    for i in 0..600 {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        if i % 3 == 0 {
            write!(
                stream,
                "GET /__opas/wait?since={generation} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            )
            .unwrap();
        }
        held.push(stream);
    }
    let reply = server
        .exchange(
            b"GET /pori/kayttajatunnusmuutos/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
            Duration::from_secs(20),
        )
        .expect("a page while 600 connections are held");
    let (status, _, body) = split(&reply);
    assert_eq!(status, 200);
    assert!(body.contains("tel:026211100"));
    drop(held);
    let (status, _, _) = server.get("/");
    assert_eq!(status, 200, "and after they are gone");
}
