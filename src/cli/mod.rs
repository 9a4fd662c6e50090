//! The command line: clap definitions, turning arguments into library requests, and printing.
//! The only module that knows clap; exit codes are decided here: 0 ok, 1 no route, 2 bad input.

mod check;
mod compare;
mod generate;
mod map;
mod matrix;
mod merge;
mod nodes;
mod output;
mod progress;
mod route;
mod shell;
mod validate;

use anyhow::{Result, bail};
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use corridor::network::{
    self, Diagnostic, LoadError, Loaded, Network, NodeIdx, PlaceError, Severity,
};
use corridor::units::Figure;
use std::io::Write;
use std::path::PathBuf;

pub(crate) use output::{emit, emit_bytes, write_stdout};
use std::process::ExitCode;

/// Route planner for container freight on the Middle Corridor (Trans-Caspian route) and its rivals.
#[derive(Debug, Parser)]
#[command(
    name = "corridor",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 ok; 1 no route, a reference check failed or a scenario invariant was violated; \
                  2 bad input (unknown place, invalid file, bad arguments).\n\
                  Ranges of every figure, the input byte budget and what --output does with an existing \
                  file: docs/limits.md."
)]
struct Cli {
    /// Read at most this many bytes of a network, scenario or reference file (default 1GiB;
    /// a number of bytes, or with KiB, MiB, GiB).
    #[arg(
        long,
        global = true,
        value_name = "BYTES",
        env = "CORRIDOR_MAX_INPUT_BYTES",
        value_parser = parse_bytes
    )]
    max_input_bytes: Option<u64>,
    #[command(subcommand)]
    command: Command,
}

