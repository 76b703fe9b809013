//! The end-to-end tests, in one binary with a module per area: each runs the real `opas`
//! binary (or the library) on temporary projects. Helpers live in [`common`]; the
//! reference data in `tests/fixtures/`.

mod common;

mod cli;
mod guides;
mod input;
mod pdf;
mod serve;
mod serve_edit;
