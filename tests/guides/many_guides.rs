//! Many guides in one project: a new guide is a folder of files, and a broken guide is
//! reported at its file and line while every other guide is still built.

use std::path::Path;

use crate::common::{GUIDE, MINIMAL, files_under, html_text, opas, project, stderr};

/// A short service-break notice: a required date, a choice with a default, and a step
/// for each value of the choice. Nothing of it is in Rust.
const KATKO_DECLARATION: &str = r#"id = "huoltokatko"
path = "huoltokatko"
languages = ["fi"]

[lang.fi]
title = "Huoltokatko sähköisissä palveluissa"
subtitle = "Mitä katko tarkoittaa sinulle"
pdf_file = "{{ m.slug }}-huoltokatko.pdf"

[params.start]
type = "date"
required = true
description.fi = "katkon alkamispäivä"

[params.scope]
type = "choice"
values = ["all", "some"]
default = "all"
description.fi = "koskeeko katko kaikkia palveluja (all) vai osaa (some)"
"#;

const KATKO_SCREENS: &str = r#"[closed]
style = "page"
items = [
  { title = "Asiointipalvelu" },
  { error = "Palvelu on suljettu huoltotöiden ajaksi." },
]
"#;

const KATKO_STEPS: [(&str, &str); 3] = [
    (
        "10-intro.md",
        "{{ org.first | upper_first }} sähköiset palvelut ovat huoltokatkon vuoksi poissa käytöstä {{ start }} alkaen.\n\n![Suljettu palvelu](screen:closed)\n",
    ),
    (
        "20-all.md",
        "+++\nwhen = { scope = \"all\" }\n+++\nKatko koskee kaikkia palveluja.\n",
    ),
    (
        "20-some.md",
        "+++\nwhen = { scope = \"some\" }\n+++\nKatko koskee vain osaa palveluista.\n",
    ),
];

/// Writes the service-break guide into the project at `root`.
fn write_katko(root: &Path) {
    let dir = root.join("content/huoltokatko");
    std::fs::create_dir_all(dir.join("fi/steps")).unwrap();
    std::fs::write(dir.join("guide.toml"), KATKO_DECLARATION).unwrap();
    std::fs::write(dir.join("fi/screens.toml"), KATKO_SCREENS).unwrap();
    for (name, text) in KATKO_STEPS {
        std::fs::write(dir.join("fi/steps").join(name), text).unwrap();
    }
}

fn build(root: &Path) -> (std::process::Output, std::path::PathBuf) {
    let out = root.join("output");
    let run = opas(root, &["build", "--out", out.to_str().unwrap()]);
    (run, out)
}

