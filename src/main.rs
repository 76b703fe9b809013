//! opas: municipal customer guides from one TOML file per municipality and shared Markdown steps.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand};

use opas::cli;

/// Builds accessible HTML and PDF customer guides for municipalities.
#[derive(Parser)]
#[command(
    name = "opas",
    version,
    about,
    after_help = "Examples:\n  opas check\n  opas build --out public\n  opas serve --port 8000\n  \
opas new kokkola --name Kokkola --genitive Kokkolan\n  opas list\n\n\
Run `opas <command> --help` for the options and examples of each command.\n\
Messages are plain text without colour, so NO_COLOR and pipes need no special care."
)]
struct Cli {
    /// The project folder (with content/, themes/ and municipalities/).
    #[arg(long, short = 'C', global = true, default_value = ".")]
    project: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail (e.g. every request `opas serve` answers).
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write every guide, the index and manifest.json to the output folder.
    #[command(
        after_help = "Examples:\n  opas build\n  opas build --only pori,heinola --out /tmp/preview\n  \
opas build --base-url https://ohjeet.example.fi/   # canonical and language links as absolute URLs"
    )]
    Build {
        /// Where output/ will be published (https://…): pages then name their absolute URL
        /// (canonical and language alternates) for search engines and shared links.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The output folder [default: output]. The default one must be a real folder, not
        /// a link; one given here may be a link.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Build only these municipalities (comma-separated slugs).
        #[arg(long, value_delimiter = ',')]
        only: Option<Vec<String>>,
        /// Build only these guides (comma-separated ids, e.g. kayttajatunnusmuutos).
        #[arg(long = "guide", value_name = "ID", value_delimiter = ',')]
        guides: Option<Vec<String>>,
    },
    /// Check every municipality file, the content and the theme without writing anything.
    #[command(after_help = "Example:\n  opas check && echo all good")]
    Check,
    /// List every municipality and guide: date, languages and where the figures come from.
    #[command(
        after_help = "Examples:\n  opas list\n  opas list | cut -f1          # the slugs, one a line\n\n\
FIGURES counts the guide's figures as screenshot/mock-up/placeholder: 2/9/0 means two real\n\
screenshots and nine drawn mock-ups. On a terminal the columns are aligned under a heading;\n\
piped, the rows are tab-separated without a heading."
    )]
    List,
    /// Build into a temporary folder, serve it, and rebuild and reload the page on every change.
    #[command(
        after_help = "Examples:\n  opas serve                 # any free port on 127.0.0.1; the URL is printed\n  \
opas serve --port 8000\n  opas serve --bind 0.0.0.0 --port 8000   # let other machines on the network see it\n  \
opas serve --edit          # also the edit pages; their URL, with the token, on the second line\n\n\
Watches municipalities/, content/ and themes/. A change to municipalities/<slug>.toml or\n\
municipalities/<slug>/ rebuilds that guide, anything else rebuilds all; the open page reloads\n\
by itself. While the project has errors, every page shows them (as `opas check` prints them)\n\
until they are fixed.\n\n\
With --edit, /_edit/ lists the municipalities and shows each one's file as a form; a\n\
submission is checked as `opas check` checks the file, the lines it changes are shown, and\n\
only a confirmed, valid change is written (comments and unknown keys stay)."
    )]
    Serve {
        /// The port to listen on (default: any free port).
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on; anything but 127.0.0.1 makes the guides visible to others.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Serve the edit pages too (/_edit/): municipality staff edit their file in the
        /// browser; the URL with the session's token is printed on the second line.
        #[arg(long)]
        edit: bool,
        /// Allow the edit pages with --bind on an address other machines reach (implies --edit).
        #[arg(long)]
        edit_on_network: bool,
    },
    /// Compare two builds: which guides were added, removed or changed, and how.
    #[command(
        after_help = "Examples:\n  opas build --out old && (edit) && opas build --out new && opas diff old new\n  \
opas diff --rev origin/main                  # the project at origin/main against the working tree\n  \
opas diff --rev origin/main public --html report.html --markdown summary.md --json diff.json\n\n\
With --rev the old side is the old *content* (that revision's content/, themes/ and\n\
municipalities/) built by this opas, so a change to opas itself does not show.\n\
Only guides whose files' hashes differ in the two manifest.json files are opened. Each is\n\
compared in layers: the words of its page, its PDF's structure (tags, alternative texts,\n\
language, outline, titles) and its changed PDF pages as pictures; the same change in many\n\
guides is shown once. Relative paths are in the project folder (-C), as with build --out.\n\n\
Exit status: 0 nothing changed, 1 something changed (0 with --exit-zero), 2 an error."
    )]
    Diff {
        /// OLD and NEW: two folders written by `opas build`; with --rev, at most NEW
        /// (default: the working tree, built into a temporary folder).
        #[arg(value_name = "FOLDER")]
        folders: Vec<PathBuf>,
        /// Build the old side from this git revision's project files (e.g. origin/main).
        #[arg(long, value_name = "REVISION")]
        rev: Option<String>,
        /// Write a static HTML report (accessible, pictures inline) to this file.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Write a Markdown summary (under 1 MB, for a CI job summary) to this file.
        #[arg(long, value_name = "FILE")]
        markdown: Option<PathBuf>,
        /// Write the report as JSON, for tools, to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Exit with 0 even when something changed.
        #[arg(long)]
        exit_zero: bool,
    },
    /// Print a shell completion script.
    #[command(after_help = "Examples:\n  \
