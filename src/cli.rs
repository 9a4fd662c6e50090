//! The command line: clap definitions, turning arguments into library requests, and printing.
//! The only module that knows clap; exit codes are decided here.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use corridor::network::{self, Diagnostic, Loaded, LoadError, Network, NodeIdx, Severity};
use corridor::report::{Report, to_json, to_table};
use corridor::search::{Constraints, Criterion, Planner, Route};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Default value of time, USD per container-day. Estimate: USD 120,000 of high-value rail cargo
/// per FEU at a 15% annual inventory carrying cost is 120,000 × 0.15 / 365 ≈ USD 49 a day.
const DEFAULT_VALUE_OF_TIME_USD_PER_DAY: f64 = 50.0;
/// Default penalty per transfer, USD. Estimate: a handling risk and reliability allowance of the
/// order of one terminal lift and its paperwork.
const DEFAULT_TRANSFER_PENALTY_USD: f64 = 100.0;

/// Route planner for container freight on the Middle Corridor (Trans-Caspian route) and its rivals.
///
/// Exit codes: 0 ok, 1 no route, 2 bad input (unknown place, invalid network file, bad arguments).
#[derive(Debug, Parser)]
#[command(name = "corridor", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Plan routes between two places.
    Route(RouteArgs),
    /// List the network's nodes, optionally filtered.
    Nodes(NodesArgs),
    /// Check a network file and report every problem at once.
    Validate(ValidateArgs),
}

#[derive(Debug, clap::Args)]
struct NetworkArg {
    /// Network file (default: the bundled Middle Corridor network).
    #[arg(long, value_name = "FILE")]
    network: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct RouteArgs {
    /// Origin: node id, name or alias (case and diacritics ignored).
    #[arg(long, value_name = "PLACE")]
    from: String,
    /// Destination: node id, name or alias.
    #[arg(long, value_name = "PLACE")]
    to: String,
    /// What to optimise. Without it: the fastest, the cheapest and the fewest-transfer routes.
    #[arg(long, value_enum)]
    optimize: Option<Optimize>,
    /// Value of time for --optimize balanced, USD per container-day.
    #[arg(long, value_name = "USD", default_value_t = DEFAULT_VALUE_OF_TIME_USD_PER_DAY)]
    value_of_time: f64,
    /// Penalty per transfer for --optimize balanced, USD.
    #[arg(long, value_name = "USD", default_value_t = DEFAULT_TRANSFER_PENALTY_USD)]
    transfer_penalty: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    network: NetworkArg,
}

#[derive(Debug, clap::Args)]
struct NodesArgs {
    /// Only nodes in this country (ISO 3166-1 alpha-2, e.g. KZ).
    #[arg(long)]
    country: Option<String>,
    /// Only nodes of this kind.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    network: NetworkArg,
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// Network file (default: the bundled network).
    file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Optimize {
    /// Fewest hours.
    Time,
    /// Lowest USD per container.
    Cost,
    /// Fewest transfers, then fewest hours.
    Transfers,
    /// Least kg CO2e.
    Co2,
    /// Cost + value of time × days + transfer penalty.
    Balanced,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Tables for people.
    Table,
    /// JSON for programs.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    City,
    RailHub,
    Border,
    Port,
    DryPort,
}

/// Why a command stopped: no route (exit 1) or bad input (exit 2).
#[derive(Debug)]
enum Outcome {
    Ok,
    NoRoute,
}

/// Parses the arguments, runs the command and returns the exit code.
pub(crate) fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match dispatch(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::NoRoute) => ExitCode::from(1),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

fn dispatch(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Route(args) => route(&args),
        Command::Nodes(args) => nodes(&args),
        Command::Validate(args) => validate(&args),
    }
}

/// Prints diagnostics to stderr, each in full with its source line and hint.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render());
    }
}

/// Loads the network a command names (or the bundled one), printing a one-line warning summary.
fn load(arg: &NetworkArg) -> Result<Network> {
    let (loaded, label) = match &arg.network {
        Some(path) => (network::load_file(path), path.display().to_string()),
        None => (network::load_bundled(), network::BUNDLED_NETWORK_PATH.to_string()),
    };
    match loaded {
        Ok(Loaded { network, warnings }) => {
            if !warnings.is_empty() {
                eprintln!(
                    "warning: {} warning(s) in {label}; run `corridor validate {label}` to see them",
                    warnings.len()
                );
            }
            Ok(network)
        }
        Err(LoadError { diagnostics }) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            bail!("{label}: {errors} error(s); the network was not loaded")
        }
    }
}

