//! Running reference routes: each entry's best route is searched on its own worker thread
//! (entries are independent), then every expectation is checked and every failure is described
//! with what was expected, what was found and by how much. A `p90` check simulates the route
//! with the default options (10,000 samples, seed 1), so its outcome is the same on every run.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Avoided, Bounds, DaysFigure, Reference};
use crate::network::Network;
use crate::search::{Planner, Route};
use crate::simulate::{Options, simulate};

/// The route a reference query found, in report units.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RouteSummary {
    /// Node ids from origin to destination.
    pub nodes: Vec<String>,
    /// Expected end-to-end days, waits, dwell, transfers, delays and closures included.
    pub days: f64,
    /// Best-case days: scheduled figures only, every connection made at once.
    pub best_days: f64,
    /// The 90th percentile of the simulated days, when the reference checks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p90_days: Option<f64>,
    /// USD per FEU.
    pub cost_usd: f64,
    /// Mode changes and gauge breaks.
    pub transfers: u64,
}

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Failure {
    /// The key of the expectation (`days`, `passes`, `route`, ...).
    pub expectation: String,
    /// What was expected, as written in the reference file's terms.
    pub expected: String,
    /// What the route has.
    pub actual: String,
    /// How far off, in the expectation's unit (`+1.4 days (+13%)`), for figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off_by: Option<String>,
}

/// The result of one reference.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outcome {
    /// The reference's name.
    pub name: String,
    /// 1-based line of the entry in its file.
    pub line: usize,
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// The criterion the route was optimised for.
    pub optimize: String,
    /// The best route, when one exists.
    pub route: Option<RouteSummary>,
    /// The expectations that did not hold; empty when the reference passes.
    pub failures: Vec<Failure>,
    /// Where the reference's figures come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Outcome {
    /// Whether every expectation held.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every reference on `network`, or on its scenario's network from `scenarios` (as given
