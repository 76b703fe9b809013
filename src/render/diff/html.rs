//! The change report as one static, accessible HTML page: headings per group, tables
//! with headers, removed and added words marked in words as well as in colour, page
//! pictures inline (`data:` URIs) with alternative texts, and their changed regions in
//! text.

use crate::compose::diff::group::affected;
use crate::compose::diff::model::{Group, Hunk, Named, Page, Picture, Report};
use crate::render::diff::summary::{files, group_title, headline, status};
use crate::render::escape::escape;

/// Largest sum of page pictures put in the page; the pages beyond it are named only.
pub const MAX_PICTURES: usize = 32 * 1024 * 1024;

const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;\
max-width:70rem;padding:1rem;color:#1a1a1a;background:#fff}\
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #767676;\
padding:.25rem .5rem;text-align:left;vertical-align:top}\
del{background:#ffe0e0;color:#8a0000}ins{background:#dcf5dc;color:#0b5a0b}\
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\
.pages{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;flex:1 1 24rem;min-width:0}\
img{max-width:100%;height:auto;\
border:1px solid #767676}";

/// The report as an HTML page.
pub fn render(report: &Report) -> Vec<u8> {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>opas diff: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&headline(report))
    ));
    out.push_str(&format!(
        "<h1>What changed</h1>\n<p>From <code>{}</code> to <code>{}</code>: {}.</p>\n",
        escape(&report.old),
        escape(&report.new),
        escape(&headline(report))
    ));
    summary_table(&mut out, report);
    guide_list(&mut out, "Added guides", &report.added);
    guide_list(&mut out, "Removed guides", &report.removed);
    shared_table(&mut out, report);
    let mut budget = MAX_PICTURES;
    if !report.groups.is_empty() {
        out.push_str("<h2>Changes</h2>\n");
    }
    for (i, group) in report.groups.iter().enumerate() {
        render_group(&mut out, i + 1, group, &mut budget);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out.into_bytes()
}

fn summary_table(out: &mut String, report: &Report) {
    out.push_str("<h2>Summary</h2>\n<table>\n<caption>Guides by what happened to them</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\">Guides</th><th scope=\"col\">How many</th></tr></thead>\n<tbody>\n");
    for (what, n) in [
        ("changed", report.changed_guides()),
        ("added", report.added.len()),
        ("removed", report.removed.len()),
        ("unchanged", report.unchanged),
        ("groups of the same change", report.groups.len()),
    ] {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{what}</th><td>{n}</td></tr>\n"
        ));
    }
    out.push_str("</tbody>\n</table>\n");
}

fn guide_list(out: &mut String, heading: &str, guides: &[Named]) {
    if guides.is_empty() {
        return;
    }
    out.push_str(&format!("<h2>{heading}</h2>\n<ul>\n"));
    for g in guides {
        out.push_str(&format!("<li>{}</li>\n", named(g)));
    }
    out.push_str("</ul>\n");
}

