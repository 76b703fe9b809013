//! An error found while rendering stops only the guide in the language it is found in
//! (issue 22): the municipality's other languages and guides are written, and the stopped
//! one keeps its last good version.

use std::path::Path;

use crate::common::{opas, project_with_references, stderr};

const GUIDE: &str = "kayttajatunnusmuutos";

fn step(root: &Path, lang: &str) -> std::path::PathBuf {
    root.join(format!("content/{GUIDE}/{lang}/steps/99-x.md"))
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("output").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every language gets a last step; the Swedish one fails while rendering for
/// municipalities whose passwords are reset (Kokkola).
fn break_swedish(root: &Path) {
    std::fs::write(step(root, "fi"), "Uusi viimeinen lause.\n").unwrap();
    std::fs::write(step(root, "en"), "A new last sentence.\n").unwrap();
    std::fs::write(
        step(root, "sv"),
        "{% if passwords == \"reset\" %}{{ throw(message=\"boom\") }}{% endif %}En ny sista mening.\n",
    )
    .unwrap();
}

#[test]
fn the_other_languages_are_written_and_the_stopped_one_keeps_its_last_version() {
    let project = project_with_references();
    let root = project.path();
    let run = opas(root, &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let sv_before = read(root, &format!("kokkola/{GUIDE}/sv/index.html"));
    break_swedish(root);
    let run = opas(root, &["build"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "this stopped the `sv` guide `{GUIDE}` of municipalities/kokkola.toml"
        )),
        "{err}"
    );
    // Kokkola's Finnish and English guides are new, its Swedish one is the last good one.
    assert!(read(root, &format!("kokkola/{GUIDE}/index.html")).contains("Uusi viimeinen lause."));
    assert!(read(root, &format!("kokkola/{GUIDE}/en/index.html")).contains("A new last sentence."));
    assert_eq!(
        read(root, &format!("kokkola/{GUIDE}/sv/index.html")),
        sv_before
    );
    assert!(
        root.join(format!(
            "output/kokkola/{GUIDE}/sv/kokkola-nytt-anvandarnamn.pdf"
        ))
        .is_file()
    );
    // Its other guide, and every other municipality, are built.
    assert!(read(root, "kokkola/kaksivaihe/sv/index.html").contains("lang=\"sv\""));
    assert!(read(root, &format!("espoo/{GUIDE}/sv/index.html")).contains("En ny sista mening."));
    let manifest = read(root, "manifest.json");
    assert!(
        manifest.contains(&format!("\"kokkola/{GUIDE}/sv/index.html\"")),
        "{manifest}"
    );
    assert!(read(root, "kokkola/index.html").contains(&format!("{GUIDE}/sv/index.html")));
    // `check` fails the same way.
    let check = opas(root, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("this stopped the `sv` guide"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn without_a_last_version_the_stopped_language_is_left_out_and_not_linked() {
    let project = project_with_references();
    let root = project.path();
    break_swedish(root);
    let run = opas(root, &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let fi = read(root, &format!("kokkola/{GUIDE}/index.html"));
    assert!(fi.contains("Uusi viimeinen lause."), "{fi}");
    assert!(
        !fi.contains("sv/index.html"),
        "no link to a page that is not there: {fi}"
    );
    assert!(!root.join(format!("output/kokkola/{GUIDE}/sv")).exists());
    assert!(
        root.join(format!("output/kokkola/{GUIDE}/en/index.html"))
            .is_file()
    );
}
