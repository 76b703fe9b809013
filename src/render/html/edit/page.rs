//! The frame of every edit page: language, title, styles, the language switch.

use crate::render::escape::escape;
use crate::render::html::edit::words::{LANGUAGES, word};

/// What every edit page knows: its language, the session's token and the municipality.
#[derive(Debug, Clone, Copy)]
pub struct Ui<'a> {
    pub lang: &'a str,
    pub token: &'a str,
    /// The municipality edited; `None` on the list.
    pub slug: Option<&'a str>,
}

impl Ui<'_> {
    /// The word for `key` in the page's language.
    pub fn word<'k>(&self, key: &'k str) -> &'k str {
        word(self.lang, key)
    }

    /// The URL of the page of `slug` (the list for `None`) in `lang`, with the token.
    pub fn url(&self, slug: Option<&str>, lang: &str) -> String {
        format!(
            "/_edit/{}?lang={lang}&token={}",
            slug.unwrap_or(""),
            self.token
        )
    }
}

/// Where the live check's script is served. Not a municipality slug, so no form's path.
pub const LIVE_SCRIPT: &str = "/_edit/_live.js";

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:96rem;margin:1rem auto;padding:0 1rem;line-height:1.5}\
main>:not(.beside){max-width:44rem}.beside{display:grid;grid-template-columns:minmax(0,44rem) minmax(0,1fr);gap:2rem;align-items:start}\
summary h3{display:inline;font-size:1.1rem}summary{margin:.5rem 0;cursor:pointer}.preview{position:sticky;top:0}.preview iframe{width:100%;height:85vh;border:1px solid #767676}@media (max-width:64rem){.beside{display:block}}\
fieldset{margin:1.5rem 0;border:1px solid #767676;padding:.5rem 1rem}legend{font-weight:bold;font-size:1.2rem}\
.field{margin:1rem 0}label{display:block;font-weight:600}.choice label,.check label{display:inline;font-weight:normal}\
input[type=text]{font-size:1rem;padding:.3rem;width:100%;max-width:30rem;border:2px solid #333}input.date{max-width:10rem}\
.hint{color:#444;margin:.2rem 0}.error input{border-color:#b10e1e}.error-message{color:#b10e1e;font-weight:bold;margin:.2rem 0}\
.error-summary{border:4px solid #b10e1e;padding:.5rem 1rem}.error-summary a{color:#b10e1e}\
.diff{background:#f3f3f3;padding:.5rem;overflow-x:auto}del{background:#fdd;text-decoration:none}ins{background:#dfd;text-decoration:none}\
button{font-size:1.1rem;padding:.5rem 1rem;margin:1rem 0}a:focus,input:focus,button:focus{outline:3px solid #fd0;outline-offset:0}\
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}";

/// A whole page: `title` as its title and first heading, then `body`.
pub fn page(ui: &Ui<'_>, title: &str, body: &str) -> String {
    let mut switch = String::new();
    for (code, own) in LANGUAGES {
        if code == ui.lang {
            continue;
        }
        switch.push_str(&format!(
            "<a href=\"{}\" hreflang=\"{code}\" lang=\"{code}\">{own}</a> ",
            escape(&ui.url(ui.slug, code))
        ));
    }
    let title = escape(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"same-origin\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<nav aria-label=\"language\">{switch}</nav>\n<main>\n<h1>{title}</h1>\n{body}</main>\n</body>\n</html>\n",
        escape(ui.lang)
    )
}

/// The list of municipalities, each linking to its form, and the form of a new one
/// (with `problem` above it when the last try failed).
pub fn list_page(
    ui: &Ui<'_>,
    slugs: &[String],
    guides: &[String],
    problem: Option<&str>,
) -> String {
    let mut body = String::new();
    if let Some(p) = problem {
        body.push_str(&format!(
            "<div class=\"error-summary\" role=\"alert\"><p>{}</p></div>\n",
            escape(p)
        ));
    }
    body.push_str(&format!("<p>{}</p>\n<ul>\n", escape(ui.word("intro.list"))));
    for slug in slugs {
        body.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            escape(&ui.url(Some(slug), ui.lang)),
            escape(slug)
        ));
    }
    body.push_str("</ul>\n");
    body.push_str(&new_form(ui, guides));
    page(ui, ui.word("title.list"), &body)
}

/// The form of a new municipality: what `opas new` asks for.
fn new_form(ui: &Ui<'_>, guides: &[String]) -> String {
    let text = |name: &str, key: &str| {
        format!(
            "<div class=\"field\"><label for=\"new-{name}\">{}</label><input type=\"text\" id=\"new-{name}\" name=\"{name}\"></div>\n",
            escape(ui.word(key))
        )
    };
    let mut out = format!(
        "<form method=\"post\" action=\"/_edit/?lang={}\">\n<fieldset>\n<legend>{}</legend>\n",
        escape(ui.lang),
        escape(ui.word("new"))
    );
    out.push_str(&hidden("_token", ui.token));
    out.push_str(&hidden("_new", "1"));
    out.push_str(&text("slug", "new.slug"));
    out.push_str(&text("name", "name"));
    out.push_str(&text("genitive", "genitive"));
    out.push_str(&format!(
        "<fieldset><legend>{}</legend>\n",
        escape(ui.word("kind"))
    ));
    for (i, kind) in ["kaupunki", "kunta"].iter().enumerate() {
        let checked = if i == 0 { " checked" } else { "" };
        out.push_str(&format!(
            "<div class=\"choice\"><input type=\"radio\" id=\"new-kind-{kind}\" name=\"kind\" value=\"{kind}\"{checked}> <label for=\"new-kind-{kind}\">{}</label></div>\n",
            escape(ui.word(&format!("kind.{kind}")))
        ));
    }
    out.push_str(&format!(
        "</fieldset>\n<fieldset><legend>{}</legend>\n",
        escape(ui.word("new.guides"))
    ));
    for id in guides {
        let id = escape(id);
        out.push_str(&format!(
            "<div class=\"choice\"><input type=\"checkbox\" id=\"new-guide-{id}\" name=\"guide.{id}\" value=\"true\"> <label for=\"new-guide-{id}\">{id}</label></div>\n"
        ));
    }
    out.push_str(&format!(
        "</fieldset>\n<button type=\"submit\">{}</button>\n</fieldset>\n</form>\n",
        escape(ui.word("new.create"))
    ));
    out
}

/// A hidden input.
pub fn hidden(name: &str, value: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
        escape(name),
        escape(value)
    )
}
