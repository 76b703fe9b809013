//! `opas serve --edit`: the edit pages, and each of their security rules.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{files_under, opas, project_with_references, stderr};

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

#[test]
fn a_confirmed_save_changes_exactly_one_line_and_nothing_outside_municipalities() {
    let dir = project_with_references();
    let (content, themes) = (
        snapshot(&dir.path().join("content")),
        snapshot(&dir.path().join("themes")),
    );
    let before = pori(dir.path());
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    assert_eq!(form["contact.phone"], "(02) 621 1100");
    assert_eq!(
        form["_original"], before,
        "the form carries the file as opened"
    );
    form.insert("contact.phone".into(), "(02) 621 2000".into());
    let (status, review) = editor.post("pori", &form);
    assert_eq!(status, 200, "{review}");
    assert!(
        review.contains("<del>- phone = &quot;(02) 621 1100&quot;</del>"),
        "{review}"
    );
    assert!(
        review.contains("<ins>+ phone = &quot;(02) 621 2000&quot;</ins>"),
        "{review}"
    );
    assert_eq!(
        pori(dir.path()),
        before,
        "nothing written before the confirmation"
    );
    let confirm = inputs(&review[review.find("<form").unwrap()..]);
    assert_eq!(confirm["_confirm"], "1");
    let (_, generation) = editor.send("GET", "/__opas/wait", &[], "");
    let (status, saved) = editor.post("pori", &confirm);
    assert_eq!(status, 200, "{saved}");
    let link = "href=\"/pori/kaksivaihe/index.html\"";
    assert!(
        saved.contains(link),
        "links the municipality's guides: {saved}"
    );
    // The watcher sees the save and rebuilds the guide.
    let since = generation
        .trim_start_matches("{\"generation\":")
        .trim_end_matches('}');
    let (status, _) = editor.send("GET", &format!("/__opas/wait?since={since}"), &[], "");
    assert_eq!(status, 200);
    let (_, guide) = editor.send("GET", "/pori/kaksivaihe/index.html", &[], "");
    assert!(
        guide.contains("621\u{a0}2000") || guide.contains("621 2000"),
        "the guide shows the new number"
    );
    let after = pori(dir.path());
    assert_eq!(
        after,
        before.replace("\"(02) 621 1100\"", "\"(02) 621 2000\"")
    );
    let differing = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(
        (differing, before.lines().count()),
        (1, after.lines().count())
    );
    assert_eq!(
        snapshot(&dir.path().join("content")),
        content,
        "content/ is never written"
    );
    assert_eq!(
        snapshot(&dir.path().join("themes")),
        themes,
        "themes/ is never written"
    );
    let municipalities = files_under(&dir.path().join("municipalities"));
    assert!(
        !municipalities.iter().any(|f| f.contains(".tmp")),
        "{municipalities:?}"
    );
}

#[test]
fn an_error_of_check_is_shown_beside_its_field_and_nothing_is_written() {
    let dir = project_with_references();
    let before = pori(dir.path());
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    form.insert("kaksivaihe.date".into(), "2026-02-30".into());
    let (status, page) = editor.post("pori", &form);
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("class=\"error-summary\""), "{page}");
    assert!(
        page.contains("<a href=\"#f-kaksivaihe.date\">"),
        "the summary links the field: {page}"
    );
    let field = &page[page.find("id=\"f-kaksivaihe.date\"").unwrap()..];
    assert!(
        field.contains("value=\"2026-02-30\""),
        "the typed value stays"
    );
    assert!(
        page.contains("id=\"f-kaksivaihe.date-error0\""),
        "the error beside the field"
    );
    assert_eq!(pori(dir.path()), before);
}

#[test]
fn a_foreign_origin_and_a_missing_or_wrong_token_are_refused() {
    let dir = project_with_references();
    let before = pori(dir.path());
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    form.insert("contact.phone".into(), "1".into());
    form.insert("_confirm".into(), "1".into());
    let body = encode(&form);
    let (status, _) = editor.send(
        "POST",
        "/_edit/pori",
        &["Origin: http://evil.example"],
        &body,
    );
    assert_eq!(status, 403);
    let (status, _) = editor.send(
        "POST",
        "/_edit/pori",
        &["Sec-Fetch-Site: cross-site"],
        &body,
    );
    assert_eq!(status, 403);
    for token in [None, Some("0".repeat(32))] {
        let mut f = form.clone();
        match &token {
            Some(t) => f.insert("_token".into(), t.clone()),
            None => f.remove("_token"),
        };
        let (status, _) = editor.post("pori", &f);
        assert_eq!(status, 403, "token {token:?}");
    }
    let (status, _) = editor.send("GET", "/_edit/pori", &[], "");
    assert_eq!(status, 403, "the pages too need the token");
    let (status, _) = editor.send("GET", "/_edit/?token=wrong", &[], "");
    assert_eq!(status, 403);
    assert_eq!(pori(dir.path()), before);
}