#[test]
fn a_third_guide_is_written_with_files_only() {
    let with_katko = format!("{MINIMAL}\n[huoltokatko]\ndate = 2025-05-01\nstart = 2025-05-20\n");
    let some = format!(
        "{}\n[huoltokatko]\ndate = 2025-05-02\nstart = 2025-06-01\nscope = \"some\"\n",
        MINIMAL
            .split("[kayttajatunnusmuutos]")
            .next()
            .unwrap()
            .replace("Pori", "Rauma")
            .replace("Porin", "Rauman")
    );
    let dir = project(&[
        ("municipalities/pori.toml", with_katko.as_bytes()),
        ("municipalities/rauma.toml", some.as_bytes()),
    ]);
    write_katko(dir.path());
    let (run, out) = build(dir.path());
    assert!(run.status.success(), "{}", stderr(&run));

    let pori =
        html_text(&std::fs::read_to_string(out.join("pori/huoltokatko/index.html")).unwrap());
    assert!(
        pori.contains("Huoltokatko sähköisissä palveluissa"),
        "{pori}"
    );
    assert!(
        pori.contains("Porin kaupungin sähköiset palvelut ovat huoltokatkon vuoksi poissa käytöstä 20.5.2025 alkaen."),
        "the date parameter as Finnish prints dates: {pori}"
    );
    assert!(
        pori.contains("Katko koskee kaikkia palveluja."),
        "the default: {pori}"
    );
    assert!(!pori.contains("vain osaa"), "{pori}");
    let rauma =
        html_text(&std::fs::read_to_string(out.join("rauma/huoltokatko/index.html")).unwrap());
    assert!(
        rauma.contains("Katko koskee vain osaa palveluista."),
        "{rauma}"
    );
    assert!(!rauma.contains("kaikkia palveluja"), "{rauma}");
    assert!(out.join("pori/huoltokatko/pori-huoltokatko.pdf").is_file());
    assert!(
        out.join(format!("pori/{GUIDE}/index.html")).is_file(),
        "the first guide too"
    );
    assert!(
        !out.join("rauma").join(GUIDE).exists(),
        "a municipality builds only the guides it has a table for"
    );

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let guides: Vec<(String, String)> = manifest["guides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["municipality"].as_str().unwrap().to_string(),
                g["guide"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        guides,
        [
            ("pori".to_string(), "huoltokatko".to_string()),
            ("pori".to_string(), GUIDE.to_string()),
            ("rauma".to_string(), "huoltokatko".to_string()),
        ]
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"pori/huoltokatko/index.html\""),
        "{index}"
    );
    assert!(
        index.contains(&format!("href=\"pori/{GUIDE}/index.html\"")),
        "{index}"
    );
    assert!(
        index.contains("\">Huoltokatko sähköisissä palveluissa</a>"),
        "{index}"
    );
    assert!(index.contains("\">PDF, "), "{index}");

    let list = opas(dir.path(), &["list"]);
    let rows = String::from_utf8_lossy(&list.stdout).into_owned();
    assert_eq!(
        rows.lines().count(),
        3,
        "a row per municipality and guide: {rows}"
    );
    assert!(
        rows.contains("rauma\tRauma\thuoltokatko\t2025-05-02\tfi\t0/1/0\tok"),
        "{rows}"
    );
}

#[test]
fn a_required_parameter_and_a_wrong_choice_are_located_in_the_municipality() {
    let text = format!("{MINIMAL}\n[huoltokatko]\ndate = 2025-05-01\nscope = \"osa\"\n");
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    write_katko(dir.path());
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("`[huoltokatko]` has no `start`"), "{err}");
    assert!(
        err.contains("municipalities/pori.toml:13:2"),
        "at the table: {err}"
    );
    assert!(
        err.contains("`osa` is not a value of `huoltokatko.scope`"),
        "{err}"
    );
    assert!(err.contains("municipalities/pori.toml:15:9"), "{err}");
    assert!(err.contains("use one of: all, some"), "{err}");
}

