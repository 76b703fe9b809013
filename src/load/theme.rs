//! The theme: Tera page templates and static assets (CSS, fonts), loaded once per build.
//!
//! A theme is input like any other: its files are read through [`crate::load::files`], so a
//! link out of the project, a FIFO, a link to its own folder or an oversized file is a
//! located error, never a published secret, a hang or a build that eats the memory.

use std::path::Path;

use tera::Tera;

use crate::diagnostics::{Diagnostic, display_path};
use crate::load::files;

/// The folder of the output that holds the theme's static files: no municipality may
/// have its name.
pub const ASSETS_DIR: &str = "assets";

/// Page templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 3] = ["base.html", "guide.html", "index.html"];

/// A loaded theme.
pub struct Theme {
    pub tera: Tera,
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
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(crate::render::escape::escape);
    crate::compose::templates::refuse_environment(&mut tera);
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
        if let Err(e) = tera.add_raw_template(file, &text) {
            let mut set = crate::compose::templates::TemplateSet::new();
            let located = set.add(file, &shown, &text).err().map(|d| *d);
            problems.push(located.unwrap_or_else(|| Diagnostic::error(&shown, e.to_string())));
        }
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
            tera,
            sources,
            assets,
        })
    } else {
        Err(problems)
    }
}
