//! What a template may do, and the budget that bounds one rendering of it: one sandbox for
//! every template opas runs.
//!
//! Steps, screen texts and guide strings, the theme's page templates and the template of
//! `opas new` come from files anyone with access to the project may edit, and they run in
//! every build, CI included. Tera has no sandbox, so each template's syntax tree is checked
//! and instrumented before it is accepted ([`super::instrument`]):
//!
//! * **Refused outright** (a located error when the template is loaded): every function but
//!   `range` and `throw` (`get_env` would print the build's secrets; Tera's `now` and
//!   `get_random` are not compiled in), every filter not on [`FILTERS`], `{% filter %}`
//!   sections, a concatenation of more than [`MAX_CONCAT`] parts, and tags nested deeper than
//!   [`super::positions::MAX_NESTING`]. A content template ([`Policy::Content`]: a step, a
//!   screen text, a guide string, the `opas new` template) is one file: `include`,
//!   `extends`, `import`, macros and blocks are refused too, so nothing can recurse.
//! * **Allowed in page templates** ([`Policy::Page`], the theme's): `extends`, `block`,
//!   `super()`, `include`, `import` and macros, which a theme needs to share its frame. A
//!   macro may call itself and templates may include each other, so each macro body and each
//!   template's top level starts with a call that counts one iteration and its text and goes
//!   one level deeper, and ends with one that comes back up: past [`MAX_CALL_DEPTH`] levels
//!   the rendering stops, long before the stack would overflow.
//! * **Counted while rendering**: every loop body starts with a call that counts one
//!   iteration and the bytes of the body's text; every expression (and each step of a
//!   filter chain) passes its value through a filter that counts its size. The counts go
//!   to a per-thread [`Budget`] that each rendering starts afresh with its [`Limits`]
//!   ([`CONTENT`] or [`PAGE`]); past them the rendering stops with an error that names the
//!   tag. `range` refuses more numbers than the iterations allowed before allocating them,
//!   and `replace` and `join`, the filters whose output can be the product of their inputs,
//!   compute their size before building it.
//!
//! So every value is built from values already counted, by at most [`MAX_CONCAT`]
//! concatenations or one filter of bounded growth: a hostile template ends in an error
//! after a bounded amount of work and memory, never an abort.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use tera::{Filter, Tera, Value};

/// Most loop iterations of one rendered content template, all loops together.
pub const MAX_ITERATIONS: u64 = 10_000;
/// Most bytes of values (and loop text) one rendered content template may produce.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;
/// Most loop iterations (and macro calls and includes) of one rendered page. The index
/// lists every guide of every municipality in every language: a few thousand for a country
/// (the reference project's index: 10 guides, under 40 iterations; a guide's page: 5).
pub const MAX_PAGE_ITERATIONS: u64 = 100_000;
/// Most bytes one rendered page may produce. A guide's page prints its body, the steps'
/// HTML, many steps each within [`MAX_BYTES`]. The reference project's largest page
/// counts 19.7 KB (19.5 KB written), its index 9 KB.
pub const MAX_PAGE_BYTES: u64 = 32 * 1024 * 1024;
/// Deepest nesting of macro calls and includes in one rendered page, the page itself
/// counted: every level costs Tera's renderer stack (as much as [`MAX_NESTING`] nested
/// tags in each), and a theme needs a few at most. Eight levels of the deepest nesting
/// render on a 2 MB stack in a debug build (`pages::tests`); sixteen do not.
///
/// [`MAX_NESTING`]: super::positions::MAX_NESTING
pub const MAX_CALL_DEPTH: u32 = 8;
/// Most parts of one `a ~ b ~ …` concatenation.
pub const MAX_CONCAT: usize = 16;

/// What a kind of template may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// One file of text with values: a step, a screen text, a guide string, `opas new`'s.
    Content,
    /// A theme's page: may extend, include and call macros, within [`MAX_CALL_DEPTH`].
    Page,
}

/// The budget of one rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Loop iterations, macro calls and includes, all together.
    pub iterations: u64,
    /// Bytes of values and text.
    pub bytes: u64,
    /// Levels of macro calls and includes.
    pub depth: u32,
}

/// The budget of a content template.
pub const CONTENT: Limits = Limits {
    iterations: MAX_ITERATIONS,
    bytes: MAX_BYTES,
    depth: 1,
};

/// The budget of a page of the theme.
pub const PAGE: Limits = Limits {
    iterations: MAX_PAGE_ITERATIONS,
    bytes: MAX_PAGE_BYTES,
    depth: MAX_CALL_DEPTH,
};

impl Limits {
    /// The limits in words, for a hint.
    pub fn describe(&self) -> String {
        format!(
            "at most {} loop iterations and {} MB of text",
            self.iterations,
            self.bytes / (1024 * 1024)
        )
    }
}

