//! `corridor generate`: write a reproducible synthetic multimodal network for scaling tests.

use super::{Outcome, emit};
use anyhow::{Result, bail};
use corridor::generate::{MAX_NODES, MIN_NODES, generate_toml};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct GenerateArgs {
    /// Number of nodes (1,000 to 1,000,000 for realistic sizes; 10 to 2,000,000 accepted).
    #[arg(long, value_name = "N")]
    nodes: usize,
    /// Seed of the generator: the same nodes and seed give the same file, byte for byte.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Write to this file (atomically) instead of stdout.
    #[arg(
        long,
        value_name = "FILE",
        alias = "out",
        long_help = super::output::OUTPUT_LONG_HELP
    )]
    output: Option<PathBuf>,
}

pub(crate) fn generate(args: &GenerateArgs) -> Result<Outcome> {
    if !(MIN_NODES..=MAX_NODES).contains(&args.nodes) {
        bail!(
            "--nodes {}: must be between {MIN_NODES} and {MAX_NODES}",
            args.nodes
        );
    }
    let text = generate_toml(args.nodes, args.seed);
    let budget = corridor::network::max_input_bytes();
    if text.len() as u64 > budget {
        eprintln!(
            "warning: the network is {} bytes, more than the input budget of {budget} bytes: \
             load it with --max-input-bytes {}MiB (see docs/limits.md)",
            text.len(),
            (text.len() >> 20) + 1
        );
    }
    emit(&text, args.output.as_deref())?;
    Ok(Outcome::Ok)
}
