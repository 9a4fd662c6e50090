//! `corridor compare`: many origin-destination pairs under the baseline and one or more
//! scenarios, in parallel, with deltas, gateway changes, lost routes, a summary per scenario and
//! the scenario invariant checks; and `corridor scenario check`: load, apply and check scenario
//! files. Also the `--scenario` loading that `corridor route` shares.

use super::progress::Progress;
use super::{NetworkArg, Outcome, emit, load, print_diagnostics, resolve};
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use corridor::batch::{self, InvariantCheck, Options, Pair};
use corridor::network::{Diagnostic, Network};
use corridor::scenario::{self, Scenario};
use corridor::search::Criterion;
use corridor::simulate::{self, DEFAULT_SEED, MAX_SAMPLES};
use corridor::sweep::{self, Checksum, CompareShard, ScenarioInput, Shard};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct CompareArgs {
    /// Scenarios: files, or built-in scenarios by name (`--scenario kuryk_closed
    /// caspian_winter`; `corridor scenario list` shows them). One or more.
    #[arg(
        long,
        value_name = "FILE|NAME",
        num_args = 1..,
        required_unless_present = "tariffs"
    )]
    scenario: Vec<PathBuf>,
    /// Tariff files, each compared with the baseline like a scenario: the network with that
    /// file's rates in force (dated rates need --depart). One or more.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    tariffs: Vec<PathBuf>,
    /// The departure date the tariff files' dated rates are chosen for.
    #[arg(long, value_name = "YYYY-MM-DD")]
    depart: Option<corridor::calendar::Date>,
    /// Origin-destination pairs: CSV with a `from,to` header, or TOML with [[pair]] entries.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["from", "to"])]
    pairs: Option<PathBuf>,
    /// Origin of a single pair (with --to).
    #[arg(long, value_name = "PLACE", requires = "to")]
    from: Option<String>,
    /// Destination of a single pair (with --from).
    #[arg(long, value_name = "PLACE", requires = "from")]
    to: Option<String>,
    /// What "best" means for every pair.
    #[arg(long, value_enum, default_value_t = Optimize::Time)]
    optimize: Optimize,
    /// Skip the invariant checks (closing never helps, cost increases never lower a cost).
    #[arg(long)]
    no_invariants: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    format: CompareFormat,
    /// Samples of each best route's late case (its simulated P90, and the change in it), 1 to
    /// 1,000,000.
    #[arg(
        long,
        value_name = "N",
        default_value_t = COMPARE_SAMPLES,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_SAMPLES as u64)
    )]
    samples: usize,
    /// Seed of the late case's simulation.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Leave out the late case (P90): only best and expected figures, faster.
    #[arg(long)]
    no_late_case: bool,
    /// Write the output to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Run only shard I of N (counted from 0: 0/4 to 3/4), a contiguous block of the work
    /// units (each pair in each network, then each pair's invariant checks), and write it as
    /// JSON lines for `corridor merge` (instead of --format).
    #[arg(long, value_name = "I/N", conflicts_with = "format")]
    shard: Option<Shard>,
    #[command(flatten)]
    cargo: super::CargoArgs,
    #[command(flatten)]
    network: NetworkArg,
}

/// What `corridor compare` writes.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum CompareFormat {
    /// Tables for people: a table per pair, a summary per scenario, the invariant checks.
    Table,
    /// JSON for programs.
    Json,
    /// CSV, one row per pair and scenario.
    Csv,
    /// A self-contained HTML page: the tables, and maps of the routes a scenario changes.
    Html,
}

/// Samples of each best route's late case in a comparison: a P90 within about 1% of the one
/// 10,000 samples give, at a fifth of the cost, since a comparison simulates every pair in
/// every scenario.
const COMPARE_SAMPLES: usize = 2_000;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Optimize {
    /// Fewest hours.
    Time,
    /// Lowest USD per container.
    Cost,
    /// Fewest transfers, then fewest hours.
    Transfers,
    /// Least kg CO2e.
    Co2,
}

