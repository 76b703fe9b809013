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

#[test]
fn an_optional_parameter_needed_outside_a_guard_is_found_with_no_municipality() {
    // `changed` is optional and has no default: a municipality may leave it out.
    let (ok, text) = check_without_municipalities("Muuttui {{ changed }}.\n");
    assert!(!ok, "{text}");
    assert!(text.contains(&format!("{STEP}:1:12")), "{text}");
    assert!(
        text.contains("the optional parameter `changed` is needed here"),
        "{text}"
    );
    assert!(text.contains("{% if changed %}…{% endif %}"), "{text}");
    assert!(text.contains("when = { changed = true }"), "{text}");
}

#[test]
fn a_guard_a_default_or_a_condition_makes_an_optional_parameter_safe() {
    for step in [
        "Muuttui{% if changed %} {{ changed }}{% endif %}.\n",
        "Muuttui {{ changed | default(value=\"hiljattain\") }}.\n",
        "{% if changed is defined and passwords == \"reset\" %}{{ changed }}{% endif %}\n",
        "+++\nwhen = { changed = true }\n+++\nMuuttui {{ changed }}.\n",
    ] {
        let (ok, text) = check_without_municipalities(step);
        assert!(ok, "{step}: {text}");
    }
}

#[test]
fn a_comparison_of_an_optional_parameter_in_the_else_branch_is_found() {
    let (ok, text) = check_without_municipalities(
        "{% if changed %}x{% elif changed == \"2018-03\" %}y{% endif %}\n",
    );
    assert!(!ok, "{text}");
    assert!(text.contains("`changed` is needed here"), "{text}");
}

/// `opas check` on the reference project with no municipality, after `from` is replaced
/// by `to` in `file`; with the line `from` stands on.
fn check_edited(file: &str, from: &str, to: &str) -> (bool, String, usize) {
    let project = project_with_references();
    let root = project.path();
    let dir = root.join("municipalities");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir(&dir).unwrap();
    let path = root.join(file);
    let old = std::fs::read_to_string(&path).unwrap();
    assert_eq!(old.matches(from).count(), 1, "{from} in {file}");
    let line = old[..old.find(from).unwrap()].matches('\n').count() + 1;
    std::fs::write(&path, old.replace(from, to)).unwrap();
    let output = opas(root, &["check"]);
    (output.status.success(), stderr(&output), line)
}

#[test]
fn a_screen_text_is_checked_at_its_line_in_screens_toml() {
    let file = "content/kayttajatunnusmuutos/fi/screens.toml";
    let (ok, text, line) = check_edited(
        file,
        "{ title = \"Asiointipalvelu\" },",
        "{ title = \"{{ m.genetive }} asiointipalvelu\" },",
    );
    assert!(!ok, "{text}");
    assert!(text.contains(&format!("{file}:{line}:17")), "{text}");
    assert!(text.contains("did you mean `m.genitive`?"), "{text}");
}

#[test]
fn a_screen_text_needing_an_optional_parameter_is_checked_against_the_steps_showing_it() {
    let file = "content/kayttajatunnusmuutos/fi/screens.toml";
    let (ok, text, line) = check_edited(
        file,
        "{ title = \"Asiointipalvelu\" },",
        "{ title = \"Asiointipalvelu {{ changed }}\" },",
    );
    assert!(!ok, "{text}");
    assert!(text.contains("`changed` is needed here"), "{text}");
    assert!(text.contains(&format!("{file}:{line}:")), "{text}");
    let (ok, text, _) = check_edited(
        file,
        "{ title = \"Asiointipalvelu\" },",
        "{ title = \"Asiointipalvelu{% if changed %} {{ changed }}{% endif %}\" },",
    );
    assert!(ok, "a guard makes it safe: {text}");
}

#[test]
fn a_guide_title_is_checked_at_its_line_in_guide_toml() {
    let file = "content/kayttajatunnusmuutos/guide.toml";
    let (ok, text, line) = check_edited(
        file,
        "subtitle = \"Ohjeet palvelun käytölle jatkossa\"",
        "subtitle = \"Ohjeet {{ changed }} alkaen\"",
    );
    assert!(!ok, "{text}");
    assert!(text.contains(&format!("{file}:{line}:23")), "{text}");
    assert!(text.contains("`changed` is needed here"), "{text}");
    // A title is printed for every municipality: no step condition can help.
    assert!(!text.contains("when = {"), "{text}");
}

#[test]
fn a_municipality_own_step_is_checked_against_the_guide() {
    let project = project_with_references();
    let root = project.path();
    let file = "municipalities/pori/kayttajatunnusmuutos/fi/steps/30-username-reset.md";
    std::fs::write(
        root.join(file),
        "Porin {{ contact.emial }} ja {{ changed }}.\n",
    )
    .unwrap();
    let output = opas(root, &["check"]);
    let text = stderr(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains(&format!("{file}:1:10")), "{text}");
    assert!(text.contains("did you mean `contact.email`?"), "{text}");
    assert!(text.contains(&format!("{file}:1:33")), "{text}");
    // The other municipalities are still checked and fine.
    assert!(text.contains("4 fine, 1 with errors"), "{text}");
}

#[test]
fn a_failure_while_rendering_names_the_guide_language_and_municipality_it_stopped() {
    let project = project_with_references();
    let root = project.path();
    let step = |lang: &str| root.join(format!("content/kayttajatunnusmuutos/{lang}/steps/99-x.md"));
    std::fs::write(step("fi"), "x\n").unwrap();
    std::fs::write(step("en"), "x\n").unwrap();
    std::fs::write(
        step("sv"),
        "{% if passwords == \"reset\" %}{{ throw(message=\"boom\") }}{% endif %}\n",
    )
    .unwrap();
    let output = opas(root, &["check"]);
    let text = stderr(&output);
    assert!(!output.status.success(), "{text}");
    assert!(
        text.contains(
            "this stopped the `sv` guide `kayttajatunnusmuutos` of municipalities/kokkola.toml"
        ),
        "{text}"
    );
    assert!(
        text.contains("the tag failed with this municipality's values"),
        "{text}"
    );
}
