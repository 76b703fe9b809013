//! The HTTP side of `opas serve`: safe path resolution, the Host and version checks,
//! content types and the injected script.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use crate::render::html::escape;

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file inside the served folder.
    File(PathBuf),
    /// A folder asked for without its final slash: redirect so that relative links work.
    Redirect(String),
    NotFound,
    /// Anything that could leave the folder or is not a plain path: `..`, encoded
    /// separators that turn into `..`, backslashes, drive letters, NUL, absolute URLs.
    Rejected,
}

/// Resolves a request target (`/pori/index.html?x`) inside `root`, which must be canonical.
pub fn resolve(root: &Path, target: &str) -> Target {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Target::Rejected;
    }
    let Some(decoded) = percent_decode(raw) else {
        return Target::Rejected;
    };
    if decoded.contains(['\0', '\\']) {
        return Target::Rejected;
    }
    let mut path = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        // `.` and `..` are refused rather than normalised: a browser never sends them.
        if segment == "." || segment == ".." || segment.contains(':') {
            return Target::Rejected;
        }
        path.push(segment);
    }
    if path.is_dir() {
        if !decoded.ends_with('/') {
            // `//pori` must not become `//pori/`, which a browser reads as the host "pori".
            return Target::Redirect(format!("{}/", collapse_slashes(raw)));
        }
        path.push("index.html");
    }
    // A symbolic link inside the folder must not lead out of it either.
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Target::File(real),
        Ok(real) if !real.starts_with(root) => Target::Rejected,
        _ => Target::NotFound,
    }
}

/// `path` with every run of `/` made one.
fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// Whether a request's Host names this server: `localhost`, a loopback address or the
/// address it listens on (any address when it listens on all), and its port if one is
/// given. A name that only resolves here, as in DNS rebinding, is refused.
pub fn host_allowed(host: &str, local: SocketAddr) -> bool {
    let host = host.trim();
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return false;
        };
        (inside, after)
    } else {
        match host.rsplit_once(':') {
            Some((name, _)) => (name, &host[name.len()..]),
            None => (host, ""),
        }
    };
    let port_ok = match port.strip_prefix(':') {
        Some(digits) => digits.parse::<u16>().is_ok_and(|p| p == local.port()),
        None => port.is_empty(),
    };
    let name = name.trim_end_matches('.');
    let name_ok = name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip == local.ip() || local.ip().is_unspecified());
    port_ok && name_ok
}

/// Whether a request may come from the server's own pages: its `Origin`, when it has
/// one, is `http://` and a host [`host_allowed`] accepts on this server's port, and its
/// `Sec-Fetch-Site`, when it has one, is `same-origin` (or `none`: typed in by hand).
/// Another site, or another server on this machine (`same-site`), is refused: the long
/// poll's timing would tell it when someone saves.
pub fn own_origin(origin: Option<&str>, fetch_site: Option<&str>, local: SocketAddr) -> bool {
    let site_ok = fetch_site.is_none_or(|s| {
        let s = s.trim();
        s.eq_ignore_ascii_case("same-origin") || s.eq_ignore_ascii_case("none")
    });
    let origin_ok = origin.is_none_or(|o| {
        let Some(authority) = o.trim().strip_prefix("http://") else {
            return false;
        };
        // An origin without a port is on port 80; `host_allowed` would take any.
        let tail = authority
            .rsplit_once(']')
            .map_or(authority, |(_, after)| after);
        let with_port = if tail.contains(':') {
            authority.to_string()
        } else {
            format!("{authority}:80")
        };
        !authority.contains(['/', '@', '?', '#']) && host_allowed(&with_port, local)
    });
    site_ok && origin_ok
}

/// Whether the first line of a request names an HTTP version other than 1.0 and 1.1
/// (e.g. `HTTP/2.0`, or the HTTP/2 preface), which is answered with 505.
pub fn unsupported_version(start: &[u8]) -> bool {
    let Some(end) = start.iter().position(|&b| b == b'\n') else {
        return false;
    };
    let line = String::from_utf8_lossy(&start[..end]);
    let mut words = line.split_ascii_whitespace();
    let version = (words.next(), words.next(), words.next(), words.next());
    match version {
        (Some(_), Some(_), Some(v), None) => {
            v.starts_with("HTTP/") && v != "HTTP/1.0" && v != "HTTP/1.1"
        }
        _ => false,
    }
}

