//! What a guide's author meets while writing a guide and its municipalities' tables: each
//! error located where it is and reported once, help that leads to a file that checks, and
//! the commands' counts, warnings and exit statuses.

use std::path::Path;

use crate::common::{MINIMAL, opas, project, project_with_references, stderr};

/// Appends `text` to the file `rel` of the project at `root`.
fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let mut body = std::fs::read_to_string(&path).unwrap();
    body.push_str(text);
    std::fs::write(path, body).unwrap();
}

/// Runs `check`; returns whether it passed and its standard error.
fn check(root: &Path) -> (bool, String) {
    let run = opas(root, &["check"]);
    (run.status.success(), stderr(&run))
}

const STEP: &str = "content/kaksivaihe/fi/steps/20-app.md";

#[test]
fn a_screen_inside_text_is_located_at_the_screen_once() {
    let project = project_with_references();
    append(
        project.path(),
        STEP,
        "\n\nKatso ![Ikkuna](screen:login) tästä.\n",
    );
    let (passed, err) = check(project.path());
    assert!(!passed, "{err}");
    assert_eq!(
        err.matches("a screen must stand on a line of its own")
            .count(),
        1,
        "{err}"
    );
    let at = err
        .lines()
        .find(|l| l.contains("┌─ content/kaksivaihe/fi/steps/20-app.md:"))
        .unwrap_or_else(|| panic!("located in the step: {err}"));
    assert!(at.ends_with(":7"), "at the screen, column 7: {at}");
    assert!(
        err.contains("Katso ![Ikkuna](screen:login) tästä."),
        "{err}"
    );
}

#[test]
fn an_unknown_screen_is_reported_once_for_every_municipality() {
    let project = project_with_references();
    append(project.path(), STEP, "\n\n![Ikkuna](screen:nosuch)\n");
    let (passed, err) = check(project.path());
    assert!(!passed, "{err}");
    assert_eq!(err.matches("unknown screen `nosuch`").count(), 1, "{err}");
    assert!(err.contains("(found for 5 municipalities)"), "{err}");
    assert!(err.contains("; 1 error, "), "{err}");
    let build = opas(project.path(), &["build"]);
    let build_err = stderr(&build);
    assert!(!build.status.success());
    assert_eq!(
        build_err.matches("unknown screen `nosuch`").count(),
        1,
        "{build_err}"
    );
}

#[test]
fn a_value_present_but_invalid_is_not_also_missing() {
    let file = MINIMAL.replace("\"reset\"", "\"rest\"");
    let project = project(&[("municipalities/pori.toml", file.as_bytes())]);
    let (passed, err) = check(project.path());
    assert!(!passed);
    assert!(err.contains("`rest` is not a value"), "{err}");
    assert!(!err.contains("has no `passwords`"), "{err}");
    assert!(err.contains("; 1 error, "), "{err}");
}

#[test]
fn a_date_in_quotes_gets_the_line_as_written_in_its_table() {
    let file =
        format!("{MINIMAL}\n[kaksivaihe]\ndate = 2026-05-04\nmandatory_from = \"31.8.2026\"\n");
    let project = project(&[("municipalities/pori.toml", file.as_bytes())]);
    let (passed, err) = check(project.path());
    assert!(!passed);
    assert!(
        err.contains(
            "write the date as year-month-day without quotes: mandatory_from = 2026-08-31"
        ),
        "{err}"
    );
    assert!(
        !err.contains("kaksivaihe.mandatory_from ="),
        "no dotted key: {err}"
    );
    // The line as the help writes it checks.
    let fixed = file.replace("\"31.8.2026\"", "2026-08-31");
    std::fs::write(project.path().join("municipalities/pori.toml"), fixed).unwrap();
    let (passed, err) = check(project.path());
    assert!(passed, "{err}");
}

/// A Swedish-only municipality publishing the two-step guide, made Finnish-only.
fn swedish_town_and_finnish_guide() -> tempfile::TempDir {
    let town = "name = \"Ruotsi\"\ngenitive = \"Ruotsin\"\nlanguages = [\"sv\"]\n\n\
[contact]\nemail = \"info@ruotsi.fi\"\n\n\
[kayttajatunnusmuutos]\ndate = 2018-03-01\npasswords = \"reset\"\n\n\
[kaksivaihe]\ndate = 2026-05-04\n";
    let project = project(&[("municipalities/ruotsi.toml", town.as_bytes())]);
    let guide = project.path().join("content/kaksivaihe");
    std::fs::remove_dir_all(guide.join("sv")).unwrap();
    std::fs::remove_dir_all(guide.join("en")).unwrap();
    let decl = std::fs::read_to_string(guide.join("guide.toml")).unwrap();
    let start = decl.find("[lang.sv]").unwrap();
    let end = decl.find("# What each").unwrap();
    let decl = format!("{}{}", &decl[..start], &decl[end..]).replace(
        "languages = [\"fi\", \"sv\", \"en\"]",
        "languages = [\"fi\"]",
    );
    std::fs::write(guide.join("guide.toml"), decl).unwrap();
    project
}

