//! A page's text as words, for the word layer: the main content of a guide's HTML with
//! its tags removed and its character references decoded.

/// The words of the page's `<main>` (the whole page without one), in order.
pub fn words(html: &str) -> Vec<String> {
    let main = main_content(html);
    decode(&strip_tags(main))
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The part of the page between `<main` and `</main>`.
fn main_content(html: &str) -> &str {
    let Some(start) = html.find("<main") else {
        return html;
    };
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The text outside tags; elements whose content is not text (scripts, styles) are
/// dropped whole, and every tag stands for a space.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tag = &rest[open..];
        if !is_inline(tag) {
            out.push(' ');
        }
        let skip_to = ["<script", "<style"]
            .iter()
            .find(|t| {
                tag.get(..t.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(t))
            })
            .map(|t| format!("</{}", &t[1..]));
        rest = match skip_to {
            Some(close) => tag.find(&close).map_or("", |i| {
                let end = &tag[i..];
                end.find('>').map_or("", |gt| &end[gt + 1..])
            }),
            None => tag.find('>').map_or("", |i| &tag[i + 1..]),
        };
    }
    out.push_str(rest);
    out
}

/// Whether the tag `tag` starts (`<a …`, `</em>`) is of an element inside a line of text,
/// which joins the words beside it rather than separating them.
fn is_inline(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    [
        "a", "abbr", "b", "bdi", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "samp",
        "small", "span", "strong", "sub", "sup", "time", "u", "var",
    ]
    .contains(&name.to_ascii_lowercase().as_str())
}

/// `text` with its character references decoded (`&amp;`, `&#39;`, `&#x2F;`); an
/// unknown one is kept as written.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| reference(&tail[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference's name (`amp`, `#39`, `#x2F`) stands for.
fn reference(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()?
    } else {
        return match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => None,
        };
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn main_content_only_without_tags() {
        let html = "<html><head><title>T</title></head><body><nav>Kieli</nav>\
            <main class=\"guide\"><h1>Ohje &amp; neuvo</h1><p>Avaa <a href=\"x\">sivu</a>.</p>\
            <script>var x = 1;</script><p>O&#39;Neil&#x2F;x &bogus; loppu</p></main><footer>F</footer>";
        assert_eq!(
            words(html),
            [
                "Ohje", "&", "neuvo", "Avaa", "sivu.", "O'Neil/x", "&bogus;", "loppu"
            ]
        );
    }
}
