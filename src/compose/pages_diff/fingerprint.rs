//! What a page draws, as one number: its boxes, rotation, content stream, resources and
//! annotations, every object they reach hashed by content rather than by object number.
//! Two pages with the same fingerprint render the same and need not be rendered.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use hayro::hayro_syntax::object::{Dict, MaybeRef, ObjRef, Object};
use hayro::hayro_syntax::page::{Page, Rotation};
use hayro::hayro_syntax::xref::XRef;

/// Deeper than this, a page is rendered rather than fingerprinted.
const MAX_DEPTH: usize = 64;
/// Objects visited a document, at most: a hostile file cannot make hashing slow.
const MAX_OBJECTS: usize = 200_000;
/// Keys pointing back up the document (an annotation's page, a node's parent): they are
/// not drawn, and following them would make every page depend on every other.
const UPWARD: [&[u8]; 2] = [b"P", b"Parent"];

/// Each page's fingerprint; `None` for a page too deep or too large to fingerprint, which
/// is then rendered.
pub(super) fn pages(pages: &[Page<'_>]) -> Vec<Option<u64>> {
    let mut walker = Walker {
        xref: None,
        memo: HashMap::new(),
        path: Vec::new(),
        budget: MAX_OBJECTS,
    };
    pages.iter().map(|page| walker.page(page)).collect()
}

struct Walker<'a> {
    xref: Option<&'a XRef>,
    memo: HashMap<ObjRef, u64>,
    /// The references being hashed, outermost first: a cycle is hashed as its length.
    path: Vec<ObjRef>,
    budget: usize,
}

impl<'a> Walker<'a> {
    fn page(&mut self, page: &Page<'a>) -> Option<u64> {
        self.xref = Some(page.xref());
        let mut h = DefaultHasher::new();
        for rect in [page.media_box(), page.crop_box()] {
            [rect.x0, rect.y0, rect.x1, rect.y1]
                .map(f64::to_bits)
                .hash(&mut h);
        }
        rotation(page.rotation()).hash(&mut h);
        page.page_stream().hash(&mut h);
        let r = page.resources();
        let dicts = [
            &r.ext_g_states,
            &r.fonts,
            &r.properties,
            &r.color_spaces,
            &r.x_objects,
            &r.patterns,
            &r.shadings,
        ];
        for dict in dicts {
            self.dict(dict, 0)?.hash(&mut h);
        }
        for key in [&b"Annots"[..], b"Group"] {
            let entry = page.raw().get_raw::<Object<'_>>(key);
            entry.map(|e| self.entry(e, 0)).hash(&mut h);
        }
        Some(h.finish())
    }

    fn entry(&mut self, entry: MaybeRef<Object<'a>>, depth: usize) -> Option<u64> {
        match entry {
            MaybeRef::NotRef(object) => self.object(&object, depth),
            MaybeRef::Ref(r) => self.reference(r, depth),
        }
    }

    fn reference(&mut self, r: ObjRef, depth: usize) -> Option<u64> {
        if let Some(h) = self.memo.get(&r) {
            return Some(*h);
        }
        if let Some(at) = self.path.iter().position(|p| *p == r) {
            return Some(hash(&("cycle", self.path.len() - at)));
        }
        let object = self.xref?.get::<Object<'a>>(r.into());
        self.path.push(r);
        let h = match object {
            Some(object) => self.object(&object, depth + 1),
            None => Some(hash(&"missing")),
        };
        self.path.pop();
        if let Some(h) = h {
            self.memo.insert(r, h);
        }
        h
    }

    fn object(&mut self, object: &Object<'a>, depth: usize) -> Option<u64> {
        if depth > MAX_DEPTH || self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        let mut h = DefaultHasher::new();
        match object {
            Object::Null(_) => 0u8.hash(&mut h),
            Object::Boolean(b) => (1u8, b).hash(&mut h),
            Object::Number(n) => (2u8, n.as_f64().to_bits()).hash(&mut h),
            Object::String(s) => (3u8, s.as_bytes()).hash(&mut h),
            Object::Name(n) => (4u8, n.as_ref()).hash(&mut h),
            Object::Dict(d) => (5u8, self.dict(d, depth)?).hash(&mut h),
            Object::Array(a) => {
                6u8.hash(&mut h);
                for item in a.raw_iter() {
                    self.entry(item, depth + 1)?.hash(&mut h);
                }
            }
            Object::Stream(s) => {
                (7u8, self.dict(s.dict(), depth)?).hash(&mut h);
                s.raw_data().hash(&mut h);
            }
        }
        Some(h.finish())
    }

    fn dict(&mut self, dict: &Dict<'a>, depth: usize) -> Option<u64> {
        let mut h = DefaultHasher::new();
        for (key, value) in dict.entries() {
            if UPWARD.contains(&key.as_ref()) {
                continue;
            }
            key.as_ref().hash(&mut h);
            self.entry(value, depth + 1)?.hash(&mut h);
        }
        Some(h.finish())
    }
}

fn rotation(r: Rotation) -> u16 {
    match r {
        Rotation::None => 0,
        Rotation::Horizontal => 90,
        Rotation::Flipped => 180,
        Rotation::FlippedHorizontal => 270,
    }
}

fn hash(value: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
