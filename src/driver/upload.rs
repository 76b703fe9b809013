//! A screenshot uploaded from the edit form: its place checked against the loaded project,
//! the bytes checked and re-encoded by exactly what checks a dropped-in file
//! ([`screenshot::process_bytes`]), the municipality's total kept, and the processed
//! picture, never the upload, written.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::load::files::MAX_SCREENSHOTS_TOTAL;
use crate::load::project;
use crate::load::screenshot;
use crate::load::screenshot_target::{Target, target};

/// Why an upload was refused; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The guide, language or screen is not one the municipality publishes.
    Unknown,
    /// The file is not a PNG or JPEG image.
    NotAnImage,
    /// The picture or the municipality's screenshots together are too large.
    TooLarge,
    /// The file is damaged.
    Damaged,
    /// The file could not be written.
    NotWritten,
}

/// A refused upload: why, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub kind: Kind,
    pub message: String,
    pub hint: String,
}

/// What an upload wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file written, relative to the project root.
    pub path: String,
    pub width: u32,
    pub height: u32,
    /// `png` or `jpg`.
    pub format: &'static str,
    /// The bytes written, and those uploaded.
    pub bytes: usize,
    pub uploaded: usize,
    /// The screen's other files removed (their names).
    pub removed: Vec<String>,
}

/// The screen of an upload or a removal.
pub struct Screen<'a> {
    pub slug: &'a str,
    pub guide: &'a str,
    pub lang: &'a str,
    pub screen: &'a str,
}

/// Checks and writes `bytes` as the screenshot of `at`.
pub fn upload(root: &Path, at: &Screen<'_>, bytes: &[u8]) -> Result<Written, Refusal> {
    let place = place(root, at)?;
    let processed = screenshot::process_bytes(bytes).map_err(|(message, hint)| Refusal {
        kind: kind_of(bytes),
        message,
        hint: hint.to_string(),
    })?;
    let total = place.others + processed.bytes.len() as u64;
    if total > MAX_SCREENSHOTS_TOTAL {
        return Err(Refusal {
            kind: Kind::TooLarge,
            message: format!(
                "the municipality's screenshots would add up to more than {} MB",
                MAX_SCREENSHOTS_TOTAL / (1024 * 1024)
            ),
            hint: "remove screenshots no guide needs, or save them smaller".to_string(),
        });
    }
    let removed = crate::write::screenshot::replace(
        root,
        at.slug,
        &place.dir,
        &place.screen,
        processed.extension,
        &processed.bytes,
    )
    .map_err(not_written)?;
    let path = place
        .dir
        .join(format!("{}.{}", place.screen, processed.extension));
    Ok(Written {
        path: path.display().to_string(),
        width: processed.width,
        height: processed.height,
        format: processed.extension,
        bytes: processed.bytes.len(),
        uploaded: bytes.len(),
        removed,
    })
}

/// Removes the screenshot files of `at`: the guide shows the screen's mock-up again. The
/// files removed, relative to the project root.
pub fn remove(root: &Path, at: &Screen<'_>) -> Result<Vec<String>, Refusal> {
    let place = place(root, at)?;
    let removed = crate::write::screenshot::remove(root, at.slug, &place.dir, &place.screen)
        .map_err(not_written)?;
    Ok(removed
        .iter()
        .map(|name| place.dir.join(name).display().to_string())
        .collect())
}

/// Where the screenshot of `at` goes, from the project as it is now.
fn place(root: &Path, at: &Screen<'_>) -> Result<Target, Refusal> {
    let loaded = project::load(root, Some(&[at.slug.to_string()]));
    target(&loaded, at.slug, at.guide, at.lang, at.screen).map_err(|d| unknown(&d))
}

fn unknown(d: &Diagnostic) -> Refusal {
    Refusal {
        kind: Kind::Unknown,
        message: d.message.clone(),
        hint: d.hint.clone().unwrap_or_default(),
    }
}

fn not_written(e: std::io::Error) -> Refusal {
    Refusal {
        kind: Kind::NotWritten,
        message: format!("cannot write the screenshot: {e}"),
        hint: "check that the project folder is writable, then upload again".to_string(),
    }
}

/// Why [`screenshot::process_bytes`] refused `bytes`: not PNG or JPEG by their first
/// bytes, too many pixels declared in its header, or else damaged.
fn kind_of(bytes: &[u8]) -> Kind {
    let png_or_jpeg = matches!(
        image::guess_format(bytes),
        Ok(image::ImageFormat::Png | image::ImageFormat::Jpeg)
    );
    if !png_or_jpeg {
        Kind::NotAnImage
    } else if screenshot::declares_too_many_pixels(bytes) {
        Kind::TooLarge
    } else {
        Kind::Damaged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_told_apart() {
        let png = |w, h| {
            let mut out = std::io::Cursor::new(Vec::new());
            image::RgbImage::new(w, h)
                .write_to(&mut out, image::ImageFormat::Png)
                .unwrap();
            out.into_inner()
        };
        assert_eq!(kind_of(b"hello"), Kind::NotAnImage);
        assert_eq!(kind_of(&png(9000, 1)), Kind::TooLarge, "wider than 8000");
        let mut cut = png(40, 30);
        cut.truncate(cut.len() - 20);
        assert_eq!(kind_of(&cut), Kind::Damaged);
    }
}
