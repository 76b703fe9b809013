//! Where an uploaded screenshot of a municipality goes. The guide, language and screen an
//! upload names are each checked against what the project loaded (the guides the
//! municipality publishes, their languages, the guide's screens), never taken as a path.

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::load::project::Loaded;
use crate::load::values::{closest, is_slug};

/// The place of one screen's screenshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The screenshots folder, relative to the project root:
    /// `municipalities/<slug>/<guide>/screenshots` for the guide's first language,
    /// `…/screenshots/<lang>` for the others.
    pub dir: PathBuf,
    pub screen: String,
    /// The bytes of the municipality's screenshot files other than this screen's, as the
    /// loader counts them against [`crate::load::files::MAX_SCREENSHOTS_TOTAL`].
    pub others: u64,
}

/// The screenshot place of `screen` of the guide `guide` in `lang` for the municipality
/// `slug`, refused when the municipality does not publish it.
pub fn target(
    loaded: &Loaded,
    slug: &str,
    guide: &str,
    lang: &str,
    screen: &str,
) -> Result<Target, Box<Diagnostic>> {
    let file = format!("municipalities/{slug}.toml");
    let refuse =
        |message: String, hint: String| Box::new(Diagnostic::error(&file, message).hint(hint));
    for (what, value) in [("guide", guide), ("language", lang), ("screen", screen)] {
        if !is_slug(value) {
            return Err(refuse(
                format!("`{value}` is not a {what} of the project"),
                "choose the screen from the municipality's form page".to_string(),
            ));
        }
    }
    let entry = loaded.entries.iter().find(|e| e.slug == slug);
    let Some(Ok((m, locals))) = entry.map(|e| &e.result) else {
        return Err(refuse(
            format!("the municipality `{slug}` did not load"),
            "fix the errors `opas check` shows first".to_string(),
        ));
    };
    let published: Vec<&str> = m.guides.iter().map(|t| t.guide.as_str()).collect();
    let Some(table) = m.guides.iter().find(|t| t.guide == guide) else {
        return Err(refuse(
            format!("the municipality does not publish the guide `{guide}`"),
            format!("its guides are: {}", published.join(", ")),
        ));
    };
    let Some(index) = table.languages.iter().position(|l| l == lang) else {
        return Err(refuse(
            format!("the guide `{guide}` is not published in `{lang}`"),
            format!("its languages are: {}", table.languages.join(", ")),
        ));
    };
    let content = loaded.contents.get(guide).and_then(|c| c.get(lang));
    if !content.is_some_and(|c| c.screens.contains_key(screen)) {
        let known: Vec<&str> = content
            .map(|c| c.screens.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let hint = match closest(screen, &known) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("its screens are: {}", known.join(", ")),
        };
        return Err(refuse(
            format!("the guide `{guide}` has no screen `{screen}` in `{lang}`"),
            hint,
        ));
    }
    let mut dir = PathBuf::from("municipalities")
        .join(slug)
        .join(guide)
        .join("screenshots");
    if index > 0 {
        dir.push(lang);
    }
    let others = locals
        .iter()
        .flat_map(|((g, l), files)| {
            files
                .screenshots
                .iter()
                .filter(move |(id, _)| !(g == guide && l == lang && id.as_str() == screen))
        })
        .map(|(_, shot)| {
            std::fs::symlink_metadata(loaded.root.join(&shot.source)).map_or(0, |m| m.len())
        })
        .sum();
    Ok(Target {
        dir,
        screen: screen.to_string(),
        others,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::project::{load, repository_copy};
    use std::path::Path;

    fn png() -> Vec<u8> {
        let image = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 7]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(image)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn the_place_follows_the_language_and_counts_the_other_screens_files() {
        let dir = repository_copy();
        let shots = dir
            .path()
            .join("municipalities/kokkola/kayttajatunnusmuutos/screenshots");
        std::fs::create_dir_all(&shots).unwrap();
        let bytes = png();
        std::fs::write(shots.join("front-page.png"), &bytes).unwrap();
        let loaded = load(dir.path(), Some(&["kokkola".to_string()]));
        let g = "kayttajatunnusmuutos";
        let first = target(&loaded, "kokkola", g, "fi", "username").unwrap();
        assert_eq!(
            first.dir,
            Path::new("municipalities/kokkola/kayttajatunnusmuutos/screenshots")
        );
        assert_eq!(first.others, bytes.len() as u64);
        let same = target(&loaded, "kokkola", g, "fi", "front-page").unwrap();
        assert_eq!(same.others, 0, "the file it replaces is not counted");
        let sv = target(&loaded, "kokkola", g, "sv", "username").unwrap();
        assert!(sv.dir.ends_with("screenshots/sv"));
    }

    #[test]
    fn only_what_the_project_has_is_a_place() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = load(root, Some(&["kokkola".to_string()]));
        let g = "kayttajatunnusmuutos";
        for (slug, guide, lang, screen) in [
            ("kokkola", g, "fi", "usernam"),
            ("kokkola", "olematon", "fi", "username"),
            ("kokkola", g, "de", "username"),
            ("kokkola", "..", "fi", "username"),
            ("kokkola", g, "fi/../..", "username"),
            ("kokkola", g, "fi", "a/b"),
            ("espoo", g, "fi", "username"),
        ] {
            let refused = target(&loaded, slug, guide, lang, screen);
            assert!(refused.is_err(), "{slug} {guide} {lang} {screen}");
        }
        let hint = target(&loaded, "kokkola", g, "fi", "usernam")
            .unwrap_err()
            .hint;
        assert_eq!(hint.as_deref(), Some("did you mean `username`?"));
    }
}
