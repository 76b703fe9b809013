//! The theme: Tera page templates and static assets (CSS, fonts), loaded once per build.
//!
//! A theme is input like any other: its files are read through [`crate::load::files`], so a
//! link out of the project, a FIFO, a link to its own folder or an oversized file is a
//! located error, never a published secret, a hang or a build that eats the memory. Its
//! templates run in the sandbox every template runs in ([`PageSet`]): one that calls
//! `get_env` is refused here, one that runs away stops with an error.

use std::path::Path;

use crate::compose::templates::pages::PageSet;
use crate::diagnostics::{Diagnostic, display_path};
use crate::load::files;

/// The folder of the output that holds the theme's static files: no municipality may
/// have its name.
pub const ASSETS_DIR: &str = "assets";

/// Page templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 4] =
    ["base.html", "guide.html", "index.html", "municipality.html"];

/// A loaded theme.
pub struct Theme {
    pub templates: PageSet,
    /// The template texts, for the build's fingerprint.
    pub sources: Vec<String>,
    /// Static files, as (path relative to the theme's `static/`, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
}

/// Loads `themes/<name>/` under `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let dir = root.join("themes").join(name);
    let templates = dir.join("templates");
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    let mut pages = PageSet::new(".html", crate::render::escape::escape);
    for file in REQUIRED_TEMPLATES {
        let path = templates.join(file);
        let shown = display_path(&path, root);
        let read = files::read_in(root, &path, files::MAX_TEMPLATE_BYTES)
            .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other));
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                problems.push(
                    Diagnostic::error(
                        &shown,
                        format!("the theme template is missing or unreadable: {e}"),
                    )
                    .hint(format!(
                        "restore {file} in {}",
                        display_path(&templates, root)
                    )),
                );
                continue;
            }
        };
        sources.push(text.clone());
        if let Err(d) = pages.add(file, &shown, &text) {
            problems.push(*d);
        }
    }
    if problems.is_empty()
        && let Err(d) = pages.finish(&display_path(&templates, root))
    {
        problems.push(*d);
    }
    let static_dir = dir.join("static");
    let assets = match files::collect_tree(root, &static_dir, files::ASSET_LIMITS) {
        Ok(assets) => assets,
        Err(e) => {
            let hint = if e.path == static_dir {
                "the theme needs a static/ folder with its CSS and fonts"
            } else {
                "keep only the theme's own CSS, fonts and images in static/, as regular files"
            };
            problems.push(
                Diagnostic::error(
                    display_path(&e.path, root),
                    format!("cannot read the theme's static files: {}", e.error),
                )
                .hint(hint),
            );
            Vec::new()
        }
    };
    if problems.is_empty() {
        Ok(Theme {
            templates: pages,
            sources,
            assets,
        })
    } else {
        Err(problems)
    }
}
