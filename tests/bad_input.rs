//! Bad input: every error is located (file, line, column, caret, hint), exits 1,
//! never panics, and leaves no partial output.

mod common;

use common::{MINIMAL, files_under, opas, project, stderr};

/// Runs `opas check` on a project with one municipality file and returns stderr.
fn check_one(contents: &[u8]) -> String {
    let dir = project(&[("municipalities/testi.toml", contents)]);
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "exit status 1 expected:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("municipalities/testi.toml"),
        "names the file:\n{err}"
    );
    assert!(err.contains("help:"), "says what to do:\n{err}");
    assert!(!dir.path().join("output").exists(), "check writes nothing");
    err
}

fn located(err: &str, line: usize, column: usize) {
    let at = format!("municipalities/testi.toml:{line}:{column}");
    assert!(err.contains(&at), "expected {at}:\n{err}");
    assert!(err.contains('^'), "shows a caret:\n{err}");
}

#[test]
fn toml_syntax_error() {
    let err = check_one(b"name = \"Pori\ngenitive = \"Porin\"\n");
    located(&err, 1, 13);
}

#[test]
fn missing_field() {
    let err = check_one(MINIMAL.replace("genitive = \"Porin\"\n", "").as_bytes());
    assert!(err.contains("missing field `genitive`"), "{err}");
    assert!(err.contains("add `genitive = …`"), "{err}");
}

#[test]
fn wrong_type() {
    let err = check_one(MINIMAL.replace("\"Porin\"", "5").as_bytes());
    assert!(err.contains("invalid type"), "{err}");
    located(&err, 2, 12);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let err = check_one(MINIMAL.replace("genitive", "genetive").as_bytes());
    assert!(err.contains("did you mean `genitive`?"), "{err}");
    located(&err, 2, 1);
}

#[test]
fn unknown_key_in_a_table() {
    let err = check_one(MINIMAL.replace("illative", "ilative").as_bytes());
    assert!(err.contains("did you mean `illative`?"), "{err}");
    located(&err, 8, 1);
}

#[test]
fn impossible_date() {
    let err = check_one(MINIMAL.replace("2018-03-01", "2023-02-30").as_bytes());
    located(&err, 3, 8);
    assert!(
        err.contains("2018-12-14"),
        "shows the expected form:\n{err}"
    );
}

#[test]
fn impossible_date_as_text() {
    let err = check_one(MINIMAL.replace("2018-03-01", "\"14.12.2018\"").as_bytes());
    assert!(err.contains("`14.12.2018` is not a valid date"), "{err}");
    located(&err, 3, 8);
}

#[test]
fn unknown_variant() {
    let err = check_one(MINIMAL.replace("\"reset\"", "\"resett\"").as_bytes());
    assert!(err.contains("expected `reset` or `preserved`"), "{err}");
    located(&err, 4, 11);
}

#[test]
fn impossible_change_month() {
    let err = check_one(
        MINIMAL
            .replace("variant", "changed = \"2018-13\"\nvariant")
            .as_bytes(),
    );
    assert!(err.contains("not a year and month"), "{err}");
    located(&err, 4, 11);
}

#[test]
fn empty_file() {
    let err = check_one(b"");
    assert!(err.contains("the municipality file is empty"), "{err}");
}

#[test]
fn non_utf8_bytes() {
    let err = check_one(b"name = \"P\xe4ori\"\n");
    assert!(err.contains("not valid UTF-8"), "{err}");
    located(&err, 1, 10);
}

#[test]
fn byte_order_mark_is_accepted() {
    let dir = project(&[(
        "municipalities/testi.toml",
        &[b"\xEF\xBB\xBF", MINIMAL.as_bytes()].concat(),
    )]);
    let run = opas(dir.path(), &["check"]);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn invalid_email_and_phone_are_reported_together() {
    let text = MINIMAL
        .replace("asiakaspalvelu@pori.fi", "asiakaspalvelu at pori")
        .replace("[contact]\n", "[contact]\nphone = \"soita meille\"\n");
    let err = check_one(text.as_bytes());
    assert!(err.contains("is not an e-mail address"), "{err}");
    assert!(err.contains("does not look like a phone number"), "{err}");
}

#[test]
fn contact_without_illative() {
    let err = check_one(
        MINIMAL
            .replace("illative = \"asiakaspalveluun\"\n", "")
            .as_bytes(),
    );
    assert!(err.contains("no illative form"), "{err}");
}

#[test]
fn bad_slug_is_named() {
    let dir = project(&[("municipalities/Pori.toml", MINIMAL.as_bytes())]);
    let run = opas(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("lower-case ASCII"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn all_errors_of_a_run_at_once() {
    let dir = project(&[
        (
            "municipalities/yksi.toml",
            MINIMAL.replace("genitive", "genetive").as_bytes(),
        ),
        (
            "municipalities/kaksi.toml",
            MINIMAL.replace("2018-03-01", "2023-02-30").as_bytes(),
        ),
    ]);
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1));
    assert!(err.contains("municipalities/yksi.toml:2:1"), "{err}");
    assert!(err.contains("municipalities/kaksi.toml:3:8"), "{err}");
}

#[test]
fn tera_error_in_content_names_the_content_file_and_line() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let step = dir.path().join("content/fi/steps/25-front-page.md");
    let text = std::fs::read_to_string(&step).unwrap();
    std::fs::write(&step, format!("{text}\nRivi {{{{ m.name | }}}} loppu.\n")).unwrap();
    let line = text.lines().count() + 2;
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("content/fi/steps/25-front-page.md:{line}:")),
        "{err}"
    );
}

#[test]
fn unknown_variable_in_content_is_located() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let step = dir.path().join("content/fi/steps/25-front-page.md");
    std::fs::write(&step, "Teksti {{ m.nimi }}.\n").unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/fi/steps/25-front-page.md:1:11"),
        "{err}"
    );
}

#[test]
fn override_of_an_unknown_step_suggests_the_name() {
    let dir = project(&[
        ("municipalities/testi.toml", MINIMAL.as_bytes()),
        (
            "municipalities/testi/fi/steps/30-username-rest.md",
            b"Teksti.\n",
        ),
    ]);
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("did you mean `30-username-reset.md`?"),
        "{err}"
    );
}

#[test]
fn missing_theme_template_is_an_error() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    std::fs::remove_file(dir.path().join("themes/default/templates/guide.html")).unwrap();
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("guide.html"), "{err}");
    assert!(
        files_under(&out).iter().all(|f| !f.ends_with("index.html")),
        "nothing half-built"
    );
}

#[test]
fn one_broken_municipality_does_not_stop_the_others() {
    let dir = project(&[
        ("municipalities/hyva.toml", MINIMAL.as_bytes()),
        (
            "municipalities/rikki.toml",
            MINIMAL.replace("2018-03-01", "2018-02-31").as_bytes(),
        ),
    ]);
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("municipalities/rikki.toml:3:8"), "{err}");
    assert!(
        err.contains("failed: rikki"),
        "names the broken one:\n{err}"
    );
    let files = files_under(&out);
    assert!(files.contains(&"hyva/index.html".to_string()), "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("rikki")), "{files:?}");
    assert!(!files.iter().any(|f| f.contains(".tmp")), "{files:?}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"hyva\"") && !manifest.contains("\"rikki\""),
        "{manifest}"
    );
}

#[test]
fn output_folder_that_is_a_file() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let out = dir.path().join("output");
    std::fs::write(&out, "not a folder").unwrap();
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("not a folder"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "not a folder",
        "the file is kept"
    );
}
