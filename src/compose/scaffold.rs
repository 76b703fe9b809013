//! The files of a new guide, as `opas new guide <id> --languages …` writes them: a commented
//! declaration, and in each language one screen and one step that shows it. Pure: the
//! texts only; `write::scaffold` puts them in place.

use crate::load::new_guide::Words;
use crate::load::params::basic_string;

/// The new guide's files, paths relative to its folder `content/<id>/`; `languages` are
/// known languages with their example texts, the first the reference; `shared` the shared
/// steps every one of them has.
pub fn guide_files(
    id: &str,
    languages: &[(String, Words)],
    shared: &[String],
) -> Vec<(String, String)> {
    let mut files = vec![("guide.toml".to_string(), declaration(id, languages, shared))];
    for (lang, words) in languages {
        files.push((format!("{lang}/screens.toml"), screens(id, words)));
        files.push((format!("{lang}/steps/10-start.md"), step(words)));
    }
    files
}

fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| basic_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn declaration(id: &str, languages: &[(String, Words)], shared: &[String]) -> String {
    let codes: Vec<String> = languages.iter().map(|(l, _)| l.clone()).collect();
    let mut out = format!(
        "# The declaration of the guide `{id}`, written by `opas new guide`. README.md, \"Guides\",\n\
         # explains each key; `opas check` checks the guide as you write it.\n\
         id = \"{id}\"\n\
         # The folder of the guide in the output: output/<municipality>/{id}/.\n\
         path = \"{id}\"\n\
         # The languages the guide is written in; the first is the reference every other follows:\n\
         # the same steps with the same `when`, the same screens with the same items.\n\
         languages = {}\n",
        quoted_list(&codes)
    );
    if shared.is_empty() {
        out.push_str("# The steps it shares with other guides, from content/languages/<lang>/steps/.\n# shared = [\"help\", \"contact\"]\n");
    } else {
        out.push_str(&format!(
            "# The steps it shares with other guides, from content/languages/<lang>/steps/.\nshared = {}\n",
            quoted_list(shared)
        ));
    }
    for (i, (lang, words)) in languages.iter().enumerate() {
        out.push_str(&lang_table(id, lang, words, i == 0));
    }
    out.push_str(&format!(
        "\n# The parameters each municipality gives in its [{id}] table besides the date; remove the\n\
         # comment signs and rename. Types: text, bool, date, year-month, choice (with values).\n\
         # [params.example]\n\
         # type = \"text\"\n\
         # default = \"…\"                # or default.<lang> = \"…\" for each language; or required = true\n"
    ));
    for lang in &codes {
        out.push_str(&format!("# description.{lang} = \"…\"\n"));
    }
    out
}

fn lang_table(id: &str, lang: &str, w: &Words, first: bool) -> String {
    let translate = if w.translate {
        format!("# TRANSLATE: the texts below are in English; write them in `{lang}`.\n")
    } else {
        String::new()
    };
    let path = if first {
        String::new()
    } else {
        format!("# path = \"{id}-{lang}\"          # optional: this language's own output folder\n")
    };
    format!(
        "\n[lang.{lang}]\n{translate}title = {}\nsubtitle = {}\npdf_file = {}\n{path}",
        basic_string(&w.title),
        basic_string(&w.subtitle),
        basic_string(&format!("{{{{ m.slug }}}}-{}.pdf", w.pdf))
    )
}

fn screens(id: &str, w: &Words) -> String {
    format!(
        "# The screens of the service, drawn as mock-ups until a municipality drops in its own\n\
         # screenshot as municipalities/<slug>/{id}/screenshots/<screen-id>.png (or .jpg).\n\
         # README.md, \"Screens\", lists the items and the styles they suit.\n\
         \n\
         [start]\n\
         style = \"dialog\"\n\
         items = [\n  {{ title = {} }},\n  {{ text = {} }},\n  {{ button = {} }},\n]\n",
        basic_string(&w.screen_title),
        basic_string(&w.screen_text),
        basic_string(&w.button)
    )
}

fn step(w: &Words) -> String {
    format!(
        "## {}\n\n{}\n\n![{}](screen:start)\n",
        w.heading, w.body, w.alt
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_gets_a_screen_and_a_step_and_a_table() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let langs: Vec<(String, Words)> = ["sv", "fi", "de"]
            .iter()
            .map(|l| {
                (
                    l.to_string(),
                    crate::load::new_guide::words(repo, l).unwrap(),
                )
            })
            .collect();
        let files = guide_files("katko", &langs, &["help".into()]);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "guide.toml",
                "sv/screens.toml",
                "sv/steps/10-start.md",
                "fi/screens.toml",
                "fi/steps/10-start.md",
                "de/screens.toml",
                "de/steps/10-start.md",
            ]
        );
        let decl = &files[0].1;
        assert!(
            decl.contains("languages = [\"sv\", \"fi\", \"de\"]"),
            "{decl}"
        );
        assert!(decl.contains("shared = [\"help\"]"), "{decl}");
        assert!(decl.contains("[lang.de]\n# TRANSLATE"), "{decl}");
        assert!(!decl.contains("[lang.sv]\n# TRANSLATE"), "{decl}");
        assert!(decl.contains("# path = \"katko-fi\""), "{decl}");
        assert!(
            !decl.contains("# path = \"katko-sv\""),
            "the first language: {decl}"
        );
        let parsed: toml::Table = toml::from_str(decl).unwrap();
        assert_eq!(parsed["id"].as_str(), Some("katko"));
    }
}