/// Builds a project with the reference guide and a broken second one; the broken guide
/// must be reported at `at` with `message`, and the first guide still built.
fn broken_guide(change: impl FnOnce(&Path), message: &str, at: &str) {
    let text = format!("{MINIMAL}\n[huoltokatko]\ndate = 2025-05-01\nstart = 2025-05-20\n");
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    write_katko(dir.path());
    change(dir.path());
    let (run, out) = build(dir.path());
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(message), "{message}: {err}");
    assert!(err.contains(at), "at {at}: {err}");
    assert!(err.contains("help:"), "{err}");
    assert!(
        out.join(format!("pori/{GUIDE}/index.html")).is_file(),
        "the other guide is built: {err}"
    );
    assert!(
        !files_under(&out)
            .iter()
            .any(|f| f.starts_with("pori/huoltokatko/")),
        "nothing of the broken guide is written"
    );
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} holds {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_guide_folder_without_its_declaration() {
    broken_guide(
        |root| std::fs::remove_file(root.join("content/huoltokatko/guide.toml")).unwrap(),
        "the guide folder has no declaration",
        "content/huoltokatko/guide.toml",
    );
}

#[test]
fn an_unknown_parameter_type() {
    broken_guide(
        |root| {
            edit(
                root,
                "content/huoltokatko/guide.toml",
                "\"date\"",
                "\"dte\"",
            )
        },
        "unknown parameter type `dte`",
        "content/huoltokatko/guide.toml:11:8",
    );
}

#[test]
fn a_default_that_does_not_fit_its_type() {
    broken_guide(
        |root| {
            edit(
                root,
                "content/huoltokatko/guide.toml",
                "default = \"all\"",
                "default = \"kaikki\"",
            )
        },
        "`kaikki` is not a value of `scope.default`",
        "content/huoltokatko/guide.toml:18:11",
    );
}

#[test]
fn a_condition_on_an_unknown_parameter() {
    broken_guide(
        |root| {
            edit(
                root,
                "content/huoltokatko/fi/steps/20-all.md",
                "scope",
                "scoep",
            )
        },
        "the guide has no parameter `scoep`",
        "content/huoltokatko/fi/steps/20-all.md:2:10",
    );
}

#[test]
fn a_condition_on_an_unknown_value() {
    broken_guide(
        |root| {
            edit(
                root,
                "content/huoltokatko/fi/steps/20-all.md",
                "\"all\"",
                "\"al\"",
            )
        },
        "`al` is not a value of `scope`",
        "content/huoltokatko/fi/steps/20-all.md:2:18",
    );
}

#[test]
fn a_step_missing_in_a_further_language() {
    broken_guide(
        |root| {
            edit(
                root,
                "content/huoltokatko/guide.toml",
                "languages = [\"fi\"]",
                "languages = [\"fi\", \"sv\"]",
            );
            edit(
                root,
                "content/huoltokatko/guide.toml",
                "[params.start]",
                "[lang.sv]\ntitle = \"Serviceavbrott\"\npdf_file = \"avbrott.pdf\"\n\n[params.start]",
            );
            let sv = root.join("content/huoltokatko/sv");
            std::fs::create_dir_all(sv.join("steps")).unwrap();
            std::fs::write(sv.join("screens.toml"), KATKO_SCREENS).unwrap();
            for (name, text) in &KATKO_STEPS[..2] {
                std::fs::write(sv.join("steps").join(name), text).unwrap();
            }
        },
        "the step `20-some` is not translated into `sv`",
        "content/huoltokatko/sv/steps/20-some.md",
    );
}

#[test]
fn two_guides_with_the_same_output_path() {
    broken_guide(
        |root| {
            edit(
                root,
                "content/huoltokatko/guide.toml",
                "path = \"huoltokatko\"",
                &format!("path = \"{GUIDE}\""),
            );
            // The clash is decided in folder order: rename so that this guide comes second.
            std::fs::rename(
                root.join("content/huoltokatko"),
                root.join("content/zz-huoltokatko"),
            )
            .unwrap();
        },
        &format!("the guide's path `{GUIDE}` is also that of content/{GUIDE}/guide.toml"),
        "content/zz-huoltokatko/guide.toml:2:8",
    );
}

#[test]
fn a_table_for_a_guide_that_does_not_exist() {
    let text = format!("{MINIMAL}\n[huoltokatkos]\ndate = 2025-05-01\n");
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    write_katko(dir.path());
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("there is no guide or table `huoltokatkos`"),
        "{err}"
    );
    assert!(err.contains("did you mean `[huoltokatko]`?"), "{err}");
    assert!(err.contains("municipalities/pori.toml:13:2"), "{err}");
}

#[test]
fn old_top_level_fields_say_how_to_move_them() {
    let old = "name = \"Pori\"\ngenitive = \"Porin\"\ndate = 2018-03-01\nvariant = \"reset\"\nchanged = \"2018-03\"\n\n\
               [contact]\nemail = \"a@pori.fi\"\n";
    let dir = project(&[("municipalities/pori.toml", old.as_bytes())]);
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("municipalities/pori.toml:3:1"), "{err}");
    assert!(
        err.contains("move the line `date = 2018-03-01` under the table of each guide the municipality publishes: [kaksivaihe], [kayttajatunnusmuutos]"),
        "{err}"
    );
    assert!(
        err.contains(&format!("write `passwords = \"reset\"` under [{GUIDE}]")),
        "{err}"
    );
    assert!(
        err.contains(&format!("write `changed = \"2018-03\"` under [{GUIDE}]")),
        "{err}"
    );
}

