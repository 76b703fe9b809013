//! Helpers for the end-to-end tests: temporary projects and runs of the real binary.
#![allow(dead_code)]

pub mod finland;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where content/, themes/ and municipalities/ live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `opas` with `args` in project `root`.
pub fn opas(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opas"))
        .arg("-C")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the opas binary runs")
}

/// Standard error of a run as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A temporary project with the repository's content and theme and the given
/// municipality files (`(relative path, contents)`).
pub fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    std::fs::create_dir_all(dir.path().join("municipalities")).unwrap();
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// A temporary project with copies of all the repository's municipalities.
pub fn project_with_references() -> tempfile::TempDir {
    let dir = project(&[]);
    copy_dir(
        &repo().join("municipalities"),
        &dir.path().join("municipalities"),
    );
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in read.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(
                    path.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The visible text of an HTML page: tags removed, entities decoded, white space collapsed.
pub fn html_text(html: &str) -> String {
    let body = match html.find("<body") {
        Some(i) => &html[i..],
        None => html,
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    collapse(&text)
}

/// Collapses runs of white space into single spaces.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with the typography pass undone, for comparing with sources written with straight
/// quotes, plain spaces and hyphens: curly quotes and apostrophes become straight, a
/// no-break space a space and a spaced en dash a spaced hyphen. Nothing else changes.
pub fn untypeset(text: &str) -> String {
    text.replace(['\u{201c}', '\u{201d}'], "\"")
        .replace('\u{2019}', "'")
        .replace('\u{a0}', " ")
        .replace(" \u{2013} ", " - ")
}

/// A minimal valid municipality file.
pub const MINIMAL: &str = r#"name = "Pori"
genitive = "Porin"

[contact]
unit = "asiakaspalvelu"
illative = "asiakaspalveluun"
email = "asiakaspalvelu@pori.fi"

[kayttajatunnusmuutos]
date = 2018-03-01
passwords = "reset"
"#;

/// The folder of the username-change guide in the content and the output.
pub const GUIDE: &str = "kayttajatunnusmuutos";

/// A real PNG of `width`×`height` pixels (a gradient), made with the image crate.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 160])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("PNG encodes");
    out
}

/// A real JPEG of `width`×`height` pixels, made with the image crate.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut out))
        .expect("JPEG encodes");
    out
}

/// A PNG whose header declares `width`×`height` pixels, with an empty pixel stream.
pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (&b"IHDR"[..], ihdr),
        (
            b"IDAT",
            vec![0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        ),
        (b"IEND", vec![]),
    ] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(&data);
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    out
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Whether `tool` runs; a missing tool skips its checks, except on CI where it fails.
pub fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is required on CI"
        );
        eprintln!("skipping the {tool} checks: {tool} is not installed");
    }
    found
}
