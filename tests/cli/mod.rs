//! The commands as a user runs them: what every command has in common, `list`, `new`,
//! `schema`, `check` against `build`, and builds killed part-way.

mod check;
mod conventions;
mod kill;
mod list;
mod new;
mod schema;
