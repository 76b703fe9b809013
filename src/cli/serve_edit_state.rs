//! What the edit pages of `opas serve` share between their requests and tasks.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::render::html::edit::page::Ui;

/// Builds one municipality into the served folder at once (after a save), so that the
/// page answering the save already shows the rebuilt guide.
pub type Rebuild = Box<dyn Fn(&str) + Send + Sync>;

/// What the edit pages need: the project, the served folder and the session's token.
pub struct Editing {
    pub root: PathBuf,
    pub served: PathBuf,
    pub token: String,
    /// Held while a save checks and writes, so that two saves never interleave.
    pub saving: Mutex<()>,
    /// Called with the municipality's slug once its file is saved.
    pub rebuild: Rebuild,
    /// The texts the forms were opened with, by fingerprint: the difference shown when a
    /// save is refused because the file changed since. Kept here, not sent with the form,
    /// so that a file of any size fits the form's body limit.
    pub originals: Mutex<Originals>,
}

/// The texts the last forms were opened with, at most [`Originals::MAX`] of them and
/// [`Originals::MAX_BYTES`] in all; the oldest are forgotten first.
#[derive(Default)]
pub struct Originals {
    texts: VecDeque<(String, String)>,
}

impl Originals {
    pub const MAX: usize = 32;
    pub const MAX_BYTES: usize = 16 * 1024 * 1024;

    /// Remembers `text`, the file a form was opened with, under its fingerprint `hash`.
    pub fn remember(&mut self, hash: &str, text: &str) {
        self.texts.retain(|(h, _)| h != hash);
        self.texts.push_back((hash.to_string(), text.to_string()));
        while self.texts.len() > Self::MAX || self.bytes() > Self::MAX_BYTES {
            self.texts.pop_front();
        }
    }

    /// The text remembered under `hash`; empty when it is not (any longer) known.
    pub fn find(&self, hash: &str) -> String {
        self.texts
            .iter()
            .find(|(h, _)| h == hash)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    fn bytes(&self) -> usize {
        self.texts.iter().map(|(_, t)| t.len()).sum()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_texts_are_forgotten_first() {
        let mut originals = Originals::default();
        for i in 0..Originals::MAX + 5 {
            originals.remember(&format!("h{i}"), &format!("text {i}"));
        }
        assert_eq!(originals.find("h0"), "");
        assert_eq!(originals.find("h4"), "");
        assert_eq!(originals.find("h5"), "text 5");
        let last = Originals::MAX + 4;
        assert_eq!(originals.find(&format!("h{last}")), format!("text {last}"));
        // Remembered again, a text is the newest, not kept twice.
        originals.remember("h5", "text 5");
        assert_eq!(originals.texts.len(), Originals::MAX);
        let big = "x".repeat(Originals::MAX_BYTES / 2 + 1);
        originals.remember("a", &big);
        originals.remember("b", &big);
        assert_eq!(
            originals.find("a"),
            "",
            "past the byte cap the older one goes"
        );
        assert_eq!(originals.find("b").len(), big.len());
    }
}
