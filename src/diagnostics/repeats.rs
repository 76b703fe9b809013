//! One error found again for every municipality that publishes a guide (an unknown screen,
//! a step that does not parse) shown once, with how many municipalities it was found for.

use std::collections::HashMap;

use super::{Diagnostic, Severity};

/// What makes two diagnostics the same problem: the file, the words and the text pointed
/// at. The position is not part of it: a step rendered for two municipalities may put
/// the same line at different places.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    error: bool,
    file: String,
    message: String,
    label: String,
    hint: Option<String>,
    pointed_at: Option<String>,
}

impl Key {
    fn of(d: &Diagnostic) -> Key {
        let pointed_at = match (&d.source, &d.span) {
            (Some(source), Some(span)) => source.get(span.clone()).map(str::to_string),
            _ => None,
        };
        Key {
            error: d.severity == Severity::Error,
            file: d.file.clone(),
            message: d.message.clone(),
            label: d.label.clone(),
            hint: d.hint.clone(),
            pointed_at,
        }
    }
}

/// The problems of each municipality in turn, each kept only the first time it is found.
#[derive(Default)]
pub struct Repeats {
    /// Each problem (and which of its like in one municipality it is) with the number of
    /// municipalities it was found for.
    found: HashMap<(Key, usize), usize>,
}

impl Repeats {
    /// The problems of one municipality that no earlier one had.
    pub fn fresh(&mut self, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut nth: HashMap<Key, usize> = HashMap::new();
        let mut out = Vec::new();
        for problem in problems {
            let key = Key::of(&problem);
            let n = nth.entry(key.clone()).or_default();
            let times = self.found.entry((key, *n)).or_default();
            *n += 1;
            *times += 1;
            if *times == 1 {
                out.push(problem);
            }
        }
        out
    }

    /// Says in each message kept by [`Repeats::fresh`] and found again how many
    /// municipalities it was found for.
    pub fn annotate(&self, diagnostics: &mut [Diagnostic]) {
        let mut nth: HashMap<Key, usize> = HashMap::new();
        for d in diagnostics {
            let key = Key::of(d);
            let n = nth.entry(key.clone()).or_default();
            if let Some(&times) = self.found.get(&(key, *n))
                && times > 1
            {
                d.message = format!("{} (found for {times} municipalities)", d.message);
            }
            *n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn unknown(source: &str, at: &str) -> Diagnostic {
        let source: Arc<str> = Arc::from(source);
        let start = source.find(at).unwrap();
        Diagnostic::error("content/g/fi/steps/10.md", "unknown screen `x`").at(
            &source,
            start..start + at.len(),
            "no such screen",
        )
    }

    #[test]
    fn a_problem_of_every_municipality_is_shown_once_with_their_number() {
        let mut repeats = Repeats::default();
        let mut shown = repeats.fresh(vec![unknown("a\n![X](screen:x)\n", "![X](screen:x)")]);
        // The same line elsewhere in another municipality's rendering of the step.
        shown.extend(repeats.fresh(vec![unknown("a\nb\n![X](screen:x)\n", "![X](screen:x)")]));
        shown.extend(repeats.fresh(vec![Diagnostic::error("municipalities/a.toml", "other")]));
        assert_eq!(shown.len(), 2);
        repeats.annotate(&mut shown);
        assert_eq!(
            shown[0].message,
            "unknown screen `x` (found for 2 municipalities)"
        );
        assert_eq!(shown[1].message, "other");
    }

    #[test]
    fn the_same_problem_twice_in_one_municipality_stays_twice() {
        let mut repeats = Repeats::default();
        let twice = || {
            let source = "![X](screen:x)\n![X](screen:x)\n";
            let second = unknown(source, "![X](screen:x)");
            let mut second = second;
            second.span = Some(15..29);
            vec![unknown(source, "![X](screen:x)"), second]
        };
        let mut shown = repeats.fresh(twice());
        shown.extend(repeats.fresh(twice()));
        assert_eq!(shown.len(), 2);
        repeats.annotate(&mut shown);
        assert!(
            shown
                .iter()
                .all(|d| d.message.ends_with("(found for 2 municipalities)"))
        );
    }
}
