//! Layout tests on positions: margins, figures, furniture, keeps; no PDF is parsed.

use std::path::Path;

use crate::compose::model::{
    Block, Document, Figure, FigureContent, Inline, Screen, ScreenItem, ScreenStyle, UiStrings,
};
use crate::render::pdf::font::Fonts;
use crate::render::pdf::layout::Geometry;
use crate::render::pdf::layout::items::{Item, Layout, Origin};

pub(super) fn fonts() -> Fonts {
    crate::driver::load_fonts(Path::new(env!("CARGO_MANIFEST_DIR")), "default")
        .unwrap_or_else(|d| panic!("{d:?}"))
}

fn text(t: &str) -> Vec<Inline> {
    vec![Inline::Text { text: t.into() }]
}

fn dialog() -> Screen {
    Screen {
        style: ScreenStyle::Dialog,
        items: vec![
            ScreenItem::Title {
                text: "Kirjautuminen".into(),
            },
            ScreenItem::Notice {
                text: text("Ilmoitus ".repeat(30).trim()),
            },
            ScreenItem::Field {
                label: "Tunnus".into(),
                value: Some("x".repeat(200)),
                secret: false,
            },
            ScreenItem::Field {
                label: "Salasana".into(),
                value: Some("salainen".into()),
                secret: true,
            },
            ScreenItem::Checkbox {
                label: "Muista".into(),
            },
            ScreenItem::Button {
                label: "Jatka".into(),
            },
            ScreenItem::Link {
                label: "Unohtuiko?".into(),
            },
        ],
    }
}

fn bar() -> Screen {
    Screen {
        style: ScreenStyle::Bar,
        items: vec![
            ScreenItem::User {
                text: "Erkki Esimerkki (erkki@example.com) ".repeat(4),
            },
            ScreenItem::Button {
                label: "ULOS".into(),
            },
            ScreenItem::Menu {
                label: "FIN ▼".into(),
            },
        ],
    }
}

/// A document long enough for several pages, with every kind of block and some hostile text.
pub(crate) fn document(label: Option<&str>) -> Document {
    let long = "Käyttäjätunnusmuutoksen jälkeen kirjautumisjärjestelmä lähettää sähköpostiisi linkin, jonka avulla asetat salasanan. ";
    let mut blocks = Vec::new();
    for step in 0..6 {
        blocks.push(Block::Heading {
            level: 2,
            id: format!("h{step}"),
            content: text(&format!("Vaihe {step}")),
        });
        blocks.push(Block::Paragraph {
            content: text(&long.repeat(3)),
        });
        blocks.push(Block::Figure(Figure {
            id: format!("f{step}"),
            number: step + 1,
            caption: "Kirjautumisikkuna".into(),
            alt: "Kuva".into(),
            content: if step % 2 == 0 {
                FigureContent::Mockup(dialog())
            } else {
                FigureContent::Mockup(bar())
            },
        }));
        blocks.push(Block::List {
            ordered: step % 2 == 0,
            items: vec![
                vec![Block::Paragraph {
                    content: text(long),
                }],
                vec![Block::Paragraph {
                    content: text(&"a".repeat(300)),
                }],
            ],
        });
        blocks.push(Block::Note {
            blocks: vec![Block::Paragraph {
                content: text(&long.repeat(2)),
            }],
        });
    }
    blocks.push(Block::Figure(Figure {
        id: "missing".into(),
        number: 7,
        caption: "Puuttuu".into(),
        alt: "Kuva".into(),
        content: FigureContent::Placeholder {
            expected_path: "screenshots/x/".repeat(12),
        },
    }));
    blocks.push(Block::Contact {
        blocks: vec![Block::Paragraph {
            content: vec![
                Inline::Strong {
                    content: text("Asiakaspalvelu"),
                },
                Inline::LineBreak,
                Inline::Link {
                    url: "mailto:a@example.fi".into(),
                    content: text("a(@)example.fi"),
                },
            ],
        }],
    });
    Document {
        slug: "testi".into(),
        lang: "fi".into(),
        guide: "kayttajatunnusmuutos".into(),
        issuer: "Testin kaupunki".into(),
        municipality_name: "Testi".into(),
        title: "Otsikko".into(),
        subtitle: "Alaotsikko".into(),
        header_label: label.map(str::to_string),
        date_text: "1.3.2018".into(),
        date_iso: "2018-03-01".into(),
        pdf_file: "testi.pdf".into(),
        strings: UiStrings {
            figure: "Kuva".into(),
            placeholder_title: "Kuvakaappaus puuttuu".into(),
            placeholder_hint: "Tallenna se tiedostoon".into(),
            contact: "Yhteystiedot".into(),
            pdf_link: "PDF".into(),
            language_name: "Suomeksi".into(),
        },
        hyphenation: Default::default(),
        blocks,
    }
}

