//! Screenshots uploaded from the edit form: written where the loader reads them, for the
//! first and a further language, without their metadata, and used by the next build;
//! every refused upload writes nothing.

use std::path::Path;
use std::time::Instant;

use super::upload_requests::{contains, jpeg_with_exif, multipart, png_with_text, send, upload};
use super::{Editor, snapshot};
use crate::common::{files_under, opas, png, project_with_references, stderr};

const GUIDE: &str = "kayttajatunnusmuutos";
const SHOTS: &str = "municipalities/kokkola/kayttajatunnusmuutos/screenshots";
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
