//! `corridor route`: options between two places: the trade-offs, the k best, the Pareto front,
//! under constraints, in every output format.

use super::progress::{Progress, Status};
use super::{NetworkArg, Outcome, emit, emit_bytes, load, resolve};
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use corridor::calendar::Date;
use corridor::map::{
    MapOptions, route_html, route_map_svg, scenario_route_html, scenario_route_map_svg,
};
use corridor::network::{self, Network, NodeIdx};
use corridor::report::{
    CostGrouping, NEAR_COPY_HOURS, NEAR_COPY_USD, Query, Report, Simulation, TableOptions,
    collapse_near_copies, front_labels, to_csv, to_geojson, to_json, to_table_with, to_xlsx,
};
use corridor::search::{Blocker, Constraints, Criterion, Objectives, Planner, Route};
use corridor::simulate::{self, DEFAULT_SAMPLES, DEFAULT_SEED, MAX_SAMPLES};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Default value of time, USD per container-day. Estimate: USD 120,000 of high-value rail cargo
/// per FEU at a 15% annual inventory carrying cost is 120,000 × 0.15 / 365 ≈ USD 49 a day.
const DEFAULT_VALUE_OF_TIME_USD_PER_DAY: f64 = 50.0;
/// Default penalty per transfer, USD. Estimate: a handling risk and reliability allowance of the
/// order of one terminal lift and its paperwork.
const DEFAULT_TRANSFER_PENALTY_USD: f64 = 100.0;

#[derive(Debug, clap::Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each flag is an independent command-line switch"
)]
pub(crate) struct RouteArgs {
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
    /// The N best routes for --optimize (default time); 1 to 10,000.
    #[arg(
        short = 'k',
        long = "alternatives",
        value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=super::MAX_ALTERNATIVES)
    )]
    k: Option<usize>,
    /// With -k: the best route of each of N different corridors (sea crossings, countries
    /// passed, and the mode of long hauls), each named by its corridor.
    #[arg(long)]
    diverse: bool,
    /// How many candidate routes -k may examine (with --max-transfers or --max-days, which
    /// reject some) and --diverse may examine before it stops being exact [default: 2,000 +
    /// 200 per route for -k, 2,000 for --diverse].
    #[arg(long, value_name = "N")]
    max_examined: Option<usize>,
    /// Every Pareto-optimal route over (hours, cost, transfers), sorted by hours.
    #[arg(long)]
    pareto: bool,
    /// Add a criterion to the Pareto front (implies --pareto).
    #[arg(long, value_enum, value_name = "CRITERION")]
    pareto_with: Option<ParetoExtra>,
    /// Pass through this place (repeatable, at most 7 times; in order).
    #[arg(long, value_name = "PLACE")]
    via: Vec<String>,
    /// Keep out of this place or country, by ISO code or name: RU, Russia (repeatable).
    #[arg(long, value_name = "PLACE|COUNTRY", value_parser = super::avoid_value)]
    avoid: Vec<String>,
    /// Do not use this mode (repeatable).
    #[arg(long, value_enum, value_name = "MODE")]
    avoid_mode: Vec<ModeArg>,
    /// At most this many transfers (mode changes and gauge breaks).
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u64).range(..=super::MAX_TRANSFERS_LIMIT)
    )]
    max_transfers: Option<u64>,
    /// At most this many days end to end (up to 100,000).
    #[arg(long, value_name = "DAYS", value_parser = super::max_days)]
    max_days: Option<f64>,
    /// Value of time for --optimize balanced, USD per container-day (0 to 10,000).
    #[arg(
        long,
        value_name = "USD",
        default_value_t = DEFAULT_VALUE_OF_TIME_USD_PER_DAY,
        value_parser = super::value_of_time_usd
    )]
    value_of_time: f64,
    /// Penalty per transfer for --optimize balanced, USD (0 to 10,000).
    #[arg(
        long,
        value_name = "USD",
        default_value_t = DEFAULT_TRANSFER_PENALTY_USD,
        value_parser = super::transfer_penalty_usd
    )]
    transfer_penalty: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RouteFormat::Table)]
    format: RouteFormat,
    /// With the table format: each route's build-up after the summary, one row per leg,
    /// boarding wait, dwell and transfer, with the total they add up to.
    #[arg(long)]
    legs: bool,
    /// With the table format: each route's cost grouped by who is paid or by country, adding
    /// up to its cost (repeatable; JSON, CSV and Excel always carry both).
    #[arg(long, value_enum, value_name = "GROUPING")]
    by: Vec<ByArg>,
    /// Write the output to this file instead of stdout; its extension (.json, .csv, .geojson,
    /// .xlsx, .svg, .html) sets the format when --format is not given (more with --help).
    #[arg(long, value_name = "FILE", long_help = super::output::OUTPUT_LONG_HELP)]
    output: Option<PathBuf>,
    /// Apply this scenario to the network first: a file, or a built-in scenario by name
    /// (`corridor scenario list`); repeatable, applied in order.
    #[arg(long, value_name = "FILE|NAME")]
    scenario: Vec<PathBuf>,
    /// Apply the rates of this tariff file on top of the network and its scenarios
    /// (repeatable, in order; dated rates need --depart): docs/tariffs.md.
    #[arg(long, value_name = "FILE")]
    tariffs: Vec<PathBuf>,
    /// Departure date: routes are ranked with the figures of its month (Caspian storms,
    /// Kuryk's winter closures...), and the late case moves through the calendar from it.
    /// Without it, the year's average and a random day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    depart: Option<Date>,
    /// With --depart: each route's chance of arriving by the end of this day.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "depart")]
    deadline: Option<Date>,
    /// Samples of the late case's simulation (P50, P90), 1 to 1,000,000.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_SAMPLES,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_SAMPLES as u64)
    )]
    samples: usize,
    /// Seed of the late case's simulation: the same seed, the same P50 and P90.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
    seed: u64,
    #[command(flatten)]
    cargo: super::CargoArgs,
    #[command(flatten)]
    network: NetworkArg,
}

