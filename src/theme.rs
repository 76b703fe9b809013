//! The theme: Tera page templates and static assets (CSS, fonts), loaded once per build.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{Diagnostic, display_path};

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
    tera.set_escape_fn(crate::html::escape);
    for file in REQUIRED_TEMPLATES {
        let path = templates.join(file);
        let shown = display_path(&path, root);
        let text = match std::fs::read_to_string(&path) {
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
            let mut set = crate::templates::TemplateSet::new();
            let located = set.add(file, &shown, &text).err().map(|d| *d);
            problems.push(located.unwrap_or_else(|| Diagnostic::error(&shown, e.to_string())));
        }
    }
    let mut assets = Vec::new();
    if let Err(e) = collect_assets(&dir.join("static"), &dir.join("static"), &mut assets) {
        problems.push(
            Diagnostic::error(
                display_path(&dir.join("static"), root),
                format!("cannot read the theme's static files: {e}"),
            )
            .hint("the theme needs a static/ folder with its CSS and fonts"),
        );
    }
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

fn collect_assets(
    base: &Path,
    dir: &Path,
    out: &mut Vec<(String, Vec<u8>)>,
) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_assets(base, &path, out)?;
        } else if path.is_file() {
            let rel = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read(&path)?));
        }
    }
    Ok(())
}
