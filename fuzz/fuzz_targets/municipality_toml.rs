//! Bytes → municipality: decoding and validation never panic, and every error is located
//! inside the text it points at.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let shown = "municipalities/fuzz.toml";
    let text = match opas::load::municipality::decode(data, shown) {
        Ok(text) => text,
        Err(d) => {
            let _ = d.render();
            return;
        }
    };
    let langs = ["fi".to_string(), "sv".to_string()];
    let (guides, broken, forms) = (Default::default(), Default::default(), Default::default());
    let known = opas::load::municipality::Known {
        langs: &langs,
        guides: &guides,
        broken: &broken,
        forms: &forms,
    };
    match opas::load::municipality::parse("fuzz", shown, &text, known) {
        Ok(m) => {
            assert!(!m.name.is_empty());
            for table in &m.guides {
                let _ = table.date.iso();
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for d in &problems {
                if let (Some(source), Some(span)) = (&d.source, &d.span) {
                    assert!(span.start <= span.end && span.end <= source.len());
                }
                let _ = d.line_column();
                let _ = d.render();
            }
        }
    }
});
