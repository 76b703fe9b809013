//! The preview beside a municipality's form: its built guides as served, the first one in
//! a frame, each linked into that frame, and their PDFs.

use crate::render::escape::escape;
use crate::render::html::edit::page::Ui;

/// A built guide to show: its title, its page and its PDF (paths from the served root).
pub struct Built {
    pub title: String,
    pub lang: String,
    pub html: String,
    pub pdf: Option<String>,
    /// The manifest's hash of its inputs.
    pub hash: String,
    /// Rebuilt differently by the save just made.
    pub changed: bool,
}

/// The name of the preview's frame, which the guides' links open in.
const FRAME: &str = "preview";

/// The preview of `built`: in a frame, the first guide the save changed, in the page's
/// language when it can, else the page's language's first guide, else the first; and a
/// list linking each guide into the frame and to its PDF.
///
/// The frame is sandboxed without scripts: a theme's page shown there cannot reach the
/// edit page around it (nor its token), and no link in it can take the edit page away.
pub fn preview(ui: &Ui<'_>, built: &[Built]) -> String {
    let mut out = format!(
        "<section class=\"preview\" aria-labelledby=\"preview-title\">\n<h2 id=\"preview-title\">{}</h2>\n",
        escape(ui.word("preview"))
    );
    let first = built
        .iter()
        .find(|b| b.changed && b.lang == ui.lang)
        .or_else(|| built.iter().find(|b| b.changed))
        .or_else(|| built.iter().find(|b| b.lang == ui.lang))
        .or(built.first());
    let Some(first) = first else {
        out.push_str(&format!(
            "<p>{}</p>\n</section>\n",
            escape(ui.word("preview.none"))
        ));
        return out;
    };
    out.push_str(&format!(
        "<p>{}</p>\n<ul>\n",
        escape(ui.word("preview.pick"))
    ));
    for b in built {
        out.push_str(&format!(
            "<li><a href=\"/{}\" target=\"{FRAME}\" hreflang=\"{lang}\">{} ({lang})</a>",
            escape(&b.html),
            escape(&b.title),
            lang = escape(&b.lang)
        ));
        if let Some(pdf) = &b.pdf {
            out.push_str(&format!(", <a href=\"/{}\">PDF</a>", escape(pdf)));
        }
        out.push_str("</li>\n");
    }
    out.push_str(&format!(
        "</ul>\n<iframe name=\"{FRAME}\" src=\"/{}\" title=\"{}: {} ({})\" sandbox=\"allow-same-origin\"></iframe>\n</section>\n",
        escape(&first.html),
        escape(ui.word("preview")),
        escape(&first.title),
        escape(&first.lang)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(lang: &str) -> Built {
        Built {
            title: "Käyttäjätunnus <muuttuu>".to_string(),
            lang: lang.to_string(),
            html: format!("pori/tunnus/{lang}/index.html"),
            pdf: Some(format!("pori/tunnus/{lang}/tunnus.pdf")),
            hash: String::new(),
            changed: false,
        }
    }

    #[test]
    fn the_frame_shows_the_pages_language_sandboxed_and_every_guide_is_linked_into_it() {
        let ui = Ui {
            lang: "sv",
            token: "t",
            slug: Some("pori"),
        };
        let out = preview(&ui, &[built("fi"), built("sv")]);
        assert!(out.contains("<iframe name=\"preview\" src=\"/pori/tunnus/sv/index.html\""));
        assert!(
            out.contains("sandbox=\"allow-same-origin\""),
            "no scripts in the frame"
        );
        assert!(!out.contains("allow-scripts"));
        assert_eq!(out.matches("target=\"preview\"").count(), 2);
        assert_eq!(out.matches(">PDF</a>").count(), 2);
        assert!(out.contains("&lt;muuttuu&gt;"), "titles are escaped");
        assert!(
            !out.contains("token"),
            "the token is not in the guides' links"
        );
    }

    #[test]
    fn the_frame_shows_what_the_save_changed() {
        let ui = Ui {
            lang: "fi",
            token: "t",
            slug: Some("pori"),
        };
        let mut other = built("sv");
        other.html = "pori/toinen/sv/index.html".to_string();
        other.changed = true;
        let out = preview(&ui, &[built("fi"), built("sv"), other]);
        assert!(out.contains("src=\"/pori/toinen/sv/index.html\""), "{out}");
    }

    #[test]
    fn without_a_built_guide_it_says_why_there_is_no_frame() {
        let ui = Ui {
            lang: "en",
            token: "t",
            slug: Some("pori"),
        };
        let out = preview(&ui, &[]);
        assert!(!out.contains("<iframe"));
        assert!(out.contains("opas check"));
    }
}