#[test]
fn a_municipality_folder_in_the_old_layout_is_an_error() {
    let dir = project(&[
        ("municipalities/pori.toml", MINIMAL.as_bytes()),
        (
            "municipalities/pori/fi/notes/40-link-sent-reset.md",
            b"Huom!\n",
        ),
    ]);
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("municipalities/pori/fi"), "{err}");
    assert!(err.contains("`fi` is not a guide"), "{err}");
    assert!(
        err.contains(&format!("the guides are: kaksivaihe, {GUIDE}")),
        "{err}"
    );
}

#[test]
fn build_guide_rebuilds_one_guide_and_keeps_the_others() {
    let text = format!("{MINIMAL}\n[huoltokatko]\ndate = 2025-05-01\nstart = 2025-05-20\n");
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    write_katko(dir.path());
    let (run, out) = build(dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let first = out.join(format!("pori/{GUIDE}/index.html"));
    let before = std::fs::read(&first).unwrap();
    // Both guides' texts change; only the named guide is rebuilt.
    edit(
        dir.path(),
        "content/huoltokatko/fi/steps/20-all.md",
        "kaikkia",
        "aivan kaikkia",
    );
    edit(
        dir.path(),
        "municipalities/pori.toml",
        "asiakaspalvelu@pori.fi",
        "neuvonta@pori.fi",
    );
    let run = opas(
        dir.path(),
        &[
            "build",
            "--guide",
            "huoltokatko",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let katko =
        html_text(&std::fs::read_to_string(out.join("pori/huoltokatko/index.html")).unwrap());
    assert!(katko.contains("aivan kaikkia"), "{katko}");
    assert!(
        std::fs::read(&first).unwrap() == before,
        "the other guide is left as it was"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains(&format!("\"guide\": \"{GUIDE}\"")),
        "and stays listed: {manifest}"
    );

    let run = opas(
        dir.path(),
        &[
            "build",
            "--guide",
            "huoltokatk",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("did you mean `huoltokatko`?"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_guide_s_own_wording_changes_only_that_guide() {
    let text = format!(
        "{}\n[wording]\nfirst = \"Porin kunnan\"\n\n{}\n[huoltokatko]\ndate = 2025-05-01\nstart = 2025-05-20\n\n[huoltokatko.wording]\nfirst = \"Porin kaupunginosan\"\n",
        MINIMAL.split_once("\n[contact]").unwrap().0,
        MINIMAL
            .split_once("\n[contact]")
            .map(|(_, rest)| format!("[contact]{rest}"))
            .unwrap()
    );
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    write_katko(dir.path());
    let (run, out) = build(dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let katko =
        html_text(&std::fs::read_to_string(out.join("pori/huoltokatko/index.html")).unwrap());
    assert!(
        katko.contains("Porin kaupunginosan sähköiset palvelut"),
        "{katko}"
    );
    let username =
        html_text(&std::fs::read_to_string(out.join(format!("pori/{GUIDE}/index.html"))).unwrap());
    assert!(username.contains("Porin kunnan"), "{username}");
    assert!(!username.contains("kaupunginosan"), "{username}");
    // The guide's own words are names from the data: the PDF never hyphenates them.
    let loaded = opas::load::project::load(dir.path(), None);
    let (m, locals) = loaded.entries[0].result.as_ref().expect("pori loads");
    let docs = opas::compose::document::build_all(m, &loaded, locals, None)
        .into_result()
        .expect("the guides build");
    let kept = |guide: &str| {
        let doc = docs.iter().find(|d| d.guide == guide).expect("built");
        doc.hyphenation
            .keep_whole
            .contains(&"kaupunginosan".to_string())
    };
    assert!(kept("huoltokatko"));
    assert!(!kept(GUIDE));
}

#[test]
fn an_unknown_key_in_a_guide_s_wording_is_located() {
    let text = format!(
        "{MINIMAL}\n[huoltokatko]\ndate = 2025-05-01\nstart = 2025-05-20\n\n[huoltokatko.wording]\nlatr = \"kaupungin\"\n"
    );
    let dir = project(&[("municipalities/pori.toml", text.as_bytes())]);
    write_katko(dir.path());
    let run = opas(dir.path(), &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("`huoltokatko.wording` has no `latr`"), "{err}");
    assert!(err.contains("municipalities/pori.toml:18:1"), "{err}");
    assert!(err.contains("did you mean `later`?"), "{err}");
}
