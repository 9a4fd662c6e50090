//! `corridor completions SHELL` and `corridor man`: shell completion scripts and a man page,
//! both generated from the same clap definitions as `--help`, so they never drift from it.

use super::{Cli, Outcome, emit};
use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    shell: Shell,
    /// Write the script to this file instead of stdout.
    #[arg(long, value_name = "FILE", long_help = super::output::OUTPUT_LONG_HELP)]
    output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {
    /// Write the man page (roff) to this file instead of stdout, e.g. corridor.1.
    #[arg(long, value_name = "FILE", long_help = super::output::OUTPUT_LONG_HELP)]
    output: Option<PathBuf>,
}

/// Writes the completion script for one shell.
pub(crate) fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "corridor", &mut script);
    let text = String::from_utf8(script).context("the completion script is not UTF-8")?;
    emit(&text, args.output.as_deref())?;
    Ok(Outcome::Ok)
}

/// Writes the man page: the command, its options, and a section per subcommand with its
/// synopsis and options, in one page.
pub(crate) fn man(args: &ManArgs) -> Result<Outcome> {
    let command = Cli::command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    let mut text = String::from_utf8(page).context("the man page is not UTF-8")?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        let part = clap_mangen::Man::new(sub.clone().bin_name(format!("corridor {name}")));
        let mut section = Vec::new();
        part.render_synopsis_section(&mut section)?;
        part.render_description_section(&mut section)?;
        part.render_options_section(&mut section)?;
        let section = String::from_utf8(section).context("the man page is not UTF-8")?;
        // One page: each subcommand is a section, its parts subsections.
        let _ = writeln!(text, ".SH \"CORRIDOR {}\"", name.to_uppercase());
        text.push_str(
            &section
                .replace(".SH SYNOPSIS", ".SS Synopsis")
                .replace(".SH DESCRIPTION", ".SS Description")
                .replace(".SH OPTIONS", ".SS Options"),
        );
        // The subcommand list points into this page, not to pages of their own.
        text = text.replace(
            &format!("corridor\\-{}(1)", name.replace('-', "\\-")),
            &format!("corridor {name}"),
        );
    }
    let mut tail = Vec::new();
    man.render_extra_section(&mut tail)?;
    man.render_version_section(&mut tail)?;
    text.push_str(&String::from_utf8(tail).context("the man page is not UTF-8")?);
    emit(&text, args.output.as_deref())?;
    Ok(Outcome::Ok)
}
