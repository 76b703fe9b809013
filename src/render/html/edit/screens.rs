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

/// One guide's and language's screens, folded under a line that counts what they show;
/// open when the municipality has a screenshot there.
fn table(ui: &Ui<'_>, list: &ScreenList) -> String {
    let (guide, lang) = (escape(&list.guide), escape(&list.lang));
    let count =
        |wanted: fn(&Shown) -> bool| list.screens.iter().filter(|s| wanted(&s.shown)).count();
    let shots = count(|s| matches!(s, Shown::Screenshot(_)));
    let counts = format!(
        "{}: {shots}, {}: {}, {}: {}",
        ui.word("shown.screenshot"),
        ui.word("shown.mockup"),
        count(|s| matches!(s, Shown::Mockup)),
        ui.word("shown.nothing"),
        count(|s| matches!(s, Shown::Nothing)),
    );
    let open = if shots > 0 { " open" } else { "" };
    let mut out = format!(
        "<details{open}>\n<summary><h3 id=\"screens-{guide}-{lang}\">{guide} ({lang})</h3> {}</summary>\n\
<table aria-labelledby=\"screens-{guide}-{lang}\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        escape(&counts),
        escape(ui.word("screens.screen")),
        escape(ui.word("screens.now")),
        escape(ui.word("screens.change"))
    );
    for state in &list.screens {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n",
            escape(&state.screen),
            shown_in_guide(ui, state),
            forms(ui, list, state)
        ));
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
    out
}

/// What the screen shows, in words, and when the guide leaves it out, that too.
fn shown_in_guide(ui: &Ui<'_>, state: &ScreenState) -> String {
    let mut out = shown(ui, &state.shown);
    if !state.used {
        out.push_str(&format!("<br><em>{}</em>", escape(ui.word("shown.unused"))));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn list(shown: Vec<Shown>) -> ScreenList {
        ScreenList {
            guide: "tunnus".to_string(),
            lang: "sv".to_string(),
            screens: shown
                .into_iter()
                .enumerate()
                .map(|(i, shown)| ScreenState {
                    screen: format!("s{i}"),
                    shown,
                    used: i > 0,
                })
                .collect(),
        }
    }

    #[test]
    fn a_list_is_folded_under_its_counts_and_open_once_it_has_a_screenshot() {
        let ui = Ui {
            lang: "en",
            token: "t",
            slug: Some("pori"),
        };
        let drawn = section(&ui, &[list(vec![Shown::Mockup, Shown::Nothing])]);
        assert!(drawn.contains("<details>\n<summary><h3 id=\"screens-tunnus-sv\">tunnus (sv)</h3> screenshot: 0, drawn mock-up: 1, nothing (a placeholder): 1</summary>"), "{drawn}");
        let shot = section(
            &ui,
            &[list(vec![
                Shown::Screenshot("x/s0.png".into()),
                Shown::Mockup,
            ])],
        );
        assert!(shot.contains("<details open>"), "{shot}");
        assert_eq!(
            shot.matches("<em>not in this municipality").count(),
            1,
            "the screen the guide leaves out is told: {shot}"
        );
        assert_eq!(
            shot.matches("type=\"file\"").count(),
            2,
            "an upload per screen"
        );
        assert_eq!(
            shot.matches("screenshot-remove").count(),
            1,
            "a removal only where there is a screenshot"
        );
        assert_eq!(section(&ui, &[]), "", "nothing without lists");
    }
}
