//! `corridor matrix`: the best route's expected days, USD, transfers, km and CO2 from every
//! origin to every destination, one one-to-all search per origin, streamed row by row; or,
//! with `--shard I/N`, a share of the origins as JSON lines for `corridor merge`.

use super::compare::{Optimize, apply_scenarios};
use super::output::stream_output;
use super::{NetworkArg, Outcome, load, print_diagnostics};
use anyhow::{Context, Result, bail};
use corridor::batch::{PlaceIndex, read_places_file};
use corridor::network::{Network, NodeIdx};
use corridor::search::Planner;
use corridor::sweep::{
    self, Checksum, MatrixFormat, MatrixShard, MatrixTable, ScenarioInput, Shard,
};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Places files: one place (id, name or alias) per line, or CSV with a \
    header naming a `place`, `id` or `name` column. See docs/scaling.md."
)]
pub(crate) struct MatrixArgs {
    /// Origins (the rows): one place per line, or CSV with a `place`, `id` or `name` column.
    #[arg(long, value_name = "FILE")]
    origins: PathBuf,
    /// Destinations (the columns), in the same format.
    #[arg(long, value_name = "FILE")]
    destinations: PathBuf,
    /// What "best" means for every cell.
    #[arg(long, value_enum, default_value_t = Optimize::Time)]
    optimize: Optimize,
    /// Output format: csv (one row per cell) or json (one row per origin).
    #[arg(long, value_enum, default_value_t = MatrixFormatArg::Csv)]
    format: MatrixFormatArg,
    #[arg(long, value_name = "FILE", long_help = super::output::OUTPUT_LONG_HELP)]
    output: Option<PathBuf>,
    /// Scenarios applied in order before the matrix is computed: files, or built-in
    /// scenarios by name.
    #[arg(long, value_name = "FILE|NAME", num_args = 1..)]
    scenario: Vec<PathBuf>,
    /// Compute only shard I of N (counted from 0: 0/4 to 3/4), a contiguous block of the
    /// origins, and write it as JSON lines for `corridor merge` (instead of --format).
    #[arg(long, value_name = "I/N", conflicts_with = "format")]
    shard: Option<Shard>,
    #[command(flatten)]
    cargo: super::CargoArgs,
    #[command(flatten)]
    network: NetworkArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MatrixFormatArg {
    /// One row per cell: origin, destination, days, cost_usd, transfers, distance_km, co2_kg.
    Csv,
    /// One document: the places, then a row per origin with a cell per destination.
    Json,
}

/// Reads a places file, printing its problems.
fn places(path: &Path, index: &PlaceIndex<'_>, what: &str) -> Result<Vec<NodeIdx>> {
    read_places_file(path, index).or_else(|diagnostics| {
        print_diagnostics(&diagnostics);
        bail!(
            "--{what} {}: {} problem(s); no matrix was computed",
            path.display(),
            diagnostics.len()
        )
    })
}

/// The scenarios of `files` as a run records them (name and checksum).
pub(crate) fn scenario_inputs(files: &[PathBuf]) -> Result<Vec<ScenarioInput>> {
    files
        .iter()
        .map(|file| {
            let s = corridor::scenario::load(file)
                .map_err(|e| anyhow::anyhow!("{}", e.diagnostics.len()))
                .with_context(|| format!("{}: does not load", file.display()))?;
            Ok(ScenarioInput {
                checksum: Checksum::of_debug(&s).hex(),
                name: s.name,
            })
        })
        .collect()
}

pub(crate) fn matrix(args: &MatrixArgs) -> Result<Outcome> {
    let base = load(&args.network)?;
    let cargo = args.cargo.cargo()?;
    // A matrix's route trees take no constraints: the links that refuse the cargo go.
    let network: Network = apply_scenarios(base, &args.scenario)?
        .for_cargo(&cargo)
        .without_links_refusing(&cargo.limits());
    let inputs = super::merge::inputs(&args.network, &network, scenario_inputs(&args.scenario)?)?;
    let index = PlaceIndex::new(&network);
    let origins = places(&args.origins, &index, "origins");
    let destinations = places(&args.destinations, &index, "destinations");
    let (origins, destinations) = (origins?, destinations?);
    drop(index);
    let planner = Planner::new(&network);
    let criterion = args.optimize.criterion();
    let default_cargo = cargo == corridor::network::Cargo::default();
    if let Some(shard) = args.shard {
        if !default_cargo {
            anyhow::bail!(
                "--shard does not take --container, --cargo-tonnes or --dangerous-goods yet: \
                 compute the matrix in one piece"
            );
        }
        let run = MatrixShard {
            planner: &planner,
            inputs: &inputs,
            criterion,
            origins: &origins,
            destinations: &destinations,
        };
        stream_output(args.output.as_deref(), |out| {
            sweep::matrix_shard(&run, shard, out).context("writing the matrix shard")
        })?;
        return Ok(Outcome::Ok);
    }
    let format = match args.format {
        MatrixFormatArg::Csv => MatrixFormat::Csv,
        MatrixFormatArg::Json => MatrixFormat::Json,
    };
    let table = MatrixTable {
        network: network.name.clone(),
        scenarios: inputs.scenarios.iter().map(|s| s.name.clone()).collect(),
        optimize: criterion.name().to_owned(),
        cargo: (!default_cargo).then(|| cargo.describe()),
        origins: origins
            .iter()
            .map(|&n| corridor::batch::Place::of(&network, n))
            .collect(),
        destinations: destinations
            .iter()
            .map(|&n| corridor::batch::Place::of(&network, n))
            .collect(),
    };
    stream_output(args.output.as_deref(), |out| {
        out.write_all(table.head(format).as_bytes())?;
        sweep::matrix_rows(
            &planner,
            &origins,
            &destinations,
            criterion,
            0..origins.len(),
            |row, cells| table.row(format, row, cells),
            |_, text| out.write_all(text.as_bytes()),
        )?;
        out.write_all(table.tail(format).as_bytes())?;
        Ok(())
    })
    .context("writing the matrix")?;
    Ok(Outcome::Ok)
}
