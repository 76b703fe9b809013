//! Rendering, pure: a [`crate::compose::model::Document`] in, bytes out. [`html`] fills the
//! theme's templates; [`pdf`] lays the document out and writes a tagged, archival PDF.

pub mod diff;
pub mod escape;
pub mod html;
pub mod pdf;
