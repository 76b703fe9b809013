//! A municipality's screenshot: checked, decoded within limits, scaled down and re-encoded.
//!
//! The file comes from whoever sends the municipality's material, so it is treated as
//! hostile: the size declared in its header is checked before any pixel is decoded, the
//! decoder runs with [`image::Limits`], and the picture is re-encoded from its pixels
//! alone, which drops every metadata block (EXIF with GPS positions, PNG text chunks,
//! ICC profiles, comments). Anything wrong gives a warning naming the file and what to
//! do; the figure then shows the mock-up (or placeholder) instead.
//!
//! PNG stays PNG: screenshots are text and flat colours, which PNG keeps sharp and small.
//! JPEG stays JPEG (quality 85): such a file is a photo or was already compressed with
//! losses, and as PNG it would grow several times over without looking any better.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::diagnostics::Diagnostic;

/// Largest width or height accepted, in pixels.
pub const MAX_SIDE: u32 = 8000;
/// Largest picture accepted, in pixels (40 megapixels).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Widest picture written; wider ones are scaled down (never up).
pub const MAX_WIDTH: u32 = 1600;
pub use crate::load::files::MAX_SCREENSHOT_BYTES;
/// Memory the decoder may allocate.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// JPEG quality of re-encoded photos.
const JPEG_QUALITY: u8 = 85;

/// A screenshot ready to be written beside the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The re-encoded file.
    pub bytes: Arc<[u8]>,
    pub width: u32,
    pub height: u32,
    /// File extension of `bytes`: `png` or `jpg`.
    pub extension: &'static str,
}

/// Reads and processes the screenshot at `path` (`shown` in messages).
///
/// The error is a warning: the caller falls back to the figure's mock-up.
pub fn process(root: &Path, path: &Path, shown: &str) -> Result<Processed, Box<Diagnostic>> {
    let warn = |message: String, hint: &str| {
        Box::new(Diagnostic::warning(shown, message).hint(format!(
            "{hint}; until then the guide shows the drawn mock-up of this screen"
        )))
    };
    let bytes = crate::load::files::read_in(root, path, MAX_SCREENSHOT_BYTES).map_err(|e| {
        warn(
            format!("cannot read the screenshot: {}", one_line(&e)),
            "check that the file is a readable PNG or JPEG image of at most 25 MB",
        )
    })?;
    process_bytes(&bytes).map_err(|(message, hint)| warn(message, hint))
}

/// Whether `bytes` is a picture whose header declares more pixels than a screenshot may
/// have (read from the header alone, as [`process_bytes`] checks it).
pub fn declares_too_many_pixels(bytes: &[u8]) -> bool {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .is_some_and(|(w, h)| check_dimensions(w, h).is_err() && w > 0 && h > 0)
}

/// Processes the bytes of a screenshot file; the error is (message, what to do).
pub fn process_bytes(bytes: &[u8]) -> Result<Processed, (String, &'static str)> {
    const RESAVE: &str = "open the screenshot in an image editor and save it again as PNG";
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| {
                (
                    format!("cannot read the screenshot: {}", one_line(&e)),
                    RESAVE,
                )
            })
    };
    let format = match reader()?.format() {
        Some(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
        Some(other) => {
            return Err((
                format!(
                    "the screenshot is a {} image, not PNG or JPEG",
                    other.extensions_str().first().unwrap_or(&"different")
                ),
                RESAVE,
            ));
        }
        None => return Err(("the file is not a PNG or JPEG image".to_string(), RESAVE)),
    };
    // The size the header declares, before a single pixel is decoded.
    let (width, height) = reader()?.into_dimensions().map_err(|e| {
        (
            format!(
                "the screenshot is damaged: its header cannot be read ({})",
                one_line(&e)
            ),
            RESAVE,
        )
    })?;
    check_dimensions(width, height)?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        // The JPEG decoder is lenient and would paint the missing rows grey.
        return Err((
            "the JPEG file is cut short: its end marker is missing".to_string(),
            "copy or export the screenshot again; the file was not completely saved",
        ));
    }
    let mut decoder = reader()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    decoder.limits(limits);
    let image = decoder.decode().map_err(|e| {
        (
            format!(
                "the screenshot is damaged and cannot be decoded ({})",
                one_line(&e)
            ),
            RESAVE,
        )
    })?;
    let image = if image.width() > MAX_WIDTH {
        image.resize(MAX_WIDTH, u32::MAX, image::imageops::FilterType::CatmullRom)
    } else {
        image
    };
    encode(image, format)
}

