//! Bad and hostile input: the bad-input corpus, injection strings in every field,
//! untrusted files and templates, and input that tries to break the PDF.

mod bad_input;
mod hostile;
mod pdf_hostile;
mod templates_hostile;
mod untrusted;
