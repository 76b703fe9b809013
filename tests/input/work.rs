//! Work that would grow without bound (issue 21, item 6): screens repeated or stuffed with
//! QR codes, a screen taller than a page, endless runs of letters to hyphenate, thousands
//! of errors, a municipality's screenshots adding up. Each is refused or done in bounded
//! time and memory, and check and build agree.

use std::path::Path;

use super::untrusted::{STEP, append_line, both_fail, failed, run};
use crate::common::{project_with_references, stderr};

const SCREENS: &str = "content/kayttajatunnusmuutos/fi/screens.toml";

fn both_refuse(root: &Path, expected: &str) {
    both_fail(root, &[expected]);
}

fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let mut old = std::fs::read_to_string(&path).unwrap();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
}

#[test]
fn a_screen_of_700_qr_codes_shown_20_times_is_refused() {
    let project = project_with_references();
    let root = project.path();
    let codes: String = (0..700)
        .map(|i| {
            format!("  {{ qr = {{ data = \"https://example.fi/{i}\", label = \"Koodi\" }} }},\n")
        })
        .collect();
    append(
        root,
        SCREENS,
        &format!("\n[codes]\nstyle = \"phone\"\nitems = [\n{codes}]\n"),
    );
    let refs = "\n\n![Koodit](screen:codes)".repeat(20);
    append_line(root, STEP, &refs);
    both_refuse(root, "[codes] has 700 items");
}

#[test]
fn one_screen_shown_sixty_times_is_refused() {
    let project = project_with_references();
    let root = project.path();
    append_line(root, STEP, &"\n\n![Etusivu](screen:front-page)".repeat(60));
    both_refuse(root, "more than 40 screens");
}

#[test]
fn a_screen_taller_than_a_page_is_an_error_not_cut_off() {
    let project = project_with_references();
    let root = project.path();
    let items: String = (0..38)
        .map(|i| format!("  {{ text = \"Rivi {i}: tämä teksti täyttää näytön rivin kokonaan ja vielä toisenkin rivin, jotta näyttö kasvaa.\" }},\n"))
        .collect();
    for lang in ["fi", "sv", "en"] {
        let screens = SCREENS.replace("/fi/", &format!("/{lang}/"));
        append(
            root,
            &screens,
            &format!("\n[long]\nstyle = \"dialog\"\nitems = [\n{items}]\n"),
        );
    }
    append_line(root, STEP, "\n\n![Pitkä näyttö](screen:long)");
    both_refuse(root, "taller than a page");
}

#[test]
fn a_60000_letter_word_is_set_without_hyphenating_it() {
    let project = project_with_references();
    let root = project.path();
    let word: String = (0..60_000)
        .map(|i| ['a', 'k', 'e', 't', 'i', 'n'][i % 6])
        .collect();
    append_line(root, STEP, &format!("\n{word}"));
    let out = root.join("output");
    for args in [
        vec!["check"],
        vec!["build", "--only", "pori", "--out", out.to_str().unwrap()],
    ] {
        let output = run(root, &args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn fifteen_thousand_errors_print_the_first_ones_and_a_count() {
    let project = project_with_references();
    let root = project.path();
    let bad = "x!\n".repeat(15_000);
    append(root, "content/languages/fi.hyphenation.txt", &bad);
    let text = failed(&run(root, &["check"]));
    assert!(text.len() < 512 * 1024, "{} bytes", text.len());
    assert!(
        text.contains("more not shown"),
        "{}",
        &text[text.len() - 500..]
    );
    assert!(text.contains("15"), "{}", &text[text.len() - 500..]);
}

#[test]
fn a_municipalitys_screenshots_adding_up_past_the_limit_are_refused() {
    let project = project_with_references();
    let root = project.path();
    let dir = root.join("municipalities/heinola/kayttajatunnusmuutos/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    // Sparse files: the sizes add up to 120 MB without using the disk.
    for id in [
        "front-page",
        "username",
        "link-sent",
        "recovery-email",
        "set-password",
    ] {
        let file = std::fs::File::create(dir.join(format!("{id}.png"))).unwrap();
        file.set_len(24 * 1024 * 1024).unwrap();
    }
    both_refuse(root, "screenshots add up to more than 100 MB");
}