#[test]
fn a_guide_in_none_of_the_municipalitys_languages_gets_help_that_holds() {
    let project = swedish_town_and_finnish_guide();
    let (passed, err) = check(project.path());
    assert!(!passed);
    assert!(
        err.contains("the guide `kaksivaihe` is not written in `sv`"),
        "{err}"
    );
    assert!(
        err.contains(
            "add content/kaksivaihe/sv/ and \"sv\" to `languages` in content/kaksivaihe/guide.toml"
        ),
        "{err}"
    );
    assert!(err.contains("or remove the [kaksivaihe] table"), "{err}");
    assert!(
        !err.contains("languages = [\"fi\"]"),
        "no advice that fails: {err}"
    );
    // Following the help: the table removed, the file checks.
    let path = project.path().join("municipalities/ruotsi.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept = &text[..text.find("[kaksivaihe]").unwrap()];
    std::fs::write(&path, kept).unwrap();
    let (passed, err) = check(project.path());
    assert!(passed, "{err}");
}

#[test]
fn list_fails_on_errors_and_counts_one_error() {
    let file = MINIMAL.replace("\"reset\"", "\"rest\"");
    let project = project(&[("municipalities/pori.toml", file.as_bytes())]);
    let run = opas(project.path(), &["list"]);
    assert!(!run.status.success(), "{}", stderr(&run));
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.trim_end().ends_with("\t1 error"), "{out}");
}

#[test]
fn list_fails_when_a_guides_content_fails() {
    let project = project_with_references();
    append(project.path(), STEP, "\n\n![Ikkuna](screen:nosuch)\n");
    let run = opas(project.path(), &["list"]);
    assert!(!run.status.success(), "{}", stderr(&run));
}

#[test]
fn build_says_which_municipality_does_not_publish_the_guide() {
    let project = project_with_references();
    std::fs::write(project.path().join("municipalities/testi.toml"), MINIMAL).unwrap();
    let alone = opas(
        project.path(),
        &["build", "--guide", "kaksivaihe", "--only", "testi"],
    );
    let err = stderr(&alone);
    assert!(!alone.status.success(), "nothing was built: {err}");
    assert!(
        err.contains("error: `testi` does not publish `kaksivaihe`, so nothing was built for it"),
        "{err}"
    );
    assert!(err.contains("municipalities/testi.toml"), "{err}");
    let with_pori = opas(
        project.path(),
        &["build", "--guide", "kaksivaihe", "--only", "testi,pori"],
    );
    let err = stderr(&with_pori);
    assert!(with_pori.status.success(), "pori's guide was built: {err}");
    assert!(
        err.contains("warning: `testi` does not publish `kaksivaihe`"),
        "{err}"
    );
}

#[test]
fn screen_items_written_wrong_say_how_to_write_them() {
    let project = project_with_references();
    let screens = project.path().join("content/kaksivaihe/fi/screens.toml");
    let text = std::fs::read_to_string(&screens).unwrap();
    std::fs::write(&screens, text.replacen("{ notice =", "{ notise =", 1)).unwrap();
    let (passed, err) = check(project.path());
    assert!(!passed);
    assert!(err.contains("unknown variant `notise`"), "{err}");
    assert!(err.contains("did you mean `notice`?"), "{err}");
    let two = text.replacen("{ notice =", "{ text = \"x\", notice =", 1);
    std::fs::write(&screens, two).unwrap();
    let (passed, err) = check(project.path());
    assert!(!passed);
    assert!(err.contains("two kinds are two items"), "{err}");
}

#[test]
fn check_warns_of_a_schema_that_no_longer_describes_the_guides() {
    let project = project_with_references();
    let (passed, err) = check(project.path());
    assert!(passed && !err.contains("schema"), "{err}");
    append(
        project.path(),
        "content/kaksivaihe/guide.toml",
        "\n[params.notice]\ntype = \"text\"\ndefault = \"x\"\ndescription.fi = \"x\"\n\
description.sv = \"x\"\ndescription.en = \"x\"\n",
    );
    let (passed, err) = check(project.path());
    assert!(passed, "a warning only: {err}");
    assert!(
        err.contains("write it again with `opas schema > municipalities/schema.json`"),
        "{err}"
    );
    let schema = opas(project.path(), &["schema"]);
    assert!(schema.status.success());
    std::fs::write(
        project.path().join("municipalities/schema.json"),
        &schema.stdout,
    )
    .unwrap();
    let (passed, err) = check(project.path());
    assert!(passed && !err.contains("schema"), "{err}");
}

#[test]
fn a_valid_date_in_quotes_is_read_with_a_warning_at_its_place() {
    let project = project_with_references();
    let file = project.path().join("municipalities/pori.toml");
    let old = std::fs::read_to_string(&file).unwrap();
    let new = old.replacen("date = 2018-03-01", "date = \"2018-03-01\"", 1);
    assert_ne!(old, new);
    std::fs::write(&file, new).unwrap();
    let (passed, err) = check(project.path());
    assert!(passed, "{err}");
    assert!(err.contains("`date` is a date written in quotes"), "{err}");
    assert!(err.contains("municipalities/pori.toml:17:8"), "{err}");
    assert!(
        err.contains("without quotes, as a TOML date: date = 2018-03-01"),
        "{err}"
    );
    assert!(err.contains("0 errors, 1 warning"), "{err}");
}
