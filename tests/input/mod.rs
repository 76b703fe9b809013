//! Bad and hostile input: the bad-input corpus, injection strings in every field,
//! untrusted files and templates, and input that tries to break the PDF.

mod bad_input;
mod controls;
mod hostile;
mod links;
mod names;
mod nesting;
mod output_folder;
mod pdf_hostile;
mod templates_hostile;
mod untrusted;
mod work;
