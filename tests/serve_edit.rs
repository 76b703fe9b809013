//! `opas serve --edit`: the edit pages ([`saving`]), their live check ([`live`]), each of
//! their security rules ([`security`]) and the screenshot uploads ([`upload`],
//! [`upload_requests`]); the server and the browser's side of a form here.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::files_under;

mod live;
mod saving;
mod security;
mod upload;
mod upload_requests;

/// The status and the body of the answer read from `stream` to its end.
fn answer(stream: &mut TcpStream) -> (u16, String) {
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

/// `opas serve --edit`, stopped with SIGINT when dropped.
struct Editor {
    child: Child,
    address: String,
    token: String,
}

impl Editor {
    fn start(root: &Path) -> Editor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_opas"))
            .arg("-C")
            .arg(root)
            .args(["serve", "--edit"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("opas serve starts");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (mut first, mut second) = (String::new(), String::new());
        out.read_line(&mut first).unwrap();
        out.read_line(&mut second).unwrap();
        let address = first
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let (edit, token) = second.trim().split_once("?token=").expect("the edit URL");
        assert_eq!(edit, format!("http://{address}/_edit/"));
        assert!(token.len() >= 32, "{token}");
        Editor {
            child,
            address,
            token: token.to_string(),
        }
    }

    /// Sends a request with `headers` and `body`; the status and the body.
    fn send(&self, method: &str, target: &str, headers: &[&str], body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!("{method} {target} HTTP/1.0\r\nHost: {}\r\n", self.address);
        for h in headers {
            head.push_str(&format!("{h}\r\n"));
        }
        if method == "POST" {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let _ = stream.write_all(body.as_bytes());
        answer(&mut stream)
    }

    fn form(&self, slug: &str) -> BTreeMap<String, String> {
        let (status, page) = self.send(
            "GET",
            &format!("/_edit/{slug}?lang=en&token={}", self.token),
            &[],
            "",
        );
        assert_eq!(status, 200, "{page}");
        inputs(&page)
    }

    fn post(&self, slug: &str, form: &BTreeMap<String, String>) -> (u16, String) {
        let origin = format!("Origin: http://{}", self.address);
        self.send(
            "POST",
            &format!("/_edit/{slug}?lang=en"),
            &[&origin],
            &encode(form),
        )
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-INT")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

/// The values a browser would send for the page's form: every input with a name, radio
/// buttons and checkboxes only when checked (the first form of the page).
fn inputs(page: &str) -> BTreeMap<String, String> {
    let form = page.split("</form>").next().unwrap();
    let mut out = BTreeMap::new();
    for tag in form.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let attr = |name: &str| {
            let marker = format!(" {name}=\"");
            let rest = &tag[tag.find(&marker)? + marker.len()..];
            Some(unescape(&rest[..rest.find('"')?]))
        };
        let kind = attr("type").unwrap_or_default();
        let (Some(name), value) = (attr("name"), attr("value").unwrap_or_default()) else {
            continue;
        };
        if (kind == "radio" || kind == "checkbox") && !tag.contains(" checked") {
            continue;
        }
        out.entry(name).or_insert(value);
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn encode(form: &BTreeMap<String, String>) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    form.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(dir.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

fn pori(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("municipalities/pori.toml")).unwrap()
}
