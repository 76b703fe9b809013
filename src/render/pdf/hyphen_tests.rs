//! The rules of hyphenation as the line breaker applies them: quoted labels, addresses
//! and the municipality's names stay whole, the exceptions come before the patterns,
//! and no paragraph's second-to-last line ends in a hyphen.

use std::path::Path;

use crate::compose::model::Hyphenation;
use crate::render::pdf::font::{Fonts, Style};
use crate::render::pdf::layout::hyphenate::Rules;
use crate::render::pdf::layout::items::Color;
use crate::render::pdf::layout::text::{Line, Span, break_lines};

const SOFT: char = '\u{ad}';

fn fonts() -> Fonts {
    crate::driver::load_fonts(Path::new(env!("CARGO_MANIFEST_DIR")), "default")
        .unwrap_or_else(|d| panic!("{d:?}"))
}

fn texts(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
        .collect()
}

/// The lines of `words` at every width from 60 to 400 points, in `lang` with `own`.
fn every_width(words: &str, lang: &str, own: &Hyphenation) -> Vec<Vec<String>> {
    let fonts = fonts();
    let spans = [Span::new(words, Style::Regular, Color(0, 0, 0))];
    let rules = Rules::new(lang, own);
    (60..400)
        .step_by(3)
        .map(|w| texts(&break_lines(&spans, &fonts, 10.5, w as f32, Some(&rules))))
        .collect()
}

fn split(rules: Rules<'_>, word: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut last = 0;
    for p in rules.points(word) {
        parts.push(word[last..p].to_string());
        last = p;
    }
    parts.push(word[last..].to_string());
    parts
}

fn exceptions(lines: &str) -> Hyphenation {
    Hyphenation {
        keep_whole: Vec::new(),
        exceptions: crate::load::hyphenation::parse("test", lines)
            .unwrap_or_else(|d| panic!("{d:?}")),
    }
}

#[test]
fn a_quoted_label_is_neither_hyphenated_nor_broken() {
    let labels = [
        "\"Kirjaudu sisään\"",
        "”Unohtuiko käyttäjätunnus tai salasana?”",
        "“Continue”",
    ];
    let words = format!(
        "Valitse ensin {} -painike, sitten linkki {} ja lopuksi painike {} kirjautumisikkunan alalaidasta.",
        labels[0], labels[1], labels[2]
    );
    let mut hyphenated = false;
    for lines in every_width(&words, "fi", &Hyphenation::default()) {
        hyphenated |= lines.iter().any(|l| l.ends_with(SOFT));
        // Narrower than the longest label, labels are broken at their spaces, never hyphenated.
        let wide = lines.iter().any(|l| l.contains(labels[1]));
        let mut open = false;
        for line in &lines {
            open ^= line.matches(['"', '”', '“']).count() % 2 == 1;
            assert!(
                !open || !line.ends_with(SOFT),
                "hyphenated in a label: {lines:?}"
            );
            assert!(!open || !wide, "a line ends inside a label: {lines:?}");
        }
    }
    assert!(hyphenated, "the words outside the labels are hyphenated");
}

#[test]
fn names_of_the_municipality_are_never_hyphenated() {
    let words = "Otathan yhteyttä lupaneuvojaamme Sampsa Sundqvistiin tai Kokkolan kaupungin asiakaspalveluun.";
    let own = Hyphenation {
        keep_whole: vec![
            "Kokkola".into(),
            "Sundqvistiin".into(),
            "lupaneuvoja".into(),
        ],
        exceptions: Vec::new(),
    };
    let broken = |lines: &Vec<String>, word: &str| {
        lines.iter().any(|l| {
            l.ends_with(SOFT)
                && word.starts_with(l.rsplit(' ').next().unwrap_or("").trim_end_matches(SOFT))
        })
    };
    let without = every_width(words, "fi", &Hyphenation::default());
    assert!(without.iter().any(|l| broken(l, "lupaneuvojaamme")));
    for lines in every_width(words, "fi", &own) {
        for word in ["Sundqvistiin", "lupaneuvojaamme", "Kokkolan"] {
            assert!(!broken(&lines, word), "{word}: {lines:?}");
        }
    }
}

