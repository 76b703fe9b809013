//! Any language as a municipality's first (issue 22, item 5): the genitive and the
//! contact's illative are asked for only where a text that uses them is published,
//! `[lang.<first>]` is accepted, and an address pattern can be given per language.

use crate::common::{GUIDE, MINIMAL, opas, project, stderr};

/// A Swedish-only municipality with a person, no genitive and no illative.
const SWEDISH: &str = r#"name = "Karleby"
languages = ["sv"]

[contact]
person = "Sampsa Sundqvist"
email_pattern = "fornamn.efternamn@karleby.fi"

[lang.sv.contact]
title = "tillståndsrådgivare"

[kayttajatunnusmuutos]
date = 2023-09-01
passwords = "reset"
"#;

fn page(root: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("output").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_swedish_only_municipality_builds_without_finnish_forms() {
    let dir = project(&[("municipalities/karleby.toml", SWEDISH.as_bytes())]);
    let run = opas(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = page(dir.path(), &format!("karleby/{GUIDE}/index.html"));
    assert!(html.contains("lang=\"sv\""), "{html}");
    assert!(html.contains("Karleby stad"), "{html}");
    assert!(
        html.contains("tillståndsrådgivare Sampsa Sundqvist"),
        "the [lang.sv] title of the first language is used: {html}"
    );
    assert!(html.contains("fornamn.efternamn(@)karleby.fi"), "{html}");
    assert!(
        !dir.path()
            .join(format!("output/karleby/{GUIDE}/sv"))
            .exists()
    );
    assert!(opas(dir.path(), &["check"]).status.success());
}

#[test]
fn a_finnish_text_published_later_asks_for_its_forms_under_its_table() {
    let text = SWEDISH.replace("languages = [\"sv\"]", "languages = [\"sv\", \"fi\"]");
    let dir = project(&[("municipalities/karleby.toml", text.as_bytes())]);
    for command in ["check", "build"] {
        let run = opas(dir.path(), &[command]);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(
            err.contains("missing field `genitive`: the guide `kayttajatunnusmuutos` in `fi`"),
            "{err}"
        );
        assert!(err.contains("under [lang.fi]"), "{err}");
        assert!(
            err.contains("the contact has no illative form in `fi`"),
            "{err}"
        );
        assert!(err.contains("municipalities/karleby.toml:2:13"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let fixed = format!(
        "{text}\n[lang.fi]\nname = \"Kokkola\"\ngenitive = \"Kokkolan\"\n\n[lang.fi.contact]\nillative = \"Sampsa Sundqvistiin\"\ntitle = \"lupaneuvoja\"\n"
    );
    std::fs::write(dir.path().join("municipalities/karleby.toml"), fixed).unwrap();
    let run = opas(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let fi = page(dir.path(), &format!("karleby/{GUIDE}/fi/index.html"));
    assert!(fi.contains("Kokkolan kaupunki"), "{fi}");
    assert!(fi.contains("lupaneuvoja Sampsa Sundqvistiin"), "{fi}");
}

#[test]
fn a_finnish_first_municipality_still_needs_the_genitive_at_the_name() {
    let text = MINIMAL.replace("genitive = \"Porin\"\n", "");
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    let err = stderr(&opas(dir.path(), &["check"]));
    assert!(err.contains("missing field `genitive`"), "{err}");
    assert!(err.contains("municipalities/pori.toml:1:8"), "{err}");
    assert!(err.contains("add `genitive = …`"), "{err}");
}

#[test]
fn an_address_pattern_is_given_per_language() {
    let text = MINIMAL
        .replace(
            "email = \"asiakaspalvelu@pori.fi\"",
            "email_pattern = \"etunimi.sukunimi@pori.fi\"",
        )
        .replacen("[contact]", "languages = [\"fi\", \"sv\"]\n\n[contact]", 1)
        + "\n[lang.sv]\nname = \"Björneborg\"\n\n[lang.sv.contact]\nemail_pattern = \"fornamn.efternamn@pori.fi\"\n";
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    let run = opas(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let fi = page(dir.path(), &format!("pori/{GUIDE}/index.html"));
    let sv = page(dir.path(), &format!("pori/{GUIDE}/sv/index.html"));
    assert!(fi.contains("etunimi.sukunimi(@)pori.fi"), "{fi}");
    assert!(!fi.contains("fornamn"), "{fi}");
    assert!(sv.contains("fornamn.efternamn(@)pori.fi"), "{sv}");
    assert!(!sv.contains("etunimi"), "{sv}");

    let bad = text.replace("fornamn.efternamn@pori.fi", "fornamn at pori");
    std::fs::write(dir.path().join("municipalities/pori.toml"), bad).unwrap();
    let err = stderr(&opas(dir.path(), &["check"]));
    assert!(
        err.contains("`fornamn at pori` is not an e-mail address"),
        "{err}"
    );
    assert!(err.contains("municipalities/pori.toml:19:17"), "{err}");
}
