//! Bytes → Markdown → document model → HTML: never panics, and the HTML holds no markup
//! that did not come from the renderer (no script, no event handler, no javascript: link).
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use opas::compose::model::{Figure, FigureContent, UiStrings};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source: Arc<str> = Arc::from(text);
    let mut count = 0;
    let mut resolve = |id: &str, caption: &str| -> Result<Figure, String> {
        if id.is_empty() || id == "missing" {
            return Err("describe the screen".into());
        }
        count += 1;
        Ok(Figure {
            id: id.to_string(),
            number: count,
            caption: caption.to_string(),
            alt: caption.to_string(),
            content: FigureContent::Placeholder {
                expected_path: format!("municipalities/x/screenshots/{id}.png"),
            },
        })
    };
    let Ok(blocks) = opas::compose::markdown::parse("content/fi/steps/fuzz.md", &source, &mut resolve)
    else {
        return;
    };
    let html = opas::render::html::render_blocks(&blocks, &UiStrings::default());
    // Every tag is one the renderer writes; text never becomes markup.
    const TAGS: &[&str] = &[
        "p", "/p", "h2", "/h2", "h3", "/h3", "h4", "/h4", "h5", "/h5", "h6", "/h6", "ul",
        "/ul", "ol", "/ol", "li", "/li", "strong", "/strong", "em", "/em", "code", "/code",
        "a", "/a", "br", "div", "/div", "span", "/span", "aside", "/aside", "section",
        "/section", "figure", "/figure", "figcaption", "/figcaption", "img",
    ];
    for (i, _) in html.match_indices('<') {
        let name: String = html[i + 1..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>')
            .collect();
        assert!(
            TAGS.contains(&name.as_str()),
            "unexpected tag <{name}> in {html}"
        );
    }
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices("href=\"") {
        let url = &lower[i + 6..];
        assert!(
            url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:"),
            "{html}"
        );
    }
});