/// What `corridor route` writes.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum RouteFormat {
    /// For people: one line per route, fitted to the terminal (100 columns off a terminal);
    /// --legs adds each route's build-up.
    Table,
    /// For programs: every figure, the query and the units.
    Json,
    /// For spreadsheets: one row per leg, wait, dwell and transfer, adding up to the totals.
    Csv,
    /// For GIS: one LineString per route with its totals.
    Geojson,
    /// An Excel workbook: a summary sheet and one sheet per route (to a file or a pipe).
    Xlsx,
    /// An SVG map of the routes over country outlines.
    Svg,
    /// A self-contained HTML page with the map and the tables.
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ByArg {
    /// Who is paid: each leg's and node's operator ("unnamed operator" when not named).
    Operator,
    /// The country paid in; a leg across a border is a group of its own (GE–RO).
    Country,
}

impl ByArg {
    fn grouping(self) -> CostGrouping {
        match self {
            ByArg::Operator => CostGrouping::Operator,
            ByArg::Country => CostGrouping::Country,
        }
    }
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
    /// The lowest P90 (simulated) among the -k fastest by expected days (default 10): the
    /// route to promise a client.
    Reliable,
}

fn criterion(args: &RouteArgs) -> Result<Option<Criterion>> {
    Ok(match args.optimize {
        None => None,
        Some(Optimize::Time | Optimize::Reliable) => Some(Criterion::Time),
        Some(Optimize::Cost) => Some(Criterion::Cost),
        Some(Optimize::Transfers) => Some(Criterion::Transfers),
        Some(Optimize::Co2) => Some(Criterion::Co2),
        Some(Optimize::Balanced) => {
            for (name, value) in [
                ("--value-of-time", args.value_of_time),
                ("--transfer-penalty", args.transfer_penalty),
            ] {
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

/// How many of the fastest routes `--optimize reliable` re-ranks by P90 without `-k`.
const RELIABLE_AMONG: usize = 10;
/// The most routes of one report whose late case is simulated.
const LATE_CASE_ROUTES: usize = 100;

/// Routes `--diverse` examines in key order before it finds the remaining corridors by
/// exclusion (about a quarter of a second on the bundled network).
const DIVERSE_EXAMINED: usize = 2_000;

/// How many routes the default report shows at most.
const DEFAULT_FRONT_CAP: usize = 6;
/// How many labels the default report's Pareto search may create before it shows the three
/// extremes instead (about a second and a few hundred MB; the bundled network needs a few
/// hundred).
const DEFAULT_LABEL_LIMIT: usize = 1_000_000;

/// The constraints of the arguments, and what `--avoid` avoids in words (`Russia (RU)`,
/// `Aktau`), in the order given.
fn constraints(network: &Network, args: &RouteArgs) -> Result<(Constraints, Vec<String>)> {
    let mut c = Constraints::default();
    let mut avoided = Vec::new();
    for place in &args.via {
        c.via.push(resolve(network, "via", place)?);
    }
    for item in &args.avoid {
        let upper = item.to_ascii_uppercase();
        if item.len() == 2 && network.nodes.iter().any(|n| n.country == upper) {
            avoided.push(match network::Country::find(&upper) {
                Some(country) => format!("{} ({upper})", country.name),
                None => upper.clone(),
            });
            c.avoid_countries.push(upper);
        } else if let (Err(_), Some(country)) =
            (network.resolve(item), network::Country::find(item))
        {
            // A real country that no node is in: avoiding it changes nothing.
            eprintln!(
                "warning: --avoid {item}: no place of this network is in {} ({}); it changes nothing",
                country.name, country.code
            );
        } else {
            let node = resolve(network, "avoid", item)?;
            avoided.push(network.nodes[node].name.clone());
            c.avoid_nodes.push(node);
        }
    }
    if let Some(&both) = c.via.iter().find(|v| c.avoid_nodes.contains(v)) {
        bail!(
            "--via {0} and --avoid {0} contradict each other: a route cannot pass a place it avoids",
            network.nodes[both].name
        );
    }
    if let Some(&both) = c
        .via
        .iter()
        .find(|&&v| c.avoid_countries.contains(&network.nodes[v].country))
    {
        let node = &network.nodes[both];
        bail!(
            "--via {} and --avoid {} contradict each other: {} is in {}",
            node.name,
            node.country,
            node.name,
            node.country
        );
    }
    c.avoid_modes = args.avoid_mode.iter().map(|m| m.mode()).collect();
    c.max_transfers = args.max_transfers;
    if let Some(days) = args.max_days {
        if !days.is_finite() || days <= 0.0 {
            bail!("--max-days must be a positive number of days, got {days}");
        }
        c.max_seconds = Some(corridor::units::hours_to_seconds(days * 24.0));
    }
    Ok((c, avoided))
}

/// Picks at most `cap` routes of a front sorted by hours: the extremes first, then evenly
/// spaced ones, returned in hours order.
fn cap_front(labels: &[Vec<String>], cap: usize) -> Vec<usize> {
    let n = labels.len();
    if n <= cap {
        return (0..n).collect();
    }
    let mut chosen: Vec<usize> = (0..n)
        .filter(|&i| {
            labels[i]
                .iter()
                .any(|l| l == "fastest" || l == "cheapest" || l == "fewest transfers")
        })
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

pub(crate) fn route(args: &RouteArgs) -> Result<Outcome> {
    let criterion = criterion(args)?;
    if args.diverse && args.k.is_none() {
        bail!("--diverse needs -k N (how many alternatives)");
    }
    let pareto = args.pareto || args.pareto_with.is_some();
    if pareto && (args.k.is_some() || args.optimize.is_some()) {
        bail!("--pareto lists the whole front; it does not combine with --optimize or -k");
    }
    let to_stdout = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    if args.format == RouteFormat::Xlsx && to_stdout && std::io::stdout().is_terminal() {
        bail!(
            "--format xlsx writes a binary workbook, not text for a terminal\n\n\
             hint: name a file (--output routes.xlsx) or redirect stdout (> routes.xlsx)"
        );
    }
    if let (Some(depart), Some(deadline)) = (args.depart, args.deadline)
        && deadline < depart
    {
        bail!("--deadline {deadline} is before --depart {depart}");
    }
    let month = args.depart.map(Date::month);
    let base = load(&args.network)?;
    let mut status = Status::start("applying the scenarios");
    let cargo = args.cargo.cargo()?;
    let network = super::compare::apply_scenarios(base.clone(), &args.scenario)?.for_cargo(&cargo);
    let (network, tariff_notes, tariff_names) =
        super::apply_tariffs(network, &args.tariffs, args.depart)?;
    let from = resolve(&network, "from", &args.from)?;
    let to = resolve(&network, "to", &args.to)?;
    if from == to {
        bail!(
            "--from and --to are the same place ({})",
            network.nodes[from].name
        );
    }
    let (mut constraints, avoided) = constraints(&network, args)?;
    constraints.limits = cargo.limits_in(&network);
    status.say("building the state graph");
    let planner = Planner::for_month(&network, month);
    status.say("finding routes");
    if let Some(warning) = via_order_warning(&planner, from, to, &constraints) {
        status.hide();
        eprintln!("warning: {warning}");
    }
    let mut notes = Vec::new();
    let mut omitted = 0;
    let (optimize, routes): (String, Vec<(Route, Vec<String>)>) = if pareto {
        let objectives = if args.pareto_with.is_some() {
            Objectives::WithCo2
        } else {
            Objectives::TimeCostTransfers
        };
        let front = planner.pareto(from, to, objectives, &constraints).routes;
        let labels = front_labels(&front);
        ("pareto".into(), front.into_iter().zip(labels).collect())
    } else if args.optimize.is_some() || args.k.is_some() {
        let c = criterion.unwrap_or(Criterion::Time);
        let reliable = matches!(args.optimize, Some(Optimize::Reliable));
        let k = args.k.unwrap_or(if reliable { RELIABLE_AMONG } else { 1 });
        let (routes, kind) = if args.diverse {
            let found = planner.diverse(
                from,
                to,
                c,
                &constraints,
                k,
                args.max_examined.unwrap_or(DIVERSE_EXAMINED),
            );
            if !found.exact {
                notes.push(format!(
                    "the exact search for corridors stopped after examining {} routes \
                     (--max-examined); the corridors after the first {} were found by excluding \
                     what earlier ones use, a heuristic",
                    found.examined, found.exact_count
                ));
            }
            if found.routes.len() < k {
                notes.push(format!(
                    "{} different corridor{} found; routes that pass a node twice or come back \
                     to a country they left are not offered as alternatives",
                    found.routes.len(),
                    if found.routes.len() == 1 { "" } else { "s" }
                ));
            }
            (found.routes, "corridor ")
        } else {
            status.hide();
            let bar = Progress::new("finding routes", k);
            let found = planner.k_best_within(
                from,
                to,
                c,
                &constraints,
                k,
                args.max_examined
                    .unwrap_or_else(|| Planner::default_examined(k)),
                &|n| bar.set(n),
            );
            bar.finish();
            if found.truncated {
                notes.push(format!(
                    "the search stopped after examining {} candidate routes (--max-examined); \
                     more routes may exist",
                    found.examined
                ));
            }
            (found.routes, "")
        };
        if reliable {
            status.say("simulating the late case of each route");
            let ranked = by_p90(&network, routes, &simulation_options(args));
            let among = ranked.len();
            let routes = ranked
                .into_iter()
                .enumerate()
                .map(|(i, (r, rank))| {
                    (
                        r,
                        vec![format!(
                            "{} by P90 ({} fastest by expected days)",
                            ordinal(i + 1),
                            ordinal(rank + 1)
                        )],
                    )
                })
                .collect();
            notes.push(format!(
                "re-ranked by P90 among the {among} fastest routes by expected days (-k sets how \
                 many); a route outside them could have a lower P90"
            ));
            ("reliable".into(), routes)
        } else {
            let routes = routes
                .into_iter()
                .enumerate()
                .map(|(i, r)| (r, vec![format!("{} {kind}by {}", ordinal(i + 1), c.name())]))
                .collect();
            (c.name().into(), routes)
        }
    } else {
        let pareto = planner.pareto_within(
            from,
            to,
            Objectives::TimeCostTransfers,
            &constraints,
            DEFAULT_LABEL_LIMIT,
        );
        if pareto.truncated {
            notes.push(
                "the trade-off front between these places is too large to compute at once (over \
                 1,000,000 labels); shown: the fastest, the cheapest and the fewest-transfer \
                 routes; --pareto computes the whole front"
                    .to_string(),
            );
            let routes = planner
                .trade_offs(from, to, &constraints)
                .into_iter()
                .map(|(r, labels)| (r, labels.into_iter().map(String::from).collect()))
                .collect();
            ("trade-offs".into(), routes)
        } else {
            let front = pareto.routes;
            let labels = front_labels(&front);
            let (distinct, collapsed) = collapse_near_copies(&network, &front, &labels);
            if collapsed > 0 {
                notes.push(format!(
                    "{collapsed} near-cop{} collapsed: same corridor as a route shown, within \
                     {NEAR_COPY_HOURS} hours and USD {NEAR_COPY_USD} of it",
                    if collapsed == 1 { "y" } else { "ies" }
                ));
            }
            let distinct_labels: Vec<Vec<String>> =
                distinct.iter().map(|&i| labels[i].clone()).collect();
            let keep = cap_front(&distinct_labels, DEFAULT_FRONT_CAP);
            omitted = distinct.len() - keep.len();
            let mut all: Vec<Option<(Route, Vec<String>)>> =
                front.into_iter().zip(labels).map(Some).collect();
            (
                "trade-offs".into(),
                keep.into_iter()
                    .filter_map(|i| all[distinct[i]].take())
                    .collect(),
            )
        }
    };
    status.hide();
    let status = Status::start("writing the report");
    if routes.is_empty() {
        status.say("finding which constraint blocks");
        let why = explain_no_route(&planner, from, to, &constraints);
        status.finish();
        print_no_route(&network, from, to, &why);
        return Ok(Outcome::NoRoute);
    }
    let mut report = Report::for_month(&network, from, to, &optimize, criterion, &routes, month);
    status.say("simulating the late case");
    let options = simulation_options(args);
    let outcomes: Vec<Option<simulate::Outcome>> = routes
        .iter()
        .take(LATE_CASE_ROUTES)
        .map(|(r, _)| Some(simulate::simulate(&network, r, &options)))
        .collect();
    report.set_late_case(&outcomes);
    if routes.len() > LATE_CASE_ROUTES {
        notes.push(format!(
            "P50 and P90 are simulated for the first {LATE_CASE_ROUTES} routes only"
        ));
    }
    report.omitted = omitted;
    notes.extend(tariff_notes);
    report.notes = notes;
    report.by_corridor = args.diverse;
    report.query = query(args, &network, &report.query, &constraints, avoided);
    report.query.simulation = Some(Simulation {
        samples: options.samples,
        seed: options.seed,
    });
    report.query.depart = args.depart.map(|d| d.to_string());
    report.query.tariffs = tariff_names;
    report.query.deadline = args.deadline.map(|d| d.to_string());
    if optimize == "reliable" {
        report.query.reliable_among = Some(routes.len());
    }
    let output = args.output.as_deref();
    let text = match args.format {
        RouteFormat::Table => {
            let options = TableOptions {
                width: table_width(to_stdout),
                legs: args.legs,
                by: args.by.iter().map(|b| b.grouping()).collect(),
            };
            to_table_with(&report, &options)
        }
        RouteFormat::Json => to_json(&report),
        RouteFormat::Csv => to_csv(&report),
        RouteFormat::Geojson => to_geojson(&report),
        RouteFormat::Xlsx => {
            let bytes = to_xlsx(&report).context("--format xlsx")?;
            status.finish();
            emit_bytes(&bytes, output)?;
            return Ok(Outcome::Ok);
        }
        RouteFormat::Svg if !args.scenario.is_empty() => {
            scenario_route_map_svg(&base, &network, &report, &MapOptions::default())
        }
        RouteFormat::Svg => route_map_svg(&network, &report, &MapOptions::default()),
        RouteFormat::Html if !args.scenario.is_empty() => {
            scenario_route_html(&base, &network, &report)
        }
        RouteFormat::Html => route_html(&network, &report),
    };
    status.finish();
    emit(&text, output)?;
    Ok(Outcome::Ok)
}

/// The late case's simulation as the arguments ask for it.
fn simulation_options(args: &RouteArgs) -> simulate::Options {
    simulate::Options {
        samples: args.samples,
        seed: args.seed,
        depart: args.depart,
        deadline: args.deadline,
    }
}

/// Routes re-ranked by their simulated P90, then their expected hours, then their links; each
/// with its rank among the fastest.
fn by_p90(
    network: &Network,
    routes: Vec<Route>,
    options: &simulate::Options,
) -> Vec<(Route, usize)> {
    let mut ranked: Vec<(f64, usize, Route)> = routes
        .into_iter()
        .enumerate()
        .map(|(i, r)| (simulate::simulate(network, &r, options).p90_hours, i, r))
        .collect();
    ranked.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.2.metrics.seconds.cmp(&b.2.metrics.seconds))
            .then(a.1.cmp(&b.1))
    });
    ranked.into_iter().map(|(_, i, r)| (r, i)).collect()
}

/// The query as the report records it: the places and criterion `Report::new` filled in
/// (`base`), and the rest of the arguments.
fn query(
    args: &RouteArgs,
    network: &Network,
    base: &Query,
    constraints: &Constraints,
    avoided: Vec<String>,
) -> Query {
    let balanced = matches!(args.optimize, Some(Optimize::Balanced));
    Query {
        k: args.k,
        diverse: args.diverse,
        pareto_with_co2: args.pareto_with.is_some(),
        via: constraints
            .via
            .iter()
            .map(|&v| network.nodes[v].name.clone())
            .collect(),
        avoid: avoided,
        avoid_modes: args
            .avoid_mode
            .iter()
            .map(|m| m.mode().as_str().to_owned())
            .collect(),
        max_transfers: args.max_transfers,
        max_days: args.max_days,
        scenarios: args
            .scenario
            .iter()
            .map(|s| s.display().to_string())
            .collect(),
        value_of_time_usd_per_day: balanced.then_some(args.value_of_time),
        transfer_penalty_usd: balanced.then_some(args.transfer_penalty),
        ..base.clone()
    }
}

/// The width the table is fitted to: on stdout, `COLUMNS` when it is set to a number, else the
/// terminal's width when stdout is a terminal; 100 columns otherwise (pipes and files).
fn table_width(to_stdout: bool) -> usize {
    const DEFAULT: usize = 100;
    if !to_stdout {
        return DEFAULT;
    }
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return columns;
    }
    let stdout = std::io::stdout();
    if stdout.is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(&stdout)
    {
        return usize::from(w);
    }
    DEFAULT
}

/// Great-circle km along `points` in order.
fn path_km(network: &Network, points: &[NodeIdx]) -> f64 {
    points
        .windows(2)
        .map(|w| {
            let (a, b) = (&network.nodes[w[0]], &network.nodes[w[1]]);
            network::geo::geodesic_km(a.lat, a.lon, b.lat, b.lon)
        })
        .sum()
}

/// The order of `via` with the shortest great-circle path from `from` to `to` through all of
/// them (every order is tried: at most 7! = 5,040), or `None` when the given order is as short.
fn shortest_via_order(
    network: &Network,
    from: NodeIdx,
    to: NodeIdx,
    via: &[NodeIdx],
) -> Option<Vec<NodeIdx>> {
    let through = |order: &[NodeIdx]| {
        let mut points = Vec::with_capacity(order.len() + 2);
        points.push(from);
        points.extend_from_slice(order);
        points.push(to);
        path_km(network, &points)
    };
    let given = through(via);
    let mut best: Option<(f64, Vec<NodeIdx>)> = None;
    let mut order: Vec<usize> = (0..via.len()).collect();
    loop {
        let candidate: Vec<NodeIdx> = order.iter().map(|&i| via[i]).collect();
        let km = through(&candidate);
        if best.as_ref().is_none_or(|(b, _)| km < *b) {
            best = Some((km, candidate));
        }
        if !next_permutation(&mut order) {
            break;
        }
    }
    best.filter(|(km, order)| *km < given && order != via)
        .map(|(_, order)| order)
}

/// Steps `order` to the next permutation in lexicographic order; `false` after the last.
fn next_permutation(order: &mut [usize]) -> bool {
    let Some(i) = order.windows(2).rposition(|w| w[0] < w[1]) else {
        return false;
    };
    let Some(j) = order.iter().rposition(|&x| x > order[i]) else {
        return false;
    };
    order.swap(i, j);
    order[i + 1..].reverse();
    true
}

/// How much faster the other order must be for a warning: a day, and a tenth of the time.
const VIA_ORDER_MIN_SECONDS: u64 = 86_400;

/// A warning when the order of two or more `--via` points forces a detour: when another
/// order has a shorter great-circle path from origin to destination, the fastest route is
/// found in both orders, and if the other order's is at least a day and 10% faster, the
/// warning names it, with both times and the flags that ask for it.
fn via_order_warning(
    planner: &Planner<'_>,
    from: NodeIdx,
    to: NodeIdx,
    constraints: &Constraints,
) -> Option<String> {
    if constraints.via.len() < 2 {
        return None;
    }
    let network = planner.network();
    let order = shortest_via_order(network, from, to, &constraints.via)?;
    let given = planner.best(from, to, Criterion::Time, constraints);
    let other = Constraints {
        via: order.clone(),
        ..constraints.clone()
    };
    let better = planner.best(from, to, Criterion::Time, &other)?;
    let names = |via: &[NodeIdx]| {
        via.iter()
            .map(|&v| network.nodes[v].name.as_str())
            .collect::<Vec<_>>()
    };
    let flags = names(&order)
        .iter()
        .map(|n| format!("--via {}", shell_word(n)))
        .collect::<Vec<_>>()
        .join(" ");
    let in_order = names(&constraints.via).join(", then ");
    let other_order = names(&order).join(", then ");
    let days = |seconds: u64| corridor::report::Quantity::Days.text(seconds);
    match given {
        None => Some(format!(
            "no route passes {in_order} in that order; {other_order} gives {} days ({flags})",
            days(better.metrics.seconds)
        )),
        Some(given) => {
            let (slow, fast) = (given.metrics.seconds, better.metrics.seconds);
            let saved = slow.saturating_sub(fast);
            (saved >= VIA_ORDER_MIN_SECONDS && saved * 10 >= slow).then(|| {
                format!(
                    "passing {in_order} in that order doubles back: the fastest route takes {} \
                     days; {other_order} takes {} days ({flags})",
                    days(slow),
                    days(fast)
                )
            })
        }
    }
}

/// A place name as a shell word: quoted when it has anything but letters, digits, `-`, `_`, `.`.
fn shell_word(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

/// "1st", "2nd", "3rd", "4th", ... "11th", "12th", "13th", "21st".
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// For each constraint, how many trade-off routes lifting it alone would give.
fn explain_no_route(
    planner: &Planner<'_>,
    from: NodeIdx,
    to: NodeIdx,
    constraints: &Constraints,
) -> Vec<String> {
    let network = planner.network();
    // A repeated --via is one constraint to lift.
    let mut blockers: Vec<Blocker> = Vec::new();
    for b in constraints.blockers() {
        if !blockers.contains(&b) {
            blockers.push(b);
        }
    }
    blockers
        .iter()
        .map(|b| {
            let relaxed = constraints.without(b);
            let routes = planner.trade_offs(from, to, &relaxed);
            let lifting = match routes.len() {
                0 => format!("lifting {} alone gives no route", b.describe(network)),
                1 => format!("lifting {} gives 1 route", b.describe(network)),
                n => format!("lifting {} gives {n} routes", b.describe(network)),
            };
            match b {
                Blocker::Limit(limit) if !routes.is_empty() => {
                    format!("{lifting}; {}", refusing_links(network, &routes, *limit))
                }
                _ => lifting,
            }
        })
        .collect()
}

/// The links (or nodes) of `routes` that refuse a need of the cargo, named: `those routes use
/// links that take no reefers: kuryk-alat (Kuryk → Alat, ferry), the node Poti`.
fn refusing_links(
    network: &Network,
    routes: &[(Route, Vec<&str>)],
    limit: network::Limit,
) -> String {
    let mut named: Vec<String> = Vec::new();
    for (route, _) in routes {
        for l in route.links() {
            let link = &network.links[l];
            if !network.refuses(limit, link) {
                continue;
            }
            let (a, b) = (&network.nodes[link.from].name, &network.nodes[link.to].name);
            let text = if limit.refused_by(link) {
                match &link.id {
                    Some(id) => format!("{id} ({a} → {b}, {})", link.mode),
                    None => format!("{a} → {b} ({})", link.mode),
                }
            } else {
                // One of its nodes refuses the box: name the node.
                let refusing = [link.from, link.to]
                    .into_iter()
                    .find(|&n| {
                        let limits = &network.nodes[n].limits;
                        match limit {
                            network::Limit::Reefer => limits.no_reefer,
                            network::Limit::DangerousGoods => limits.no_dangerous_goods,
                            network::Limit::GrossKg(_) => false,
                        }
                    })
                    .unwrap_or(link.from);
                format!("the node {}", network.nodes[refusing].name)
            };
            if !named.contains(&text) {
                named.push(text);
            }
        }
    }
    let s = if routes.len() == 1 { "" } else { "s" };
    format!(
        "th{} route{s} use{} links that {}: {}",
        if routes.len() == 1 { "at" } else { "ose" },
        if routes.len() == 1 { "s" } else { "" },
        limit.refusal(),
        named.join(", ")
    )
}

fn print_no_route(network: &Network, from: NodeIdx, to: NodeIdx, why: &[String]) {
    let (a, b) = (&network.nodes[from].name, &network.nodes[to].name);
    if why.is_empty() {
        eprintln!("no route from {a} to {b} in this network");
    } else {
        eprintln!(
            "no route from {a} to {b} under these constraints; {}",
            why.join("; ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_come_in_order_and_end() {
        let mut order = vec![0, 1, 2];
        let mut seen = vec![order.clone()];
        while next_permutation(&mut order) {
            seen.push(order.clone());
        }
        assert_eq!(seen.len(), 6);
        assert_eq!(seen[1], [0, 2, 1]);
        assert_eq!(seen[5], [2, 1, 0]);
    }

    #[test]
    fn the_shortest_via_order_is_found_only_when_it_differs() {
        let network = corridor::network::load_bundled().expect("bundled").network;
        let node = |id: &str| network.node_by_id(id).expect("a node");
        let (almaty, bucharest) = (node("almaty"), node("bucharest"));
        let (tbilisi, kuryk) = (node("tbilisi"), node("kuryk"));
        assert_eq!(
            shortest_via_order(&network, almaty, bucharest, &[tbilisi, kuryk]),
            Some(vec![kuryk, tbilisi])
        );
        assert_eq!(
            shortest_via_order(&network, almaty, bucharest, &[kuryk, tbilisi]),
            None
        );
    }

    #[test]
    fn place_names_are_quoted_for_a_shell_when_needed() {
        assert_eq!(shell_word("Kuryk"), "Kuryk");
        assert_eq!(shell_word("Red Bridge"), "'Red Bridge'");
        assert_eq!(shell_word("Xi'an"), "'Xi'\\''an'");
    }
}
