//! Writing: the only code that writes files. [`output`] writes the output folder atomically
//! with its manifest; [`incremental`] tells which guides are unchanged since it was written;
//! [`municipality`] creates new municipality files and [`scaffold`] new guide folders;
//! [`screenshot`] writes a screenshot uploaded from the edit form;
//! [`report`] writes `opas diff`'s reports; [`manifest`] and [`read_back`] read back,
//! distrusting it, what an earlier build left in the output folder.

pub mod incremental;
pub mod manifest;
pub mod municipality;
pub mod output;
pub mod read_back;
pub mod report;
pub mod scaffold;
pub mod screenshot;