#[test]
fn addresses_are_not_broken_at_their_hyphens() {
    let words = "Lue ohje osoitteessa https://mantta-vilppula.fi/ohje-sivu tai kirjoita osoitteeseen etu-nimi.suku-nimi(@)mantta-vilppula.fi ja odota vastausta.";
    let addresses = [
        "https://mantta-vilppula.fi/ohje-sivu",
        "etu-nimi.suku-nimi(@)mantta-vilppula.fi",
    ];
    for lines in every_width(words, "fi", &Hyphenation::default()) {
        for line in &lines {
            let last = line.rsplit(' ').next().unwrap_or("");
            for address in addresses {
                let inside = address.starts_with(last) && last.len() < address.len();
                assert!(
                    !inside || !last.ends_with('-'),
                    "broken at its hyphen: {lines:?}"
                );
            }
        }
        // Wide enough for the address, the address is on one line.
        if lines.iter().all(|l| l.chars().count() > 40) {
            assert!(
                addresses
                    .iter()
                    .all(|a| lines.iter().any(|l| l.contains(a))),
                "{lines:?}"
            );
        }
    }
}

#[test]
fn exceptions_come_before_the_patterns_also_in_inflected_forms() {
    let own = exceptions("sähkö-posti-osoit*\nkäyt-täjä-tunnu*\nsala-sana\n");
    let rules = Rules::new("fi", &own);
    assert_eq!(
        split(rules, "sähköpostiosoitettasi"),
        ["sähkö", "posti", "osoi", "tet", "tasi"]
    );
    assert_eq!(
        split(rules, "sähköpostiosoite"),
        ["sähkö", "posti", "osoite"]
    );
    assert_eq!(
        split(rules, "Käyttäjätunnuksesi"),
        ["Käyt", "täjä", "tun", "nuk", "sesi"]
    );
    // Without a star only the word itself: "salasanasi" keeps the patterns.
    assert_eq!(split(rules, "salasana"), ["sala", "sana"]);
    // The patterns alone break the compound wrongly: "sähköpostio-soitettasi".
    let none = Hyphenation::default();
    let patterns = Rules::new("fi", &none).points("sähköpostiosoitettasi");
    assert!(patterns.contains(&"sähköpostio".len()), "{patterns:?}");
}

#[test]
fn a_word_with_its_own_hyphen_matches_an_entry() {
    let own = exceptions("e-post-adress*\n");
    let rules = Rules::new("sv", &own);
    assert_eq!(split(rules, "e-postadressen"), ["e-post", "adres", "sen"]);
    let fonts = fonts();
    let spans = [Span::new(
        "Skriv in din e-postadress i fältet.",
        Style::Regular,
        Color(0, 0, 0),
    )];
    for w in 40..200 {
        for line in texts(&break_lines(&spans, &fonts, 10.5, w as f32, Some(&rules))) {
            assert!(!line.ends_with("posta\u{ad}"), "{line}");
        }
    }
}

#[test]
fn the_second_to_last_line_never_ends_in_a_hyphen() {
    let words = "Ensimmäisellä kirjautumiskerralla saat sähköpostiisi viestin, joka sisältää linkin salasanan asettamiseen. Aseta itsellesi uusi salasana ja ota tiedot talteen myöhempää käyttöä varten.";
    let mut hyphenated = false;
    for lines in every_width(words, "fi", &Hyphenation::default()) {
        hyphenated |= lines.iter().any(|l| l.ends_with(SOFT));
        if lines.len() >= 2 {
            assert!(!lines[lines.len() - 2].ends_with(SOFT), "{lines:?}");
        }
    }
    assert!(hyphenated);
}
