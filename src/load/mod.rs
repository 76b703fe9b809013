//! Loading and validation: the only code that reads the project's files. The project
//! ([`project`]) is its languages and guides ([`content`], each with its [`declaration`] and
//! [`params`]), its municipalities ([`municipality`] with a [`guide_table`] per guide, their
//! [`screenshot`]s) and the [`theme`]; the [`schema`] of the municipality file; every file is read through [`files`].

pub mod built;
pub mod content;
pub mod declaration;
pub mod defaults;
pub mod files;
pub mod fonts;
pub mod guide_table;
pub mod hyphenation;
pub mod in_language;
pub mod lang_forms;
pub mod local;
pub mod municipality;
pub mod needs;
pub mod new_guide;
pub mod params;
pub mod project;
pub mod revision;
pub mod schema;
pub mod screens;
pub mod screenshot;
pub mod screenshot_target;
pub mod shared;
pub mod template_check;
pub mod theme;
pub mod toml_file;
pub mod translations;
pub mod values;
pub mod wording;
