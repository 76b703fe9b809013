//! The theme's PDF fonts as files: the bytes of each face under
//! `themes/<theme>/static/fonts/`, read within the asset limit. The PDF renderer parses them
//! ([`crate::render::pdf::Fonts::from_files`]).

use std::path::Path;

use crate::diagnostics::{Diagnostic, display_path};
use crate::load::files::{MAX_ASSET_BYTES, read_in};

/// The faces the PDF uses: regular, italic, semibold, bold and the monospace face.
pub const FILES: [&str; 5] = [
    "OpenSans-Regular.ttf",
    "OpenSans-Italic.ttf",
    "OpenSans-Semibold.ttf",
    "OpenSans-Bold.ttf",
    "DejaVuSansMono.ttf",
];

/// One face's file: its path as shown in messages, and its bytes.
pub struct FontFile {
    pub shown: String,
    pub bytes: Vec<u8>,
}

/// Reads every face of [`FILES`] from the theme `theme` under `root`, in that order.
pub fn read(root: &Path, theme: &str) -> Result<Vec<FontFile>, Box<Diagnostic>> {
    let dir = root.join("themes").join(theme).join("static").join("fonts");
    FILES
        .iter()
        .map(|file| {
            let path = dir.join(file);
            let shown = display_path(&path, root);
            match read_in(root, &path, MAX_ASSET_BYTES) {
                Ok(bytes) => Ok(FontFile { shown, bytes }),
                Err(e) => Err(Box::new(
                    Diagnostic::error(&shown, format!("cannot read the PDF font: {e}"))
                        .hint(format!("restore {file} in the theme's static/fonts folder")),
                )),
            }
        })
        .collect()
}
