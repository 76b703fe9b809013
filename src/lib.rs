//! opas: turns one TOML file per municipality plus shared Markdown steps into guides.
//!
//! The pipeline runs one way: load ([`project`], [`municipality`], [`content`], [`theme`])
//! → validate → document model ([`guide`] builds a [`model::Document`]) → render
//! ([`html`]) → write ([`output`]).

pub mod cli;
pub mod content;
pub mod diagnostics;
pub mod guide;
pub mod html;
pub mod markdown;
pub mod model;
pub mod municipality;
pub mod output;
pub mod pdf;
pub mod project;
pub mod screens;
pub mod templates;
pub mod theme;