opas completions bash > ~/.local/share/bash-completion/completions/opas\n  \
opas completions zsh > ~/.zfunc/_opas      # with fpath+=(~/.zfunc) in ~/.zshrc\n  \
opas completions fish > ~/.config/fish/completions/opas.fish")]
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of the municipality file, for editors and other tools.
    #[command(
        after_help = "Examples:\n  opas schema > municipalities/schema.json\n\n\
Editors with taplo (Even Better TOML in VS Code) read the first line of a municipality\n\
file, `#:schema ./schema.json`, and check the file and complete its fields as you type.\n\
The repository keeps the schema in municipalities/schema.json; a test fails when it is stale."
    )]
    Schema,
    /// Write a new municipality file with every field commented, ready to fill in.
    #[command(
        after_help = "Examples:\n  opas new kokkola --name Kokkola --genitive Kokkolan\n  \
opas new pedersore --name Pedersöre --genitive Pedersören --kind kunta --guide kayttajatunnusmuutos --date 2024-01-05\n\n\
The file is written to municipalities/<slug>.toml; an existing file is never overwritten.\n\
Each --guide adds that guide's table with its date and every parameter explained.\n\
Run `opas check` afterwards: it lists what is still to fill in (the contact at least).\n\n`opas new guide <id> --languages fi,sv` starts a new guide instead (see `opas new guide --help`).",
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true
    )]
    New {
        #[command(subcommand)]
        what: Option<NewWhat>,
        /// The file name: lower-case ASCII letters, digits and hyphens, e.g. mantta-vilppula.
        #[arg(required = true)]
        slug: Option<String>,
        /// The municipality's languages, the first its own (comma-separated codes, e.g.
        /// sv,fi) [default: fi].
        #[arg(long, value_delimiter = ',', value_name = "CODES")]
        languages: Vec<String>,
        /// The name in the nominative, e.g. Kokkola.
        #[arg(long)]
        name: Option<String>,
        /// The name in the genitive, e.g. Kokkolan.
        #[arg(long)]
        genitive: Option<String>,
        /// Add a table for this guide (its id, e.g. kayttajatunnusmuutos), with its parameters
        /// explained; repeat for more guides.
        #[arg(long = "guide", value_name = "ID")]
        guides: Vec<String>,
        /// A city (kaupunki) or a municipality (kunta).
        #[arg(long, value_parser = ["kaupunki", "kunta"], default_value = "kaupunki")]
        kind: String,
        /// The date of the guides' tables as YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// Start a new guide: content/<id>/ with a commented guide.toml, and one screen and one
    /// step in each language; municipalities/schema.json is written again to include it.
    #[command(
        after_help = "Examples:\n  opas new guide huoltokatko --languages fi,sv\n  \
opas new guide palvelukatko                # Finnish only\n\n\
The guide uses the shared steps every one of its languages has (content/languages/<lang>/steps/).\n\
An existing guide folder is never overwritten. Run `opas check` as you write the guide."
    )]
    Guide {
        /// The guide's id and output folder: lower-case ASCII letters, digits and hyphens.
        id: String,
        /// The languages the guide is written in, the first the reference (comma-separated
        /// codes with a file in content/languages/) [default: fi].
        #[arg(long, value_delimiter = ',', value_name = "CODES")]
        languages: Vec<String>,
    },
}

