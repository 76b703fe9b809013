//! The edit pages of `opas serve`: the list of municipalities, a municipality's form with
//! its errors, the difference to confirm, and what a save did. Pure: values in, HTML out,
//! every value escaped.

pub mod form;
pub mod live;
pub mod page;
pub mod preview;
pub mod review;
pub mod screen_words;
pub mod screens;
pub mod upload;
pub mod words;
