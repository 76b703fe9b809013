//! Command-line subcommands, one file each.

pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod list;
pub mod new;
pub mod new_guide;
pub mod schema;
pub mod serve;
mod serve_edit;
mod serve_edit_state;
mod serve_form;
mod serve_http;
mod serve_new;
mod serve_reply;
mod serve_server;
mod serve_upload;
mod serve_watch;

use crate::diagnostics::{Diagnostic, render_all};

/// Writes `text` to standard output; a closed pipe (`opas list | head -1`) is not an error.
///
/// `print!` panics when the reader has gone away; output here is best effort instead.
pub fn print_stdout(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let text = crate::compose::controls::for_terminal(text);
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Prints diagnostics to standard error.
pub fn report(diagnostics: &[Diagnostic]) {
    if !diagnostics.is_empty() {
        eprint!(
            "{}",
            crate::compose::controls::for_terminal(&render_all(diagnostics))
        );
    }
}

/// `n` with the noun in the singular or the plural: "1 guide", "2 guides".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(super::count(1, "guide", "guides"), "1 guide");
        assert_eq!(super::count(0, "guide", "guides"), "0 guides");
        assert_eq!(super::count(309, "error", "errors"), "309 errors");
    }
}