#[test]
fn a_slug_that_leaves_the_folder_and_a_large_body_are_refused() {
    let dir = project_with_references();
    let editor = Editor::start(dir.path());
    let t = editor.token.clone();
    for target in [
        "/_edit/../content/kaksivaihe/guide",
        "/_edit/..%2Fcontent%2Fkaksivaihe%2Fguide",
        "/_edit/%2e%2e",
        "/_edit/pori.toml",
        "/_edit/Pori",
    ] {
        let (status, _) = editor.send("GET", &format!("{target}?token={t}"), &[], "");
        assert_eq!(status, 400, "{target}");
        let (status, _) = editor.send("POST", target, &[], &format!("_token={t}"));
        assert_eq!(status, 400, "{target}");
    }
    let (status, _) = editor.send("GET", &format!("/_edit/nowhere?token={t}"), &[], "");
    assert_eq!(status, 404);
    let big = format!("_token={t}&name={}", "x".repeat(70 * 1024));
    let (status, _) = editor.send("POST", "/_edit/pori", &[], &big);
    assert_eq!(status, 413);
}

#[test]
fn a_save_over_a_file_changed_since_it_was_opened_is_refused_with_the_difference() {
    let dir = project_with_references();
    let editor = Editor::start(dir.path());
    let mut form = editor.form("pori");
    let theirs = pori(dir.path()).replace("asiakaspalvelu@pori.fi", "neuvonta@pori.fi");
    std::fs::write(dir.path().join("municipalities/pori.toml"), &theirs).unwrap();
    form.insert("contact.phone".into(), "(02) 621 2000".into());
    form.insert("_confirm".into(), "1".into());
    let (status, page) = editor.post("pori", &form);
    assert_eq!(status, 409, "{page}");
    assert!(
        page.contains("<ins>+ email = &quot;neuvonta@pori.fi&quot;</ins>"),
        "{page}"
    );
    assert_eq!(pori(dir.path()), theirs, "the other change stays");
}

#[test]
fn editing_is_off_unless_asked_and_on_a_network_address_needs_its_own_flag() {
    let dir = project_with_references();
    let mut plain = Command::new(env!("CARGO_BIN_EXE_opas"))
        .arg("-C")
        .arg(dir.path())
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(plain.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let server = Editor {
        child: plain,
        address: line
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string(),
        token: String::new(),
    };
    let (status, _) = server.send("GET", "/_edit/?token=", &[], "");
    assert_eq!(status, 404, "no edit pages without --edit");
    let (status, _) = server.send("POST", "/_edit/pori", &[], "_token=");
    assert_eq!(status, 405);
    let out = opas(dir.path(), &["serve", "--edit", "--bind", "0.0.0.0"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("--edit-on-network"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_pages_speak_the_browser_s_language_and_switch() {
    let dir = project_with_references();
    let editor = Editor::start(dir.path());
    let t = editor.token.clone();
    let (_, sv) = editor.send(
        "GET",
        &format!("/_edit/pori?token={t}"),
        &["Accept-Language: sv-FI,sv;q=0.9"],
        "",
    );
    assert!(
        sv.contains("<html lang=\"sv\">") && sv.contains("Telefonnummer"),
        "{sv}"
    );
    assert!(
        sv.contains(&format!("href=\"/_edit/pori?lang=fi&amp;token={t}\"")),
        "a switch to Finnish"
    );
    let (_, en) = editor.send(
        "GET",
        &format!("/_edit/pori?lang=en&token={t}"),
        &["Accept-Language: sv"],
        "",
    );
    assert!(en.contains("<html lang=\"en\">") && en.contains("Phone number"));
    let labels = en.matches("<label for=").count();
    let inputs =
        en.matches("<input type=\"text\"").count() + en.matches("<input type=\"date\"").count();
    assert!(
        labels >= inputs && inputs > 10,
        "{labels} labels, {inputs} inputs"
    );
}

#[test]
fn a_guide_is_added_from_the_form_once_its_required_values_are_filled_in() {
    let dir = project_with_references();
    let file = dir.path().join("municipalities/espoo.toml");
    let table = "[kayttajatunnusmuutos]\ndate = 2020-02-13\npasswords = \"preserved\"\n";
    let without = std::fs::read_to_string(&file).unwrap().replace(table, "");
    std::fs::write(&file, &without).unwrap();
    let editor = Editor::start(dir.path());
    let (_, page) = editor.send(
        "GET",
        &format!("/_edit/espoo?lang=en&token={}", editor.token),
        &[],
        "",
    );
    assert!(
        page.contains("name=\"_add\" value=\"kayttajatunnusmuutos\""),
        "{page}"
    );
    let mut form = inputs(&page);
    form.insert("_add".into(), "kayttajatunnusmuutos".into());
    let (status, asked) = editor.post("espoo", &form);
    assert_eq!(status, 422, "{asked}");
    assert!(
        asked.contains("name=\"kayttajatunnusmuutos.passwords\""),
        "the guide's fields are shown"
    );
    let mut form = inputs(&asked);
    assert_eq!(form["_adding"], "kayttajatunnusmuutos");
    form.insert("kayttajatunnusmuutos.passwords".into(), "preserved".into());
    let (status, review) = editor.post("espoo", &form);
    assert_eq!(status, 200, "{review}");
    let (status, _) = editor.post("espoo", &inputs(&review[review.find("<form").unwrap()..]));
    assert_eq!(status, 200);
    let now = std::fs::read_to_string(&file).unwrap();
    assert!(
        now.starts_with(&without) && now.contains("\npasswords = \"preserved\"\n"),
        "{now}"
    );
}
