//! The PDFs: their archive and accessibility rules, checks with poppler and qpdf, text
//! read back as written, and validation of every PDF.

mod archive;
mod build;
mod pages_diff;
mod text;
mod validation;
