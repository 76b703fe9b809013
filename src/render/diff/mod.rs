//! The change report of `opas diff` as bytes: an accessible HTML page ([`html`]), a
//! Markdown summary for a CI job ([`markdown`]), JSON for tools ([`json`]) and the short
//! summary printed on standard output ([`text`]); [`summary`] holds what they share.

pub mod html;
pub mod json;
pub mod markdown;
pub mod summary;
pub mod text;
