//! Control characters on their way to a reader (issue 21, item 9): escape sequences from
//! a step or a folder name never reach the terminal raw, and control or bidi characters
//! in a guide's title reach neither the page's head, the PDF's Info and XMP nor the
//! manifest.

use std::path::Path;

use super::untrusted::{STEP, append_line, failed, run};
use crate::common::{have, project_with_references, stderr};

/// Whether `text` holds an escape or another control character that acts on a terminal.
fn raw_controls(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && !matches!(c, '\n' | '\t')) || c == '\u{202E}')
}

#[test]
fn an_escape_sequence_in_a_step_line_is_shown_not_sent_to_the_terminal() {
    let project = project_with_references();
    let root = project.path();
    append_line(
        root,
        STEP,
        "Teksti \u{1b}]0;pwned\u{7}\u{1b}[2J {{ no_such_value }}",
    );
    let text = failed(&run(root, &["check"]));
    assert!(text.contains(STEP), "{text}");
    assert!(!raw_controls(&text), "{text:?}");
    assert!(text.contains("\\u{1b}"), "{text}");
}

#[test]
fn an_escape_sequence_in_a_folder_name_is_shown_not_sent_to_the_terminal() {
    let project = project_with_references();
    let root = project.path();
    let folder = root.join("content/kaksivaihe/fi/steps/\u{1b}[31mred");
    std::fs::create_dir_all(folder.parent().unwrap()).unwrap();
    std::fs::write(folder.with_extension("md"), "{{ nothing_here }}\n").unwrap();
    let text = failed(&run(root, &["check"]));
    assert!(!raw_controls(&text), "{text:?}");
    assert!(text.contains("\\u{1b}[31mred"), "{text}");
}

/// Builds with a guide title holding `inserted`, and returns the build's output folder.
fn build_with_title(root: &Path, inserted: &str) -> std::path::PathBuf {
    let decl = root.join("content/kaksivaihe/guide.toml");
    let text = std::fs::read_to_string(&decl).unwrap().replace(
        "title = \"Kaksivaiheisen tunnistautumisen käyttöönotto\"",
        &format!("title = \"Kaksivaiheisen {inserted}tunnistautumisen käyttöönotto\""),
    );
    std::fs::write(&decl, text).unwrap();
    let out = root.join("output");
    let output = run(
        root,
        &["build", "--only", "pori", "--out", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    out
}

#[test]
fn control_and_bidi_characters_in_a_title_reach_no_reader() {
    let project = project_with_references();
    let root = project.path();
    let out = build_with_title(root, "\\u0007\\u001b[2J\\u0085\\u202E");
    let page = std::fs::read_to_string(out.join("pori/kaksivaihe/index.html")).unwrap();
    let head = &page[..page.find("</head>").unwrap()];
    assert!(!raw_controls(head), "{head:?}");
    assert!(
        head.contains("Kaksivaiheisen [2Jtunnistautumisen"),
        "{head}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(!manifest.contains("\\u"), "{manifest}");
    assert!(!manifest.contains('\u{202E}'), "{manifest}");
    if !have("pdfinfo") {
        return;
    }
    let pdf = out.join("pori/kaksivaihe/pori-kaksivaiheinen-tunnistautuminen.pdf");
    for args in [vec![], vec!["-meta"]] {
        let info = std::process::Command::new("pdfinfo")
            .args(&args)
            .arg(&pdf)
            .output()
            .unwrap();
        let text = String::from_utf8(info.stdout).unwrap();
        assert!(info.status.success(), "{args:?}: {text}");
        assert!(
            text.contains("Kaksivaiheisen [2Jtunnistautumisen"),
            "{args:?}: {text}"
        );
        assert!(!raw_controls(&text.replace('\r', "")), "{args:?}: {text:?}");
    }
}
