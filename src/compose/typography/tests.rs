use super::*;
use crate::compose::model::Inline;

const NB: char = '\u{a0}';

fn conv(lang: &str) -> Conventions {
    let (quotes, units): ([char; 2], &[&str]) = match lang {
        "fi" => (['”', '”'], &["min", "minuuttia", "numeroa"]),
        "sv" => (['”', '”'], &["min", "minuter"]),
        _ => (['“', '”'], &["min", "minutes", "digits"]),
    };
    Conventions {
        quotes,
        units: units.iter().map(|u| u.to_string()).collect(),
    }
}

fn typeset(lang: &str, text: &str) -> String {
    let mut text = text.to_string();
    plain(&mut text, &conv(lang));
    text
}

fn text(t: &str) -> Inline {
    Inline::Text { text: t.into() }
}

fn strong(t: &str) -> Inline {
    Inline::Strong {
        content: vec![text(t)],
    }
}

#[test]
fn quotes_follow_the_language() {
    let source = r#"Klikkaa "Jatka" -painiketta."#;
    assert_eq!(typeset("fi", source), "Klikkaa ”Jatka” -painiketta.");
    assert_eq!(
        typeset("sv", r#"Klicka på "Fortsätt"."#),
        "Klicka på ”Fortsätt”."
    );
    assert_eq!(typeset("en", r#"Click "Continue"."#), "Click “Continue”.");
    assert_eq!(
        typeset("en", r#""Sign in" (or "Log in")"#),
        "“Sign in” (or “Log in”)"
    );
}

#[test]
fn apostrophes_are_typographic_in_every_language() {
    assert_eq!(
        typeset("en", "the city's e-services"),
        "the city’s e-services"
    );
    assert_eq!(typeset("sv", "Pori's"), "Pori’s");
    assert_eq!(typeset("fi", "ei'kä"), "ei’kä");
}

#[test]
fn a_quotation_may_span_inlines() {
    let mut run = vec![text("Click \""), strong("Sign in"), text("\" now.")];
    inlines::prose(&mut run, &conv("en"), true);
    assert_eq!(
        run,
        vec![text("Click “"), strong("Sign in"), text("” now.")]
    );
    let mut run = vec![strong("\"Kirjaudu sisään\""), text(" -painiketta")];
    inlines::prose(&mut run, &conv("fi"), true);
    assert_eq!(Inline::plain_text(&run), "”Kirjaudu sisään” -painiketta");
    // The quote that follows a code span closes it.
    let mut run = vec![
        text("\""),
        Inline::Code {
            text: "a\"b".into(),
        },
        text("\""),
    ];
    inlines::prose(&mut run, &conv("en"), false);
    assert_eq!(Inline::plain_text(&run), "“a\"b”");
}

#[test]
fn a_spaced_hyphen_is_an_en_dash() {
    assert_eq!(
        typeset("fi", "Ohje - Porin kaupungin palvelut"),
        "Ohje – Porin kaupungin palvelut"
    );
    assert_eq!(
        typeset("sv", "Anvisning - tjänster"),
        "Anvisning – tjänster"
    );
    assert_eq!(typeset("en", "Guide - e-services"), "Guide – e-services");
    // Hyphens of words and of a suffix after a quotation stay.
    assert_eq!(
        typeset("fi", "PDF-tiedosto -painike"),
        "PDF-tiedosto -painike"
    );
}

#[test]
fn only_clear_ranges_get_an_en_dash() {
    assert_eq!(typeset("fi", "klo 8-16."), "klo 8–16.");
    assert_eq!(typeset("en", "in 2018-2020"), "in 2018–2020");
    for kept in [
        "1111-2222",
        "2018-12-14",
        "16-8",
        "6-numeroinen",
        "044-797",
        "2000-0001",
    ] {
        assert_eq!(typeset("fi", kept), kept);
    }
}

#[test]
fn phone_numbers_are_joined_with_no_break_spaces() {
    for (written, joined) in [
        ("044 797 8523", "044_797_8523"),
        ("+358 44 797 8523", "+358_44_797_8523"),
        ("09 816 2000", "09_816_2000"),
        ("(02) 621 1100", "(02)_621_1100"),
    ] {
        let expected = format!("Puh. {}.", joined.replace('_', &NB.to_string()));
        assert_eq!(typeset("fi", &format!("Puh. {written}.")), expected);
    }
    // Numbers that are not phone numbers keep their spaces.
    for kept in ["vuonna 2018 100 henkeä", "koodi 123 456", "044 797", "0 5"] {
        assert_eq!(typeset("fi", kept), kept);
    }
}

#[test]
fn a_number_keeps_its_unit() {
    assert_eq!(typeset("fi", "noin 5 min."), format!("noin 5{NB}min."));
    assert_eq!(
        typeset("fi", "10 minuuttia, 6 numeroa"),
        format!("10{NB}minuuttia, 6{NB}numeroa")
    );
    assert_eq!(
        typeset("sv", "inom 10 minuter"),
        format!("inom 10{NB}minuter")
    );
    assert_eq!(
        typeset("en", "a 6 digits code in 1-2 minutes"),
        format!("a 6{NB}digits code in 1–2{NB}minutes")
    );
    assert_eq!(typeset("fi", "50 % ja 5 €"), format!("50{NB}% ja 5{NB}€"));
    // A word that is not a unit, or a unit after a word, keeps the space.
    assert_eq!(typeset("fi", "5 kertaa"), "5 kertaa");
    assert_eq!(typeset("fi", "kaksi min"), "kaksi min");
    assert_eq!(typeset("fi", "v2 5 minuuttiakin"), "v2 5 minuuttiakin");
}

#[test]
fn addresses_code_and_paths_stay_as_written() {
    for kept in [
        "https://example.fi/a-b/'x'/8-16",
        "etunimi.o'brien@kokkola.fi",
        "www.pori.fi/it's",
        "municipalities/pori/screenshots/it's.png",
    ] {
        assert_eq!(typeset("en", kept), kept);
    }
    assert_eq!(
        typeset("en", "See \"https://example.fi/it's\"."),
        "See “https://example.fi/it's”."
    );
    let mut run = vec![
        text("Run "),
        Inline::Code {
            text: "opas - 'x' 044 797 8523".into(),
        },
    ];
    let before = run.clone();
    inlines::prose(&mut run, &conv("en"), true);
    assert_eq!(run, before);
}

#[test]
fn a_phone_number_in_prose_becomes_a_tel_link() {
    let mut run = vec![text("Puh. 044 797 8523 tai +358 9 816 2000")];
    inlines::prose(&mut run, &conv("fi"), true);
    let link = |url: &str, number: &str| Inline::Link {
        url: url.into(),
        content: vec![text(&number.replace(' ', &NB.to_string()))],
    };
    assert_eq!(
        run,
        vec![
            text("Puh. "),
            link("tel:0447978523", "044 797 8523"),
            text(" tai "),
            link("tel:+35898162000", "+358 9 816 2000"),
        ]
    );
    // A number the Markdown parser split at its brackets is found whole.
    let mut run = vec![text("Puh. "), text("(02"), text(") 621 1100")];
    inlines::prose(&mut run, &conv("fi"), true);
    assert!(
        matches!(&run[..], [_, Inline::Link { url, .. }] if url == "tel:026211100"),
        "{run:?}"
    );
    // Not inside a link, nor in a heading's or a screen's text.
    let mut run = vec![Inline::Link {
        url: "tel:0447978523".into(),
        content: vec![text("044 797 8523")],
    }];
    inlines::prose(&mut run, &conv("fi"), true);
    assert!(matches!(&run[..], [Inline::Link { content, .. }] if content.len() == 1));
    let mut heading = vec![text("Soita 044 797 8523")];
    inlines::prose(&mut heading, &conv("fi"), false);
    assert_eq!(heading.len(), 1);
}

#[test]
fn screens_follow_the_same_conventions() {
    let mut item = ScreenItem::Button {
        label: "\"OK\" - it's done".into(),
    };
    screen_item(&mut item, &conv("en"));
    assert_eq!(item.visible_text(), "“OK” – it’s done");
    let mut codes = ScreenItem::Codes {
        codes: vec!["1111-2222".into()],
    };
    screen_item(&mut codes, &conv("en"));
    assert_eq!(codes.visible_text(), "1111-2222");
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        "\"",
        "'",
        "-",
        " - ",
        "+",
        "(0",
        "(0)",
        "0 ",
        "- -",
        "\u{a0}-\u{a0}",
    ] {
        for lang in ["fi", "sv", "en"] {
            typeset(lang, text);
        }
    }
}

/// The PDF's line breaker keeps a phone number whole and draws its no-break spaces as
/// spaces: Open Sans has the character, with a space's width.
#[test]
fn the_pdf_never_breaks_at_a_no_break_space() {
    use crate::render::pdf::font::Style;
    use crate::render::pdf::layout::look::INK;
    use crate::render::pdf::layout::text::{Span, break_lines};
    let fonts =
        crate::driver::load_fonts(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), "default")
            .unwrap_or_else(|d| panic!("{d:?}"));
    let face = fonts.face(Style::Regular);
    assert!(face.covers(NB));
    assert_eq!(face.width(&NB.to_string(), 10.0), face.width(" ", 10.0));
    let number = typeset("fi", "044 797 8523");
    let room = face.width(&number, 10.0) + 2.0;
    let spans = [Span::new(format!("a {number} b"), Style::Regular, INK)];
    let lines = break_lines(&spans, &fonts, 10.0, room, None);
    let texts: Vec<String> = lines
        .iter()
        .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
        .collect();
    assert!(texts.iter().any(|t| t.contains(&number)), "{texts:?}");
}
