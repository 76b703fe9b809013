//! How long `compose::pages_diff` takes on two PDFs: the pages that differ and the time
//! a rendered page takes.
//!
//! `cargo run --release --example pages_diff -- <old.pdf> <new.pdf> [dpi]`

use std::time::Instant;

use opas::compose::pages_diff::{PagesOptions, changed_pages};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [old, new, ..] = &args[..] else {
        eprintln!("usage: pages_diff <old.pdf> <new.pdf> [dpi]");
        std::process::exit(2);
    };
    let read = |path: &str| std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (old, new) = (read(old), read(new));
    let mut opts = PagesOptions::default();
    if let Some(dpi) = args.get(2) {
        opts.dpi = dpi.parse().expect("a number of dots per inch");
    }
    let started = Instant::now();
    let changes = changed_pages(&old, &new, &opts).unwrap_or_else(|e| panic!("{e}"));
    let took = started.elapsed();
    let rendered: usize = changes
        .iter()
        .map(|c| usize::from(c.old.is_some()) + usize::from(c.new.is_some()))
        .sum();
    for change in &changes {
        println!("page {}: {} regions", change.page, change.regions.len());
    }
    let per_page = took.as_secs_f64() * 1000.0 / rendered.max(1) as f64;
    println!(
        "{} pages differ, {rendered} pictures in {took:.2?}: {per_page:.0} ms a picture",
        changes.len()
    );
}
