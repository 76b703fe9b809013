//! `opas new guide <id> --languages …` and `opas new <slug> --languages …` (issue 22,
//! scaffolding): a new guide that `opas check` accepts at once, in the schema, and a
//! municipality whose first language is not Finnish.

use crate::common::{opas, project, project_with_references, stderr};

#[test]
fn a_new_guide_checks_builds_and_is_in_the_schema_at_once() {
    let dir = project_with_references();
    let run = opas(
        dir.path(),
        &["new", "guide", "huoltokatko", "--languages", "fi,sv"],
    );
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("wrote municipalities/schema.json again"),
        "{err}"
    );
    let guide = dir.path().join("content/huoltokatko");
    for rel in [
        "guide.toml",
        "fi/screens.toml",
        "fi/steps/10-start.md",
        "sv/screens.toml",
        "sv/steps/10-start.md",
    ] {
        assert!(guide.join(rel).is_file(), "{rel}");
    }
    let decl = std::fs::read_to_string(guide.join("guide.toml")).unwrap();
    assert!(decl.contains("languages = [\"fi\", \"sv\"]"), "{decl}");
    assert!(decl.contains("shared = [\"help\", \"contact\"]"), "{decl}");
    // The schema now has the guide, so the project's own check has nothing to warn of.
    let schema = std::fs::read_to_string(dir.path().join("municipalities/schema.json")).unwrap();
    assert!(
        schema.contains("\"huoltokatko\""),
        "the schema names the guide"
    );
    let check = opas(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(!stderr(&check).contains("warning:"), "{}", stderr(&check));
    // A bilingual municipality publishes it with a date only.
    let espoo = dir.path().join("municipalities/espoo.toml");
    let mut text = std::fs::read_to_string(&espoo).unwrap();
    text.push_str("\n[huoltokatko]\ndate = 2026-02-01\n");
    std::fs::write(&espoo, text).unwrap();
    let build = opas(dir.path(), &["build", "--only", "espoo"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let sv =
        std::fs::read_to_string(dir.path().join("output/espoo/huoltokatko/sv/index.html")).unwrap();
    assert!(sv.contains("Ny anvisning"), "{sv}");
    assert!(sv.contains("Skriv anvisningens första steg här"), "{sv}");
    assert!(
        dir.path()
            .join("output/espoo/huoltokatko/espoo-ohje.pdf")
            .is_file()
    );
}

#[test]
fn a_new_guide_never_replaces_one_and_names_a_language_it_lacks() {
    let dir = project(&[]);
    let before = std::fs::read_to_string(dir.path().join("content/kaksivaihe/guide.toml")).unwrap();
    for (args, message) in [
        (
            vec!["new", "guide", "kaksivaihe"],
            "`kaksivaihe` is already the id or a path",
        ),
        (
            vec!["new", "guide", "katko", "--languages", "fi,sw"],
            "did you mean `sv`?",
        ),
        (
            vec!["new", "guide", "katko", "--languages", "fi,fi"],
            "listed twice",
        ),
        (
            vec!["new", "guide", "Katko"],
            "cannot be used as a guide's id",
        ),
        (
            vec!["new", "guide", "../katko"],
            "cannot be used as a guide's id",
        ),
    ] {
        let run = opas(dir.path(), &args);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    assert!(!dir.path().join("content/katko").exists());
    let after = std::fs::read_to_string(dir.path().join("content/kaksivaihe/guide.toml")).unwrap();
    assert_eq!(before, after);
    let names: Vec<_> = std::fs::read_dir(dir.path().join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "no temporary folder is left: {names:?}");
}

/// `opas new karleby` in `languages`, publishing the two-step guide.
fn new_karleby(root: &std::path::Path, languages: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec![
        "new",
        "karleby",
        "--name",
        "Karleby",
        "--languages",
        languages,
    ];
    args.extend(["--guide", "kaksivaihe"]);
    args.extend(more);
    opas(root, &args)
}

#[test]
fn a_swedish_first_municipality_is_asked_only_for_the_forms_it_needs() {
    let dir = project(&[]);
    let run = new_karleby(dir.path(), "sv", &["--date", "2026-01-05"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let path = dir.path().join("municipalities/karleby.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("languages = [\"sv\"]"), "{text}");
    assert!(
        !text.contains("\ngenitive ="),
        "no genitive for a Swedish-only town: {text}"
    );
    let check = opas(dir.path(), &["check"]);
    let err = stderr(&check);
    assert!(!err.contains("genitive"), "{err}");
    assert!(
        err.contains("the contact has no phone number or e-mail address"),
        "{err}"
    );
    std::fs::write(&path, text.replace("# phone = ", "phone = ")).unwrap();
    let check = opas(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn finnish_published_later_gets_its_table_and_one_report_of_an_empty_genitive() {
    let dir = project(&[]);
    let run = new_karleby(dir.path(), "sv,fi", &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = std::fs::read_to_string(dir.path().join("municipalities/karleby.toml")).unwrap();
    assert!(text.contains("languages = [\"sv\", \"fi\"]"), "{text}");
    assert!(text.contains("[lang.fi]\n"), "{text}");
    let check = opas(dir.path(), &["check"]);
    let err = stderr(&check);
    assert!(err.contains("lang.fi.genitive is empty"), "{err}");
    assert!(
        !err.contains("missing field `genitive`"),
        "a genitive written empty is not also missing: {err}"
    );
    assert!(
        opas(dir.path(), &["new", "x", "--languages", "sw"])
            .status
            .code()
            == Some(1)
    );
}
