//! Composing: a municipality's values and a guide's content become the [`model::Document`]
//! every renderer reads. [`document`] builds it, rendering the steps' [`templates`] and
//! reading their [`markdown`]; [`typography`] then sets its quotes, dashes and spaces.
//! [`pages_diff`] compares two rendered PDFs page by page as pictures, for `opas diff`.

pub mod controls;
pub mod diff;
pub mod document;
pub mod edit;
pub mod markdown;
pub mod model;
pub mod pages_diff;
pub mod scaffold;
pub mod templates;
pub mod typography;
