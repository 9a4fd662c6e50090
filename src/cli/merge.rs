//! `corridor merge`: shard files of `compare`, `matrix` or `check` back into the output of
//! the whole run; and what every `--shard` run records of its inputs (the run fingerprint's
//! network checksum and scenarios).

use super::output::stream_output;
use super::{NetworkArg, Outcome, load};
use anyhow::{Context, Result, bail};
use corridor::network::{BUNDLED_NETWORK, Network};
use corridor::sweep::{self, Checksum, Inputs, MergeError, MergeFormat, ScenarioInput};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example: corridor matrix --origins o.txt --destinations d.txt --shard 0/2 \
    --output a.jsonl; the same with --shard 1/2 --output b.jsonl; then corridor merge a.jsonl \
    b.jsonl --output matrix.csv. See docs/scaling.md."
)]
pub(crate) struct MergeArgs {
    /// Shard files, in any order: the JSON lines `compare`, `matrix` and `check` write with
    /// --shard I/N. Together they must hold every unit of one run exactly once.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Output format: what the command writes (compare: table, json or csv; matrix: csv or
    /// json; check: table or json). Default: the command's default (table, csv, table).
    #[arg(long, value_enum)]
    format: Option<MergeFormatArg>,
    #[arg(long, value_name = "FILE", long_help = super::output::OUTPUT_LONG_HELP)]
    output: Option<PathBuf>,
    /// For `check` shards: the network they ran on (its node names are in the report); it
    /// must be the same file. Not read for other shards.
    #[command(flatten)]
    network: NetworkArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MergeFormatArg {
    /// Tables for people (compare, check).
    Table,
    /// JSON.
    Json,
    /// CSV (compare, matrix).
    Csv,
}

/// The network checksum of a `--network` argument: of the file's bytes, or of the bundled
/// network's text.
fn network_checksum(arg: &NetworkArg) -> Result<String> {
    match &arg.network {
        Some(path) => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("{}: cannot read file", path.display()))?;
            Ok(Checksum::of_reader(file)
                .with_context(|| format!("{}: cannot read file", path.display()))?
                .hex())
        }
        None => Ok(Checksum::of_reader(BUNDLED_NETWORK.as_bytes())?.hex()),
    }
}

/// What identifies a run's inputs: the network (loaded from `arg`) and the scenarios.
pub(crate) fn inputs(
    arg: &NetworkArg,
    network: &Network,
    scenarios: Vec<ScenarioInput>,
) -> Result<Inputs> {
    Ok(Inputs {
        network: network.name.clone(),
        network_checksum: network_checksum(arg)?,
        scenarios,
    })
}

pub(crate) fn merge(args: &MergeArgs) -> Result<Outcome> {
    let format = args.format.map(|f| match f {
        MergeFormatArg::Table => MergeFormat::Table,
        MergeFormatArg::Json => MergeFormat::Json,
        MergeFormatArg::Csv => MergeFormat::Csv,
    });
    let network_for_check = |inputs: &Inputs| -> Result<Network, String> {
        let checksum = network_checksum(&args.network).map_err(|e| format!("{e:#}"))?;
        let shown = args.network.network.as_ref().map_or_else(
            || corridor::network::BUNDLED_NETWORK_PATH.to_owned(),
            |p| p.display().to_string(),
        );
        if checksum != inputs.network_checksum {
            return Err(format!(
                "the shards ran on the network {:?} (checksum {}), but {shown} has checksum \
                 {checksum}\n  hint: give merge the --network the shards ran with",
                inputs.network, inputs.network_checksum
            ));
        }
        load(&args.network).map_err(|e| format!("{e:#}"))
    };
    let merged = stream_output(args.output.as_deref(), |out| {
        match sweep::merge_files(&args.files, format, &network_for_check, out) {
            Ok(merged) => Ok(merged),
            Err(MergeError::Input(problems)) => {
                for p in &problems {
                    eprintln!("error: {p}");
                }
                bail!(
                    "{} problem(s) with the shard files; nothing was written",
                    problems.len()
                )
            }
            Err(MergeError::Write(e)) => Err(e).context("writing the merged output"),
        }
    })?;
    let violated = super::compare::report_violations(&merged.invariants);
    Ok(if merged.failed || violated {
        Outcome::NoRoute
    } else {
        Outcome::Ok
    })
}
