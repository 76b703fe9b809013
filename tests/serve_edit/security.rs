//! The edit pages' security rules: token, origin, slugs, body size, network address.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use super::{Editor, encode, pori};
use crate::common::{opas, project_with_references, stderr};

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