impl Optimize {
    pub(crate) fn criterion(self) -> Criterion {
        match self {
            Optimize::Time => Criterion::Time,
            Optimize::Cost => Criterion::Cost,
            Optimize::Transfers => Criterion::Transfers,
            Optimize::Co2 => Criterion::Co2,
        }
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct ScenarioArgs {
    #[command(subcommand)]
    command: ScenarioCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ScenarioCommand {
    /// Load and apply scenarios, say what each change did, and check the invariants.
    Check(CheckArgs),
    /// List the built-in scenarios (usable by name: `--scenario kuryk_closed`).
    List,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Scenario files, or built-in scenarios by name.
    #[arg(value_name = "FILE|NAME", required = true)]
    files: Vec<PathBuf>,
    /// Pairs to check the invariants on. Default: every ordered pair of cities, ports and dry
    /// ports, or when there are more than 1,000,000 ÷ nodes of them (at most 1,000, at least
    /// 10), a seeded sample of that many, said on stderr.
    #[arg(long, value_name = "FILE", conflicts_with = "sample")]
    pairs: Option<PathBuf>,
    /// Check a seeded sample of this many city, port and dry-port pairs (all of them if there
    /// are fewer) instead of the default number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    sample: Option<u32>,
    /// Seed of the sample: the same network, size and seed give the same pairs.
    #[arg(long, value_name = "SEED", default_value_t = 1)]
    seed: u64,
    #[command(flatten)]
    network: NetworkArg,
}

/// Loads scenario files and applies each to `base`, reporting every problem of every file.
fn load_scenarios(
    base: &Network,
    files: &[PathBuf],
) -> Result<Vec<(Scenario, Network, Vec<String>)>> {
    let mut out = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut bad = 0;
    for file in files {
        let applied = scenario::load(file).and_then(|s| s.apply(base).map(|a| (s, a)));
        match applied {
            Ok((s, a)) => {
                print_diagnostics(&a.warnings);
                out.push((s, a.network, a.effects));
            }
            Err(e) => {
                bad += 1;
                diagnostics.extend(e.diagnostics);
            }
        }
    }
    if bad > 0 {
        print_diagnostics(&diagnostics);
        bail!(
            "{bad} scenario file(s) have errors ({} problem(s)); nothing was run",
            diagnostics.len()
        );
    }
    Ok(out)
}

/// Applies scenario files in order to the network (for `corridor route --scenario`), printing
/// a note for each change skipped because an earlier scenario closed what it names.
pub(crate) fn apply_scenarios(network: Network, files: &[PathBuf]) -> Result<Network> {
    if files.is_empty() {
        return Ok(network);
    }
    match scenario::apply_files(&network, files) {
        Ok(combined) => {
            print_diagnostics(&combined.warnings);
            print_notes(&combined.notes);
            Ok(combined.network)
        }
        Err(e) => {
            print_diagnostics(&e.diagnostics);
            bail!(
                "{} problem(s); the scenarios were not applied",
                e.diagnostics.len()
            );
        }
    }
}

/// Prints notes to stderr, one line each.
fn print_notes(notes: &[String]) {
    for note in notes {
        eprintln!("note: {note}");
    }
}

fn read_pairs(path: &Path, network: &Network) -> Result<Vec<Pair>> {
    match batch::read_pairs_file(path, network) {
        Ok(pairs) => Ok(pairs),
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            bail!(
                "{}: {} problem(s); nothing was compared",
                path.display(),
                diagnostics.len()
            )
        }
    }
}

/// Prints each violated invariant to stderr; whether there was one.
pub(crate) fn report_violations(checks: &[InvariantCheck]) -> bool {
    let violated: Vec<&InvariantCheck> = checks.iter().filter(|c| c.violated()).collect();
    for c in &violated {
        eprintln!(
            "error: invariant violated in {}: {} ({} case(s)); this is a bug in corridor, please \
             report it with the scenario file",
            c.scenario,
            c.invariant,
            c.violations.len()
        );
    }
    !violated.is_empty()
}

pub(crate) fn compare(args: &CompareArgs) -> Result<Outcome> {
    let cargo = args.cargo.cargo()?;
    // Scenarios change the network's figures per FEU; the cargo's factors come after them.
    let unscaled = load(&args.network)?;
    let base = unscaled.for_cargo(&cargo);
    let pairs = match (&args.pairs, &args.from, &args.to) {
        (Some(path), _, _) => read_pairs(path, &base)?,
        (None, Some(from), Some(to)) => {
            let pair = Pair {
                from: resolve(&base, "from", from)?,
                to: resolve(&base, "to", to)?,
            };
            if pair.from == pair.to {
                bail!("--from and --to are the same place");
            }
            vec![pair]
        }
        _ => bail!("give --pairs FILE, or --from PLACE --to PLACE"),
    };
    let scenarios: Vec<(Scenario, Network, Vec<String>)> =
        load_scenarios(&unscaled, &args.scenario)?
            .into_iter()
            .map(|(s, network, effects)| (s, network.for_cargo(&cargo), effects))
            .collect();
    let mut priced: Vec<(String, Network)> = Vec::new();
    for file in &args.tariffs {
        let (network, notes, names) =
            super::apply_tariffs(base.clone(), std::slice::from_ref(file), args.depart)?;
        for note in notes {
            eprintln!("note: {note}");
        }
        priced.push((format!("tariffs {}", names.join(" + ")), network));
    }
    if args.shard.is_some() && (!priced.is_empty() || cargo != corridor::network::Cargo::default())
    {
        bail!(
            "--shard does not take --tariffs, --container, --cargo-tonnes or --dangerous-goods \
             yet: run the comparison in one piece"
        );
    }
    let named: Vec<(&str, &Network)> = scenarios
        .iter()
        .map(|(s, n, _)| (s.name.as_str(), n))
        .chain(priced.iter().map(|(name, n)| (name.as_str(), n)))
        .collect();
    let options = Options {
        criterion: args.optimize.criterion(),
        parallel: true,
        late_case: (!args.no_late_case).then_some(simulate::Options {
            samples: args.samples,
            seed: args.seed,
            ..simulate::Options::default()
        }),
        limits: cargo.limits_in(&base),
    };
    if let Some(shard) = args.shard {
        let files: Vec<Scenario> = scenarios.iter().map(|(s, _, _)| s.clone()).collect();
        let recorded = files
            .iter()
            .map(|s| ScenarioInput {
                name: s.name.clone(),
                checksum: Checksum::of_debug(s).hex(),
            })
            .collect();
        let inputs = super::merge::inputs(&args.network, &base, recorded)?;
        let run = CompareShard {
            base: &base,
            scenarios: &named,
            scenario_files: &files,
            pairs: &pairs,
            options: &options,
            invariants: !args.no_invariants,
            inputs: &inputs,
        };
        super::output::stream_output(args.output.as_deref(), |out| {
            sweep::compare_shard(&run, shard, out, &|_| {}).context("writing the shard")
        })?;
        return Ok(Outcome::Ok);
    }
    let bar = Progress::new("comparing", pairs.len() * (named.len() + 1));
    let mut comparison = batch::compare(&base, &named, &pairs, &options, &|n| bar.set(n));
    if cargo != corridor::network::Cargo::default() {
        comparison.cargo = Some(cargo.describe());
    }
    bar.finish();
    let checks = if args.no_invariants {
        Vec::new()
    } else {
        let list: Vec<Scenario> = scenarios.iter().map(|(s, _, _)| s.clone()).collect();
        let bar = Progress::new(
            "checking invariants",
            batch::invariant_searches(&list, pairs.len()),
        );
        let checks =
            batch::check_invariants_with_progress(&unscaled, &list, &pairs, &|n| bar.set(n));
        bar.finish();
        checks
    };
    let text = match args.format {
        CompareFormat::Table => comparison.to_table(&checks),
        CompareFormat::Json => comparison.to_json(&checks),
        CompareFormat::Csv => comparison.to_csv(),
        CompareFormat::Html => {
            let networks: Vec<&Network> = std::iter::once(&base)
                .chain(named.iter().map(|(_, n)| *n))
                .collect();
            let html = corridor::map::HtmlOptions::default();
            corridor::map::html_report(
                &comparison,
                &networks,
                &pairs,
                options.criterion,
                &checks,
                &html,
            )
        }
    };
    emit(&text, args.output.as_deref())?;
    Ok(if report_violations(&checks) {
        Outcome::NoRoute
    } else {
        Outcome::Ok
    })
}

pub(crate) fn scenario(args: &ScenarioArgs) -> Result<Outcome> {
    match &args.command {
        ScenarioCommand::Check(args) => scenario_check(args),
        ScenarioCommand::List => {
            emit(&built_in_list()?, None)?;
            Ok(Outcome::Ok)
        }
    }
}

/// The built-in scenarios, one per line: name, number of changes, description (wrapped).
fn built_in_list() -> Result<String> {
    const WIDTH: usize = 100;
    let width = scenario::BUILT_IN
        .iter()
        .map(|b| b.name.len())
        .max()
        .unwrap_or(0);
    let mut out = String::from(
        "Built-in scenarios (use by name: --scenario kuryk_closed; files in scenarios/)\n",
    );
    for b in &scenario::BUILT_IN {
        let s = match b.load() {
            Ok(s) => s,
            Err(e) => {
                print_diagnostics(&e.diagnostics);
                bail!("{}: the built-in scenario does not load", b.path);
            }
        };
        let mut line = format!("  {:<width$}  ", b.name);
        let indent = line.chars().count();
        let mut used = indent;
        for word in s.description.split_whitespace() {
            let len = word.chars().count();
            if used > indent && used + 1 + len > WIDTH {
                let _ = write!(line, "\n{}", " ".repeat(indent));
                used = indent;
            } else if used > indent {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += len;
        }
        let _ = writeln!(out, "{line}");
    }
    Ok(out)
}

fn scenario_check(args: &CheckArgs) -> Result<Outcome> {
    let base = load(&args.network)?;
    let scenarios = load_scenarios(&base, &args.files)?;
    let pairs = if let Some(path) = &args.pairs {
        read_pairs(path, &base)?
    } else {
        let limit = args.sample.map_or_else(
            || batch::default_pair_count(base.nodes.len()),
            |n| n as usize,
        );
        let ends = batch::end_pairs(&base, limit, args.seed);
        if ends.sampled() {
            eprintln!(
                "note: {} ordered pairs of cities, ports and dry ports; checking a sample of {} \
                 (seed {}); --sample N for another size, --pairs FILE to choose them",
                ends.total,
                ends.pairs.len(),
                args.seed
            );
        }
        ends.pairs
    };
    let mut out = String::new();
    for (s, _, effects) in &scenarios {
        let _ = writeln!(out, "{} · {} change(s)", s.name, s.changes.len());
        for e in effects {
            let _ = writeln!(out, "  {e}");
        }
    }
    let list: Vec<Scenario> = scenarios.into_iter().map(|(s, _, _)| s).collect();
    let bar = Progress::new(
        "checking invariants",
        batch::invariant_searches(&list, pairs.len()),
    );
    let checks = batch::check_invariants_with_progress(&base, &list, &pairs, &|n| bar.set(n));
    bar.finish();
    out.push('\n');
    out.push_str(&batch::invariants_table(&checks));
    emit(&out, None)?;
    Ok(if report_violations(&checks) {
        Outcome::NoRoute
    } else {
        Outcome::Ok
    })
}
