//! `opas list`: one row per municipality and guide, plain tab-separated columns when piped.

use crate::common::{opas, project_with_references, stderr};

#[test]
fn piped_rows_are_tab_separated_with_figure_sources() {
    let dir = project_with_references();
    let shots = dir
        .path()
        .join("municipalities/pori/kayttajatunnusmuutos/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("username.png"), crate::common::png(40, 30)).unwrap();
    std::fs::write(
        dir.path().join("municipalities/rikki.toml"),
        b"name = \"Rikki\"\n",
    )
    .unwrap();
    let run = opas(dir.path(), &["list"]);
    // The broken municipality is listed, and fails the run as it fails `opas check`.
    assert!(!run.status.success(), "{}", stderr(&run));
    let out = String::from_utf8(run.stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 11, "{out}");
    assert!(!out.contains('\x1b'), "no colour when piped: {out}");
    assert!(rows.iter().all(|r| r.len() == 7), "{out}");
    let pori = rows
        .iter()
        .find(|r| r[0] == "pori" && r[2] == "kayttajatunnusmuutos")
        .unwrap();
    assert_eq!(
        pori[..6],
        [
            "pori",
            "Pori",
            "kayttajatunnusmuutos",
            "2018-03-01",
            "fi",
            "1/8/0"
        ],
        "{out}"
    );
    assert_eq!(pori[6], "ok");
    let espoo = rows
        .iter()
        .find(|r| r[0] == "espoo" && r[2] == "kayttajatunnusmuutos")
        .unwrap();
    assert_eq!(espoo[5], "0/4/0", "{out}");
    let broken = rows.iter().find(|r| r[0] == "rikki").unwrap();
    // Its one problem (the first missing field) in the singular.
    assert_eq!(broken[6], "1 error", "{out}");
    assert!(stderr(&run).contains("opas check"), "{}", stderr(&run));
}
