//! Every screen item in every screen style (the gallery of tests/fixtures/screen-gallery):
//! each text has a contrast of at least 4.5:1 with what is behind it in the HTML, as
//! Chromium computes the colours, and a page-style screen draws its body, a notice in its
//! box, below its header bar (the PDF likewise: src/render/pdf/layout_tests.rs).

use std::path::Path;
use std::process::Command;

use crate::common::{copy_dir, have, opas, project, repo, stderr};

/// The gallery built with the repository's theme; returns the project and its output.
fn gallery() -> (tempfile::TempDir, std::path::PathBuf) {
    let fixture = repo().join("tests/fixtures/screen-gallery");
    let dir = project(&[]);
    copy_dir(&fixture.join("content"), &dir.path().join("content"));
    copy_dir(
        &fixture.join("municipalities"),
        &dir.path().join("municipalities"),
    );
    let out = dir.path().join("output");
    let run = opas(
        dir.path(),
        &[
            "build",
            "--guide",
            "galleria",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    (dir, out.join("pori/galleria"))
}

/// Measures in the page: every element of a mock-up with text of its own, its colour
/// against the nearest background behind it, as WCAG 2.1 computes the ratio.
const MEASURE: &str = r#"<script>
addEventListener('load', () => {
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = c => { const v = rgb(c).slice(0, 3).map(x => { x /= 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const behind = el => { for (; el; el = el.parentElement) {
    const b = getComputedStyle(el).backgroundColor; const a = rgb(b)[3];
    if (a === undefined || a > 0) return b; } return 'rgb(255, 255, 255)'; };
  const lines = [];
  for (const el of document.querySelectorAll('.screen, .screen *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const [f, b] = [lum(getComputedStyle(el).color), lum(behind(el))];
    const ratio = (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
    const style = el.closest('.screen').className;
    lines.push(ratio.toFixed(2) + ' ' + style + ' .' + el.className + ' ' + el.textContent.trim().slice(0, 30));
  }
  const pre = document.createElement('pre'); pre.id = 'contrast';
  pre.textContent = lines.join('\n'); document.body.append(pre);
});
</script>"#;

/// The measured lines (`ratio style .class text`) of `page`, from Chromium's DOM.
fn measure(page: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(page).unwrap();
    let measured = page.with_file_name("measured.html");
    std::fs::write(
        &measured,
        html.replace("</body>", &format!("{MEASURE}</body>")),
    )
    .unwrap();
    let run = Command::new("timeout")
        .args([
            "120",
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
        ])
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("file://{}", measured.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&run.stdout);
    let start = dom
        .find("<pre id=\"contrast\">")
        .expect("the page measured itself");
    let text = &dom[start + 19..];
    let text = &text[..text.find("</pre>").unwrap()];
    text.lines().map(|l| l.replace("&gt;", ">")).collect()
}

#[test]
fn every_item_in_every_style_has_enough_contrast() {
    if !have("chromium") {
        return;
    }
    let (_dir, out) = gallery();
    let lines = measure(&out.join("index.html"));
    for style in ["dialog", "email", "bar", "page", "phone"] {
        let class = format!("screen screen-{style} ");
        assert!(
            lines.iter().any(|l| l.contains(&class)),
            "{style} is measured: {lines:#?}"
        );
    }
    let low: Vec<&String> = lines
        .iter()
        .filter(|l| l.split(' ').next().unwrap().parse::<f64>().unwrap() < 4.5)
        .collect();
    assert!(low.is_empty(), "below 4.5:1: {low:#?}");
}

#[test]
fn a_page_draws_its_notice_in_a_box_below_its_header() {
    let (_dir, out) = gallery();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let page = &html[html.find("screen screen-page").unwrap()..];
    let page = &page[..page.find("<figcaption").unwrap()];
    let (bar, body) = (
        page.find("screen-page-bar").expect("a header bar"),
        page.find("screen-page-body").expect("the page below it"),
    );
    let notice = page.find("screen-notice").unwrap();
    assert!(bar < body && body < notice, "{page}");
    assert!(
        page[bar..body].contains("Asiointipalvelu") && !page[bar..body].contains("Huomio"),
        "the bar holds the header only: {page}"
    );
}
