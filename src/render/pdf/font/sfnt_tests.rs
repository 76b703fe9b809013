use super::*;

fn theme_font(file: &str) -> Vec<u8> {
    let path = format!(
        "{}/themes/default/static/fonts/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).expect("theme font")
}

fn tags(font: &[u8]) -> Vec<[u8; 4]> {
    directory(font)
        .expect("a table directory")
        .iter()
        .map(|(tag, _)| *tag)
        .collect()
}

#[test]
fn a_slim_font_draws_every_glyph_with_the_same_outline_and_advance() {
    for file in ["OpenSans-Regular.ttf", "OpenSans-Bold.ttf"] {
        let font = theme_font(file);
        let small = slim(&font);
        assert!(
            small.len() * 10 < font.len() * 6,
            "{} of {}",
            small.len(),
            font.len()
        );
        let mut warnings = Vec::new();
        let parsed = printpdf::ParsedFont::from_bytes(&small, 0, &mut warnings).expect("parses");
        let original = printpdf::ParsedFont::from_bytes(&font, 0, &mut warnings).expect("parses");
        assert_eq!(parsed.num_glyphs, original.num_glyphs);
        for gid in 0..original.num_glyphs {
            let (a, b) = (
                original.get_or_decode_glyph(gid),
                parsed.get_or_decode_glyph(gid),
            );
            let (Some(a), Some(b)) = (a, b) else {
                panic!("glyph {gid} of {file} decodes in both");
            };
            assert_eq!(a.outline, b.outline, "glyph {gid} of {file}");
            assert_eq!(a.horz_advance, b.horz_advance, "glyph {gid} of {file}");
            assert!(b.instructions.as_ref().is_none_or(Vec::is_empty));
        }
        for c in "Tässä Åbo – 044".chars() {
            let gid = original.lookup_glyph_index(c as u32);
            assert_eq!(parsed.lookup_glyph_index(c as u32), gid, "{c}");
        }
    }
}

#[test]
fn a_slim_font_keeps_outlines_metrics_and_cmap_and_nothing_else() {
    let small = slim(&theme_font("OpenSans-Regular.ttf"));
    let kept = tags(&small);
    for tag in [
        b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp", b"cmap",
    ] {
        assert!(kept.contains(tag), "{}", String::from_utf8_lossy(tag));
    }
    for tag in [
        b"name", b"post", b"fpgm", b"prep", b"cvt ", b"kern", b"GPOS", b"DSIG",
    ] {
        assert!(!kept.contains(tag), "{}", String::from_utf8_lossy(tag));
    }
}

#[test]
fn checksums_are_true() {
    let small = slim(&theme_font("OpenSans-Italic.ttf"));
    assert_eq!(checksum(&small), 0xB1B0_AFBA, "whole-file checksum");
    for i in 0..usize::from(u16_at(&small, 4).expect("count")) {
        let record = 12 + 16 * i;
        let (tag, data) = directory(&small).expect("directory")[i];
        let stored = u32_at(&small, record + 4).expect("checksum");
        let sum = if &tag == b"head" {
            checksum_without_adjustment(data)
        } else {
            checksum(data)
        };
        assert_eq!(stored, sum, "{}", String::from_utf8_lossy(&tag));
    }
}

#[test]
fn what_cannot_be_read_is_kept_as_it_is() {
    assert_eq!(slim(b"short"), b"short");
    let font = theme_font("OpenSans-Regular.ttf");
    // A glyf table cut short: the hinting stays, only the unread tables go.
    let mut tables = directory(&font).expect("directory");
    for (tag, data) in &mut tables {
        if tag == b"glyf" {
            *data = &data[..100];
        }
    }
    let broken = assemble(&font, &tables, None);
    let kept = tags(&slim(&broken));
    assert!(kept.contains(b"fpgm") && !kept.contains(b"name"));
}