fn resolve(network: &Network, what: &str, place: &str) -> Result<NodeIdx> {
    network.resolve(place).with_context(|| format!("--{what}"))
}

fn criterion(args: &RouteArgs) -> Result<Option<Criterion>> {
    Ok(match args.optimize {
        None => None,
        Some(Optimize::Time) => Some(Criterion::Time),
        Some(Optimize::Cost) => Some(Criterion::Cost),
        Some(Optimize::Transfers) => Some(Criterion::Transfers),
        Some(Optimize::Co2) => Some(Criterion::Co2),
        Some(Optimize::Balanced) => {
            for (name, value) in [("--value-of-time", args.value_of_time), ("--transfer-penalty", args.transfer_penalty)] {
                if !value.is_finite() || value < 0.0 {
                    bail!("{name} must be a non-negative number of USD, got {value}");
                }
            }
            Some(Criterion::Balanced {
                value_of_time_cents_per_day: corridor::units::usd_to_cents(args.value_of_time),
                transfer_penalty_cents: corridor::units::usd_to_cents(args.transfer_penalty),
            })
        }
    })
}

fn route(args: &RouteArgs) -> Result<Outcome> {
    let criterion = criterion(args)?;
    let network = load(&args.network)?;
    let from = resolve(&network, "from", &args.from)?;
    let to = resolve(&network, "to", &args.to)?;
    if from == to {
        bail!("--from and --to are the same place ({})", network.nodes[from].name);
    }
    let planner = Planner::new(&network);
    let constraints = Constraints::default();
    let routes: Vec<(Route, Vec<String>)> = match criterion {
        Some(c) => planner
            .best(from, to, c, &constraints)
            .map(|r| (r, vec![format!("best by {}", c.name())]))
            .into_iter()
            .collect(),
        None => planner
            .trade_offs(from, to, &constraints)
            .into_iter()
            .map(|(r, labels)| (r, labels.into_iter().map(String::from).collect()))
            .collect(),
    };
    let optimize = criterion.map_or("trade-offs", |c| c.name());
    let report = Report::new(&network, from, to, optimize, criterion, &routes);
    let text = match args.format {
        Format::Table => to_table(&report),
        Format::Json => to_json(&report),
    };
    write_stdout(&text)?;
    if routes.is_empty() {
        eprintln!("no route from {} to {}", network.nodes[from].name, network.nodes[to].name);
        return Ok(Outcome::NoRoute);
    }
    Ok(Outcome::Ok)
}

fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).context("writing to stdout")?;
    out.flush().context("writing to stdout")?;
    Ok(())
}

fn nodes(args: &NodesArgs) -> Result<Outcome> {
    let network = load(&args.network)?;
    let country = args.country.as_ref().map(|c| c.to_ascii_uppercase());
    let kind = args.kind.map(|k| match k {
        Kind::City => network::NodeKind::City,
        Kind::RailHub => network::NodeKind::RailHub,
        Kind::Border => network::NodeKind::Border,
        Kind::Port => network::NodeKind::Port,
        Kind::DryPort => network::NodeKind::DryPort,
    });
    let selected: Vec<&network::Node> = network
        .nodes
        .iter()
        .filter(|n| country.as_ref().is_none_or(|c| &n.country == c))
        .filter(|n| kind.is_none_or(|k| n.kind == k))
        .collect();
    let text = match args.format {
        Format::Json => corridor::report::nodes_json(&selected),
        Format::Table => corridor::report::nodes_table(&selected),
    };
    write_stdout(&text)?;
    Ok(Outcome::Ok)
}

fn validate(args: &ValidateArgs) -> Result<Outcome> {
    let (loaded, label) = match &args.file {
        Some(path) => (network::load_file(path), path.display().to_string()),
        None => (network::load_bundled(), network::BUNDLED_NETWORK_PATH.to_string()),
    };
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
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = diagnostics.len() - errors;
            bail!("{label}: {errors} error(s), {warnings} warning(s)")
        }
    }
}
