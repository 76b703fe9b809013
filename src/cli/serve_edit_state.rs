//! What the edit pages of `opas serve` share between their requests and tasks.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::render::html::edit::page::Ui;

/// What the edit pages need: the project, the served folder and the session's token.
pub struct Editing {
    pub root: PathBuf,
    pub served: PathBuf,
    pub token: String,
    /// Held while a save checks and writes, so that two saves never interleave.
    pub saving: Mutex<()>,
}

/// The page's values, owned, for the blocking task.
pub struct UiOwned {
    pub lang: String,
    pub token: String,
    pub slug: Option<String>,
}

impl UiOwned {
    pub fn ui(&self) -> Ui<'_> {
        Ui {
            lang: &self.lang,
            token: &self.token,
            slug: self.slug.as_deref(),
        }
    }
}
