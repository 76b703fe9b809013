//! Editing a municipality file from a form: the form's fields from the project's
//! declarations ([`form`]), the submitted values applied to the file's text so that only
//! the changed values move ([`apply`]), the difference shown before a save ([`diff`]) and
//! each diagnostic placed beside its field ([`locate`]). Pure: text in, text out.

pub mod apply;
pub mod diff;
pub mod fields;
pub mod form;
pub mod from_file;
pub mod guide;
pub mod locate;
pub mod new_table;
pub mod screens;
pub mod tree;

#[cfg(test)]
mod tests;
