//! opas: turns one TOML file per municipality plus shared Markdown steps into guides.
//!
//! The pipeline runs one way: load ([`project`]: [`content`] with each guide's
//! [`declaration`], [`municipality`] with its [`guide_table`]s, [`theme`]) → validate
//! ([`params`]) → document model ([`guide`] builds a [`model::Document`], [`typography`] sets its
//! quotes, dashes and spaces per language) → render
//! ([`html`], [`pdf`]) → write ([`output`]).

// A diagnostic carries its source text and hint; errors are the cold path, so they
// are returned by value rather than boxed everywhere.
#![allow(clippy::result_large_err)]

/// Rendering allocates many small strings and vectors per guide; mimalloc's thread-local
/// free lists make that a fraction of what the system allocator costs. Set in the library,
/// it serves the binary, the tests and the benchmarks alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod cli;
pub mod content;
pub mod declaration;
pub mod diagnostics;
pub mod escape;
pub mod files;
pub mod guide;
pub mod guide_table;
pub mod html;
pub mod hyphenation;
pub mod incremental;
pub mod markdown;
pub mod model;
pub mod municipality;
pub mod output;
pub mod params;
pub mod pdf;
pub mod project;
pub mod screens;
pub mod screenshot;
pub mod templates;
pub mod theme;
pub mod typography;
pub mod values;
pub mod wording;
