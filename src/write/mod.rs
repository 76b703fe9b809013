//! Writing: the only code that writes files. [`output`] writes the output folder atomically
//! with its manifest; [`incremental`] tells which guides are unchanged since it was written;
//! [`municipality`] creates new municipality files.

pub mod incremental;
pub mod municipality;
pub mod output;