/// A number of bytes: `1073741824`, `1GiB`, `512MiB`, `64KiB` (also `G`, `M`, `K`, `GB`...,
/// all binary; `_` allowed between digits).
fn parse_bytes(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{text:?} is not a number of bytes (e.g. 1GiB or 2000000000)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        other => return Err(format!("unknown unit {other:?}: use KiB, MiB, GiB or TiB")),
    };
    let bytes = number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("{text} is more bytes than corridor can count"))?;
    if bytes == 0 {
        return Err("the budget must be at least 1 byte".to_owned());
    }
    Ok(bytes)
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Plan routes between two places.
    Route(route::RouteArgs),
    /// Compare many origin-destination pairs under scenarios, in parallel.
    Compare(compare::CompareArgs),
    /// Work with scenario files: `corridor scenario check FILE...`.
    Scenario(compare::ScenarioArgs),
    /// Run reference routes and say which hold (exit 1 if any fails).
    Check(check::CheckArgs),
    /// Days, USD, transfers, km and CO2 of the best route from every origin to every destination.
    Matrix(matrix::MatrixArgs),
    /// Merge the shard files of a `compare`, `matrix` or `check` run (written with --shard I/N).
    Merge(merge::MergeArgs),
    /// Draw the whole network on an SVG map (links by mode, ports and borders labelled).
    Map(map::MapArgs),
    /// List the network's nodes, optionally filtered.
    Nodes(nodes::NodesArgs),
    /// Check a network file and report every problem at once.
    Validate(validate::ValidateArgs),
    /// Write a reproducible synthetic multimodal network (for scaling tests and benchmarks).
    Generate(generate::GenerateArgs),
    /// Write a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Example: corridor completions bash > ~/.local/share/bash-completion/completions/corridor"
    )]
    Completions(shell::CompletionsArgs),
    /// Write the man page (roff), e.g. `corridor man --output corridor.1; man ./corridor.1`.
    Man(shell::ManArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct NetworkArg {
    /// Network file (default: the bundled Middle Corridor network).
    #[arg(long, value_name = "FILE")]
    network: Option<PathBuf>,
}

/// What one container carries: `--container`, `--cargo-tonnes`, `--dangerous-goods`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct CargoArgs {
    /// Container type: costs scale by its factor per mode (a 20' pays 0.65 of a 40' by rail),
    /// reefers pay a surcharge and use only links that take reefers (docs/cargo.md).
    #[arg(long, value_enum, value_name = "TYPE", default_value_t = ContainerArg::Forty)]
    container: ContainerArg,
    /// Tonnes of cargo in the container, without the container: CO2 is computed for it plus
    /// the container's tare; links with a lower max gross mass are not used.
    #[arg(long, value_name = "T", default_value_t = network::DEFAULT_CARGO_TONNES)]
    cargo_tonnes: f64,
    /// The cargo is dangerous goods: a handling surcharge at each transfer, and only links
    /// that take dangerous goods.
    #[arg(long)]
    dangerous_goods: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
enum ContainerArg {
    /// Twenty-foot dry container.
    #[value(name = "20")]
    Twenty,
    /// Forty-foot dry container (the unit of every network figure).
    #[value(name = "40")]
    Forty,
    /// Forty-foot high cube.
    #[value(name = "40hc")]
    FortyHighCube,
    /// Forty-five-foot high cube.
    #[value(name = "45")]
    FortyFive,
    /// Twenty-foot reefer (refrigerated).
    #[value(name = "reefer20")]
    Reefer20,
    /// Forty-foot reefer (refrigerated).
    #[value(name = "reefer40")]
    Reefer40,
}

impl CargoArgs {
    /// The cargo the arguments describe.
    ///
    /// # Errors
    /// Tonnes that are not a positive number, or more than the container may hold.
    pub(crate) fn cargo(&self) -> Result<network::Cargo> {
        let container = match self.container {
            ContainerArg::Twenty => network::Container::Twenty,
            ContainerArg::Forty => network::Container::Forty,
            ContainerArg::FortyHighCube => network::Container::FortyHighCube,
            ContainerArg::FortyFive => network::Container::FortyFive,
            ContainerArg::Reefer20 => network::Container::Reefer20,
            ContainerArg::Reefer40 => network::Container::Reefer40,
        };
        if let Err(e) = corridor::units::Figure::Tonnes.check(self.cargo_tonnes) {
            bail!("--cargo-tonnes {e}");
        }
        let cargo = network::Cargo {
            container,
            cargo_tonnes: self.cargo_tonnes,
            dangerous_goods: self.dangerous_goods,
        };
        if let Some(why) = cargo.overweight() {
            bail!("--cargo-tonnes {}: {why}", self.cargo_tonnes);
        }
        Ok(cargo)
    }
}

/// Tariff files read and applied in order on top of `network` (made for its cargo), for a
/// departure on `date` when given: the network with the rates in force, the notes on rates
/// not applied, and the files' names.
///
/// # Errors
/// Every problem of every file (printed), when one does not load or apply.
pub(crate) fn apply_tariffs(
    mut network: Network,
    files: &[PathBuf],
    date: Option<corridor::calendar::Date>,
) -> Result<(Network, Vec<String>, Vec<String>)> {
    let mut notes = Vec::new();
    let mut names = Vec::new();
    let mut diagnostics = Vec::new();
    for file in files {
        match corridor::tariff::load_file(file).and_then(|t| {
            let applied = t.apply(&network, date)?;
            Ok((t, applied))
        }) {
            Ok((t, applied)) => {
                notes.extend(applied.notes);
                names.push(t.name);
                network = applied.network;
            }
            Err(e) => diagnostics.extend(e.diagnostics),
        }
    }
    if !diagnostics.is_empty() {
        print_diagnostics(&diagnostics);
        bail!(
            "{} problem(s) in the tariff files; nothing was run",
            diagnostics.len()
        );
    }
    Ok((network, notes, names))
}

/// Why a command stopped: no route (exit 1) or bad input (exit 2).
#[derive(Debug)]
pub(crate) enum Outcome {
    Ok,
    NoRoute,
}

/// Parses the arguments, runs the command and returns the exit code.
pub(crate) fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match parse(&args) {
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

/// Parses the arguments; when `--output` names a file whose extension implies a format and
/// `--format` is not given, parses them again with that format as the default.
fn parse(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let matches = Cli::command().try_get_matches_from(args)?;
    let mut command = Cli::command();
    command.build();
    if let Some((name, sub)) = matches.subcommand()
        && let Ok(Some(via)) = sub.try_get_many::<String>("via")
        && via.len() > network::MAX_VIA_POINTS
    {
        let message = format!(
            "--via is given {} times; a route passes at most {} via points (see docs/limits.md)",
            via.len(),
            network::MAX_VIA_POINTS
        );
        if let Some(definition) = command.find_subcommand_mut(name) {
            return Err(definition.error(ErrorKind::TooManyValues, message));
        }
    }
    let implied = match matches
        .subcommand()
        .and_then(|(name, sub)| Some((command.find_subcommand_mut(name)?, sub)))
    {
        Some((definition, sub)) => output::implied_format(definition, sub)
            .map_err(|message| definition.error(ErrorKind::ArgumentConflict, message))?
            .map(|format| (definition.get_name().to_owned(), format)),
        None => None,
    };
    let Some((name, format)) = implied else {
        return Cli::from_arg_matches(&matches);
    };
    let command =
        Cli::command().mut_subcommand(&name, |s| s.mut_arg("format", |a| a.default_value(format)));
    Cli::from_arg_matches(&command.try_get_matches_from(args)?)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn dispatch(cli: Cli) -> Result<Outcome> {
    if let Some(bytes) = cli.max_input_bytes {
        network::set_max_input_bytes(bytes);
    }
    match cli.command {
        Command::Route(args) => route::route(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Scenario(args) => compare::scenario(&args),
        Command::Nodes(args) => nodes::nodes(&args),
        Command::Validate(args) => validate::validate(&args),
        Command::Check(args) => check::check(&args),
        Command::Matrix(args) => matrix::matrix(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Generate(args) => generate::generate(&args),
        Command::Map(args) => map::map(&args),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
    }
}

/// How many diagnostics of one kind are printed in full before the rest are counted.
const SHOWN_PER_KIND: usize = 10;

/// Prints diagnostics to stderr, each in full with its source line and hint, at most
/// [`SHOWN_PER_KIND`] of a kind (the same message but for names and numbers); the rest of each
/// kind are counted on one line at the end.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    print_diagnostics_limited(diagnostics, SHOWN_PER_KIND);
}

/// [`print_diagnostics`] with another limit per kind (`usize::MAX`: all).
pub(crate) fn print_diagnostics_limited(diagnostics: &[Diagnostic], per_kind: usize) {
    let mut err = std::io::stderr().lock();
    let mut kinds: Vec<(String, corridor::network::Severity, usize)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in diagnostics {
        let kind = message_kind(&d.message);
        let slot = *index.entry(kind.clone()).or_insert_with(|| {
            kinds.push((kind, d.severity, 0));
            kinds.len() - 1
        });
        kinds[slot].2 += 1;
        if kinds[slot].2 <= per_kind {
            let _ = writeln!(err, "{}", d.render());
        }
    }
    for (kind, severity, count) in kinds {
        if count > per_kind {
            let more = count - per_kind;
            let s = if more == 1 { "" } else { "s" };
            let _ = writeln!(
                err,
                "... and {} more {}{s} like: {kind}",
                group_thousands(more as u64),
                severity.as_str()
            );
        }
    }
}

/// A message with its quoted names and its numbers blanked out, so that messages about
/// different nodes or links but of one kind compare equal: `node "…" is not connected to the
/// rest of the network`.
fn message_kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            let mut escaped = false;
            for q in chars.by_ref() {
                if q == '"' && !escaped {
                    break;
                }
                escaped = q == '\\' && !escaped;
            }
            out.push_str("\"…\"");
        } else if c.is_ascii_digit() {
            while chars
                .peek()
                .is_some_and(|n| n.is_ascii_digit() || matches!(n, '.' | ',' | 'e'))
            {
                chars.next();
            }
            out.push('#');
        } else {
            out.push(c);
        }
    }
    out
}

/// `1,234,567`.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Loads a network file, or the bundled network without one, with the name to show for it.
pub(crate) fn load_labelled(path: Option<&std::path::Path>) -> (Result<Loaded, LoadError>, String) {
    match path {
        Some(path) => (network::load_file(path), path.display().to_string()),
        None => (
            network::load_bundled(),
            network::BUNDLED_NETWORK_PATH.to_string(),
        ),
    }
}

/// What a status line says while a network file is read: `loading big.toml (135 MB)`.
pub(crate) fn loading_message(verb: &str, path: Option<&std::path::Path>) -> String {
    match path {
        Some(path) => match std::fs::metadata(path) {
            Ok(m) if m.is_file() => format!(
                "{verb} {} ({})",
                path.display(),
                progress::size_text(m.len())
            ),
            _ => format!("{verb} {}", path.display()),
        },
        None => format!("{verb} the bundled network"),
    }
}

/// Loads the network a command names (or the bundled one), printing a one-line warning summary;
/// a status line on a terminal says so when it takes over a second.
pub(crate) fn load(arg: &NetworkArg) -> Result<Network> {
    let status = progress::Status::start(loading_message("loading", arg.network.as_deref()));
    let (loaded, label) = load_labelled(arg.network.as_deref());
    status.finish();
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
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            bail!("{label}: {errors} error(s); the network was not loaded")
        }
    }
}

