//! One guide, HTML and PDF, on one thread: the per-guide cost that `opas build` multiplies.
//!
//! `cargo bench --bench guide`; targets: one guide, model + HTML + PDF ≤ 1.2 ms;
//! setup (project, theme and fonts loaded as `opas build` loads them, side by side) ≤ 5 ms.

// Benchmarks return the renderers' results as they are; their error type is large.
#![allow(clippy::result_large_err)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use opas::compose::document;
use opas::driver::Site;
use opas::load::{project, theme};
use opas::render::html::{self, PageLinks};
use opas::render::pdf;

fn one_guide(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = project::load(root, Some(&["pori".to_string()]));
    let theme = theme::load(root, "default").expect("theme");
    let fonts = opas::driver::load_fonts(root, "default").expect("fonts");
    let (m, locals) = loaded.entries[0].result.as_ref().expect("pori loads");
    let links = PageLinks {
        canonical: None,
        root: "../".into(),
        pdf: Some("pori.pdf".into()),
        alternates: Vec::new(),
    };
    // Pori's username-change guide in Finnish: one guide, as the target counts it.
    let only = ["kayttajatunnusmuutos".to_string()];
    let one = Some(&only[..]);
    let docs = document::build_all(m, &loaded, locals, one)
        .into_result()
        .expect("builds");
    assert_eq!(docs.len(), 1, "one guide in one language");
    let pori = ["pori".to_string()];
    let subsets = pdf::Subsets::default();
    c.bench_function("setup: project, theme and fonts (pori)", |b| {
        b.iter(|| {
            // As `opas build` loads them: the project beside the theme and fonts.
            let setup = Site::open(root, Some(&pori));
            let theme = setup.theme.expect("theme");
            let fonts = setup.fonts.expect("fonts");
            (
                setup.loaded.entries.len(),
                theme.sources.len(),
                fonts.face(pdf::font::Style::Regular).units_per_em(),
            )
        })
    });
    c.bench_function("setup, one thread: project, theme and fonts (pori)", |b| {
        b.iter(|| {
            let loaded = project::load(root, Some(&pori));
            let theme = theme::load(root, "default").expect("theme");
            let fonts = opas::driver::load_fonts(root, "default").expect("fonts");
            (
                loaded.entries.len(),
                theme.sources.len(),
                fonts.face(pdf::font::Style::Regular).units_per_em(),
            )
        })
    });
    c.bench_function("setup: fonts", |b| {
        b.iter(|| {
            opas::driver::load_fonts(root, "default")
                .map(|f| f.face(pdf::font::Style::Regular).units_per_em())
        })
    });
    c.bench_function("setup: theme", |b| {
        b.iter(|| theme::load(root, "default").map(|t| t.sources.len()))
    });
    c.bench_function("setup: project (pori)", |b| {
        b.iter(|| {
            project::load(root, Some(&["pori".to_string()]))
                .entries
                .len()
        })
    });
    c.bench_function("document model (pori)", |b| {
        b.iter(|| document::build_all(m, &loaded, locals, one))
    });
    c.bench_function("html (pori)", |b| {
        b.iter(|| html::render_guide(&theme, &docs[0], &links))
    });
    c.bench_function("pdf (pori)", |b| {
        b.iter(|| pdf::render(&docs[0], &fonts, &subsets))
    });
    c.bench_function("model + html + pdf (pori)", |b| {
        b.iter(|| {
            let docs = document::build_all(m, &loaded, locals, one)
                .into_result()
                .expect("builds");
            let page = html::render_guide(&theme, &docs[0], &links);
            let pdf = pdf::render(&docs[0], &fonts, &subsets);
            (page.is_ok(), pdf.map(|p| p.len()).unwrap_or_default())
        })
    });
}

criterion_group!(benches, one_guide);
criterion_main!(benches);
