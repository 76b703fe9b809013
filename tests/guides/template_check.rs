//! A guide's templates checked against its declaration with no municipality reaching them
//! (issue 22, item 1): an unknown variable, a misspelt field, a comparison with a value the
//! choice does not declare are errors of the step at their line and column.

use crate::common::{opas, project_with_references, stderr};

const STEP: &str = "content/kayttajatunnusmuutos/fi/steps/99-extra.md";

/// The project with every municipality removed and `step` added: check's output.
fn check_without_municipalities(step: &str) -> (bool, String) {
    let project = project_with_references();
    let root = project.path();
    let dir = root.join("municipalities");
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else if path.extension().is_some_and(|e| e == "toml") {
            std::fs::remove_file(&path).unwrap();
        }
    }
    for lang in ["fi", "sv", "en"] {
        std::fs::write(root.join(STEP.replace("/fi/", &format!("/{lang}/"))), step).unwrap();
    }
    let output = opas(root, &["check"]);
    (output.status.success(), stderr(&output))
}

#[test]
fn an_unknown_variable_is_found_with_no_municipality_reaching_it() {
    let (ok, text) = check_without_municipalities(
        "+++\nwhen = { passwords = \"reset\" }\n+++\nAlkaa {{ start_date }}.\n",
    );
    assert!(!ok, "{text}");
    assert!(text.contains(&format!("{STEP}:4:10")), "{text}");
    assert!(text.contains("unknown variable `start_date`"), "{text}");
}

#[test]
fn a_misspelt_field_gets_a_did_you_mean() {
    let (ok, text) = check_without_municipalities("{{ m.genetive }} {{ org.furst }}\n");
    assert!(!ok, "{text}");
    assert!(text.contains(&format!("{STEP}:1:4")), "{text}");
    assert!(text.contains("did you mean `m.genitive`?"), "{text}");
    assert!(text.contains("did you mean `org.first`?"), "{text}");
}

#[test]
fn a_comparison_with_an_undeclared_choice_value_is_an_error() {
    let (ok, text) = check_without_municipalities(
        "{% if passwords == \"reseted\" %}Uusi salasana.{% endif %}\n",
    );
    assert!(!ok, "{text}");
    assert!(text.contains(&format!("{STEP}:1:20")), "{text}");
    assert!(text.contains("`passwords` is never \"reseted\""), "{text}");
    assert!(text.contains("did you mean \"reset\"?"), "{text}");
}

#[test]
fn loop_and_set_variables_and_declared_parameters_are_fine() {
    let (ok, text) = check_without_municipalities(
        "{% set n = m.name %}{{ n }} {% for x in [1, 2] %}{{ x }}{{ loop.index }}{% endfor %}\
         {% if passwords == \"reset\" %}{{ contact.phone }}{% endif %}\n",
    );
    assert!(ok, "{text}");
}
