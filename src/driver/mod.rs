//! The driver every command runs: open the project ([`Site::open`]), make each
//! municipality's documents, render them ([`render`]), and, for `build` and `serve`, write
//! them ([`publish`]). `check` runs all of it but the write ([`check`]), so whatever would
//! fail a build fails the check.

pub mod check;
pub mod diff;
pub mod edit;
pub mod lists;
pub mod publish;
pub mod render;
pub mod upload;
pub mod urls;

use std::path::Path;

use crate::compose::document::{self, Composed};
use crate::diagnostics::Diagnostic;
use crate::load::fonts;
use crate::load::project::{self, Entry, Loaded};
use crate::load::theme::{self, Theme};
use crate::load::values::closest;
use crate::render::pdf::Fonts;

/// The theme every command renders with.
pub const THEME: &str = "default";

/// Which part of the project a run covers.
#[derive(Clone, Copy, Default)]
pub struct Filter<'a> {
    /// Only these municipalities (slugs); all when `None`.
    pub only: Option<&'a [String]>,
    /// Only these guides (ids); all when `None`.
    pub guides: Option<&'a [String]>,
}

/// A project opened for a run: what was loaded from it, its theme and its PDF fonts.
pub struct Site {
    pub loaded: Loaded,
    pub theme: Result<Theme, Vec<Diagnostic>>,
    pub fonts: Result<Fonts, Box<Diagnostic>>,
}

impl Site {
    /// Loads the project beside the theme and the fonts: they read separate files, and
    /// on two cores the setup takes the time of the longer of the two.
    pub fn open(root: &Path, only: Option<&[String]>) -> Site {
        let (loaded, (theme, fonts)) = rayon::join(
            || project::load(root, only),
            || (load_theme(root), load_fonts(root, THEME)),
        );
        Site {
            loaded,
            theme,
            fonts,
        }
    }

    /// The errors that keep every guide from being built: the content's, the theme's,
    /// the fonts', and each `--guide` that names no guide.
    pub fn blocking(&self, filter: Filter<'_>) -> Vec<Diagnostic> {
        let mut all = self.loaded.problems.clone();
        all.extend(unknown_guides(&self.loaded, filter.guides));
        if let Err(problems) = &self.theme {
            all.extend(problems.iter().cloned());
        }
        if let Err(problem) = &self.fonts {
            all.push((**problem).clone());
        }
        all
    }

    /// The theme and the fonts, when both loaded.
    pub fn renderers(&self) -> Option<(&Theme, &Fonts)> {
        Some((self.theme.as_ref().ok()?, self.fonts.as_ref().ok()?))
    }

    /// A municipality's documents, one per guide and language it publishes, and what stopped
    /// the others; an error when the municipality itself did not load.
    pub fn documents(
        &self,
        entry: &Entry,
        guides: Option<&[String]>,
    ) -> Result<Composed, Vec<Diagnostic>> {
        let (m, locals) = entry.result.as_ref().map_err(Clone::clone)?;
        Ok(document::build_all(m, &self.loaded, locals, guides))
    }
}

/// The theme `THEME` under `root`, its page templates checked against their contexts.
fn load_theme(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
    let theme = theme::load(root, THEME)?;
    let problems = crate::render::html::contexts::check_theme(&theme);
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}

/// The PDF fonts of the theme `theme` under `root`, read and parsed.
pub fn load_fonts(root: &Path, theme: &str) -> Result<Fonts, Box<Diagnostic>> {
    Fonts::from_files(&fonts::read(root, theme)?)
}

/// An error for each id of `--guide` that names no guide.
fn unknown_guides(loaded: &Loaded, guides: Option<&[String]>) -> Vec<Diagnostic> {
    let ids: Vec<&str> = loaded.guides.keys().map(String::as_str).collect();
    guides
        .unwrap_or_default()
        .iter()
        .filter(|g| !loaded.guides.contains_key(*g) && !loaded.broken_guides.contains(*g))
        .map(|g| {
            let hint = match closest(g, &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the guides are: {}", ids.join(", ")),
            };
            Diagnostic::error(format!("content/{g}/guide.toml"), format!("no guide `{g}`"))
                .hint(hint)
        })
        .collect()
}
