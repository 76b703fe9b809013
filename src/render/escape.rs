//! Escaping text for HTML: used by the HTML renderer and by the theme's Tera, which
//! loads before any renderer runs.

/// Escapes text for HTML element content and attribute values; control characters (but
/// line breaks and tabs) and bidirectional controls are dropped: they are invalid in
/// HTML or reorder what the reader sees.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out`. Runs of text with nothing to escape are copied whole.
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        // 0xE2 leads the bidirectional controls below and 0xC2 the C1 controls (both
        // also lead other characters, kept).
        if !matches!(
            b,
            b'&' | b'<' | b'>' | b'"' | b'\'' | 0xE2 | 0xC2 | 0x00..=0x1F | 0x7F
        ) {
            continue;
        }
        let (replacement, len) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\n' | b'\t' | b'\r' => continue,
            0x00..=0x1F | 0x7F => ("", 1),
            0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => ("", 2),
            0xE2 if bidi_control(&text[i..]) => ("", 3),
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = i + len;
    }
    out.push_str(&text[copied..]);
}

/// Whether `rest` starts with a bidirectional embedding, override or isolate
/// (U+202A..=U+202E, U+2066..=U+2069): it could reorder what the reader sees, so it is
/// dropped.
fn bidi_control(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_some_and(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition: one character at a time.
    fn reference(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
                c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn markup_quotes_and_bidirectional_controls_are_escaped_or_dropped() {
        assert_eq!(
            escape("<b>\"Tom & Jerry's\"</b>"),
            "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;"
        );
        assert_eq!(escape("a\u{202E}cba\u{2069}"), "acba");
        let samples = [
            "",
            "plain",
            "Käyttäjä – ”Kirjaudu” … €",
            "\u{2066}x\u{202A}<y>\u{2028}&\u{2070}'",
            "&&<<>>''\"\"",
            "\u{2013}\u{202D}\u{2069}\u{206A}",
            "Ohje\u{1b}[2J\u{7f}\u{85}\u{9f}\u{a0}\u{c2}\n\tx\r",
        ];
        for text in samples {
            assert_eq!(escape(text), reference(text), "{text:?}");
        }
    }
}