fn shared_table(out: &mut String, report: &Report) {
    if report.shared.is_empty() {
        return;
    }
    out.push_str("<h2>Shared files</h2>\n<table>\n<caption>Files every page uses</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n");
    for s in &report.shared {
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td></tr>\n",
            escape(&s.path),
            status(s.status)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A guide: its key and its title in its own language.
fn named(g: &Named) -> String {
    format!(
        "{}: <span lang=\"{}\">{}</span>",
        escape(&g.key.to_string()),
        escape(&g.key.lang),
        escape(&g.title)
    )
}

fn render_group(out: &mut String, n: usize, group: &Group, budget: &mut usize) {
    out.push_str(&format!(
        "<section aria-labelledby=\"group-{n}\">\n<h3 id=\"group-{n}\">{n}. {}</h3>\n<p>{}.</p>\n",
        escape(&group_title(group)),
        escape(&files(group))
    ));
    out.push_str("<table>\n<caption>The guides with this change</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\">Guide</th><th scope=\"col\">Language</th><th scope=\"col\">Municipalities</th></tr></thead>\n<tbody>\n");
    for (guide, lang, ms) in affected(&group.guides) {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&guide),
            escape(&lang),
            escape(&ms.join(", "))
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&format!("<h4>Example: {}</h4>\n", named(&group.example)));
    let l = &group.layers;
    let lang = escape(&group.example.key.lang);
    if !l.words.is_empty() {
        out.push_str("<h5>Words</h5>\n<ul>\n");
        for h in &l.words {
            out.push_str(&format!("<li lang=\"{lang}\">{}</li>\n", hunk(h)));
        }
        out.push_str("</ul>\n");
    }
    if !l.structure.is_empty() {
        out.push_str("<h5>PDF structure</h5>\n<ul>\n");
        for line in &l.structure {
            out.push_str(&format!("<li>{}</li>\n", escape(line)));
        }
        out.push_str("</ul>\n");
    }
    if !l.pages.is_empty() {
        out.push_str("<h5>PDF pages</h5>\n");
        for page in &l.pages {
            render_page(out, &group.example, page, budget);
        }
    }
    for note in &l.notes {
        out.push_str(&format!("<p>Note: {}</p>\n", escape(note)));
    }
    out.push_str("</section>\n");
}

/// A word change, removed and added words marked for sight and for screen readers.
fn hunk(h: &Hunk) -> String {
    let mut out = format!("…{} ", escape(&h.before.join(" ")));
    if !h.removed.is_empty() {
        out.push_str(&format!(
            "<del><span class=\"sr\" lang=\"en\">removed: </span>{}</del> ",
            escape(&h.removed.join(" "))
        ));
    }
    if !h.added.is_empty() {
        out.push_str(&format!(
            "<ins><span class=\"sr\" lang=\"en\">added: </span>{}</ins> ",
            escape(&h.added.join(" "))
        ));
    }
    out.push_str(&format!("{}…", escape(&h.after.join(" "))));
    out
}

/// A changed page: old beside new, and its changed regions in words.
fn render_page(out: &mut String, example: &Named, page: &Page, budget: &mut usize) {
    out.push_str(&format!(
        "<h6>Page {}</h6>\n<div class=\"pages\">\n",
        page.page
    ));
    for (side, picture) in [("Old", &page.old), ("New", &page.new)] {
        let alt = format!("{side} page {} of {}", page.page, example.key);
        match picture {
            Some(p) if p.png.len().div_ceil(3) * 4 <= *budget => {
                *budget -= p.png.len().div_ceil(3) * 4;
                out.push_str(&figure(&alt, p));
            }
            Some(_) => out.push_str(&format!(
                "<p>{} (not shown: the report holds at most 32 MB of pictures)</p>\n",
                escape(&alt)
            )),
            None => out.push_str(&format!("<p>{side}: no such page.</p>\n")),
        }
    }
    out.push_str("</div>\n");
    if page.regions.is_empty() {
        return;
    }
    out.push_str("<p>Changed regions, in pixels from the top left corner:</p>\n<ul>\n");
    for r in &page.regions {
        out.push_str(&format!(
            "<li>{} × {} at ({}, {})</li>\n",
            r.width, r.height, r.x, r.y
        ));
    }
    out.push_str("</ul>\n");
}

fn figure(alt: &str, p: &Picture) -> String {
    format!(
        "<figure><img src=\"data:image/png;base64,{}\" alt=\"{}\" width=\"{}\" height=\"{}\"><figcaption>{}</figcaption></figure>\n",
        base64(&p.png),
        escape(alt),
        p.width,
        p.height,
        escape(alt)
    )
}

/// `bytes` in base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::diff::model::{Key, Layers, Rect};

    #[test]
    fn pictures_have_alternative_texts_and_regions_are_described() {
        let pori = Named {
            key: Key {
                municipality: "pori".into(),
                guide: "kaksivaihe".into(),
                lang: "sv".into(),
            },
            title: "Så <tar> du".into(),
        };
        let picture = Picture {
            png: b"png".to_vec(),
            width: 595,
            height: 842,
        };
        let report = Report {
            groups: vec![Group {
                guides: vec![pori.clone()],
                example: pori,
                layers: Layers {
                    pdf: true,
                    pages: vec![Page {
                        page: 2,
                        regions: vec![Rect {
                            x: 10,
                            y: 300,
                            width: 120,
                            height: 40,
                        }],
                        old: Some(picture.clone()),
                        new: None,
                    }],
                    ..Layers::default()
                },
            }],
            ..Report::default()
        };
        let html = String::from_utf8(render(&report)).unwrap();
        assert!(html.contains(
            "<img src=\"data:image/png;base64,cG5n\" alt=\"Old page 2 of pori/kaksivaihe (sv)\" width=\"595\" height=\"842\">"
        ));
        assert!(html.contains("<p>New: no such page.</p>"));
        assert!(html.contains("<li>120 × 40 at (10, 300)</li>"));
        assert!(html.contains("<span lang=\"sv\">Så &lt;tar&gt; du</span>"));
    }

    #[test]
    fn base64_agrees_with_the_rfc() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }
}
