//! `opas new`: a commented file that `opas check` accepts once the contact is filled in.

use crate::common::{opas, project, stderr};

#[test]
fn new_then_fill_the_contact_validates() {
    let dir = project(&[]);
    let run = opas(
        dir.path(),
        &[
            "new",
            "mantta-vilppula",
            "--name",
            "Mänttä-Vilppula",
            "--genitive",
            "Mänttä-Vilppulan",
            "--date",
            "2024-05-02",
            "--guide",
            "kayttajatunnusmuutos",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("no phone number or e-mail"),
        "{}",
        stderr(&run)
    );
    let path = dir.path().join("municipalities/mantta-vilppula.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("#:schema ./schema.json\n"), "{text}");
    assert!(text.contains("name = \"Mänttä-Vilppula\""), "{text}");
    assert!(text.contains("date = 2024-05-02"), "{text}");
    assert!(text.contains("[kayttajatunnusmuutos]"), "{text}");
    assert!(
        text.contains("# passwords = \"reset\""),
        "a required parameter waits commented out: {text}"
    );
    assert!(
        text.contains("Puhelinnumero") || text.contains("puhelinnumero"),
        "Finnish comments: {text}"
    );

    // The placeholder is flagged until it is filled in.
    let check = opas(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let err = stderr(&check);
    assert!(err.contains("municipalities/mantta-vilppula.toml"), "{err}");
    assert!(
        err.contains("the contact has no phone number or e-mail address"),
        "{err}"
    );
    assert!(
        err.contains("`[kayttajatunnusmuutos]` has no `passwords`"),
        "{err}"
    );

    let filled = text
        .replace("# phone = ", "phone = ")
        .replace("# passwords = \"reset\"", "passwords = \"preserved\"");
    std::fs::write(&path, filled).unwrap();
    let check = opas(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn without_flags_the_names_are_flagged_and_today_is_the_date() {
    let dir = project(&[]);
    let run = opas(dir.path(), &["new", "testi"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let check = opas(dir.path(), &["check"]);
    let err = stderr(&check);
    assert!(err.contains("name is empty"), "{err}");
    assert!(err.contains("genitive is empty"), "{err}");
    assert!(
        err.contains("TÄYTÄ"),
        "the offending line shows what to do: {err}"
    );
    assert!(!err.contains("not a valid date"), "{err}");
}

#[test]
fn refuses_to_overwrite_and_bad_slugs() {
    let dir = project(&[("municipalities/pori.toml", b"name = \"x\"\n")]);
    let run = opas(dir.path(), &["new", "pori", "--name", "Pori"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("already exists"), "{}", stderr(&run));
    let kept = std::fs::read_to_string(dir.path().join("municipalities/pori.toml")).unwrap();
    assert_eq!(kept, "name = \"x\"\n");

    for bad in ["../etc", "Pori", "a--b", "mänttä"] {
        let run = opas(dir.path(), &["new", bad]);
        assert_eq!(run.status.code(), Some(1), "{bad}");
        assert!(
            stderr(&run).contains("cannot be used as a municipality slug"),
            "{bad}"
        );
    }
    let run = opas(dir.path(), &["new", "x", "--date", "2023-02-30"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("not a valid date"));
    assert!(!dir.path().join("municipalities/x.toml").exists());
    let run = opas(dir.path(), &["new", "x", "--guide", "kayttajatunnusmutos"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("did you mean `--guide kayttajatunnusmuutos`?"),
        "{}",
        stderr(&run)
    );
    assert!(!dir.path().join("municipalities/x.toml").exists());
}
