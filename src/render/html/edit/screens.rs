//! The screens of a municipality's guides on its form page: for each guide and language a
//! table of the screens, what each shows now, and a form of its own (never inside the
//! municipality's form) to upload a screenshot, or to remove one.

use crate::compose::edit::screens::{ScreenList, ScreenState, Shown};
use crate::render::escape::escape;
use crate::render::html::edit::page::{Ui, hidden};

/// The section of every list, after the municipality's form; empty without lists.
pub fn section(ui: &Ui<'_>, lists: &[ScreenList]) -> String {
    if lists.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<section aria-labelledby=\"screens\">\n<h2 id=\"screens\">{}</h2>\n<p>{}</p>\n",
        escape(ui.word("screens")),
        escape(ui.word("screens.intro"))
    );
    for list in lists {
        out.push_str(&table(ui, list));
    }
    out.push_str("</section>\n");
    out
}

fn table(ui: &Ui<'_>, list: &ScreenList) -> String {
    let (guide, lang) = (escape(&list.guide), escape(&list.lang));
    let mut out = format!(
        "<h3 id=\"screens-{guide}-{lang}\">{guide} ({lang})</h3>\n\
<table aria-labelledby=\"screens-{guide}-{lang}\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        escape(ui.word("screens.screen")),
        escape(ui.word("screens.now")),
        escape(ui.word("screens.change"))
    );
    for state in &list.screens {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n",
            escape(&state.screen),
            shown(ui, &state.shown),
            forms(ui, list, state)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// What the screen shows, in words.
fn shown(ui: &Ui<'_>, shown: &Shown) -> String {
    match shown {
        Shown::Screenshot(file) => format!(
            "{}: <code>{}</code>",
            escape(ui.word("shown.screenshot")),
            escape(file)
        ),
        Shown::Mockup => escape(ui.word("shown.mockup")),
        Shown::Nothing => escape(ui.word("shown.nothing")),
    }
}

/// The upload form of a screen, and the removal form when it has a screenshot.
fn forms(ui: &Ui<'_>, list: &ScreenList, state: &ScreenState) -> String {
    let slug = escape(ui.slug.unwrap_or(""));
    let id = escape(&format!(
        "shot-{}-{}-{}",
        list.guide, list.lang, state.screen
    ));
    let fields = format!(
        "{}{}{}{}",
        hidden("_token", ui.token),
        hidden("guide", &list.guide),
        hidden("lang", &list.lang),
        hidden("screen", &state.screen)
    );
    let label = format!(
        "{}: {}, {}, {}",
        ui.word("upload.label"),
        list.guide,
        list.lang,
        state.screen
    );
    let mut out = format!(
        "<form method=\"post\" action=\"/_edit/{slug}/screenshot?lang={}\" enctype=\"multipart/form-data\">\n{fields}\
<label for=\"{id}\">{}</label>\n<input type=\"file\" id=\"{id}\" name=\"file\" accept=\"image/png,image/jpeg\" required>\n\
<button type=\"submit\">{}</button>\n</form>\n",
        escape(ui.lang),
        escape(&label),
        escape(ui.word("upload.send"))
    );
    if matches!(state.shown, Shown::Screenshot(_)) {
        out.push_str(&format!(
            "<form method=\"post\" action=\"/_edit/{slug}/screenshot-remove?lang={}\">\n{fields}\
<button type=\"submit\" aria-describedby=\"{id}-name\">{}</button><span id=\"{id}-name\" class=\"visually-hidden\">{}</span>\n</form>\n",
            escape(ui.lang),
            escape(ui.word("upload.remove")),
            escape(&label)
        ));
    }
    out
}
