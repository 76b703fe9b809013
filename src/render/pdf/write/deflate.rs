//! Zlib compression of PDF streams with reusable compressors, one per level and thread.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

thread_local! {
    // Setting up a deflate state allocates about 256 KB; a PDF has a few dozen streams
    // and a build a few hundred PDFs per thread, so each thread keeps one and resets it.
    static FAST: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), true));
    static BEST: RefCell<Compress> = RefCell::new(Compress::new(Compression::best(), true));
    static GOOD: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), true));
}

/// `data` deflated at the fast level, for the streams of every PDF; `None` if deflate
/// failed, and the caller then stores the stream as it is.
pub fn fast(data: &[u8]) -> Option<Vec<u8>> {
    FAST.with(|c| run(&mut c.borrow_mut(), data))
}

/// `data` deflated at the default level, for screenshots: the fast level codes with fixed
/// Huffman tables, which suit text operators but can make pixels larger than they were.
pub fn good(data: &[u8]) -> Option<Vec<u8>> {
    GOOD.with(|c| run(&mut c.borrow_mut(), data))
}

/// `data` deflated at the best level, for what is compressed once per build (font programs).
pub fn best(data: &[u8]) -> Option<Vec<u8>> {
    BEST.with(|c| run(&mut c.borrow_mut(), data))
}

fn run(compress: &mut Compress, data: &[u8]) -> Option<Vec<u8>> {
    compress.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = usize::try_from(compress.total_in()).ok()?;
        let status = compress
            .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
            .ok()?;
        match status {
            Status::StreamEnd => return Some(out),
            Status::Ok | Status::BufError => out.reserve(out.capacity().max(64)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn streams_inflate_to_what_went_in_also_when_the_compressor_is_reused() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| (i % 251).to_be_bytes())
            .collect();
        for data in [&text[..], b"", b"BT /F1 10 Tf ET", &text[..]] {
            for packed in [fast(data), good(data), best(data)] {
                let packed = packed.expect("deflates");
                let mut back = Vec::new();
                flate2::read::ZlibDecoder::new(&packed[..])
                    .read_to_end(&mut back)
                    .expect("inflates");
                assert_eq!(back, data);
            }
        }
    }
}
