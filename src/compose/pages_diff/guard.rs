//! A PDF's streams checked before anything is rendered: the renderer inflates compressed
//! streams and allocates images whole, so a small hostile file could ask for gigabytes.

use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};
use hayro::hayro_syntax::Filter;
use hayro::hayro_syntax::Pdf;
use hayro::hayro_syntax::object::{Name, Object};

/// A stream inflating to more than this is refused.
pub(super) const MAX_INFLATED: u64 = 64 << 20;
/// An image of more pixels than this is refused (an A3 scan at 600 dpi has 70 million).
const MAX_IMAGE_PIXELS: u64 = 100_000_000;

/// An error naming the `which` PDF's first stream that inflates past `limit` bytes or
/// declares an image of more than [`MAX_IMAGE_PIXELS`].
pub(super) fn check(pdf: &Pdf, which: &str, limit: u64) -> Result<(), String> {
    for object in pdf.objects() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let id = stream.obj_id();
        let dict = stream.dict();
        let image = dict
            .get::<Name<'_>>("Subtype")
            .is_some_and(|s| s.as_ref() == b"Image");
        let pixels = |key| dict.get::<f64>(key).unwrap_or(0.0).max(0.0) as u64;
        if image && pixels("Width").saturating_mul(pixels("Height")) > MAX_IMAGE_PIXELS {
            return Err(format!(
                "the {which} PDF has an image (object {}) of more than {MAX_IMAGE_PIXELS} \
                 pixels, too large to compare",
                id.obj_number
            ));
        }
        let inflated = stream.filters().first() == Some(&Filter::FlateDecode);
        if inflated && inflated_size(&stream.raw_data(), limit) > limit {
            return Err(format!(
                "the {which} PDF has a stream (object {}) inflating to more than {} MB, \
                 too large to compare",
                id.obj_number,
                limit >> 20
            ));
        }
    }
    Ok(())
}

/// How many bytes `data` inflates to, counted up to `limit` + 1, zlib or raw deflate.
fn inflated_size(data: &[u8], limit: u64) -> u64 {
    let count = |reader: &mut dyn Read| {
        let mut buffer = [0u8; 1 << 16];
        let mut total = 0u64;
        while total <= limit {
            match reader.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n as u64,
            }
        }
        total
    };
    count(&mut ZlibDecoder::new(data)).max(count(&mut DeflateDecoder::new(data)))
}
