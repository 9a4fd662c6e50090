//! `corridor check`: run reference routes on a network and say which hold; exit 1 when any
//! fails, 2 when the network or the reference file is bad.

use super::{NetworkArg, Outcome, load, print_diagnostics, write_stdout};
use anyhow::{Context, Result, bail};
use corridor::check::{self, References, ReferencesError};
use corridor::network::Severity;
use corridor::sweep::{self, CheckShard, Checksum, ScenarioInput, Shard};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Reference file (default: the bundled references of the bundled network).
    references: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    format: CheckFormat,
    /// Run only shard I of N (counted from 0: 0/4 to 3/4), a contiguous block of the
    /// references, and write it as JSON lines for `corridor merge` (instead of --format). The
    /// exit code then says only whether the shard was written; merge gives the run's.
    #[arg(long, value_name = "I/N", conflicts_with = "format")]
    shard: Option<Shard>,
    /// With --shard: write the shard to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE", requires = "shard")]
    output: Option<PathBuf>,
    #[command(flatten)]
    network: NetworkArg,
}

/// What `corridor check` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    /// One line per reference, for people.
    Table,
    /// JSON for programs.
    Json,
}

pub(crate) fn check(args: &CheckArgs) -> Result<Outcome> {
    let network = load(&args.network)?;
    let loaded = match &args.references {
        Some(path) => check::load_file(path, &network),
        None => check::load_bundled(&network),
    };
    let references: References = match loaded {
        Ok(r) => r,
        Err(ReferencesError { diagnostics }) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let label = args.references.as_ref().map_or_else(
                || check::BUNDLED_REFERENCES_PATH.to_owned(),
                |p| p.display().to_string(),
            );
            bail!("{label}: {errors} error(s); no reference was run")
        }
    };
    // Scenario files are named relative to the reference file (the bundled one: its folder in
    // the source tree, relative to the working directory).
    let folder = args
        .references
        .as_deref()
        .unwrap_or(std::path::Path::new(check::BUNDLED_REFERENCES_PATH))
        .parent()
        .map_or_else(PathBuf::new, std::path::Path::to_path_buf);
    let scenarios = match check::scenario_networks(&references, &network, &folder) {
        Ok(s) => s,
        Err(ReferencesError { diagnostics }) => {
            print_diagnostics(&diagnostics);
            bail!(
                "{} error(s) in scenarios; no reference was run",
                diagnostics.len()
            )
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if let Some(shard) = args.shard {
        let mut recorded = Vec::new();
        for name in references
            .entries
            .iter()
            .filter_map(|r| r.scenario.as_ref())
        {
            if recorded.iter().any(|s: &ScenarioInput| &s.name == name) {
                continue;
            }
            let path = folder.join(name);
            let file = std::fs::File::open(&path)
                .with_context(|| format!("{}: cannot read file", path.display()))?;
            recorded.push(ScenarioInput {
                name: name.clone(),
                checksum: Checksum::of_reader(file)?.hex(),
            });
        }
        let inputs = super::merge::inputs(&args.network, &network, recorded)?;
        let path = args.references.as_ref().map_or_else(
            || check::BUNDLED_REFERENCES_PATH.to_owned(),
            |p| p.display().to_string(),
        );
        let run = CheckShard {
            network: &network,
            references_path: &path,
            references: &references.entries,
            scenarios: &scenarios,
            inputs: &inputs,
            threads,
        };
        super::output::stream_output(args.output.as_deref(), |out| {
            sweep::check_shard(&run, shard, out).context("writing the shard")
        })?;
        return Ok(Outcome::Ok);
    }
    let outcomes = check::run(&network, &references.entries, &scenarios, threads);
    let text = match args.format {
        CheckFormat::Json => check::to_json(&network, &references.path, &outcomes),
        CheckFormat::Table => check::to_table(&network, &outcomes),
    };
    write_stdout(&text)?;
    Ok(if outcomes.iter().all(check::Outcome::passed) {
        Outcome::Ok
    } else {
        Outcome::NoRoute
    })
}