/// `%XX` sequences decoded; `None` for a malformed escape or text that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a served file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

/// Path of the long-poll endpoint: answers when the build generation differs from `since`.
pub const WAIT_PATH: &str = "/__opas/wait";

/// `html` with the reload script and, when the project has errors, the error overlay.
///
/// Only the response is changed, never the file on disk, so `output/` and the served
/// folder hold the same bytes as `opas build` writes.
pub fn inject(html: &str, generation: u64, errors: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(text) = errors {
        extra.push_str(&overlay(text));
    }
    // Long polling rather than an event stream: a request that is simply answered late
    // reaches the page at once, needs no extra framing, and costs the server one idle task.
    extra.push_str(&format!(
        "<script>/* opas serve: reload after each rebuild */(function(){{\
var g={generation};function w(){{fetch('{WAIT_PATH}?since='+g,{{cache:'no-store'}})\
.then(function(r){{return r.json()}}).then(function(s){{if(s.generation!==g){{location.reload()}}else{{w()}}}})\
.catch(function(){{setTimeout(w,1000)}})}}w()}})();</script>\n"
    ));
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

/// A page for when nothing has been built yet, e.g. the content is broken from the start.
pub fn error_page(generation: u64, errors: Option<&str>) -> String {
    let body = if errors.is_some() {
        "<p>opas serve: nothing was built yet.</p>"
    } else {
        "<p>opas serve: no such page.</p>"
    };
    inject(
        &format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>opas serve</title></head>\
<body>{body}</body></html>\n"
        ),
        generation,
        errors,
    )
}

