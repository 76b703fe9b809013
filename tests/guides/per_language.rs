//! A guide's texts that differ by language besides its steps (issue 22, item 5): a
//! parameter's default given per language, and a language's own output folder.

use std::path::Path;

use crate::common::{opas, project_with_references, stderr};

const DECL: &str = "content/kaksivaihe/guide.toml";

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from} in {rel}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

fn page(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("output").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_default_given_per_language_is_printed_in_each_language() {
    let dir = project_with_references();
    edit(
        dir.path(),
        DECL,
        "default = \"Microsoft Authenticator\"",
        "default.fi = \"Todennin-sovellus\"\ndefault.sv = \"Tvåstegsappen-Lokal\"\ndefault.en = \"The Authenticator app\"",
    );
    let run = opas(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let fi = page(dir.path(), "espoo/kaksivaihe/index.html");
    let sv = page(dir.path(), "espoo/kaksivaihe/sv/index.html");
    assert!(fi.contains("Todennin-sovellus"), "{fi}");
    assert!(!fi.contains("Tvåstegsappen-Lokal"), "{fi}");
    assert!(sv.contains("Tvåstegsappen-Lokal"), "{sv}");
    assert!(!sv.contains("Todennin-sovellus"), "{sv}");
    // A municipality's own value still serves every language.
    for rel in [
        "kokkola/kaksivaihe/index.html",
        "kokkola/kaksivaihe/sv/index.html",
    ] {
        let html = page(dir.path(), rel);
        assert!(html.contains("Google Authenticator"), "{rel}");
        assert!(!html.contains("Tvåstegsappen-Lokal"), "{rel}");
    }
}

#[test]
fn a_default_per_language_names_every_language_of_the_guide() {
    let dir = project_with_references();
    edit(
        dir.path(),
        DECL,
        "default = \"Microsoft Authenticator\"",
        "default = { fi = \"Todennin\", sv = \"Autentiseraren\", de = \"Authentifikator\" }",
    );
    for command in ["check", "build"] {
        let run = opas(dir.path(), &[command]);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(
            err.contains("the default of `app` has no value in `en`"),
            "{err}"
        );
        assert!(
            err.contains(
                "the default of `app` names `de`, which is not one of the guide's languages"
            ),
            "{err}"
        );
        assert!(err.contains("content/kaksivaihe/guide.toml:"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_language_with_its_own_path_is_written_there_and_linked() {
    let dir = project_with_references();
    edit(
        dir.path(),
        DECL,
        "pdf_file = \"{{ m.slug }}-tvastegsverifiering.pdf\"",
        "pdf_file = \"{{ m.slug }}-tvastegsverifiering.pdf\"\npath = \"tvastegsverifiering\"",
    );
    let run = opas(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let sv = page(dir.path(), "espoo/tvastegsverifiering/index.html");
    assert!(sv.contains("lang=\"sv\""), "{sv}");
    assert!(
        dir.path()
            .join("output/espoo/tvastegsverifiering/espoo-tvastegsverifiering.pdf")
            .is_file()
    );
    assert!(!dir.path().join("output/espoo/kaksivaihe/sv").exists());
    let fi = page(dir.path(), "espoo/kaksivaihe/index.html");
    assert!(fi.contains("../tvastegsverifiering/index.html"), "{fi}");
    let manifest = std::fs::read_to_string(dir.path().join("output/manifest.json")).unwrap();
    assert!(
        manifest.contains("\"espoo/tvastegsverifiering/index.html\""),
        "{manifest}"
    );
    // The other guide's folders are untouched.
    assert!(
        dir.path()
            .join("output/espoo/kayttajatunnusmuutos/sv/index.html")
            .is_file()
    );
}

#[test]
fn a_language_path_taken_by_another_guide_or_language_is_refused() {
    for (path, message) in [
        (
            "kayttajatunnusmuutos",
            "the guide's path `kayttajatunnusmuutos` is also that of content/kaksivaihe/guide.toml",
        ),
        (
            "kaksivaihe",
            "the path `kaksivaihe` of `[lang.sv]` is already the guide's path",
        ),
        ("Två steg", "`Två steg` cannot be used as a guide's path"),
    ] {
        let dir = project_with_references();
        edit(
            dir.path(),
            DECL,
            "pdf_file = \"{{ m.slug }}-tvastegsverifiering.pdf\"",
            &format!("pdf_file = \"{{{{ m.slug }}}}-tvastegsverifiering.pdf\"\npath = \"{path}\""),
        );
        for command in ["check", "build"] {
            let run = opas(dir.path(), &[command]);
            let err = stderr(&run);
            assert_eq!(run.status.code(), Some(1), "{path}: {err}");
            assert!(err.contains(message), "{path}: {err}");
            assert!(err.contains("/guide.toml:"), "located: {err}");
        }
    }
}