/// by [`super::scenario_networks`]), spreading entries over up to `threads` worker threads; the
/// outcomes are in the entries' order whatever the thread count. A reference whose scenario is
/// missing from `scenarios` fails with expectation `scenario`.
///
/// # Complexity
/// One best-route search per entry (see [`Planner::best`]), so O(R · (S + E) log S) work for R
/// references, divided among the threads.
///
/// # Example
/// ```
/// # use corridor::network::load_bundled;
/// let network = load_bundled().unwrap().network;
/// let references = corridor::check::load_str(
///     "[[reference]]\nname = \"kz\"\nfrom = \"almaty\"\nto = \"aktau\"\npasses = [\"beyneu\"]\n",
///     "x.toml",
///     &network,
/// ).unwrap();
/// let outcomes = corridor::check::run(&network, &references.entries, &[], 2);
/// assert!(outcomes[0].passed());
/// ```
#[must_use]
pub fn run(
    network: &Network,
    references: &[Reference],
    scenarios: &[(String, Network)],
    threads: usize,
) -> Vec<Outcome> {
    let planner = Planner::new(network);
    let scenario_planners: Vec<(&str, Planner<'_>)> = scenarios
        .iter()
        .map(|(name, net)| (name.as_str(), Planner::new(net)))
        .collect();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; references.len()]);
    let workers = threads.clamp(1, references.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(reference) = references.get(i) else {
                        break;
                    };
                    let outcome = match &reference.scenario {
                        None => check_one(&planner, reference),
                        Some(name) => match scenario_planners.iter().find(|(n, _)| n == name) {
                            Some((_, p)) => check_one(p, reference),
                            None => missing_scenario(network, reference, name),
                        },
                    };
                    let mut slots = results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if let Some(slot) = slots.get_mut(i) {
                        *slot = Some(outcome);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

fn missing_scenario(network: &Network, reference: &Reference, name: &str) -> Outcome {
    Outcome {
        name: reference.name.clone(),
        line: reference.line,
        from: network.nodes[reference.from].id.clone(),
        to: network.nodes[reference.to].id.clone(),
        optimize: reference.criterion.name().to_owned(),
        route: None,
        failures: vec![Failure {
            expectation: "scenario".to_owned(),
            expected: name.to_owned(),
            actual: "not loaded".to_owned(),
            off_by: None,
        }],
        source: reference.source.clone(),
    }
}

/// Runs one reference and checks every expectation.
fn check_one(planner: &Planner<'_>, reference: &Reference) -> Outcome {
    let network = planner.network();
    let route = planner.best(
        reference.from,
        reference.to,
        reference.criterion,
        &reference.constraints,
    );
    let mut outcome = Outcome {
        name: reference.name.clone(),
        line: reference.line,
        from: network.nodes[reference.from].id.clone(),
        to: network.nodes[reference.to].id.clone(),
        optimize: reference.criterion.name().to_owned(),
        route: None,
        failures: Vec::new(),
        source: reference.source.clone(),
    };
    let Some(route) = route else {
        outcome.failures.push(Failure {
            expectation: "route".to_owned(),
            expected: "a route".to_owned(),
            actual: "no route".to_owned(),
            off_by: None,
        });
        return outcome;
    };
    let nodes = route_nodes(&route, network);
    let days = |hours: f64| (hours / 24.0 * 100.0).round() / 100.0;
    let p90_days = (reference.days.is_some() && reference.days_figure == DaysFigure::P90)
        .then(|| days(simulate(network, &route, &Options::default()).p90_hours));
    let summary = RouteSummary {
        nodes: nodes.iter().map(|&n| network.nodes[n].id.clone()).collect(),
        days: (route.metrics.days() * 100.0).round() / 100.0,
        best_days: days(route.metrics.best_hours()),
        p90_days,
        cost_usd: (route.metrics.cost_usd() * 100.0).round() / 100.0,
        transfers: route.metrics.transfers,
    };
    outcome.failures = failures(network, reference, &nodes, &summary);
    outcome.route = Some(summary);
    outcome
}

fn route_nodes(route: &Route, network: &Network) -> Vec<usize> {
    std::iter::once(route.origin)
        .chain(route.links().map(|l| network.links[l].to))
        .collect()
}

fn failures(
    network: &Network,
    reference: &Reference,
    nodes: &[usize],
    summary: &RouteSummary,
) -> Vec<Failure> {
    let mut out = Vec::new();
    let ids = |set: &[usize]| {
        set.iter()
            .map(|&n| network.nodes[n].id.as_str())
            .collect::<Vec<_>>()
            .join("|")
    };
    // `passes`: each group in turn, after the previous group's position.
    let mut position = 0;
    for group in &reference.passes {
        let found = nodes
            .iter()
            .enumerate()
            .skip(position)
            .find(|(_, n)| group.contains(n));
        if let Some((i, _)) = found {
            position = i + 1;
        } else {
            let anywhere = nodes.iter().any(|n| group.contains(n));
            out.push(Failure {
                expectation: "passes".to_owned(),
                expected: ids(group),
                actual: if anywhere {
                    format!("passes it out of order: {}", summary.nodes.join(" "))
                } else {
                    summary.nodes.join(" ")
                },
                off_by: None,
            });
        }
    }
    for avoided in &reference.avoids {
        let (expected, touched): (String, Vec<usize>) = match avoided {
            Avoided::Node(n) => (
                network.nodes[*n].id.clone(),
                nodes.iter().copied().filter(|m| m == n).collect(),
            ),
            Avoided::Country(c) => (
                c.clone(),
                nodes
                    .iter()
                    .copied()
                    .filter(|&m| network.nodes[m].country == *c)
                    .collect(),
            ),
        };
        if !touched.is_empty() {
            out.push(Failure {
                expectation: "avoids".to_owned(),
                expected: format!("not {expected}"),
                actual: format!("passes {}", ids(&touched).replace('|', ", ")),
                off_by: None,
            });
        }
    }
    if let Some(days) = reference.days {
        let actual = match reference.days_figure {
            DaysFigure::Best => summary.best_days,
            DaysFigure::Expected => summary.days,
            DaysFigure::P90 => summary.p90_days.unwrap_or(summary.days),
        };
        let key = reference.days_figure.expectation();
        out.extend(figure(key, days, actual, 1, "days"));
    }
    if let Some(cost) = reference.cost_usd {
        out.extend(figure("cost_usd", cost, summary.cost_usd, 0, "USD"));
    }
    if let Some(max) = reference.max_transfers
        && summary.transfers > max
    {
        out.push(Failure {
            expectation: "max_transfers".to_owned(),
            expected: format!("at most {max}"),
            actual: summary.transfers.to_string(),
            off_by: Some(format!("+{} transfers", summary.transfers - max)),
        });
    }
    out
}

/// A figure outside its range, with how far and by what share of the nearest bound.
fn figure(key: &str, bounds: Bounds, actual: f64, decimals: usize, unit: &str) -> Option<Failure> {
    let excess = bounds.excess(actual);
    if excess == 0.0 {
        return None;
    }
    let bound = if excess > 0.0 { bounds.max } else { bounds.min };
    let percent = excess / bound * 100.0;
    let share = if bound > 0.0 && percent.abs() < 10.0 {
        format!(" ({percent:+.1}%)")
    } else if bound > 0.0 {
        format!(" ({percent:+.0}%)")
    } else {
        String::new()
    };
    Some(Failure {
        expectation: key.to_owned(),
        expected: format!("{:.decimals$}–{:.decimals$}", bounds.min, bounds.max),
        actual: format!("{actual:.decimals$}"),
        off_by: Some(format!("{excess:+.decimals$} {unit}{share}")),
    })
}
