//! `opas completions <shell>`: shell completion scripts generated from the command definitions.

use clap_complete::Shell;

/// Writes the completion script for `shell` to standard output.
pub fn run(shell: Shell, command: &mut clap::Command) {
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, command, name, &mut script);
    crate::cli::print_stdout(&String::from_utf8_lossy(&script));
}
