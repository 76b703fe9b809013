//! opas: turns one TOML file per municipality plus shared Markdown steps into guides.
//!
//! The pipeline runs one way, a folder a stage: [`load`] (the only code that reads the
//! project's files, and validates them) → [`compose`] (the document model) → [`render`]
//! (HTML and PDF, pure: bytes out) → [`write`] (the only code that writes). The [`driver`]
//! runs these stages for every command; [`cli`] holds the commands, thin, and
//! [`diagnostics`] the located errors every stage reports.

// A diagnostic carries its source text and hint; errors are the cold path, so they
// are returned by value rather than boxed everywhere.
#![allow(clippy::result_large_err)]

/// Rendering allocates many small strings and vectors per guide; mimalloc's thread-local
/// free lists make that a fraction of what the system allocator costs. Set in the library,
/// it serves the binary, the tests and the benchmarks alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod cli;
pub mod compose;
pub mod diagnostics;
pub mod driver;
pub mod load;
pub mod render;
pub mod write;
