//! The example texts of a new guide, one file per language in
//! `content/languages/<lang>/new-guide.toml`, for `opas new guide`. A language without a
//! file gets the English texts (built in, for a project without any), marked to translate.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::load::shared::LANGUAGES_DIR;

/// The file of each language's texts.
pub const FILE: &str = "new-guide.toml";

/// The English texts, for languages without a file of their own.
const BUILT_IN: &str = include_str!("../../content/languages/en/new-guide.toml");

/// The example texts of one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub title: String,
    pub subtitle: String,
    /// The PDF's file name after the municipality's slug, without `.pdf`.
    pub pdf: String,
    pub heading: String,
    pub body: String,
    /// The figure's caption.
    pub alt: String,
    pub screen_title: String,
    pub screen_text: String,
    pub button: String,
    /// Whether these are another language's texts, to be translated.
    #[serde(skip)]
    pub translate: bool,
}

/// The texts of `lang` in the project at `root`; an error when its file is there but wrong.
pub fn words(root: &Path, lang: &str) -> Result<Words, Box<Diagnostic>> {
    let path = root
        .join("content")
        .join(LANGUAGES_DIR)
        .join(lang)
        .join(FILE);
    if path.symlink_metadata().is_ok() {
        return crate::load::toml_file::read_toml(root, &path).map_err(Box::new);
    }
    let mut words: Words = toml::from_str(BUILT_IN).map_err(|e| {
        Box::new(Diagnostic::error(
            FILE,
            format!("the built-in texts do not read: {e}"),
        ))
    })?;
    words.translate = lang != "en";
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_texts_and_others_get_english_to_translate() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let sv = words(repo, "sv").unwrap();
        assert_eq!(sv.title, "Ny anvisning");
        assert!(!sv.translate);
        let de = words(repo, "de").unwrap();
        assert_eq!(de.title, "A new guide");
        assert!(de.translate);
        assert!(!words(repo, "en").unwrap().translate);
    }
}
