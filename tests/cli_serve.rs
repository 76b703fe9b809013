//! `opas serve`: serves the built guides, stays inside its folder, rebuilds, and shows errors.

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::project_with_references;

/// The running server; stopped with SIGINT (so it removes its folder) when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(root: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_opas"))
            .arg("-C")
            .arg(root)
            .arg("serve")
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
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_string(), body.to_string())
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
    let (_, _, page) = server.get("/kokkola/");
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
    let (_, _, page) = server.get("/pori/");
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
    let (_, _, page) = server.get("/kokkola/");
    assert!(!page.contains("opas-error-overlay"), "gone once fixed");
    assert!(page.contains("lupaneuvoja"));
}

#[test]
fn a_broken_content_folder_from_the_start_still_serves_the_errors() {
    let dir = project_with_references();
    let step = dir.path().join("content/fi/steps/90-help.md");
    std::fs::write(&step, "{{ broken").unwrap();
    let server = Server::start(dir.path());
    let (status, _, page) = server.get("/");
    assert_eq!(status, 404);
    assert!(page.contains("opas-error-overlay"), "{page}");
    assert!(page.contains("content/fi/steps/90-help.md"), "{page}");
}

#[test]
fn assets_are_revalidated_and_pages_never_cached() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let (_, head, _) = server.get("/pori/");
    assert!(head.contains("Cache-Control: no-store"), "{head}");
    let (status, head, _) = server.get("/assets/opas.css");
    assert_eq!(status, 200);
    let etag = head
        .lines()
        // Header names are case-insensitive (hyper writes `Etag`).
        .find_map(|l| l.to_ascii_lowercase().starts_with("etag: ").then(|| l[6..].to_string()))
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
