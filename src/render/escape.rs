//! Escaping text for HTML: used by the HTML renderer and by the theme's Tera, which
//! loads before any renderer runs.

/// Escapes text for HTML element content and attribute values.
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
        // 0xE2 leads the bidirectional controls below (and other characters, kept).
        if !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xE2) {
            continue;
        }
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ if bidi_control(&text[i..]) => "",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = i + if replacement.is_empty() { 3 } else { 1 };
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
        ];
        for text in samples {
            assert_eq!(escape(text), reference(text), "{text:?}");
        }
    }
}