fn main() -> ExitCode {
    let args = Cli::parse();
    let failed = match &args.command {
        Command::Build {
            out,
            only,
            guides,
            base_url,
        } => {
            if let Some(url) = base_url
                && opas::compose::markdown::check_url(url).is_err()
            {
                eprintln!(
                    "error: --base-url `{url}` is not an http:// or https:// address\n  = help: give the address where output/ is published, e.g. https://ohjeet.example.fi/"
                );
                return ExitCode::FAILURE;
            }
            let out_may_be_link = out.is_some();
            let out = match out {
                Some(out) if out.is_absolute() => out.clone(),
                Some(out) => args.project.join(out),
                None => args.project.join("output"),
            };
            let summary = cli::build::run(&cli::build::BuildOptions {
                root: &args.project,
                out: &out,
                out_may_be_link,
                only: only.as_deref(),
                guides: guides.as_deref(),
                quiet: args.quiet,
                base_url: base_url.as_deref(),
            });
            summary.errors > 0
        }
        Command::Diff {
            folders,
            rev,
            html,
            markdown,
            json,
            exit_zero,
        } => {
            // Relative paths are in the project, as `build --out` is.
            let in_project = |p: &PathBuf| args.project.join(p);
            let folders: Vec<PathBuf> = folders.iter().map(in_project).collect();
            let (html, markdown, json) = (
                html.as_ref().map(in_project),
                markdown.as_ref().map(in_project),
                json.as_ref().map(in_project),
            );
            return ExitCode::from(cli::diff::run(&cli::diff::DiffOptions {
                root: &args.project,
                folders: &folders,
                rev: rev.as_deref(),
                html: html.as_deref(),
                markdown: markdown.as_deref(),
                json: json.as_deref(),
                exit_zero: *exit_zero,
                quiet: args.quiet,
            }));
        }
        Command::Check => cli::check::run(&args.project, args.quiet) > 0,
        Command::Serve {
            port,
            bind,
            edit,
            edit_on_network,
        } => {
            cli::serve::run(&cli::serve::ServeOptions {
                root: &args.project,
                port: *port,
                bind: *bind,
                quiet: args.quiet,
                verbose: args.verbose,
                edit: *edit || *edit_on_network,
                edit_on_network: *edit_on_network,
            }) > 0
        }
        Command::Completions { shell } => {
            cli::completions::run(*shell, &mut Cli::command());
            false
        }
        Command::List => cli::list::run(&args.project, args.quiet) > 0,
        Command::Schema => cli::schema::run(&args.project) > 0,
        Command::New {
            what: Some(NewWhat::Guide { id, languages }),
            ..
        } => cli::new_guide::run(&args.project, id, languages, args.quiet) > 0,
        Command::New {
            what: None,
            slug,
            languages,
            name,
            genitive,
            guides,
            kind,
            date,
        } => {
            cli::new::run(&cli::new::NewOptions {
                root: &args.project,
                slug: slug.as_deref().unwrap_or_default(),
                languages,
                name: name.as_deref(),
                genitive: genitive.as_deref(),
                guides,
                kind,
                date: date.as_deref(),
                quiet: args.quiet,
            }) > 0
        }
    };
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
