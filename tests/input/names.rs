//! Names that would collide in the output (issue 21, item 10): a municipality named after
//! the theme's folder, and language files whose names are not language codes.

use super::untrusted::both_fail;
use crate::common::project_with_references;

#[test]
fn a_municipality_named_after_the_theme_folder_is_refused() {
    let project = project_with_references();
    let root = project.path();
    std::fs::copy(
        root.join("municipalities/pori.toml"),
        root.join("municipalities/assets.toml"),
    )
    .unwrap();
    both_fail(root, &["municipalities/assets.toml", "theme's files"]);
}

#[test]
fn language_files_not_named_as_language_codes_are_refused() {
    for name in ["x\"><img src=x onerror=alert(1)>", "SV", "suomi", "fi_FI"] {
        let project = project_with_references();
        let root = project.path();
        let languages = root.join("content/languages");
        std::fs::copy(
            languages.join("sv.toml"),
            languages.join(format!("{name}.toml")),
        )
        .unwrap();
        both_fail(root, &[&format!("`{name}` is not a language code")]);
    }
}
