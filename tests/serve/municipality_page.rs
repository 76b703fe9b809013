//! `opas serve` answers a municipality's folder with its page, before and after an edit
//! that rebuilds only that municipality.

use super::Server;
use crate::common::project_with_references;

#[test]
fn serve_answers_a_municipality_folder_with_its_page() {
    let dir = project_with_references();
    let server = Server::start(dir.path());
    let (status, head, page) = server.get("/kokkola/");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("text/html"), "{head}");
    assert!(page.contains("<h1>Kokkolan kaupunki</h1>"), "{page}");
    assert!(
        page.contains("href=\"kayttajatunnusmuutos/sv/index.html\" hreflang=\"sv\" lang=\"sv\""),
        "{page}"
    );
    let (_, _, index) = server.get("/");
    assert!(index.contains("href=\"kokkola/index.html\""), "{index}");

    // An edit rebuilds Kokkola alone: its page follows, the others' pages stay.
    let toml = dir.path().join("municipalities/kokkola.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let g = server.generation();
    std::fs::write(
        &toml,
        text.replace("date = 2023-09-01", "date = 2023-09-02"),
    )
    .unwrap();
    server.wait_for_build(g);
    let (status, _, page) = server.get("/kokkola/");
    assert_eq!(status, 200);
    assert!(page.contains("2.9.2023"), "{page}");
    let (status, _, espoo) = server.get("/espoo/");
    assert_eq!(status, 200);
    assert!(espoo.contains("<h1>Espoon kaupunki</h1>"), "{espoo}");
}
