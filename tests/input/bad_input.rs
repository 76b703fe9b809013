//! Bad input: every error is located (file, line, column, caret, hint), exits 1,
//! never panics, and leaves no partial output.

use crate::common::{MINIMAL, files_under, opas, project, stderr};

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
    located(&err, 6, 1);
}

#[test]
fn impossible_date() {
    let err = check_one(MINIMAL.replace("2018-03-01", "2023-02-30").as_bytes());
    located(&err, 10, 8);
    assert!(
        err.contains("2018-12-14"),
        "shows the expected form:\n{err}"
    );
}

#[test]
fn impossible_date_as_text() {
    let err = check_one(MINIMAL.replace("2018-03-01", "\"14.12.2018\"").as_bytes());
    assert!(err.contains("`14.12.2018` is not a valid date"), "{err}");
    located(&err, 10, 8);
}

#[test]
fn unknown_variant() {
    let err = check_one(MINIMAL.replace("\"reset\"", "\"resett\"").as_bytes());
    assert!(err.contains("`resett` is not a value"), "{err}");
    assert!(err.contains("did you mean `reset`?"), "{err}");
    located(&err, 11, 13);
}

#[test]
fn impossible_change_month() {
    let err = check_one(
        MINIMAL
            .replace("passwords", "changed = \"2018-13\"\npasswords")
            .as_bytes(),
    );
    assert!(err.contains("not a year and month"), "{err}");
    located(&err, 11, 11);
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
    assert!(err.contains("municipalities/kaksi.toml:10:8"), "{err}");
}

#[test]
fn tera_error_in_content_names_the_content_file_and_line() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let step = dir
        .path()
        .join("content/kayttajatunnusmuutos/fi/steps/25-front-page.md");
    let text = std::fs::read_to_string(&step).unwrap();
    std::fs::write(&step, format!("{text}\nRivi {{{{ m.name | }}}} loppu.\n")).unwrap();
    let line = text.lines().count() + 2;
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "content/kayttajatunnusmuutos/fi/steps/25-front-page.md:{line}:"
        )),
        "{err}"
    );
}

#[test]
fn unknown_variable_in_content_is_located() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let step = dir
        .path()
        .join("content/kayttajatunnusmuutos/fi/steps/25-front-page.md");
    std::fs::write(&step, "Teksti {{ m.nimi }}.\n").unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/kayttajatunnusmuutos/fi/steps/25-front-page.md:1:11"),
        "{err}"
    );
}

