//! The measure of the PDFs' body text: characters a line, mean and maximum, for every
//! guide of every municipality, and each line that ends in a hyphenation hyphen.
//!
//! `cargo run --example measure [-- <project>] [--hyphens]`

use std::path::PathBuf;

use opas::compose::document;
use opas::load::project;
use opas::render::pdf;
use opas::render::pdf::layout::look::BODY;
use opas::render::pdf::layout::reading::text_lines;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_hyphens = args.iter().any(|a| a == "--hyphens");
    let root = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let loaded = project::load(&root, None);
    let Ok(fonts) = opas::driver::load_fonts(&root, "default") else {
        eprintln!("the fonts do not load");
        std::process::exit(1);
    };
    println!("guide\tlang\tslug\tpages\tlines\tmean\tmax");
    for entry in &loaded.entries {
        let Ok((m, locals)) = &entry.result else {
            continue;
        };
        let Ok(docs) = document::build_all(m, &loaded, locals, None).into_result() else {
            continue;
        };
        for doc in docs {
            let layout = pdf::layout(&doc, &fonts);
            let lines = text_lines(&layout, BODY);
            let full: Vec<usize> = lines
                .iter()
                .filter(|l| !l.last)
                .map(|l| l.text.chars().count())
                .collect();
            let mean = full.iter().sum::<usize>() as f32 / full.len().max(1) as f32;
            let max = full.iter().max().copied().unwrap_or(0);
            println!(
                "{}\t{}\t{}\t{}\t{}\t{mean:.1}\t{max}",
                doc.guide,
                doc.lang,
                doc.slug,
                layout.pages.len(),
                full.len()
            );
            if show_hyphens {
                for l in lines.iter().filter(|l| l.text.ends_with('\u{ad}')) {
                    println!("  -\t{}", l.text.trim_end_matches('\u{ad}'));
                }
            }
        }
    }
}