/// The functions a template may call.
pub const FUNCTIONS: [&str; 2] = ["range", "throw"];

/// The filters a template may use: each output is at most a small multiple of its input
/// and arguments, or (for `replace` and `join`) is measured before it is built.
pub const FILTERS: [&str; 42] = [
    "upper",
    "lower",
    "upper_first",
    "capitalize",
    "title",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "wordcount",
    "replace",
    "linebreaksbr",
    "striptags",
    "spaceless",
    "escape",
    "escape_xml",
    "addslashes",
    "split",
    "int",
    "float",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "slice",
    "group_by",
    "filter",
    "map",
    "concat",
    "abs",
    "pluralize",
    "round",
    "length",
    "reverse",
    "json_encode",
    "as_str",
    "get",
    "default",
];

/// The counting call at the start of a loop body.
pub(super) const TICK: &str = "__opas_tick";
/// The counting filter after every expression.
pub(super) const SIZE: &str = "__opas_size";
/// The call before an include, marking its place.
pub(super) const MARK: &str = "__opas_mark";
/// The call at the start of a macro body or a page template's top level.
pub(super) const ENTER: &str = "__opas_enter";
/// The call at its end.
pub(super) const LEAVE: &str = "__opas_leave";
/// The argument that tells `range` which tag it is in.
pub(super) const AT: &str = "__opas_at";
/// The argument that tells `range` which file it is in.
pub(super) const IN: &str = "__opas_in";

/// What one rendering has used so far, and where it stopped.
#[derive(Debug, Clone)]
pub struct Budget {
    /// What this rendering may use.
    pub limits: Limits,
    /// Loop iterations, macro calls and includes.
    pub iterations: u64,
    /// Bytes of values and loop text.
    pub bytes: u64,
    /// Levels of macro calls and includes now open.
    pub depth: u32,
    /// The number of the tag counted last (see [`crate::compose::templates::positions`]).
    pub last_tag: Option<usize>,
    /// The number of the file that tag is in (0 for a content template, which is one file).
    pub last_file: usize,
    /// Why the rendering was stopped, if it was.
    pub exceeded: Option<String>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            limits: CONTENT,
            iterations: 0,
            bytes: 0,
            depth: 0,
            last_tag: None,
            last_file: 0,
            exceeded: None,
        }
    }
}

thread_local! {
    static BUDGET: RefCell<Budget> = RefCell::new(Budget::default());
}

/// Starts a fresh budget of a content template for a rendering on this thread.
pub fn start() {
    start_with(CONTENT);
}

/// Starts a fresh budget of `limits` for a rendering on this thread.
pub fn start_with(limits: Limits) {
    BUDGET.with(|b| {
        *b.borrow_mut() = Budget {
            limits,
            ..Budget::default()
        }
    });
}

/// The budget of the rendering that ran last on this thread.
pub fn used() -> Budget {
    BUDGET.with(|b| b.borrow().clone())
}

/// Where a count comes from: a tag of a file.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    tag: Option<usize>,
    file: usize,
}

fn place_of(args: &HashMap<String, Value>, tag: &str, file: &str) -> Place {
    let number = |name: &str| args.get(name).and_then(Value::as_u64).map(|n| n as usize);
    Place {
        tag: number(tag),
        file: number(file).unwrap_or(0),
    }
}

/// Records where the rendering stopped and why; the error to return.
fn stop(b: &mut Budget, place: Place, problem: String) -> tera::Error {
    if place.tag.is_some() {
        b.last_tag = place.tag;
        b.last_file = place.file;
    }
    b.exceeded = Some(problem.clone());
    tera::Error::msg(problem)
}

/// Adds to the budget; an error once a limit is passed.
fn spend(place: Place, iterations: u64, bytes: u64) -> tera::Result<()> {
    BUDGET.with(|b| {
        let mut b = b.borrow_mut();
        b.iterations += iterations;
        b.bytes = b.bytes.saturating_add(bytes);
        if place.tag.is_some() {
            b.last_tag = place.tag;
            b.last_file = place.file;
        }
        let limits = b.limits;
        let problem = if b.iterations > limits.iterations {
            format!(
                "the template runs more than {} loop iterations",
                limits.iterations
            )
        } else if b.bytes > limits.bytes {
            format!(
                "the template produces more than {} MB of text",
                limits.bytes / (1024 * 1024)
            )
        } else {
            return Ok(());
        };
        Err(stop(&mut b, place, problem))
    })
}

/// Goes one level of macro call or include deeper, counting it as an iteration.
fn enter(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let place = place_of(args, "at", "file");
    let text = args.get("text").and_then(Value::as_u64).unwrap_or(0);
    spend(place, 1, text)?;
    BUDGET.with(|b| {
        let mut b = b.borrow_mut();
        b.depth += 1;
        if b.depth > b.limits.depth {
            let problem = format!(
                "macros call each other or templates include each other more than {} levels deep",
                b.limits.depth
            );
            return Err(stop(&mut b, place, problem));
        }
        Ok(Value::String(String::new()))
    })
}