#[test]
fn override_of_an_unknown_step_suggests_the_name() {
    let dir = project(&[
        ("municipalities/testi.toml", MINIMAL.as_bytes()),
        (
            "municipalities/testi/kayttajatunnusmuutos/fi/steps/30-username-rest.md",
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
    assert!(err.contains("municipalities/rikki.toml:10:8"), "{err}");
    assert!(
        err.contains("failed: rikki"),
        "names the broken one:\n{err}"
    );
    let files = files_under(&out);
    assert!(
        files.contains(&"hyva/kayttajatunnusmuutos/index.html".to_string()),
        "{files:?}"
    );
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

// ---- more of the corpus: issue 4 ----

/// A municipality file with `line` (1-based) replaced by `with`.
fn minimal_with_line(line: usize, with: &str) -> String {
    MINIMAL
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { with } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Asserts a run failed cleanly: exit 1 (not 101), no panic, a hint.
fn failed_cleanly(run: &std::process::Output) -> String {
    let err = stderr(run);
    assert_eq!(run.status.code(), Some(1), "exit status 1 expected:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("help:"), "says what to do:\n{err}");
    err
}

/// No temporary file anywhere under `out`, and nothing of `slug` when given.
fn no_partial_output(out: &std::path::Path, slug: Option<&str>) {
    let files = files_under(out);
    assert!(
        !files.iter().any(|f| f.ends_with(".tmp")),
        "temporary files left: {files:?}"
    );
    if let Some(slug) = slug {
        assert!(
            !files.iter().any(|f| f.starts_with(&format!("{slug}/"))),
            "the broken municipality's files: {files:?}"
        );
    }
    for f in files.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(html.trim_end().ends_with("</html>"), "{f} is complete");
    }
}

/// Builds a project with a good municipality `hyva` and the given files; the build must
/// fail, name `file` and build `hyva` all the same.
fn build_with_broken(files: &[(&str, &[u8])], file: &str, slug: &str) -> String {
    let mut all: Vec<(&str, &[u8])> = vec![("municipalities/hyva.toml", MINIMAL.as_bytes())];
    all.extend_from_slice(files);
    let dir = project(&all);
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = failed_cleanly(&run);
    assert!(err.contains(file), "names {file}:\n{err}");
    assert!(
        out.join("hyva/kayttajatunnusmuutos/index.html").exists(),
        "the good one is built"
    );
    no_partial_output(&out, Some(slug));
    err
}

#[test]
fn toml_unclosed_table_header() {
    let err = check_one(minimal_with_line(6, "[contact").as_bytes());
    assert!(err.contains("unclosed table"), "{err}");
    located(&err, 6, 9);
}

#[test]
fn toml_duplicate_key() {
    let err = check_one(minimal_with_line(2, "name = \"Porin\"").as_bytes());
    assert!(err.contains("duplicate key"), "{err}");
    located(&err, 2, 1);
}

#[test]
fn toml_bare_word_value() {
    let err = check_one(MINIMAL.replace("\"reset\"", "reset").as_bytes());
    assert!(err.contains("must be quoted"), "{err}");
    located(&err, 11, 13);
}

#[test]
fn toml_missing_equals_sign() {
    let err = check_one(
        MINIMAL
            .replace("name = \"Pori\"", "name \"Pori\"")
            .as_bytes(),
    );
    assert!(err.contains("expected `=`"), "{err}");
    located(&err, 1, 6);
}

#[test]
fn toml_invalid_escape() {
    let err = check_one(MINIMAL.replace("\"Porin\"", "\"Po\\qrin\"").as_bytes());
    assert!(err.contains("escape"), "{err}");
    located(&err, 2, 16);
}

#[test]
fn toml_inline_table_not_closed() {
    let text = MINIMAL.split("[contact]").next().unwrap().to_string()
        + "contact = { unit = \"x\", illative = \"y\", email = \"a@b.fi\"\n";
    let err = check_one(text.as_bytes());
    assert!(err.contains("unclosed inline table"), "{err}");
    located(&err, 4, 57);
}

#[test]
fn toml_array_not_closed() {
    let err = check_one(
        MINIMAL
            .replace("passwords = \"reset\"", "passwords = [\"reset\"")
            .as_bytes(),
    );
    assert!(err.contains("expected"), "{err}");
    located(&err, 11, 21);
}

#[test]
fn wrong_type_for_a_boolean() {
    let err = check_one(
        MINIMAL
            .replace("[contact]\n", "[contact]\nemail_guard = \"kyllä\"\n")
            .as_bytes(),
    );
    assert!(err.contains("invalid type"), "{err}");
    located(&err, 5, 15);
}

#[test]
fn table_given_as_text() {
    let text = MINIMAL.split("[contact]").next().unwrap().to_string() + "contact = \"Pori\"\n";
    let err = check_one(text.as_bytes());
    assert!(err.contains("invalid type"), "{err}");
    located(&err, 4, 11);
}

#[test]
fn missing_contact_table() {
    let text = MINIMAL.split("[contact]").next().unwrap();
    let err = check_one(text.as_bytes());
    assert!(err.contains("missing field `contact`"), "{err}");
}

#[test]
fn unknown_table_suggests_the_right_one() {
    let err = check_one(MINIMAL.replace("[contact]", "[kontakt]").as_bytes());
    assert!(err.contains("did you mean `[contact]`?"), "{err}");
    located(&err, 4, 2);
}

#[test]
fn date_with_a_time_of_day() {
    let err = check_one(
        MINIMAL
            .replace("2018-03-01", "2018-03-01T10:00:00")
            .as_bytes(),
    );
    assert!(err.contains("is not a valid date"), "{err}");
    located(&err, 10, 8);
}

#[test]
fn unknown_kind_suggests_the_closest() {
    let err = check_one(
        MINIMAL
            .replace("[contact]", "kind = \"kuntta\"\n\n[contact]")
            .as_bytes(),
    );
    assert!(err.contains("unknown variant `kuntta`"), "{err}");
    assert!(err.contains("did you mean `kunta`?"), "{err}");
    located(&err, 4, 8);
}

#[test]
fn unknown_header_service() {
    let err = check_one(
        MINIMAL
            .replace("[contact]", "[header]\nservice = \"nimetty\"\n\n[contact]")
            .as_bytes(),
    );
    assert!(err.contains("`named`, `generic`, `none`"), "{err}");
    located(&err, 5, 11);
}

// Languages: an unknown language is located with a suggestion; `lang` must be a table.
#[test]
fn unknown_language() {
    let err = check_one(
        MINIMAL
            .replace("[contact]", "languages = [\"fi\", \"sw\"]\n\n[contact]")
            .as_bytes(),
    );
    assert!(err.contains("unknown language `sw`"), "{err}");
    assert!(err.contains("did you mean `sv`?"), "{err}");
    located(&err, 4, 13);
}

#[test]
fn lang_must_be_a_table_of_languages() {
    let err = check_one(
        MINIMAL
            .replace("[contact]", "lang = \"sv\"\n\n[contact]")
            .as_bytes(),
    );
    assert!(err.contains("invalid type"), "{err}");
    located(&err, 4, 8);
}

#[test]
fn file_with_only_a_comment() {
    let err = check_one(b"# Pori, to be filled in\n");
    assert!(err.contains("missing field `name`"), "{err}");
}

#[test]
fn utf16_file_is_not_utf8() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in MINIMAL.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let err = check_one(&bytes);
    assert!(err.contains("not valid UTF-8"), "{err}");
    located(&err, 1, 1);
}

#[test]
fn tab_inside_a_value() {
    let err = check_one(MINIMAL.replace("\"Pori\"", "\"Po\\tri\"").as_bytes());
    assert!(err.contains("control character"), "{err}");
    located(&err, 1, 8);
}

#[test]
fn ten_megabyte_file_is_refused_quickly() {
    let mut big = MINIMAL.as_bytes().to_vec();
    big.extend(std::iter::repeat_n(b'#', 10 * 1024 * 1024));
    let started = std::time::Instant::now();
    let err = check_one(&big);
    assert!(err.contains("larger than the 256 KiB allowed"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

/// Slugs are lower-case file stems, so two files can only collide by the case of their
/// name or extension: `Pori.toml` is not a slug, and `pori.TOML` beside `pori.toml` is
/// refused (on a case-insensitive disk the two would be one file).
#[test]
fn colliding_slugs_by_case() {
    let err = build_with_broken(
        &[
            ("municipalities/pori.toml", MINIMAL.as_bytes()),
            ("municipalities/Pori.toml", MINIMAL.as_bytes()),
        ],
        "municipalities/Pori.toml",
        "Pori",
    );
    assert!(err.contains("lower-case ASCII"), "{err}");
}

#[test]
fn upper_case_extension_is_not_silently_ignored() {
    let err = build_with_broken(
        &[("municipalities/pori.TOML", MINIMAL.as_bytes())],
        "municipalities/pori.TOML",
        "pori",
    );
    assert!(err.contains("rename it to `pori.toml`"), "{err}");
}

#[test]
fn dot_file_slug() {
    let err = build_with_broken(
        &[("municipalities/..toml", MINIMAL.as_bytes())],
        "municipalities/..toml",
        ".",
    );
    assert!(
        err.contains("cannot be used as a municipality slug"),
        "{err}"
    );
}

#[test]
fn only_with_path_separators() {
    let dir = project(&[("municipalities/pori.toml", MINIMAL.as_bytes())]);
    let out = dir.path().join("output");
    let run = opas(
        dir.path(),
        &["build", "--only", "../pori", "--out", out.to_str().unwrap()],
    );
    let err = failed_cleanly(&run);
    assert!(err.contains("no municipality `../pori`"), "{err}");
    assert!(
        err.contains("municipalities/: pori"),
        "lists the slugs:\n{err}"
    );
    assert!(!out.join("index.html").exists(), "nothing built: {err}");
}

#[test]
fn screen_reference_with_dot_dot_in_own_step() {
    let err = build_with_broken(
        &[
            ("municipalities/testi.toml", MINIMAL.as_bytes()),
            (
                "municipalities/testi/kayttajatunnusmuutos/fi/steps/25-front-page.md",
                b"Teksti.\n\n![Kuva](screen:../../../etc/passwd)\n",
            ),
        ],
        "municipalities/testi/kayttajatunnusmuutos/fi/steps/25-front-page.md:3:1",
        "testi",
    );
    assert!(
        err.contains("unknown screen `../../../etc/passwd`"),
        "{err}"
    );
}

#[test]
fn screenshot_symlink_outside_the_project() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.png");
    std::fs::write(&secret, crate::common::png(10, 10)).unwrap();
    let dir = project(&[
        ("municipalities/hyva.toml", MINIMAL.as_bytes()),
        ("municipalities/testi.toml", MINIMAL.as_bytes()),
    ]);
    let shots = dir
        .path()
        .join("municipalities/testi/kayttajatunnusmuutos/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::os::unix::fs::symlink(&secret, shots.join("username.png")).unwrap();
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = failed_cleanly(&run);
    assert!(
        err.contains("municipalities/testi/kayttajatunnusmuutos/screenshots/username.png"),
        "{err}"
    );
    assert!(err.contains("outside the project folder"), "{err}");
    no_partial_output(&out, Some("testi"));
    assert!(out.join("hyva/kayttajatunnusmuutos/index.html").exists());
}

/// A screenshot that cannot be used is a warning: the guide is built with the mock-up.
fn broken_screenshot(name: &str, bytes: &[u8], expected: &str) {
    let dir = project(&[
        ("municipalities/testi.toml", MINIMAL.as_bytes()),
        (
            &format!("municipalities/testi/kayttajatunnusmuutos/screenshots/{name}"),
            bytes,
        ),
    ]);
    let out = dir.path().join("output");
    let started = std::time::Instant::now();
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = stderr(&run);
    assert!(run.status.success(), "a warning, not an error:\n{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("warning: ") && err.contains(expected), "{err}");
    assert!(
        err.contains(&format!(
            "municipalities/testi/kayttajatunnusmuutos/screenshots/{name}"
        )),
        "{err}"
    );
    assert!(err.contains("help:") && err.contains("mock-up"), "{err}");
    let html = std::fs::read_to_string(out.join("testi/kayttajatunnusmuutos/index.html")).unwrap();
    assert!(
        !html.contains("figure-screenshot"),
        "falls back to the mock-up"
    );
    assert!(!out.join("testi/screenshots").exists(), "nothing copied");
    no_partial_output(&out, None);
}

#[test]
fn corrupt_png_screenshot() {
    let mut png = crate::common::png(64, 64);
    let len = png.len();
    png[len / 2..len - 12].fill(0x55);
    broken_screenshot("username.png", &png, "the screenshot is damaged");
}

#[test]
fn png_declaring_50000_by_50000_pixels() {
    broken_screenshot(
        "username.png",
        &crate::common::png_declaring(50_000, 50_000),
        "declares 50000×50000 pixels",
    );
}

#[test]
fn truncated_jpeg_screenshot() {
    let jpeg = crate::common::jpeg(320, 240);
    broken_screenshot(
        "username.jpg",
        &jpeg[..jpeg.len() * 2 / 3],
        "the JPEG file is cut short",
    );
}

#[test]
fn text_file_named_png() {
    broken_screenshot(
        "username.png",
        b"<html>not a picture</html>",
        "not a PNG or JPEG image",
    );
}

#[test]
fn javascript_link_in_own_step() {
    let err = build_with_broken(
        &[
            ("municipalities/testi.toml", MINIMAL.as_bytes()),
            (
                "municipalities/testi/kayttajatunnusmuutos/fi/steps/25-front-page.md",
                b"Teksti.\n\nKlikkaa [t\xc3\xa4st\xc3\xa4](javascript:alert(1)).\n",
            ),
        ],
        "municipalities/testi/kayttajatunnusmuutos/fi/steps/25-front-page.md:3:9",
        "testi",
    );
    assert!(err.contains("is not allowed"), "{err}");
}

#[test]
fn raw_script_and_iframe_in_own_step_stay_text() {
    let step = "<script>alert(1)</script>\n\nTeksti <iframe src=\"https://x.fi\"></iframe> ja <img src=x onerror=alert(1)>.\n\n<a href=\"javascript:alert(1)\">linkki</a>\n";
    let dir = project(&[
        ("municipalities/testi.toml", MINIMAL.as_bytes()),
        (
            "municipalities/testi/kayttajatunnusmuutos/fi/steps/25-front-page.md",
            step.as_bytes(),
        ),
    ]);
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = std::fs::read_to_string(out.join("testi/kayttajatunnusmuutos/index.html")).unwrap();
    for live in ["<script", "<iframe", "<img src=x", "href=\"javascript"] {
        assert!(!html.contains(live), "{live} in the page");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;iframe src=&quot;https://x.fi&quot;&gt;"));
}

#[test]
fn tera_error_in_own_step_names_that_file_and_line() {
    let err = build_with_broken(
        &[
            ("municipalities/testi.toml", MINIMAL.as_bytes()),
            (
                "municipalities/testi/kayttajatunnusmuutos/fi/steps/25-front-page.md",
                b"Rivi yksi.\n\nRivi {% if %} kaksi.\n",
            ),
        ],
        "municipalities/testi/kayttajatunnusmuutos/fi/steps/25-front-page.md:3:",
        "testi",
    );
    assert!(
        !err.contains("content/kayttajatunnusmuutos/fi/steps/25-front-page.md:"),
        "{err}"
    );
}

#[test]
fn include_of_a_missing_template_in_content() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let step = dir
        .path()
        .join("content/kayttajatunnusmuutos/fi/steps/25-front-page.md");
    std::fs::write(&step, "Teksti.\n\n{% include \"puuttuu.md\" %}\n").unwrap();
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = failed_cleanly(&run);
    assert!(
        err.contains("content/kayttajatunnusmuutos/fi/steps/25-front-page.md:3:13"),
        "{err}"
    );
    assert!(err.contains("cannot include another file"), "{err}");
    no_partial_output(&out, Some("testi"));
}

#[test]
fn unknown_variant_in_front_matter() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let step = dir
        .path()
        .join("content/kayttajatunnusmuutos/fi/steps/25-front-page.md");
    std::fs::write(&step, "+++\nvariants = [\"resett\"]\n+++\nTeksti.\n").unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = failed_cleanly(&run);
    assert!(
        err.contains("content/kayttajatunnusmuutos/fi/steps/25-front-page.md:2:"),
        "{err}"
    );
}

/// Read-only folders cannot be tested with chmod: the tests run as root, who may write
/// anyway. A parent that is a file fails for root too.
#[test]
fn output_folder_under_a_file() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let file = dir.path().join("tiedosto");
    std::fs::write(&file, "a file").unwrap();
    let out = file.join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = failed_cleanly(&run);
    assert!(err.contains("tiedosto/output"), "{err}");
    assert!(err.contains("cannot use the output folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "a file");
}

#[test]
fn guide_path_taken_by_a_folder() {
    let dir = project(&[
        ("municipalities/hyva.toml", MINIMAL.as_bytes()),
        ("municipalities/testi.toml", MINIMAL.as_bytes()),
    ]);
    let out = dir.path().join("output");
    std::fs::create_dir_all(out.join("testi/kayttajatunnusmuutos/index.html/sisalto")).unwrap();
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = failed_cleanly(&run);
    assert!(
        err.contains("testi/kayttajatunnusmuutos/index.html"),
        "{err}"
    );
    assert!(err.contains("cannot write"), "{err}");
    assert!(out.join("hyva/kayttajatunnusmuutos/index.html").is_file());
    assert!(
        out.join("testi/kayttajatunnusmuutos/index.html/sisalto")
            .is_dir(),
        "left alone"
    );
    let files = files_under(&out);
    assert!(!files.iter().any(|f| f.ends_with(".tmp")), "{files:?}");
}

#[test]
fn damaged_manifest_of_an_earlier_build_is_replaced() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let out = dir.path().join("output");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("manifest.json"), "{\"guides\": [tru").unwrap();
    std::fs::write(out.join("oma.txt"), "keep").unwrap();
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["guides"][0]["municipality"], "testi");
    assert!(out.join("oma.txt").exists(), "not listed, not removed");
}

#[test]
fn guide_folder_that_links_out_of_the_output_folder() {
    let dir = project(&[
        ("municipalities/hyva.toml", MINIMAL.as_bytes()),
        ("municipalities/testi.toml", MINIMAL.as_bytes()),
    ]);
    let outside = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(outside.path(), out.join("testi")).unwrap();
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = failed_cleanly(&run);
    assert!(
        err.contains("testi/kayttajatunnusmuutos/index.html"),
        "{err}"
    );
    assert!(err.contains("outside the output folder"), "{err}");
    assert!(out.join("hyva/kayttajatunnusmuutos/index.html").is_file());
    assert!(
        files_under(outside.path()).is_empty(),
        "nothing written through the link"
    );
}

#[test]
fn municipality_file_linking_out_of_the_project() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, "salasana = \"hunter2\"\n").unwrap();
    let dir = project(&[("municipalities/hyva.toml", MINIMAL.as_bytes())]);
    std::os::unix::fs::symlink(&secret, dir.path().join("municipalities/testi.toml")).unwrap();
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = failed_cleanly(&run);
    assert!(err.contains("municipalities/testi.toml"), "{err}");
    assert!(err.contains("outside the project folder"), "{err}");
    assert!(
        !err.contains("hunter2"),
        "the file's text is not printed:\n{err}"
    );
    no_partial_output(&out, Some("testi"));
}

#[test]
fn own_step_linking_out_of_the_project() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "salasana hunter2\n").unwrap();
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let steps = dir
        .path()
        .join("municipalities/testi/kayttajatunnusmuutos/fi/steps");
    std::fs::create_dir_all(&steps).unwrap();
    std::os::unix::fs::symlink(&secret, steps.join("25-front-page.md")).unwrap();
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    let err = failed_cleanly(&run);
    assert!(
        err.contains("municipalities/testi/kayttajatunnusmuutos/fi/steps/25-front-page.md"),
        "{err}"
    );
    assert!(err.contains("outside the project folder"), "{err}");
    no_partial_output(&out, Some("testi"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("hunter2"));
}

#[test]
fn two_screenshots_for_one_figure() {
    let png = crate::common::png(40, 30);
    let jpeg = crate::common::jpeg(40, 30);
    let dir = project(&[
        ("municipalities/testi.toml", MINIMAL.as_bytes()),
        (
            "municipalities/testi/kayttajatunnusmuutos/screenshots/username.png",
            &png,
        ),
        (
            "municipalities/testi/kayttajatunnusmuutos/screenshots/username.jpg",
            &jpeg,
        ),
    ]);
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("municipalities/testi/kayttajatunnusmuutos/screenshots/username.jpg")
            && err.contains(
                "not used: municipalities/testi/kayttajatunnusmuutos/screenshots/username.png"
            ),
        "{err}"
    );
    assert!(
        err.contains("help: keep one screenshot per figure"),
        "{err}"
    );
}

#[test]
fn a_broken_content_file_fails_its_municipalities_instead_of_changing_their_language() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let screens = dir
        .path()
        .join("content/kayttajatunnusmuutos/fi/screens.toml");
    let text = std::fs::read_to_string(&screens).unwrap();
    std::fs::write(&screens, text.replacen("style = ", "stlye = ", 1)).unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/kayttajatunnusmuutos/fi/screens.toml:"),
        "{err}"
    );
    assert!(err.contains("0 fine, 1 with errors"), "{err}");
    let list = opas(dir.path(), &["list"]);
    let table = String::from_utf8_lossy(&list.stdout);
    assert!(!table.contains("ok"), "not listed as ok: {table}");
    assert!(!table.contains("\ten\t"), "no fallback to English: {table}");
    assert_eq!(list.status.code(), Some(1), "{}", stderr(&list));
}

