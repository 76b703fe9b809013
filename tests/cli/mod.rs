//! The commands as a user runs them: what every command has in common, `list`, `new`,
//! `schema`, `check` against `build`, and builds killed part-way.

mod authoring;
mod check;
mod conventions;
mod diff;
mod kill;
mod list;
mod new;
mod new_guide;
mod schema;
