//! The requests of the upload tests: pictures carrying metadata, multipart bodies, and a
//! POST of bytes.

use std::io::Write as _;
use std::net::TcpStream;
use std::time::Duration;

use super::Editor;
use crate::common::{crc32, jpeg, png};

pub const BOUNDARY: &str = "----opas-test-boundary-7f3a";

/// A PNG of `width`×`height` with a text chunk holding a made-up location after its header.
pub fn png_with_text(width: u32, height: u32) -> Vec<u8> {
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
pub fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
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
pub fn multipart(values: &[(&str, &str)], file: Option<&[u8]>) -> Vec<u8> {
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
pub fn send(
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
    super::answer(&mut stream)
}

/// Uploads `file` as the screenshot of `screen` of `guide` in `lang` for `slug`.
pub fn upload(
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

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
