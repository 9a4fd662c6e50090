//! `corridor validate`: check a network file and report every problem at once.

use super::progress::Status;
use super::{Outcome, load_labelled, loading_message, print_diagnostics_limited, write_stdout};
use anyhow::{Result, bail};
use corridor::network::{LoadError, Loaded, Severity};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct ValidateArgs {
    /// Network file (default: the bundled network).
    file: Option<PathBuf>,
    /// Print every problem; without it, at most 10 of a kind are printed in full and the rest
    /// are counted.
    #[arg(long)]
    all: bool,
}

pub(crate) fn validate(args: &ValidateArgs) -> Result<Outcome> {
    let status = Status::start(loading_message("checking", args.file.as_deref()));
    let (loaded, label) = load_labelled(args.file.as_deref());
    status.finish();
    let per_kind = if args.all {
        usize::MAX
    } else {
        super::SHOWN_PER_KIND
    };
    let print_diagnostics =
        |d: &[corridor::network::Diagnostic]| print_diagnostics_limited(d, per_kind);
    match loaded {
        Ok(Loaded { network, warnings }) => {
            print_diagnostics(&warnings);
            write_stdout(&format!(
                "{label}: ok: {} nodes, {} links, {} warning(s)\n",
                network.nodes.len(),
                network.links.len(),
                warnings.len()
            ))?;
            Ok(Outcome::Ok)
        }
        Err(LoadError { diagnostics }) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = diagnostics.len() - errors;
            bail!("{label}: {errors} error(s), {warnings} warning(s)")
        }
    }
}
