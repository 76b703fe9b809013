//! Screenshots uploaded from the edit form: written where the loader reads them, for the
//! first and a further language, without their metadata, and used by the next build;
//! every refused upload writes nothing.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use super::{Editor, snapshot};
use crate::common::{crc32, files_under, jpeg, opas, png, project_with_references, stderr};

const GUIDE: &str = "kayttajatunnusmuutos";
const SHOTS: &str = "municipalities/kokkola/kayttajatunnusmuutos/screenshots";
const BOUNDARY: &str = "----opas-test-boundary-7f3a";

/// A PNG of `width`×`height` with a text chunk holding a made-up location after its header.
fn png_with_text(width: u32, height: u32) -> Vec<u8> {
    let plain = png(width, height);
    let mut chunk = b"tEXt".to_vec();
    chunk.extend_from_slice(b"Comment\0SECRET-GPS 60.1699N 24.9384E");
    let mut out = plain[..33].to_vec();
    out.extend_from_slice(&((chunk.len() - 4) as u32).to_be_bytes());
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    out.extend_from_slice(&plain[33..]);
    out
}

/// A JPEG of `width`×`height` with an EXIF block holding a made-up location after its start.
fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0".to_vec();
    exif.extend_from_slice(b"SECRET-GPS 60.1699N 24.9384E");
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A multipart/form-data body of `values` and, when given, the file.
fn multipart(values: &[(&str, &str)], file: Option<&[u8]>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in values {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some(file) = file {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"shot.png\"\r\nContent-Type: image/png\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Sends `body` to `target` framed by `framing` (its Content-Length when `None`).
fn send(
    editor: &Editor,
    target: &str,
    headers: &[&str],
    body: &[u8],
    framing: Option<String>,
) -> (u16, String) {
    let mut stream = TcpStream::connect(&editor.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!(
        "POST {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        editor.address
    );
    for h in headers {
        head.push_str(&format!("{h}\r\n"));
    }
    let framing = framing.unwrap_or_else(|| format!("Content-Length: {}", body.len()));
    head.push_str(&format!(
        "Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{framing}\r\n\r\n"
    ));
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body);
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

/// Uploads `file` as the screenshot of `screen` of `guide` in `lang` for `slug`.
fn upload(
    editor: &Editor,
    slug: &str,
    (guide, lang, screen): (&str, &str, &str),
    file: &[u8],
) -> (u16, String) {
    let origin = format!("Origin: http://{}", editor.address);
    let values = [
        ("_token", editor.token.as_str()),
        ("guide", guide),
        ("lang", lang),
        ("screen", screen),
    ];
    send(
        editor,
        &format!("/_edit/{slug}/screenshot?lang=en"),
        &[&origin],
        &multipart(&values, Some(file)),
        None,
    )
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The pages under `dir` with an `<img>` of a file named `name`.
fn pages_showing(dir: &Path, name: &str) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .filter(|f| {
            let html = std::fs::read_to_string(dir.join(f)).unwrap();
            html.split("<img src=\"")
                .skip(1)
                .any(|rest| rest[..rest.find('"').unwrap()].ends_with(name))
        })
        .collect()
}

#[test]
fn uploads_are_written_without_metadata_where_the_loader_reads_them_and_used_by_a_build() {
    let dir = project_with_references();
    let root = dir.path();
    let (content, themes) = (
        snapshot(&root.join("content")),
        snapshot(&root.join("themes")),
    );
    // An older screenshot of the Swedish screen, as a PNG: the JPEG upload replaces it.
    std::fs::create_dir_all(root.join(SHOTS).join("sv")).unwrap();
    std::fs::write(root.join(SHOTS).join("sv/username.png"), png(20, 10)).unwrap();
    let editor = Editor::start(root);
    let sent = png_with_text(400, 300);
    let started = Instant::now();
    let (status, page) = upload(&editor, "kokkola", (GUIDE, "fi", "username"), &sent);
    let took = started.elapsed();
    assert_eq!(status, 200, "{page}");
    let written = std::fs::read(root.join(SHOTS).join("username.png")).unwrap();
    assert!(page.contains(&format!("{SHOTS}/username.png")), "{page}");
    assert!(page.contains("400×300") && page.contains("PNG"), "{page}");
    assert!(page.contains("role=\"status\""), "{page}");
    assert!(contains(&sent, b"SECRET-GPS") && !contains(&written, b"SECRET-GPS"));
    assert!(!contains(&written, b"tEXt"), "the text chunk is gone");
    let image = image::load_from_memory(&written).unwrap();
    assert_eq!((image.width(), image.height()), (400, 300));
    println!(
        "PNG upload: {} bytes sent, {} written, upload to written page in {} ms",
        sent.len(),
        written.len(),
        took.as_millis()
    );

    let sent = jpeg_with_exif(320, 200);
    let (status, page) = upload(&editor, "kokkola", (GUIDE, "sv", "username"), &sent);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&format!("{SHOTS}/sv/username.jpg")), "{page}");
    assert!(
        page.contains("username.png"),
        "says what it removed: {page}"
    );
    assert!(
        !root.join(SHOTS).join("sv/username.png").exists(),
        "the old PNG is gone"
    );
    let written = std::fs::read(root.join(SHOTS).join("sv/username.jpg")).unwrap();
    assert!(contains(&sent, b"Exif") && !contains(&written, b"Exif"));
    assert!(!contains(&written, b"SECRET-GPS"));
    println!(
        "JPEG upload: {} bytes sent, {} written",
        sent.len(),
        written.len()
    );

    // The form lists the screens with what they show now.
    let (_, form) = editor.send(
        "GET",
        &format!("/_edit/kokkola?lang=en&token={}", editor.token),
        &[],
        "",
    );
    assert!(
        form.contains(&format!("<code>{SHOTS}/username.png</code>")),
        "{form}"
    );
    assert!(
        form.contains(&format!("<code>{SHOTS}/sv/username.jpg</code>")),
        "{form}"
    );
    assert!(form.contains("drawn mock-up"), "{form}");
    assert!(form.contains("enctype=\"multipart/form-data\""), "{form}");

    // The next build shows them instead of the mock-ups, checked by opas check too.
    let check = opas(root, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(!stderr(&check).contains("username"), "{}", stderr(&check));
    let out = root.join("built");
    let build = opas(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(build.status.success(), "{}", stderr(&build));
    let guide = out.join("kokkola").join(GUIDE);
    let showing = pages_showing(&guide, "username.png");
    assert!(showing.contains(&"index.html".to_string()), "{showing:?}");
    assert_eq!(
        pages_showing(&guide, "username.jpg").len(),
        1,
        "the Swedish page"
    );

    // Removed again: the mock-up is back.
    let origin = format!("Origin: http://{}", editor.address);
    let body = format!(
        "_token={}&guide={GUIDE}&lang=fi&screen=username",
        editor.token
    );
    let (status, page) = editor.send(
        "POST",
        "/_edit/kokkola/screenshot-remove?lang=en",
        &[&origin],
        &body,
    );
    assert_eq!(status, 200, "{page}");
    assert!(!root.join(SHOTS).join("username.png").exists());
    assert!(
        root.join(SHOTS).join("sv/username.jpg").exists(),
        "only that screen's file"
    );
    assert_eq!(snapshot(&root.join("content")), content);
    assert_eq!(snapshot(&root.join("themes")), themes);
}

#[test]
fn refused_uploads_write_nothing() {
    let dir = project_with_references();
    let root = dir.path();
    // Pori without its table of the two-step guide: a guide it does not publish.
    let pori = std::fs::read_to_string(root.join("municipalities/pori.toml")).unwrap();
    let cut = pori
        .find("\n# The guide \"Kaksivaiheisen")
        .expect("pori.toml's kaksivaihe");
    std::fs::write(root.join("municipalities/pori.toml"), &pori[..cut]).unwrap();
    let before = [
        snapshot(&root.join("content")),
        snapshot(&root.join("themes")),
        snapshot(&root.join("municipalities")),
    ];
    let editor = Editor::start(root);
    let shot = png(40, 30);
    let here = ("kayttajatunnusmuutos", "fi", "username");
    let (status, page) = upload(&editor, "kokkola", here, b"just some text, not a picture\n");
    assert_eq!(status, 415, "{page}");
    assert!(
        page.contains("role=\"alert\"") && page.contains("not a PNG or JPEG"),
        "{page}"
    );
    let damaged = &shot[..shot.len() - 30];
    let (status, page) = upload(&editor, "kokkola", here, damaged);
    assert_eq!(status, 422, "{page}");
    let huge = crate::common::png_declaring(9000, 9000);
    let (status, page) = upload(&editor, "kokkola", here, &huge);
    assert_eq!(status, 413, "{page}");
    for (slug, place, expected) in [
        ("kokkola", (GUIDE, "fi", "no-such-screen"), 404),
        ("pori", ("kaksivaihe", "fi", "login"), 404),
        ("kokkola", ("../../content", "fi", "username"), 404),
        ("kokkola", (GUIDE, "../fi", "username"), 404),
        ("kokkola", (GUIDE, "de", "username"), 404),
        ("kokkola", (GUIDE, "fi", "../username"), 404),
    ] {
        let (status, page) = upload(&editor, slug, place, &shot);
        assert_eq!(status, expected, "{slug} {place:?}: {page}");
    }
    let origin = format!("Origin: http://{}", editor.address);
    let target = "/_edit/kokkola/screenshot?lang=en";
    let with_token = [
        ("_token", editor.token.as_str()),
        ("guide", GUIDE),
        ("lang", "fi"),
        ("screen", "username"),
    ];
    let body = multipart(&with_token[1..], Some(&shot));
    assert_eq!(
        send(&editor, target, &[&origin], &body, None).0,
        403,
        "no token"
    );
    let body = multipart(&with_token, Some(&shot));
    let evil = ["Origin: http://evil.example"];
    assert_eq!(
        send(&editor, target, &evil, &body, None).0,
        403,
        "foreign origin"
    );
    let declared = Some(format!("Content-Length: {}", 11 * 1024 * 1024));
    let (status, _) = send(&editor, target, &[&origin], &body, declared);
    assert_eq!(status, 413, "declared too large");
    // Sent in chunks, without a length: stopped by the limit as it is read.
    let mut big = vec![0u8; 11 * 1024 * 1024];
    big[..shot.len()].copy_from_slice(&shot);
    let whole = multipart(&with_token, Some(&big));
    let mut chunked = format!("{:x}\r\n", whole.len()).into_bytes();
    chunked.extend_from_slice(&whole);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let framing = Some("Transfer-Encoding: chunked".to_string());
    let (status, _) = send(&editor, target, &[&origin], &chunked, framing);
    assert_eq!(status, 413, "a too large body in chunks");
    let (status, _) = send(&editor, "/_edit/kokkola/elsewhere", &[&origin], &body, None);
    assert_eq!(status, 404);
    let after = [
        snapshot(&root.join("content")),
        snapshot(&root.join("themes")),
        snapshot(&root.join("municipalities")),
    ];
    assert!(before == after, "a refused upload changed a file");
}
