//! Changes that are the same grouped together: one group per signature (the same
//! words, the same structure, the same files), largest group first.

use std::collections::HashMap;

use crate::compose::diff::model::{Group, Layers, Named};

/// The changed guides grouped by the signature of their change; the first guide of a
/// group (in the order given) is its example and keeps its page pictures.
pub fn group(changes: Vec<(Named, Layers)>) -> Vec<Group> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for (named, layers) in changes {
        let signature = serde_json::to_string(&layers.signature()).unwrap_or_default();
        match index.get(&signature) {
            Some(&i) => groups[i].guides.push(named),
            None => {
                index.insert(signature, groups.len());
                groups.push(Group {
                    guides: vec![named.clone()],
                    example: named,
                    layers,
                });
            }
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.guides.len()));
    groups
}

/// The guides of a group listed compactly: per guide and language, the municipalities.
pub fn affected(guides: &[Named]) -> Vec<(String, String, Vec<String>)> {
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    for g in guides {
        let k = &g.key;
        match out
            .iter_mut()
            .find(|(guide, lang, _)| *guide == k.guide && *lang == k.lang)
        {
            Some((_, _, ms)) => ms.push(k.municipality.clone()),
            None => out.push((
                k.guide.clone(),
                k.lang.clone(),
                vec![k.municipality.clone()],
            )),
        }
    }
    for (_, _, ms) in &mut out {
        ms.sort();
        ms.dedup();
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::diff::model::{Hunk, Key};

    fn named(m: &str, lang: &str) -> Named {
        Named {
            key: Key {
                municipality: m.into(),
                guide: "kaksivaihe".into(),
                lang: lang.into(),
            },
            title: "Ohje".into(),
        }
    }

    fn words(removed: &str, added: &str) -> Layers {
        Layers {
            html: true,
            pdf: true,
            words: vec![Hunk {
                before: vec!["avaa".into()],
                removed: vec![removed.into()],
                added: vec![added.into()],
                after: vec![],
            }],
            ..Layers::default()
        }
    }

    #[test]
    fn the_same_change_is_one_group() {
        let groups = group(vec![
            (named("pori", "fi"), words("sivu", "näkymä")),
            (named("espoo", "sv"), words("sidan", "vyn")),
            (named("espoo", "fi"), words("sivu", "näkymä")),
            (named("heinola", "fi"), words("sivu", "näkymä")),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].guides.len(), 3);
        assert_eq!(groups[0].example.key.municipality, "pori");
        assert_eq!(groups[1].guides.len(), 1);
        assert_eq!(
            affected(&groups[0].guides),
            vec![(
                "kaksivaihe".to_string(),
                "fi".to_string(),
                vec![
                    "espoo".to_string(),
                    "heinola".to_string(),
                    "pori".to_string()
                ]
            )]
        );
    }

    #[test]
    fn the_context_of_the_same_words_does_not_split_a_group() {
        let mut other = words("sivu", "näkymä");
        other.words[0].before = vec!["Espoon".into()];
        let groups = group(vec![
            (named("pori", "fi"), words("sivu", "näkymä")),
            (named("espoo", "fi"), other),
        ]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].layers.words[0].before, ["avaa"]);
    }

    #[test]
    fn pictures_do_not_split_a_group() {
        let mut with_page = words("a", "b");
        with_page.pages.push(crate::compose::diff::model::Page {
            page: 1,
            regions: vec![],
            old: None,
            new: None,
        });
        let groups = group(vec![
            (named("pori", "fi"), with_page),
            (named("espoo", "fi"), words("a", "b")),
        ]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].layers.pages.len(), 1);
    }
}
