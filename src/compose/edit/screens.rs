//! What each screen of a municipality's guides shows, per guide and language it publishes:
//! its screenshot, its drawn mock-up, or nothing. Pure: from what the load stage found.

use std::collections::{BTreeMap, BTreeSet};

use crate::compose::model::{Block, Document};

use crate::load::local::{GuideContent, Locals};
use crate::load::municipality::Municipality;

/// What a screen's figure shows now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// The municipality's screenshot: the file, relative to the project root.
    Screenshot(String),
    /// The drawn mock-up of the screen.
    Mockup,
    /// Neither: the figure is a placeholder until a screenshot comes.
    Nothing,
}

/// One screen and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenState {
    pub screen: String,
    pub shown: Shown,
    /// The municipality's guide in this language shows the screen: false when its values
    /// leave out every step that does (true when that is not known).
    pub used: bool,
}

/// The screens of one guide in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenList {
    pub guide: String,
    pub lang: String,
    pub screens: Vec<ScreenState>,
}

/// A list for each guide and language the municipality publishes (in its order), of the
/// guide's screens in that language.
pub fn lists(
    m: &Municipality,
    contents: &BTreeMap<String, GuideContent>,
    locals: &Locals,
) -> Vec<ScreenList> {
    let mut out = Vec::new();
    for table in &m.guides {
        for lang in &table.languages {
            let Some(content) = contents.get(&table.guide).and_then(|c| c.get(lang)) else {
                continue;
            };
            let screens: Vec<(&str, bool)> = content
                .screens
                .iter()
                .map(|(id, def)| (id.as_str(), def.has_mockup()))
                .collect();
            let shots: BTreeMap<&str, &str> = locals
                .get(&(table.guide.clone(), lang.clone()))
                .map(|f| {
                    f.screenshots
                        .iter()
                        .map(|(id, s)| (id.as_str(), s.source.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            out.push(list(&table.guide, lang, &screens, &shots));
        }
    }
    out
}

/// Marks each screen of `lists` that the municipality's composed guide in its language,
/// among `docs`, has no figure of; a guide and language not composed stays as it is.
pub fn mark_unused(lists: &mut [ScreenList], docs: &[Document]) {
    for list in lists {
        let Some(doc) = docs
            .iter()
            .find(|d| d.guide == list.guide && d.lang == list.lang)
        else {
            continue;
        };
        let mut shown = BTreeSet::new();
        Block::each_figure(&doc.blocks, &mut |figure| {
            shown.insert(figure.id.clone());
        });
        for state in &mut list.screens {
            state.used = shown.contains(&state.screen);
        }
    }
}

/// The list of `screens` (id, has a mock-up) of `guide` in `lang`, given the screenshot
/// files found, by screen.
pub fn list(
    guide: &str,
    lang: &str,
    screens: &[(&str, bool)],
    shots: &BTreeMap<&str, &str>,
) -> ScreenList {
    let screens = screens
        .iter()
        .map(|(id, mockup)| ScreenState {
            screen: id.to_string(),
            shown: match shots.get(id) {
                Some(file) => Shown::Screenshot(file.to_string()),
                None if *mockup => Shown::Mockup,
                None => Shown::Nothing,
            },
            used: true,
        })
        .collect();
    ScreenList {
        guide: guide.to_string(),
        lang: lang.to_string(),
        screens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_screenshot_wins_over_the_mock_up_and_a_screen_without_either_shows_nothing() {
        let shots = BTreeMap::from([("login", "municipalities/pori/g/screenshots/login.png")]);
        let got = list(
            "g",
            "fi",
            &[("login", true), ("code", true), ("qr", false)],
            &shots,
        );
        let shown: Vec<_> = got
            .screens
            .iter()
            .map(|s| (s.screen.as_str(), &s.shown))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "login",
                    &Shown::Screenshot("municipalities/pori/g/screenshots/login.png".into())
                ),
                ("code", &Shown::Mockup),
                ("qr", &Shown::Nothing),
            ]
        );
        assert_eq!((got.guide.as_str(), got.lang.as_str()), ("g", "fi"));
    }

    #[test]
    fn every_published_guide_and_language_is_listed_with_all_its_screens() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::project::load(root, Some(&["kokkola".to_string()]));
        let entry = loaded.entries.iter().find(|e| e.slug == "kokkola").unwrap();
        let (m, locals) = entry.result.as_ref().unwrap();
        let got = lists(m, &loaded.contents, locals);
        let pairs: Vec<_> = got
            .iter()
            .map(|l| (l.guide.as_str(), l.lang.as_str()))
            .collect();
        let published: Vec<_> = m
            .guides
            .iter()
            .flat_map(|t| t.languages.iter().map(|l| (t.guide.as_str(), l.as_str())))
            .collect();
        assert_eq!(pairs, published);
        assert_eq!(got[1].lang, "sv", "the second language too");
        let screens = &loaded.contents[&got[0].guide][&got[0].lang].screens;
        assert_eq!(got[0].screens.len(), screens.len());
        assert!(got[0].screens.iter().all(|s| s.shown == Shown::Mockup));
    }

    #[test]
    fn a_screen_the_municipality_s_values_leave_out_is_marked_unused() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut loaded = crate::load::project::load(root, Some(&["kokkola".to_string()]));
        let text = std::fs::read_to_string(root.join("municipalities/kokkola.toml")).unwrap();
        let used = |loaded: &mut crate::load::project::Loaded, text: &str| {
            let entry = crate::load::project::entry_from_text(loaded, "kokkola", text);
            let (m, locals) = entry.result.as_ref().unwrap();
            let composed = crate::compose::document::build_all(m, loaded, locals, None);
            let mut got = lists(m, &loaded.contents, locals);
            mark_unused(&mut got, &composed.docs);
            let list = got
                .into_iter()
                .find(|l| l.guide == "kayttajatunnusmuutos" && l.lang == "fi")
                .unwrap();
            list.screens
                .into_iter()
                .map(|s| (s.screen, s.used))
                .collect::<BTreeMap<_, _>>()
        };
        assert!(text.contains("passwords = \"reset\""));
        let reset = used(&mut loaded, &text);
        assert_eq!(reset.get("username"), Some(&true), "{reset:?}");
        let preserved = used(
            &mut loaded,
            &text.replace("passwords = \"reset\"", "passwords = \"preserved\""),
        );
        assert_eq!(preserved.get("username"), Some(&false), "{preserved:?}");
        assert_eq!(preserved.get("front-page"), Some(&true));
    }
}
