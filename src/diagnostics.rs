//! Located errors and warnings for people: file, line, column, what is wrong and how to fix it.

mod repeats;

pub use repeats::Repeats;

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it, relative to the project when possible.
    pub file: String,
    /// The whole text of the file, when it could be read as UTF-8.
    pub source: Option<Arc<str>>,
    /// Byte range of the offending text in `source`.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// Short text under the caret.
    pub label: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file, without a position.
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            source: None,
            span: None,
            message: message.into(),
            label: String::new(),
            hint: None,
        }
    }

    /// A warning about a whole file, without a position.
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// Points the diagnostic at `span` of `source`.
    pub fn at(mut self, source: &Arc<str>, span: Range<usize>, label: impl Into<String>) -> Self {
        let end = span.end.min(source.len());
        let start = span.start.min(end);
        self.source = Some(Arc::clone(source));
        self.span = Some(start..end);
        self.label = label.into();
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the start of the span.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let source = self.source.as_ref()?;
        let start = self.span.as_ref()?.start;
        Some(line_column(source, start))
    }

    /// Renders the diagnostic with the offending line and a caret, without colours.
    pub fn render(&self) -> String {
        match (&self.source, &self.span) {
            (Some(source), Some(span)) => {
                let file = SimpleFile::new(self.file.as_str(), source.as_ref());
                let mut diagnostic = self.codespan().with_labels(vec![
                    Label::primary((), span.clone()).with_message(self.label.clone()),
                ]);
                if let Some(hint) = &self.hint {
                    diagnostic = diagnostic.with_notes(vec![format!("help: {hint}")]);
                }
                term::emit_into_string(&Config::default(), &file, &diagnostic)
                    .unwrap_or_else(|_| self.render_plain())
            }
            _ => self.render_plain(),
        }
    }

    fn codespan(&self) -> CsDiagnostic<()> {
        match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(self.message.clone())
    }

    fn render_plain(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{kind}: {}\n  ┌─ {}", self.message, self.file);
        if let Some((line, column)) = self.line_column() {
            let _ = write!(out, ":{line}:{column}");
        }
        out.push('\n');
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = help: {hint}");
        }
        out.push('\n');
        out
    }
}

/// 1-based line and column (in characters) of byte offset `offset` in `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset where 1-based `line` starts in `source`, or the end of the text.
pub fn line_offset(source: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    source
        .match_indices('\n')
        .nth(line - 2)
        .map_or(source.len(), |(i, _)| i + 1)
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    while index > 0 && !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The path as shown to the user: relative to `base` when it lies inside it.
pub fn display_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Most diagnostics one run shows: each names its line, found by reading the file up to
/// it, so thousands of them would cost time growing with their square, and nobody reads
/// past the first screens.
pub const MAX_SHOWN: usize = 200;

/// The diagnostics of a run, rendered one after another: the first [`MAX_SHOWN`] of them,
/// then how many more there are.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    let mut out: String = diagnostics
        .iter()
        .take(MAX_SHOWN)
        .map(Diagnostic::render)
        .collect();
    if let Some(rest) = diagnostics.get(MAX_SHOWN..).filter(|r| !r.is_empty()) {
        out.push_str(&format!(
            "… and {} more not shown: fix the ones above first, then run opas check again\n\n",
            rest.len()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let source = "a = 1\nnimi = \"ä\" x\n";
        let offset = source.find('x').unwrap();
        assert_eq!(line_column(source, offset), (2, 12));
    }

    #[test]
    fn only_the_first_diagnostics_are_rendered() {
        let many: Vec<Diagnostic> = (0..MAX_SHOWN + 5)
            .map(|i| Diagnostic::error("a.txt", format!("problem {i}")))
            .collect();
        let text = render_all(&many);
        assert!(
            text.contains(&format!("problem {}", MAX_SHOWN - 1)),
            "{text}"
        );
        assert!(!text.contains(&format!("problem {MAX_SHOWN}")), "{text}");
        assert!(text.contains("… and 5 more not shown"), "{text}");
    }

    #[test]
    fn line_offset_finds_line_starts() {
        let source = "one\ntwo\nthree";
        assert_eq!(line_offset(source, 1), 0);
        assert_eq!(line_offset(source, 3), 8);
        assert_eq!(line_offset(source, 9), source.len());
    }

    #[test]
    fn render_shows_file_line_caret_and_hint() {
        let source: Arc<str> = Arc::from("name = \"Pori\"\nnmae = 1\n");
        let d = Diagnostic::error("municipalities/pori.toml", "unknown field `nmae`")
            .at(&source, 14..18, "not a known field")
            .hint("did you mean `name`?");
        let text = d.render();
        assert!(text.contains("municipalities/pori.toml:2:1"), "{text}");
        assert!(text.contains("^^^^"), "{text}");
        assert!(text.contains("did you mean `name`?"), "{text}");
    }
}
