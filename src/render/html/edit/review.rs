//! The pages after a submission: the difference to confirm, what a save did, and a save
//! refused because the file changed on disk.

use std::collections::BTreeMap;

use crate::compose::edit::diff::{Line, changes};
use crate::render::escape::escape;
use crate::render::html::edit::page::{Ui, hidden, page};

/// The changed lines of `diff`, with two lines around each, as removed and added text;
/// focusable, so a long line can be scrolled to by keyboard.
pub fn diff_block(diff: &[Line]) -> String {
    let mut out = String::from("<pre class=\"diff\" tabindex=\"0\">");
    for line in changes(diff, 2) {
        match line {
            None => out.push_str("…\n"),
            Some(Line::Same(l)) => out.push_str(&format!("  {}\n", escape(l))),
            Some(Line::Removed(l)) => out.push_str(&format!("<del>- {}</del>\n", escape(l))),
            Some(Line::Added(l)) => out.push_str(&format!("<ins>+ {}</ins>\n", escape(l))),
        }
    }
    out.push_str("</pre>\n");
    out
}

/// The difference a submission makes, and a button that saves it: the form's values
/// sent again, with the fingerprint and the token.
pub fn review_page(ui: &Ui<'_>, diff: &[Line], sent: &BTreeMap<String, String>) -> String {
    let slug = ui.slug.unwrap_or("");
    let mut body = format!(
        "<h2>{}</h2>\n{}",
        escape(ui.word("review")),
        diff_block(diff)
    );
    body.push_str(&format!(
        "<form method=\"post\" action=\"/_edit/{}?lang={}\">\n",
        escape(slug),
        escape(ui.lang)
    ));
    for (name, value) in sent {
        body.push_str(&hidden(name, value));
    }
    body.push_str(&hidden("_confirm", "1"));
    body.push_str(&format!(
        "<button type=\"submit\">{}</button>\n</form>\n<p><a href=\"{}\">{}</a></p>\n",
        escape(ui.word("confirm")),
        escape(&ui.url(Some(slug), ui.lang)),
        escape(ui.word("back"))
    ));
    page(ui, &format!("{}: {slug}", ui.word("title.form")), &body)
}

/// A save refused: the file changed since the form was opened.
pub fn stale_page(ui: &Ui<'_>, diff: &[Line]) -> String {
    let slug = ui.slug.unwrap_or("");
    let body = format!(
        "<div class=\"error-summary\" role=\"alert\"><p>{}</p></div>\n{}{}",
        escape(ui.word("stale")),
        diff_block(diff),
        reopen(ui, slug)
    );
    page(ui, &format!("{}: {slug}", ui.word("title.form")), &body)
}

/// A submission that changes nothing.
pub fn unchanged_page(ui: &Ui<'_>) -> String {
    let slug = ui.slug.unwrap_or("");
    let body = format!(
        "<p role=\"status\">{}</p>\n{}",
        escape(ui.word("unchanged")),
        reopen(ui, slug)
    );
    page(ui, &format!("{}: {slug}", ui.word("title.form")), &body)
}

fn reopen(ui: &Ui<'_>, slug: &str) -> String {
    format!(
        "<p><a href=\"{}\">{}</a></p>\n",
        escape(&ui.url(Some(slug), ui.lang)),
        escape(ui.word("reopen"))
    )
}