/// The most routes `-k` may ask for: each is searched for and printed; past this, a list is
/// not something a person reads (`--pareto` lists every trade-off instead).
pub(crate) const MAX_ALTERNATIVES: u64 = 10_000;

/// The most transfers `--max-transfers` may name (a route has at most one per link).
pub(crate) const MAX_TRANSFERS_LIMIT: u64 = 1_000_000;

/// A number within the range of a [`Figure`] (for clap), or what is wrong with it.
fn figure_value(text: &str, kind: Figure) -> Result<f64, String> {
    let x: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    kind.check(x)
}

/// `--value-of-time USD` (USD per container-day, within [`Figure::ValueOfTimeUsdPerDay`]).
pub(crate) fn value_of_time_usd(text: &str) -> Result<f64, String> {
    figure_value(text, Figure::ValueOfTimeUsdPerDay)
}

/// `--transfer-penalty USD` (within [`Figure::TransferPenaltyUsd`]).
pub(crate) fn transfer_penalty_usd(text: &str) -> Result<f64, String> {
    figure_value(text, Figure::TransferPenaltyUsd)
}

/// `--max-days DAYS` (within [`Figure::MaxDays`]).
pub(crate) fn max_days(text: &str) -> Result<f64, String> {
    figure_value(text, Figure::MaxDays)
}