/// The located errors, as `opas check` prints them, over the page until they are fixed.
fn overlay(text: &str) -> String {
    format!(
        "<div id=\"opas-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
overflow:auto;margin:0;padding:1.5rem;background:#18181b;color:#f4f4f5;\
font:14px/1.45 ui-monospace,Menlo,Consolas,monospace\">\
<p style=\"margin:0 0 1rem;font-weight:bold;color:#fca5a5\">opas: the project has errors. \
The page reloads by itself when they are fixed.</p>\
<pre style=\"margin:0;white-space:pre-wrap\">{}</pre></div>\n",
        escape(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> (tempfile_free::Dir, PathBuf) {
        let dir = tempfile_free::Dir::new();
        std::fs::create_dir_all(dir.0.join("pori")).unwrap();
        std::fs::write(dir.0.join("index.html"), "i").unwrap();
        std::fs::write(dir.0.join("pori/index.html"), "p").unwrap();
        std::fs::write(dir.0.join("pori/opas.pdf"), "%PDF").unwrap();
        let canonical = dir.0.canonicalize().unwrap();
        (dir, canonical)
    }

    /// A temporary folder without the tempfile crate, which is only a dev-dependency.
    mod tempfile_free {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
                let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let path = std::env::temp_dir()
                    .join(format!("opas-serve-test-{}-{n}", std::process::id()));
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn serves_files_and_folders_inside() {
        let (_dir, root) = root();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/pori/?reload=1"),
            Target::File(root.join("pori/index.html"))
        );
        assert_eq!(resolve(&root, "/pori"), Target::Redirect("/pori/".into()));
        assert_eq!(resolve(&root, "//pori"), Target::Redirect("/pori/".into()));
        assert_eq!(
            resolve(&root, "///pori?x"),
            Target::Redirect("/pori/".into())
        );
        assert_eq!(
            resolve(&root, "/pori/opas%2Epdf"),
            Target::File(root.join("pori/opas.pdf"))
        );
        assert_eq!(resolve(&root, "/nothing.html"), Target::NotFound);
    }

    #[test]
    fn refuses_everything_that_leaves_the_folder() {
        let (_dir, root) = root();
        for bad in [
            "/../etc/passwd",
            "/pori/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/pori/%2e%2e/%2e%2e/x",
            "/..%5c..%5cetc",
            "/%00",
            "/./index.html",
            "etc/passwd",
            "http://example.com/etc/passwd",
            "/C:/Windows/win.ini",
            "/%zz",
            "/%c0%ae%c0%ae/etc/passwd",
        ] {
            assert_eq!(resolve(&root, bad), Target::Rejected, "{bad}");
        }
        // Absolute paths in the request are inside the folder, never the file system root.
        assert_eq!(resolve(&root, "//etc/passwd"), Target::NotFound);
        assert_eq!(resolve(&root, "/%2Fetc%2Fpasswd"), Target::NotFound);
    }

    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let (_dir, root) = root();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", root.join("out")).unwrap();
            assert_eq!(resolve(&root, "/out/hostname"), Target::Rejected);
        }
    }

    #[test]
    fn only_local_hosts_are_answered() {
        let local: SocketAddr = "127.0.0.1:8000".parse().unwrap();
        for good in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "localhost.:8000",
            "[::1]:8000",
            "127.0.0.2:8000",
        ] {
            assert!(host_allowed(good, local), "{good}");
        }
        for bad in [
            "evil.example:8000",
            "127.0.0.1:8001",
            "localhost:x",
            "192.168.1.5:8000",
            "[::1",
            "127.0.0.1.evil.example:8000",
            "",
        ] {
            assert!(!host_allowed(bad, local), "{bad}");
        }
        let all: SocketAddr = "0.0.0.0:8000".parse().unwrap();
        assert!(host_allowed("192.168.1.5:8000", all));
        assert!(!host_allowed("intranet.example:8000", all));
    }

    #[test]
    fn only_the_own_origin_may_wait() {
        let local: SocketAddr = "127.0.0.1:8000".parse().unwrap();
        let own = |origin, site| own_origin(origin, site, local);
        assert!(own(None, None), "a script or curl");
        assert!(own(None, Some("same-origin")), "the page's own fetch");
        assert!(own(None, Some("none")), "typed in by hand");
        assert!(own(Some("http://127.0.0.1:8000"), Some("same-origin")));
        assert!(own(Some("http://localhost:8000"), None));
        assert!(own(Some("http://[::1]:8000"), None));
        for bad in [
            "http://evil.example",
            "http://evil.example:8000",
            "http://127.0.0.1:8001",
            "http://127.0.0.1",
            "https://127.0.0.1:8000",
            "http://127.0.0.1:8000/x",
            "http://evil@127.0.0.1:8000",
            "null",
            "",
        ] {
            assert!(!own(Some(bad), None), "{bad}");
        }
        for bad in ["cross-site", "same-site", "x"] {
            assert!(!own(None, Some(bad)), "{bad}");
        }
        let eighty: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(own_origin(Some("http://localhost"), None, eighty));
    }

    #[test]
    fn versions_other_than_1_0_and_1_1_are_noticed() {
        assert!(unsupported_version(b"GET / HTTP/2.0\r\nHost: x\r\n"));
        assert!(unsupported_version(b"PRI * HTTP/2.0\r\n\r\nSM"));
        assert!(unsupported_version(b"GET / HTTP/0.9\n"));
        assert!(!unsupported_version(b"GET / HTTP/1.1\r\n"));
        assert!(!unsupported_version(b"GET / HTTP/1.0\r\n"));
        assert!(
            !unsupported_version(b"GET / HTTP/2.0"),
            "not a whole line yet"
        );
        assert!(!unsupported_version(b"GET /\r\n"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a/opas.pdf")), "application/pdf");
        assert_eq!(
            content_type(Path::new("x.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
    }

    #[test]
    fn the_script_and_overlay_go_before_the_body_end_escaped() {
        let page = inject("<html><body><p>x</p></body></html>", 7, Some("<b>&"));
        assert!(page.contains("var g=7;"), "{page}");
        assert!(page.contains("&lt;b&gt;&amp;"), "{page}");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
        assert!(!inject("<body></body>", 1, None).contains("opas-error-overlay"));
    }
}
