//! The pages after an upload of a screenshot: what was written, why a file was refused,
//! and a screenshot removed; each links back to the form.

use crate::render::escape::escape;
use crate::render::html::edit::page::{Ui, page};

/// What an upload wrote.
pub struct Saved<'a> {
    /// The file written, relative to the project root.
    pub path: &'a str,
    pub width: u32,
    pub height: u32,
    /// `png` or `jpg`.
    pub format: &'a str,
    /// Files of the screen removed.
    pub removed: &'a [String],
}

/// The file written, its size and format.
pub fn saved_page(ui: &Ui<'_>, saved: &Saved<'_>) -> String {
    let format = if saved.format == "jpg" { "JPEG" } else { "PNG" };
    let mut body = format!(
        "<p role=\"status\">{}</p>\n<dl>\n<dt>{}</dt><dd><code>{}</code></dd>\n<dt>{}</dt><dd>{}×{}</dd>\n<dt>{}</dt><dd>{format}</dd>\n",
        escape(ui.word("uploaded")),
        escape(ui.word("uploaded.file")),
        escape(saved.path),
        escape(ui.word("uploaded.size")),
        saved.width,
        saved.height,
        escape(ui.word("uploaded.format")),
    );
    if !saved.removed.is_empty() {
        body.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n",
            escape(ui.word("uploaded.removed")),
            escape(&saved.removed.join(", "))
        ));
    }
    body.push_str("</dl>\n");
    body.push_str(&back(ui));
    page(ui, ui.word("title.uploaded"), &body)
}

/// A refused file: what is wrong and what to do; nothing was written.
pub fn refused_page(ui: &Ui<'_>, message: &str, hint: &str) -> String {
    let body = format!(
        "<div class=\"error-summary\" role=\"alert\">\n<p>{}</p>\n<p>{}</p>\n<p>{}</p>\n</div>\n{}",
        escape(ui.word("refused")),
        escape(message),
        escape(hint),
        back(ui)
    );
    page(ui, ui.word("title.refused"), &body)
}

/// The files removed (relative to the project root), none when the screen had none.
pub fn removed_page(ui: &Ui<'_>, removed: &[String]) -> String {
    let said = if removed.is_empty() {
        ui.word("removed.none")
    } else {
        ui.word("removed")
    };
    let mut body = format!("<p role=\"status\">{}</p>\n", escape(said));
    if !removed.is_empty() {
        body.push_str("<ul>\n");
        for file in removed {
            body.push_str(&format!("<li><code>{}</code></li>\n", escape(file)));
        }
        body.push_str("</ul>\n");
    }
    body.push_str(&back(ui));
    page(ui, ui.word("title.removed"), &body)
}

fn back(ui: &Ui<'_>) -> String {
    format!(
        "<p><a href=\"{}\">{}</a></p>\n",
        escape(&ui.url(ui.slug, ui.lang)),
        escape(ui.word("back"))
    )
}
