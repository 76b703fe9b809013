//! opas: municipal customer guides from one TOML file per municipality and shared Markdown steps.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use opas::cli;

/// Builds accessible HTML and PDF customer guides for municipalities.
#[derive(Parser)]
#[command(name = "opas", version, about)]
struct Cli {
    /// The project folder (with content/, themes/ and municipalities/).
    #[arg(long, short = 'C', global = true, default_value = ".")]
    project: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write every guide, the index and manifest.json to the output folder.
    #[command(
        after_help = "Examples:\n  opas build\n  opas build --only pori,heinola --out /tmp/preview"
    )]
    Build {
        /// The output folder.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Build only these municipalities (comma-separated slugs).
        #[arg(long, value_delimiter = ',')]
        only: Option<Vec<String>>,
    },
    /// Check every municipality file, the content and the theme without writing anything.
    #[command(after_help = "Example:\n  opas check && echo all good")]
    Check,
}

fn main() -> ExitCode {
    let args = Cli::parse();
    let failed = match &args.command {
        Command::Build { out, only } => {
            let out = if out.is_absolute() {
                out.clone()
            } else {
                args.project.join(out)
            };
            let summary = cli::build::run(&cli::build::BuildOptions {
                root: &args.project,
                out: &out,
                only: only.as_deref(),
                quiet: args.quiet,
            });
            summary.errors > 0
        }
        Command::Check => cli::check::run(&args.project, args.quiet) > 0,
    };
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