/// A decoder's message on one line: some end theirs with a line break, which would
/// split the warning inside its parentheses.
fn one_line(error: &dyn std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Refuses empty and absurdly large pictures.
fn check_dimensions(width: u32, height: u32) -> Result<(), (String, &'static str)> {
    const SMALLER: &str = "take the screenshot again at normal screen size, or scale it down to at most 1600 pixels wide";
    if width == 0 || height == 0 {
        return Err((
            format!("the screenshot declares an empty size of {width}×{height} pixels"),
            "open the screenshot in an image editor and save it again as PNG",
        ));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err((
            format!(
                "the screenshot declares {width}×{height} pixels, more than {MAX_SIDE} on a side"
            ),
            SMALLER,
        ));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err((
            format!(
                "the screenshot declares {width}×{height} pixels, more than {} megapixels",
                MAX_PIXELS / 1_000_000
            ),
            SMALLER,
        ));
    }
    Ok(())
}

/// Re-encodes the pixels only: no metadata survives.
fn encode(image: DynamicImage, format: ImageFormat) -> Result<Processed, (String, &'static str)> {
    let (width, height) = (image.width(), image.height());
    let mut out = Vec::new();
    let result = if format == ImageFormat::Jpeg {
        let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        rgb.write_with_encoder(encoder)
    } else {
        let pixels = if image.color().has_alpha() {
            DynamicImage::ImageRgba8(image.to_rgba8())
        } else {
            DynamicImage::ImageRgb8(image.to_rgb8())
        };
        pixels.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
    };
    result.map_err(|e| {
        (
            format!("the screenshot cannot be re-encoded ({e})"),
            "open the screenshot in an image editor and save it again as PNG",
        )
    })?;
    Ok(Processed {
        bytes: Arc::from(out),
        width,
        height,
        extension: if format == ImageFormat::Jpeg {
            "jpg"
        } else {
            "png"
        },
    })
}

/// Whether the last scan of a JPEG is followed by the end-of-image marker.
///
/// In entropy-coded data every 0xFF byte is followed by 0x00 or a restart marker, so
/// 0xFF 0xD9 after the last start-of-scan (0xFF 0xDA) is the real end.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_scan {
        Some(at) => bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 200])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut out))
            .unwrap();
        out
    }

    #[test]
    fn warnings_about_damaged_files_stay_on_one_line() {
        let good = jpeg(64, 48);
        let mut messages = 0;
        // Damage each byte of the headers in turn: whatever the decoder says, the
        // warning is one line.
        for at in 2..good.len().min(300) {
            for value in [0x00, 0xFF, 0x02] {
                let mut bad = good.clone();
                bad[at] = value;
                if let Err((message, _)) = process_bytes(&bad) {
                    messages += 1;
                    assert!(!message.contains('\n'), "{message:?}");
                }
            }
        }
        assert!(messages > 100, "only {messages} damaged files were refused");
    }

    /// A PNG whose header declares `width`×`height` but holds no pixel data.
    fn png_declaring(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        // IHDR, then an IDAT with an empty zlib stream, then IEND.
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

    fn crc32(data: &[u8]) -> u32 {
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

    #[test]
    fn small_png_is_kept_at_its_size() {
        let p = process_bytes(&png(40, 30)).unwrap();
        assert_eq!((p.width, p.height, p.extension), (40, 30, "png"));
        assert!(p.bytes.starts_with(b"\x89PNG"));
    }

    #[test]
    fn wide_png_is_scaled_down_keeping_its_shape() {
        let p = process_bytes(&png(3200, 400)).unwrap();
        assert_eq!((p.width, p.height), (1600, 200));
    }

    #[test]
    fn jpeg_stays_jpeg_without_metadata() {
        let mut bytes = jpeg(64, 48);
        // An EXIF-like comment segment (COM) right after SOI.
        let comment = b"GPS 60.1699 24.9384 secret";
        let mut segment = vec![0xFF, 0xFE];
        segment.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
        segment.extend_from_slice(comment);
        bytes.splice(2..2, segment);
        let p = process_bytes(&bytes).unwrap();
        assert_eq!((p.width, p.height, p.extension), (64, 48, "jpg"));
        assert!(
            !p.bytes.windows(6).any(|w| w == b"GPS 60"),
            "metadata dropped"
        );
    }

    #[test]
    fn absurd_declared_size_is_refused_before_decoding() {
        let (message, _) = process_bytes(&png_declaring(50_000, 50_000)).unwrap_err();
        assert!(message.contains("50000×50000"), "{message}");
        let (message, _) = process_bytes(&png_declaring(7000, 7000)).unwrap_err();
        assert!(message.contains("megapixels"), "{message}");
    }

    #[test]
    fn corrupt_and_truncated_files_are_refused() {
        assert!(process_bytes(b"\x89PNG\r\n\x1a\nnot really").is_err());
        assert!(process_bytes(b"hello").is_err());
        assert!(process_bytes(b"").is_err());
        let good = png(64, 64);
        assert!(process_bytes(&good[..good.len() / 2]).is_err());
        let good = jpeg(64, 64);
        assert!(process_bytes(&good[..good.len() * 2 / 3]).is_err());
        assert!(process_bytes(&png_declaring(10, 10)).is_err(), "no pixels");
    }
}
