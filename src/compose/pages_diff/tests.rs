//! Guides rendered twice through the crate's own PDF renderer, compared page by page.

use std::path::Path;
use std::sync::OnceLock;

use super::{PageChange, PagesOptions, Region, changed_pages};
use crate::compose::model::{Block, Document, Inline, UiStrings};
use crate::render::pdf::font::Fonts;
use crate::render::pdf::layout::items::Item;

/// A word on the second page, and one made of the same letters: the font subsets stay
/// the same, so only the content of that page changes.
const WORD: &str = "kalastaja";
const ANAGRAM: &str = "taklasaja";

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        crate::driver::load_fonts(Path::new(env!("CARGO_MANIFEST_DIR")), "default")
            .unwrap_or_else(|d| panic!("{d:?}"))
    })
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph {
        content: vec![Inline::Text { text: text.into() }],
    }
}

/// Two pages and a bit of Finnish prose; the paragraph `marked` (of 14) says `word`.
fn document(paragraphs: usize, marked: usize, word: &str) -> Document {
    let line = "Käyttäjätunnuksen vaihdon jälkeen järjestelmä lähettää sähköpostiisi linkin. ";
    let blocks = (0..paragraphs)
        .map(|n| {
            let extra = if n == marked {
                format!("Sana {word} tässä. ")
            } else {
                String::new()
            };
            paragraph(&format!("{extra}{}", line.repeat(4)))
        })
        .collect();
    Document {
        slug: "testi".into(),
        lang: "fi".into(),
        guide: "ohje".into(),
        issuer: "Testin kaupunki".into(),
        municipality_name: "Testi".into(),
        title: "Otsikko".into(),
        subtitle: "Alaotsikko".into(),
        header_label: None,
        date_text: "1.3.2018".into(),
        date_iso: "2018-03-01".into(),
        pdf_file: "testi.pdf".into(),
        strings: UiStrings {
            figure: "Kuva".into(),
            placeholder_title: "Kuvakaappaus puuttuu".into(),
            placeholder_hint: "Tallenna se".into(),
            contact: "Yhteystiedot".into(),
            pdf_link: "PDF".into(),
            language_name: "Suomeksi".into(),
        },
        hyphenation: Default::default(),
        blocks,
    }
}

fn pdf(doc: &Document) -> Vec<u8> {
    crate::render::pdf::render(doc, fonts(), &Default::default())
        .unwrap_or_else(|d| panic!("{d:?}"))
}