/// An `--avoid` value as typed: a country name (any case, diacritics ignored: `Russia`,
/// `türkiye`) becomes its ISO code, so that it is avoided as a country; anything else is kept
/// for the place lookup. A country's name wins over a place of the same name (give the place's
/// id to avoid only it).
#[allow(
    clippy::unnecessary_wraps,
    reason = "clap calls value parsers that return a Result"
)]
pub(crate) fn avoid_value(text: &str) -> Result<String, String> {
    Ok(match network::Country::find(text) {
        Some(country) if text.trim().len() != 2 => country.code.to_owned(),
        _ => text.to_owned(),
    })
}

/// The node a `--from`, `--to`, `--via` or `--avoid` place names, or an error that says what
/// is wrong and where to look.
pub(crate) fn resolve(network: &Network, what: &str, place: &str) -> Result<NodeIdx> {
    network.resolve(place).map_err(|e| {
        let hint = match &e {
            PlaceError::Unknown { suggestions, .. } if suggestions.is_empty() => {
                "\n  hint: it is not a place of this network; `corridor nodes` lists the places it has"
            }
            PlaceError::Unknown { .. } => "\n  hint: `corridor nodes` lists every place of the network",
            PlaceError::Country { .. } if what == "avoid" => {
                "\n  hint: --avoid takes a country by code or name; no node of this network is in it, so avoiding it changes nothing"
            }
            _ => "",
        };
        anyhow::anyhow!("--{what}: {e}{hint}")
    })
}
