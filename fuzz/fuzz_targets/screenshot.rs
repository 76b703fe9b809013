//! Bytes → screenshot processing: damaged or hostile images give an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = opas::load::screenshot::process_bytes(data) {
        assert!(p.width <= opas::load::screenshot::MAX_WIDTH && p.width > 0 && p.height > 0);
    }
});
