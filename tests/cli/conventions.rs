//! Conventions every subcommand keeps: help with examples, completions, quiet and verbose.

use crate::common::{opas, repo, stderr};

const SUBCOMMANDS: [&str; 7] = [
    "build",
    "check",
    "new",
    "list",
    "schema",
    "completions",
    "serve",
];

#[test]
fn every_subcommand_has_help_with_examples() {
    for sub in SUBCOMMANDS {
        let run = opas(&repo(), &[sub, "--help"]);
        assert!(run.status.success(), "{sub}: {}", stderr(&run));
        let help = String::from_utf8_lossy(&run.stdout);
        assert!(
            help.contains("Example"),
            "{sub} --help has examples:\n{help}"
        );
        assert!(help.contains(&format!("opas {sub}")), "{sub}:\n{help}");
    }
    let top = opas(&repo(), &["--help"]);
    let help = String::from_utf8_lossy(&top.stdout);
    for sub in SUBCOMMANDS {
        assert!(help.contains(sub), "top-level help lists {sub}:\n{help}");
    }
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let run = opas(&repo(), &["completions", shell]);
        assert!(run.status.success(), "{shell}: {}", stderr(&run));
        let script = String::from_utf8_lossy(&run.stdout);
        assert!(script.contains("opas"), "{shell}");
        assert!(
            script.contains("schema") && script.contains("only"),
            "{shell}: {script}"
        );
    }
    let run = opas(&repo(), &["completions", "cmd"]);
    assert_eq!(
        run.status.code(),
        Some(2),
        "unknown shells are a usage error"
    );
}

#[test]
fn quiet_and_verbose() {
    let run = opas(&repo(), &["--quiet", "check"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).is_empty(),
        "quiet prints nothing on success: {}",
        stderr(&run)
    );
    let run = opas(&repo(), &["--quiet", "--verbose", "check"]);
    assert_eq!(run.status.code(), Some(2));
}