#[test]
fn a_template_error_in_guide_toml_points_at_its_line_in_the_file() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let guide = dir.path().join("content/languages/sv.toml");
    let text = std::fs::read_to_string(&guide).unwrap();
    let line = text.lines().position(|l| l.starts_with("date = ")).unwrap() + 1;
    let text = text.replacen("date = \"", "date = \"{{ d.dy }} ", 1);
    std::fs::write(&guide, text).unwrap();
    let file = MINIMAL.replace("[contact]", "languages = [\"fi\", \"sv\"]\n\n[contact]");
    std::fs::write(dir.path().join("municipalities/testi.toml"), file).unwrap();
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(line > 1);
    assert!(
        err.contains(&format!("content/languages/sv.toml:{line}:")),
        "line {line} of the file: {err}"
    );
    assert!(err.contains("d.dy"), "{err}");
}

/// Runs `opas build` with files limited to `kib` KiB each, as on a nearly full disk:
/// a larger write fails (EFBIG) instead of killing the process.
fn build_with_file_limit(
    root: &std::path::Path,
    out: &std::path::Path,
    kib: u32,
) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f {kib}; trap '' XFSZ; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_opas"))
        .arg("-C")
        .arg(root)
        .args(["build", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn a_guide_is_written_as_a_unit_or_not_at_all() {
    let dir = project(&[("municipalities/testi.toml", MINIMAL.as_bytes())]);
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = out.join("testi/kayttajatunnusmuutos/index.html");
    let pdf = out.join("testi/kayttajatunnusmuutos/testi-kayttajatunnusmuutos.pdf");
    let (old_page, old_pdf) = (std::fs::read(&page).unwrap(), std::fs::read(&pdf).unwrap());
    assert!(
        old_page.len() < 20 * 1024 && old_pdf.len() > 20 * 1024,
        "the page fits, the PDF does not"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();

    // A new date: the page would fit under the limit, its PDF would not.
    std::fs::write(
        dir.path().join("municipalities/testi.toml"),
        MINIMAL.replace("2018-03-01", "2019-04-02"),
    )
    .unwrap();
    let run = build_with_file_limit(dir.path(), &out, 20);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read(&page).unwrap(),
        old_page,
        "the page keeps its old date"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), old_pdf, "the PDF too");
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.json")).unwrap(),
        manifest,
        "the manifest still lists the old, complete guide"
    );
    assert!(
        !files_under(&out).iter().any(|f| f.ends_with(".tmp")),
        "no temporary file is left: {:?}",
        files_under(&out)
    );
    // Room again: the next build brings both files up to date.
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = crate::common::html_text(&String::from_utf8(std::fs::read(&page).unwrap()).unwrap());
    assert!(text.contains("2.4.2019"), "{text}");
}