fn leave(_: &HashMap<String, Value>) -> tera::Result<Value> {
    BUDGET.with(|b| {
        let mut b = b.borrow_mut();
        b.depth = b.depth.saturating_sub(1);
    });
    Ok(Value::String(String::new()))
}

/// The size of a value as counted by the budget: string bytes, plus a word per element.
pub fn size_of(value: &Value) -> u64 {
    match value {
        Value::String(s) => s.len() as u64,
        Value::Array(a) => a.iter().map(|v| 8 + size_of(v)).sum(),
        Value::Object(o) => o.iter().map(|(k, v)| 8 + k.len() as u64 + size_of(v)).sum(),
        _ => 8,
    }
}

/// Sets `tera` up for a sandboxed template: only the allowed filters and functions, the
/// counting ones added, `range`, `replace` and `join` replaced by versions that measure
/// first.
pub fn install(tera: &mut Tera) {
    tera.filters
        .retain(|name, _| FILTERS.contains(&name.as_str()));
    tera.functions
        .retain(|name, _| FUNCTIONS.contains(&name.as_str()));
    tera.register_function(TICK, |args: &HashMap<String, Value>| {
        let text = args.get("text").and_then(Value::as_u64).unwrap_or(0);
        spend(place_of(args, "at", "file"), 1, text)?;
        Ok(Value::String(String::new()))
    });
    tera.register_function(MARK, |args: &HashMap<String, Value>| {
        spend(place_of(args, "at", "file"), 0, 0)?;
        Ok(Value::String(String::new()))
    });
    tera.register_function(ENTER, enter);
    tera.register_function(LEAVE, leave);
    tera.register_filter(SIZE, |value: &Value, args: &HashMap<String, Value>| {
        spend(place_of(args, "at", "file"), 0, size_of(value))?;
        Ok(value.clone())
    });
    tera.register_function("range", range);
    for (name, estimate) in [
        ("replace", replace_size as Estimate),
        ("join", join_size as Estimate),
    ] {
        if let Some(inner) = tera.filters.get(name).cloned() {
            tera.register_filter(name, Measured { inner, estimate });
        }
    }
}

type Estimate = fn(&Value, &HashMap<String, Value>) -> u64;

/// A filter whose output size is computed, and counted, before the output is built.
struct Measured {
    inner: Arc<dyn Filter>,
    estimate: Estimate,
}

impl Filter for Measured {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        spend(Place::default(), 0, (self.estimate)(value, args))?;
        self.inner.filter(value, args)
    }
}

fn str_arg<'a>(args: &'a HashMap<String, Value>, name: &str) -> &'a str {
    args.get(name).and_then(Value::as_str).unwrap_or("")
}

fn replace_size(value: &Value, args: &HashMap<String, Value>) -> u64 {
    let text = value.as_str().unwrap_or("");
    let (from, to) = (str_arg(args, "from"), str_arg(args, "to"));
    // An empty `from` matches between every two characters.
    let count = if from.is_empty() {
        text.chars().count() + 1
    } else {
        text.matches(from).count()
    } as u64;
    (text.len() as u64).saturating_add(count.saturating_mul(to.len() as u64))
}

fn join_size(value: &Value, args: &HashMap<String, Value>) -> u64 {
    let items = value.as_array().map_or(&[][..], Vec::as_slice);
    let sep = str_arg(args, "sep").len() as u64;
    let parts: u64 = items.iter().map(size_of).sum();
    parts.saturating_add((items.len() as u64).saturating_mul(sep))
}

/// Tera's `range`, refusing more numbers than the rendering's iterations before making them.
fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |name: &str, default: Option<u64>| -> tera::Result<u64> {
        match args.get(name) {
            Some(v) => v.as_u64().ok_or_else(|| {
                tera::Error::msg(format!("`range` needs a whole number ≥ 0 for `{name}`"))
            }),
            None => default
                .ok_or_else(|| tera::Error::msg(format!("`range` needs the `{name}` argument"))),
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?.max(1);
    if start > end {
        return Err(tera::Error::msg("`range` needs `start` ≤ `end`"));
    }
    let count = (end - start).div_ceil(step);
    let allowed = BUDGET.with(|b| b.borrow().limits.iterations);
    if count > allowed {
        let problem =
            format!("`range` would count {count} numbers, more than the {allowed} allowed");
        return Err(BUDGET.with(|b| stop(&mut b.borrow_mut(), place_of(args, AT, IN), problem)));
    }
    Ok(Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(Value::from)
            .collect(),
    ))
}
