//! `compose::pages_diff` against poppler: hayro's picture of a built guide's first page is
//! close to the one `pdftoppm` draws at the same resolution.

use std::path::Path;
use std::process::Command;

use opas::compose::pages_diff::{PagesOptions, changed_pages};

use crate::common::have;

/// The red of the outlines `pages_diff` draws: left out of the comparison.
const RED: [u8; 3] = [230, 0, 0];

fn build(out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_opas"))
        .arg("-C")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(["--quiet", "build", "--only", "pori,kokkola"])
        .args(["--guide", "kayttajatunnusmuutos", "--out"])
        .arg(out)
        .status()
        .expect("the opas binary runs");
    assert!(status.success(), "opas build failed");
}

fn guide(out: &Path, slug: &str) -> Vec<u8> {
    let file = format!("{slug}/kayttajatunnusmuutos/{slug}-kayttajatunnusmuutos.pdf");
    std::fs::read(out.join(file)).expect("the guide's PDF")
}

/// Page 1 of `pdf` drawn by pdftoppm at 70 dpi in grey: width, height, one byte a pixel.
fn poppler_page_one(pdf: &Path) -> (usize, usize, Vec<u8>) {
    let output = Command::new("pdftoppm")
        .args(["-r", "70", "-f", "1", "-l", "1", "-gray"])
        .arg(pdf)
        .output()
        .expect("pdftoppm runs");
    assert!(output.status.success(), "pdftoppm failed");
    read_pgm(&output.stdout)
}

/// A binary PGM (P5, 8 bits) as width, height and pixels.
fn read_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P5", "255"));
    let (w, h) = (
        fields[1].parse().expect("width"),
        fields[2].parse().expect("height"),
    );
    (w, h, bytes[at + 1..at + 1 + w * h].to_vec())
}

fn grey([r, g, b]: [u8; 3]) -> f64 {
    0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)
}

/// Two grey pictures of the same page, with the pixels to leave out (the outlines).
#[derive(Clone)]
struct Pair {
    width: usize,
    height: usize,
    ours: Vec<Option<f64>>,
    theirs: Vec<u8>,
}

impl Pair {
    /// The mean absolute grey difference of `block` × `block` pixel averages: 1 compares
    /// pixels; larger blocks forgive anti-aliasing and hinting.
    fn mean_difference(&self, block: usize) -> f64 {
        let (mut sum, mut blocks) = (0.0, 0usize);
        for by in 0..self.height / block {
            for bx in 0..self.width / block {
                let (mut ours, mut theirs, mut n) = (0.0, 0.0, 0usize);
                for y in by * block..(by + 1) * block {
                    for x in bx * block..(bx + 1) * block {
                        if let Some(grey) = self.ours[y * self.width + x] {
                            ours += grey;
                            theirs += f64::from(self.theirs[y * self.width + x]);
                            n += 1;
                        }
                    }
                }
                if n > 0 {
                    sum += ((ours - theirs) / n as f64).abs();
                    blocks += 1;
                }
            }
        }
        sum / blocks as f64
    }
}

/// Hayro's picture (PNG, outlined in red) and pdftoppm's grey one, on their common area.
fn pair(png: &[u8], (w, h, theirs): (usize, usize, Vec<u8>)) -> Pair {
    let ours = image::load_from_memory(png).expect("a PNG").to_rgb8();
    // Rounding the page's 578.7 pixels: one pixel apart at most.
    assert!(w.abs_diff(ours.width() as usize) <= 1 && h.abs_diff(ours.height() as usize) <= 1);
    let (width, height) = (w.min(ours.width() as usize), h.min(ours.height() as usize));
    let at = |x: usize, y: usize| ours.get_pixel(x as u32, y as u32).0;
    let grey_at = |x, y| Some(at(x, y)).filter(|p| *p != RED).map(grey);
    Pair {
        width,
        height,
        ours: (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .map(|(x, y)| grey_at(x, y))
            .collect(),
        theirs: (0..height)
            .flat_map(|y| theirs[y * w..y * w + width].to_vec())
            .collect(),
    }
}

#[test]
fn hayros_first_page_is_close_to_poppler_s() {
    if !have("pdftoppm") {
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    build(out.path());
    let (pori, kokkola) = (guide(out.path(), "pori"), guide(out.path(), "kokkola"));
    let changes = changed_pages(&pori, &kokkola, &PagesOptions::default()).expect("compared");
    let first = changes
        .iter()
        .find(|c| c.page == 1)
        .expect("the first pages differ");
    let picture = first.old.as_ref().expect("Pori's first page");
    let pdf = out.path().join("pori.pdf");
    std::fs::write(&pdf, &pori).expect("write the PDF");
    let pair = pair(&picture.png, poppler_page_one(&pdf));
    let blank = Pair {
        ours: vec![Some(255.0); pair.ours.len()],
        ..pair.clone()
    };
    let ink = blank.mean_difference(1);
    let (pixels, blocks) = (pair.mean_difference(1), pair.mean_difference(4));
    // Measured: 4.4 (pixels) and 1.7 (blocks of 4 × 4) of 255; a blank page is 15.6 away.
    eprintln!(
        "page 1, hayro against pdftoppm at 70 dpi: {pixels:.2} a pixel, {blocks:.2} a block; blank {ink:.2}"
    );
    assert!(ink > 10.0, "the page has hardly any ink: {ink:.2}");
    assert!(pixels < 6.0, "mean grey difference {pixels:.2} a pixel");
    assert!(
        blocks < 3.0,
        "mean grey difference {blocks:.2} a block of 4 × 4 pixels"
    );
}
