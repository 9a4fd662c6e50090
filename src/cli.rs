//! The command line: clap definitions, turning arguments into library requests, and printing.
//! The only module that knows clap; exit codes are decided here.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use corridor::network::{self, Diagnostic, Loaded, LoadError, Network, NodeIdx, Severity};
use corridor::report::{Report, front_labels, to_csv, to_geojson, to_json, to_table};
use corridor::search::{Constraints, Criterion, Objectives, Planner, Route, gateway_signature};
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
#[allow(clippy::struct_excessive_bools, reason = "each flag is an independent command-line switch")]
struct RouteArgs {
    /// Origin: node id, name or alias (case and diacritics ignored).
    #[arg(long, value_name = "PLACE")]
    from: String,
    /// Destination: node id, name or alias.
    #[arg(long, value_name = "PLACE")]
    to: String,
    /// What to optimise. Without it (and without -k or --pareto): the Pareto trade-offs, at
    /// most 6 routes, always including the fastest, the cheapest and the fewest-transfer one.
    #[arg(long, value_enum)]
    optimize: Option<Optimize>,
    /// The N best routes for --optimize (default time).
    #[arg(short = 'k', long = "alternatives", value_name = "N")]
    k: Option<usize>,
    /// With -k: only alternatives that differ in gateway (port, border crossing, sea leg or mode sequence).
    #[arg(long)]
    diverse: bool,
    /// Every Pareto-optimal route over (hours, cost, transfers), sorted by hours.
    #[arg(long)]
    pareto: bool,
    /// Add a criterion to the Pareto front (implies --pareto).
    #[arg(long, value_enum, value_name = "CRITERION")]
    pareto_with: Option<ParetoExtra>,
    /// Pass through this place (repeatable; in order).
    #[arg(long, value_name = "PLACE")]
    via: Vec<String>,
    /// Keep out of this place or country (ISO code, e.g. RU) (repeatable).
    #[arg(long, value_name = "PLACE|COUNTRY")]
    avoid: Vec<String>,
    /// Do not use this mode (repeatable).
    #[arg(long, value_enum, value_name = "MODE")]
    avoid_mode: Vec<ModeArg>,
    /// At most this many transfers (mode changes and gauge breaks).
    #[arg(long, value_name = "N")]
    max_transfers: Option<u64>,
    /// At most this many days end to end.
    #[arg(long, value_name = "DAYS")]
    max_days: Option<f64>,
    /// Value of time for --optimize balanced, USD per container-day.
    #[arg(long, value_name = "USD", default_value_t = DEFAULT_VALUE_OF_TIME_USD_PER_DAY)]
    value_of_time: f64,
    /// Penalty per transfer for --optimize balanced, USD.
    #[arg(long, value_name = "USD", default_value_t = DEFAULT_TRANSFER_PENALTY_USD)]
    transfer_penalty: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the output to this file (atomically: all or nothing) instead of stdout.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    network: NetworkArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ParetoExtra {
    /// kg CO2e as a fourth criterion.
    Co2,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ModeArg {
    Rail,
    Road,
    Ferry,
    Sea,
}

impl ModeArg {
    fn mode(self) -> network::Mode {
        match self {
            ModeArg::Rail => network::Mode::Rail,
            ModeArg::Road => network::Mode::Road,
            ModeArg::Ferry => network::Mode::Ferry,
            ModeArg::Sea => network::Mode::Sea,
        }
    }
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

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Tables for people.
    Table,
    /// JSON for programs.
    Json,
    /// CSV, one row per leg (route output only).
    Csv,
    /// GeoJSON FeatureCollection, one LineString per route (route output only).
    Geojson,
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

/// How many routes the default report shows at most.
const DEFAULT_FRONT_CAP: usize = 6;

fn constraints(network: &Network, args: &RouteArgs) -> Result<Constraints> {
    let mut c = Constraints::default();
    for place in &args.via {
        c.via.push(resolve(network, "via", place)?);
    }
    for item in &args.avoid {
        let upper = item.to_ascii_uppercase();
        if item.len() == 2 && network.nodes.iter().any(|n| n.country == upper) {
            c.avoid_countries.push(upper);
        } else {
            c.avoid_nodes.push(resolve(network, "avoid", item)?);
        }
    }
    c.avoid_modes = args.avoid_mode.iter().map(|m| m.mode()).collect();
    c.max_transfers = args.max_transfers;
    if let Some(days) = args.max_days {
        if !days.is_finite() || days <= 0.0 {
            bail!("--max-days must be a positive number of days, got {days}");
        }
        c.max_seconds = Some(corridor::units::hours_to_seconds(days * 24.0));
    }
    Ok(c)
}

/// Picks at most `cap` routes of a front sorted by hours: the extremes first, then evenly
/// spaced ones, returned in hours order.
fn cap_front(labels: &[Vec<String>], cap: usize) -> Vec<usize> {
    let n = labels.len();
    if n <= cap {
        return (0..n).collect();
    }
    let mut chosen: Vec<usize> = (0..n)
        .filter(|&i| labels[i].iter().any(|l| l == "fastest" || l == "cheapest" || l == "fewest transfers"))
        .collect();
    let mut step = 0;
    while chosen.len() < cap && step < n {
        let i = step * (n - 1) / (cap - 1).max(1);
        if !chosen.contains(&i) {
            chosen.push(i);
        }
        step += 1;
    }
    for i in 0..n {
        if chosen.len() >= cap {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.truncate(cap.max(3));
    chosen.sort_unstable();
    chosen
}

fn route(args: &RouteArgs) -> Result<Outcome> {
    let criterion = criterion(args)?;
    if args.diverse && args.k.is_none() {
        bail!("--diverse needs -k N (how many alternatives)");
    }
    let pareto = args.pareto || args.pareto_with.is_some();
    if pareto && (args.k.is_some() || args.optimize.is_some()) {
        bail!("--pareto lists the whole front; it does not combine with --optimize or -k");
    }
    if pareto && !args.via.is_empty() {
        bail!("--pareto does not combine with --via yet; use --optimize CRITERION -k N --via PLACE");
    }
    if args.k == Some(0) {
        bail!("-k must be at least 1");
    }
    let network = load(&args.network)?;
    let from = resolve(&network, "from", &args.from)?;
    let to = resolve(&network, "to", &args.to)?;
    if from == to {
        bail!("--from and --to are the same place ({})", network.nodes[from].name);
    }
    let constraints = constraints(&network, args)?;
    let planner = Planner::new(&network);
    let mut notes = Vec::new();
    let mut omitted = 0;
    let (optimize, routes): (String, Vec<(Route, Vec<String>)>) = if pareto {
        let objectives = if args.pareto_with.is_some() { Objectives::WithCo2 } else { Objectives::TimeCostTransfers };
        let front = planner.pareto(from, to, objectives, &constraints).routes;
        let labels = front_labels(&front);
        ("pareto".into(), front.into_iter().zip(labels).collect())
    } else if args.optimize.is_some() || args.k.is_some() {
        let c = criterion.unwrap_or(Criterion::Time);
        let k = args.k.unwrap_or(1);
        let found = if args.diverse {
            planner.k_best_where(from, to, c, &constraints, k, |route, kept| {
                let signature = gateway_signature(&network, route);
                kept.iter().all(|other| gateway_signature(&network, other) != signature)
            })
        } else {
            planner.k_best(from, to, c, &constraints, k)
        };
        if found.truncated {
            notes.push(format!(
                "the search stopped after examining {} candidate routes; more routes may exist",
                found.examined
            ));
        }
        let label = if args.diverse { "diverse alternative" } else { "best by" };
        let routes = found
            .routes
            .into_iter()
            .enumerate()
            .map(|(i, r)| (r, vec![format!("{label} {} #{}", c.name(), i + 1)]))
            .collect();
        (c.name().into(), routes)
    } else if constraints.via.is_empty() {
        let front = planner.pareto(from, to, Objectives::TimeCostTransfers, &constraints).routes;
        let labels = front_labels(&front);
        let keep = cap_front(&labels, DEFAULT_FRONT_CAP);
        omitted = front.len() - keep.len();
        let mut all: Vec<Option<(Route, Vec<String>)>> = front.into_iter().zip(labels).map(Some).collect();
        ("trade-offs".into(), keep.into_iter().filter_map(|i| all[i].take()).collect())
    } else {
        let routes = planner
            .trade_offs(from, to, &constraints)
            .into_iter()
            .map(|(r, labels)| (r, labels.into_iter().map(String::from).collect()))
            .collect();
        ("trade-offs".into(), routes)
    };
    if routes.is_empty() {
        let why = explain_no_route(&planner, from, to, &constraints);
        print_no_route(&network, from, to, &why);
        return Ok(Outcome::NoRoute);
    }
    let mut report = Report::new(&network, from, to, &optimize, criterion, &routes);
    report.omitted = omitted;
    report.notes = notes;
    let text = match args.format {
        Format::Table => to_table(&report),
        Format::Json => to_json(&report),
        Format::Csv => to_csv(&report),
        Format::Geojson => to_geojson(&report),
    };
    emit(&text, args.output.as_deref())?;
    Ok(Outcome::Ok)
}

/// For each constraint, how many trade-off routes lifting it alone would give.
fn explain_no_route(planner: &Planner<'_>, from: NodeIdx, to: NodeIdx, constraints: &Constraints) -> Vec<String> {
    let network = planner.network();
    constraints
        .blockers()
        .iter()
        .map(|b| {
            let relaxed = constraints.without(b);
            let n = planner.trade_offs(from, to, &relaxed).len();
            match n {
                0 => format!("lifting {} alone gives no route", b.describe(network)),
                1 => format!("lifting {} gives 1 route", b.describe(network)),
                n => format!("lifting {} gives {n} routes", b.describe(network)),
            }
        })
        .collect()
}

fn print_no_route(network: &Network, from: NodeIdx, to: NodeIdx, why: &[String]) {
    let (a, b) = (&network.nodes[from].name, &network.nodes[to].name);
    if why.is_empty() {
        eprintln!("no route from {a} to {b} in this network");
    } else {
        eprintln!("no route from {a} to {b} under these constraints; {}", why.join("; "));
    }
}

/// Writes output to a file atomically (a temporary file in the same folder, then a rename) or
/// to stdout.
fn emit(text: &str, output: Option<&std::path::Path>) -> Result<()> {
    let Some(path) = output else { return write_stdout(text) };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().with_context(|| format!("--output {}: not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let written = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("writing {}", path.display()));
    }
    Ok(())
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
        Format::Csv | Format::Geojson => bail!("corridor nodes writes table or json"),
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