fn compare(old: &[u8], new: &[u8]) -> Vec<PageChange> {
    changed_pages(old, new, &PagesOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The page (0-based) and the box in pixels at 70 dpi of the text run (the line) saying
/// `word`.
fn word_box(doc: &Document, word: &str) -> (usize, Region) {
    let layout = crate::render::pdf::layout(doc, fonts());
    let scale = 70.0 / 72.0;
    for (n, page) in layout.pages.iter().enumerate() {
        for placed in &page.items {
            if let Item::Text {
                x,
                y,
                text,
                size,
                width,
                ..
            } = &placed.item
                && text.contains(word)
            {
                let region = Region {
                    x: (x * scale) as u32,
                    y: ((y - size) * scale) as u32,
                    width: (width * scale) as u32,
                    height: (size * 1.2 * scale) as u32,
                };
                return (n, region);
            }
        }
    }
    panic!("no text run says {word}");
}

fn contains(outer: &Region, inner: &Region) -> bool {
    outer.x <= inner.x
        && outer.y <= inner.y
        && outer.x + outer.width >= inner.x + inner.width
        && outer.y + outer.height >= inner.y + inner.height
}

fn overlaps(a: &Region, b: &Region) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

#[test]
fn identical_pdfs_have_no_changed_page() {
    let a = pdf(&document(14, 9, WORD));
    assert!(compare(&a, &a.clone()).is_empty());
}

#[test]
fn one_changed_word_is_one_page_and_a_region_where_the_word_is() {
    let old_doc = document(14, 9, WORD);
    let (page, word) = word_box(&old_doc, WORD);
    assert!(page > 0, "the word should be past the first page");
    let changes = compare(&pdf(&old_doc), &pdf(&document(14, 9, ANAGRAM)));
    assert_eq!(
        changes.len(),
        1,
        "pages {:?}",
        changes.iter().map(|c| c.page).collect::<Vec<_>>()
    );
    let change = &changes[0];
    assert_eq!(change.page, page + 1);
    assert!(
        (1..=3).contains(&change.regions.len()),
        "{:?}",
        change.regions
    );
    assert!(
        change.regions.iter().any(|r| overlaps(r, &word)),
        "no region {:?} is where the word is, {word:?}",
        change.regions
    );
    let around = Region {
        y: word.y.saturating_sub(4),
        height: word.height + 8,
        ..word
    };
    assert!(
        change.regions.iter().all(|r| contains(&around, r)),
        "{:?} beyond the line {around:?}",
        change.regions
    );
    for picture in [&change.old, &change.new] {
        let picture = picture.as_ref().expect("both pictures");
        assert!(picture.png.starts_with(b"\x89PNG"));
        assert_eq!((picture.width, picture.height), (578, 818), "A4 at 70 dpi");
    }
}

#[test]
fn a_word_with_a_new_letter_changes_every_content_stream_but_one_picture() {
    // A new glyph changes the font subset, so every page is rendered; the pixels decide.
    let old_doc = document(14, 9, WORD);
    let (page, word) = word_box(&old_doc, WORD);
    let changes = compare(&pdf(&old_doc), &pdf(&document(14, 9, "kalastajq")));
    assert_eq!(
        changes.iter().map(|c| c.page).collect::<Vec<_>>(),
        [page + 1]
    );
    assert!(changes[0].regions.iter().any(|r| overlaps(r, &word)));
    assert!(changes[0].regions.len() <= super::regions::MAX_REGIONS);
}

#[test]
fn an_added_page_has_no_old_picture() {
    let old = pdf(&document(14, 9, WORD));
    let new = pdf(&document(24, 9, WORD));
    let changes = compare(&old, &new);
    let added = changes.last().expect("a change");
    assert!(added.old.is_none() && added.new.is_some());
    assert_eq!(
        added.page,
        changes.iter().map(|c| c.page).max().unwrap_or(0)
    );
    let picture = added.new.as_ref().expect("new picture");
    let whole = Region {
        x: 0,
        y: 0,
        width: picture.width,
        height: picture.height,
    };
    assert_eq!(added.regions, [whole]);
    // And the other way round: the page removed.
    let removed = compare(&new, &old);
    assert!(
        removed
            .last()
            .is_some_and(|c| c.new.is_none() && c.old.is_some())
    );
}

#[test]
fn garbage_and_cut_pdfs_are_errors() {
    let good = pdf(&document(3, 0, WORD));
    let half = &good[..good.len() / 2];
    for bad in [&b"not a pdf at all"[..], b"", b"%PDF-1.7\n%%EOF", half] {
        let result =
            std::panic::catch_unwind(|| changed_pages(bad, &good, &PagesOptions::default()));
        match result {
            Ok(Err(message)) => assert!(message.contains("old PDF"), "{message}"),
            Ok(Ok(changes)) => assert!(bad == half, "{} changes from garbage", changes.len()),
            Err(_) => panic!("a panic on bad input"),
        }
    }
}

#[test]
fn too_many_pages_or_a_bad_resolution_are_errors() {
    let a = pdf(&document(14, 9, WORD));
    let few = PagesOptions {
        max_pages: 1,
        ..PagesOptions::default()
    };
    let message = changed_pages(&a, &a, &few).expect_err("two pages, one allowed");
    assert!(message.contains("more than the 1 compared"), "{message}");
    for dpi in [0.0, -1.0, f32::NAN, 10_000.0] {
        let opts = PagesOptions {
            dpi,
            ..PagesOptions::default()
        };
        assert!(changed_pages(&a, &a, &opts).is_err(), "{dpi} dpi");
    }
}

#[test]
fn a_huge_page_is_drawn_no_larger_than_a3() {
    // 200 × 200 inches: scaled to fit A3's short side.
    let scale = super::raster::scale(14_400.0, 14_400.0, 70.0).expect("a size");
    let side = 14_400.0 * scale;
    assert!(side <= 11.7 * 70.0 && side > 11.6 * 70.0, "{side}");
    let a4 = super::raster::scale(595.0, 842.0, 70.0).expect("a size");
    assert!((a4 - 70.0 / 72.0).abs() < 1e-6, "A4 is not scaled");
    for (w, h) in [(0.0, 842.0), (f32::NAN, 1.0), (f32::INFINITY, 10.0)] {
        assert!(super::raster::scale(w, h, 70.0).is_none());
    }
}
