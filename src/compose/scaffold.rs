//! The files of a new guide, as `opas new guide <id> --languages …` writes them: a commented
//! declaration, and in each language one screen and one step that shows it. Pure: the
//! texts only; `write::scaffold` puts them in place.

use crate::load::params::basic_string;

/// The example texts of one language; languages without their own get the English ones,
/// marked to translate.
struct Words {
    title: &'static str,
    subtitle: &'static str,
    pdf: &'static str,
    heading: &'static str,
    body: &'static str,
    alt: &'static str,
    screen_title: &'static str,
    screen_text: &'static str,
    button: &'static str,
}

const FI: Words = Words {
    title: "Uusi ohje",
    subtitle: "Ohjeen alaotsikko",
    pdf: "ohje",
    heading: "Aluksi",
    body: "Kirjoita tähän ohjeen ensimmäinen vaihe. {{ org.first | upper_first }} sähköisissä palveluissa …",
    alt: "Palvelun aloitussivu ja painike Jatka",
    screen_title: "Palvelun nimi",
    screen_text: "Näkymän teksti, sellaisena kuin palvelu sen näyttää.",
    button: "Jatka",
};

const SV: Words = Words {
    title: "Ny anvisning",
    subtitle: "Anvisningens underrubrik",
    pdf: "anvisning",
    heading: "Först",
    body: "Skriv anvisningens första steg här. I {{ org.first }} elektroniska tjänster …",
    alt: "Tjänstens startsida och knappen Fortsätt",
    screen_title: "Tjänstens namn",
    screen_text: "Vyns text, så som tjänsten visar den.",
    button: "Fortsätt",
};

const EN: Words = Words {
    title: "A new guide",
    subtitle: "The guide's subtitle",
    pdf: "guide",
    heading: "First",
    body: "Write the guide's first step here. In {{ org.first }} e-services …",
    alt: "The service's start page and the Continue button",
    screen_title: "The service's name",
    screen_text: "The screen's text, as the service shows it.",
    button: "Continue",
};

fn words(lang: &str) -> &'static Words {
    match lang {
        "fi" => &FI,
        "sv" => &SV,
        _ => &EN,
    }
}

/// The new guide's files, paths relative to its folder `content/<id>/`; `languages` are
/// known languages, the first the reference; `shared` the shared steps every one of them has.
pub fn guide_files(id: &str, languages: &[String], shared: &[String]) -> Vec<(String, String)> {
    let mut files = vec![("guide.toml".to_string(), declaration(id, languages, shared))];
    for lang in languages {
        files.push((format!("{lang}/screens.toml"), screens(id, lang)));
        files.push((format!("{lang}/steps/10-start.md"), step(lang)));
    }
    files
}

fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| basic_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn declaration(id: &str, languages: &[String], shared: &[String]) -> String {
    let mut out = format!(
        "# The declaration of the guide `{id}`, written by `opas new guide`. README.md, \"Guides\",\n\
         # explains each key; `opas check` checks the guide as you write it.\n\
         id = \"{id}\"\n\
         # The folder of the guide in the output: output/<municipality>/{id}/.\n\
         path = \"{id}\"\n\
         # The languages the guide is written in; the first is the reference every other follows:\n\
         # the same steps with the same `when`, the same screens with the same items.\n\
         languages = {}\n",
        quoted_list(languages)
    );
    if shared.is_empty() {
        out.push_str("# The steps it shares with other guides, from content/languages/<lang>/steps/.\n# shared = [\"help\", \"contact\"]\n");
    } else {
        out.push_str(&format!(
            "# The steps it shares with other guides, from content/languages/<lang>/steps/.\nshared = {}\n",
            quoted_list(shared)
        ));
    }
    for (i, lang) in languages.iter().enumerate() {
        out.push_str(&lang_table(id, lang, i == 0));
    }
    out.push_str(&format!(
        "\n# The parameters each municipality gives in its [{id}] table besides the date; remove the\n\
         # comment signs and rename. Types: text, bool, date, year-month, choice (with values).\n\
         # [params.example]\n\
         # type = \"text\"\n\
         # default = \"…\"                # or default.<lang> = \"…\" for each language; or required = true\n"
    ));
    for lang in languages {
        out.push_str(&format!("# description.{lang} = \"…\"\n"));
    }
    out
}

fn lang_table(id: &str, lang: &str, first: bool) -> String {
    let w = words(lang);
    let translate = if matches!(lang, "fi" | "sv" | "en") {
        String::new()
    } else {
        format!("# TRANSLATE: the texts below are in English; write them in `{lang}`.\n")
    };
    let path = if first {
        String::new()
    } else {
        format!("# path = \"{id}-{lang}\"          # optional: this language's own output folder\n")
    };
    format!(
        "\n[lang.{lang}]\n{translate}title = {}\nsubtitle = {}\npdf_file = \"{{{{ m.slug }}}}-{}.pdf\"\n{path}",
        basic_string(w.title),
        basic_string(w.subtitle),
        w.pdf
    )
}

fn screens(id: &str, lang: &str) -> String {
    let w = words(lang);
    format!(
        "# The screens of the service, drawn as mock-ups until a municipality drops in its own\n\
         # screenshot as municipalities/<slug>/{id}/screenshots/<screen-id>.png (or .jpg).\n\
         # README.md, \"Screens\", lists the items and the styles they suit.\n\
         \n\
         [start]\n\
         style = \"dialog\"\n\
         items = [\n  {{ title = {} }},\n  {{ text = {} }},\n  {{ button = {} }},\n]\n",
        basic_string(w.screen_title),
        basic_string(w.screen_text),
        basic_string(w.button)
    )
}

fn step(lang: &str) -> String {
    let w = words(lang);
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
        let langs = ["sv".to_string(), "fi".to_string(), "de".to_string()];
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