fn laid_out(label: Option<&str>) -> (Layout, Document) {
    let doc = document(label);
    (crate::render::pdf::layout(&doc, &fonts()), doc)
}

fn page_of_block(layout: &Layout, block: usize) -> Vec<usize> {
    let mut pages: Vec<usize> = layout
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.items
                .iter()
                .any(|i| matches!(&i.origin, Origin::Block(path) if path.first() == Some(&block)))
        })
        .map(|(n, _)| n)
        .collect();
    pages.dedup();
    pages
}

#[test]
fn nothing_crosses_the_margins() {
    let (layout, _) = laid_out(Some("Ohje - Testin kaupungin sähköiset palvelut"));
    let g = Geometry::a4();
    assert!(layout.pages.len() >= 3);
    for (n, page) in layout.pages.iter().enumerate() {
        for placed in &page.items {
            let (left, right) = placed.item.x_extent();
            assert!(
                left >= g.left - 0.01 && right <= g.right + 0.01,
                "page {n}: {placed:?}"
            );
            if placed.origin != Origin::Artifact {
                let (top, bottom) = placed.item.y_extent();
                assert!(
                    top >= g.body_top - 1.0 && bottom <= g.body_bottom + 1.0,
                    "page {n}: {placed:?}"
                );
            }
        }
    }
}

#[test]
fn figures_are_never_split_and_headings_stay_with_what_follows() {
    let (layout, doc) = laid_out(None);
    for (i, block) in doc.blocks.iter().enumerate() {
        let pages = page_of_block(&layout, i);
        match block {
            Block::Figure(_) => assert_eq!(pages.len(), 1, "figure {i} on pages {pages:?}"),
            Block::Heading { .. } => {
                let next = page_of_block(&layout, i + 1);
                assert_eq!(pages.last(), next.first(), "heading {i} left alone");
            }
            _ => {}
        }
    }
}

#[test]
fn every_page_has_the_header_the_date_and_its_number() {
    for label in [Some("Ohje - Testin kaupungin sähköiset palvelut"), None] {
        let (layout, _) = laid_out(label);
        let total = layout.pages.len();
        for (n, page) in layout.pages.iter().enumerate() {
            let furniture: Vec<&str> = page
                .items
                .iter()
                .filter(|p| p.origin == Origin::Artifact)
                .filter_map(|p| match &p.item {
                    Item::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            assert!(furniture.contains(&"1.3.2018"), "{furniture:?}");
            assert!(furniture.contains(&format!("{} / {total}", n + 1).as_str()));
            assert_eq!(
                label.is_some_and(|l| furniture.contains(&l)),
                label.is_some()
            );
        }
    }
}

#[test]
fn the_outline_lists_the_steps_in_order() {
    let (layout, _) = laid_out(None);
    let titles: Vec<&str> = layout.outline.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Vaihe 0", "Vaihe 1", "Vaihe 2", "Vaihe 3", "Vaihe 4", "Vaihe 5"
        ]
    );
    assert!(layout.outline.windows(2).all(|w| w[0].page <= w[1].page));
}

#[test]
fn real_links_get_a_clickable_area() {
    let (layout, _) = laid_out(None);
    let links: Vec<&str> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|p| match &p.item {
            Item::Link { url, .. } => Some(url.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(links, ["mailto:a@example.fi"]);
}

#[test]
fn two_renders_are_byte_identical() {
    let fonts = fonts();
    let doc = document(Some("Ohje"));
    let a =
        super::render(&doc, &fonts, &super::Subsets::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let b =
        super::render(&doc, &fonts, &super::Subsets::default()).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(a.starts_with(b"%PDF-1.7"));
    assert!(a == b, "two renders differ");
}

#[test]
fn an_empty_document_renders_one_page() {
    let mut doc = document(None);
    doc.blocks.clear();
    doc.title = String::new();
    let layout = crate::render::pdf::layout(&doc, &fonts());
    assert_eq!(layout.pages.len(), 1);
    assert!(super::render(&doc, &fonts(), &super::Subsets::default()).is_ok());
}
