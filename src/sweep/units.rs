//! The work units of each command and their lines in a shard file: a matrix's origins (one
//! row each); a comparison's searches (pair `k % pairs` in network `k / pairs`, the baseline
//! first) followed, unless turned off, by one invariant unit per pair; the references of a
//! check. Every figure is written exactly (integer seconds, cents, grams and metres; decimals
//! as the text of the shortest number that reads back the same), so that a merge renders
//! exactly what the whole run renders.

use std::io;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::matrix::{MatrixTable, matrix_rows};
use super::{Shard, ShardWriter};
use crate::batch::{self, Best, InvariantHead, InvariantPlan, Options, PairFindings, Place};
use crate::check::{self, Failure, Reference, RouteSummary};
use crate::network::{Network, NodeIdx};
use crate::scenario::Scenario;
use crate::search::{Criterion, Planner};
use crate::units::Metrics;

/// What identifies the inputs of a run: the network and the scenarios applied or compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// The network's name.
    pub network: String,
    /// [`super::Checksum`] of the network file's bytes (of the bundled network's text without
    /// one).
    pub network_checksum: String,
    /// The scenarios, in order.
    pub scenarios: Vec<ScenarioInput>,
}

/// A scenario of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioInput {
    /// The scenario's name (for `check`, its file as the references name it).
    pub name: String,
    /// [`super::Checksum`] of what was loaded.
    pub checksum: String,
}

/// A route's totals as exact integers: expected seconds, cents, transfers, grams of CO2e,
/// metres, best-case seconds.
type Figures = [u64; 6];

fn figures(m: &Metrics) -> Figures {
    [
        m.seconds,
        m.cents,
        m.transfers,
        m.co2_grams,
        m.meters,
        m.best_seconds,
    ]
}

pub(crate) fn metrics(f: Figures) -> Metrics {
    Metrics {
        seconds: f[0],
        cents: f[1],
        transfers: f[2],
        co2_grams: f[3],
        meters: f[4],
        best_seconds: f[5],
    }
}

/// The setup of a matrix run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MatrixSetup {
    pub(crate) inputs: Inputs,
    pub(crate) optimize: String,
    pub(crate) origins: Vec<Place>,
    pub(crate) destinations: Vec<Place>,
}

impl MatrixSetup {
    pub(crate) fn table(&self) -> MatrixTable {
        MatrixTable {
            network: self.inputs.network.clone(),
            scenarios: self
                .inputs
                .scenarios
                .iter()
                .map(|s| s.name.clone())
                .collect(),
            optimize: self.optimize.clone(),
            cargo: None,
            origins: self.origins.clone(),
            destinations: self.destinations.clone(),
        }
    }
}

/// One matrix row: the origin's id and a cell per destination.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct MatrixUnit {
    pub(crate) origin: String,
    pub(crate) cells: Vec<Option<Figures>>,
}

/// A matrix run to write as a shard.
#[derive(Debug, Clone, Copy)]
pub struct MatrixShard<'a> {
    /// The planner of the network (scenarios applied).
    pub planner: &'a Planner<'a>,
    /// What identifies the inputs.
    pub inputs: &'a Inputs,
    /// What "best" means.
    pub criterion: Criterion,
    /// The origins (rows, the work units).
    pub origins: &'a [NodeIdx],
    /// The destinations (columns).
    pub destinations: &'a [NodeIdx],
}

/// Writes shard `shard` of a matrix: its origins' rows, computed in parallel and written in
/// order as they are done (see [`matrix_rows`]).
///
/// # Errors
/// When writing fails.
pub fn matrix_shard(
    run: &MatrixShard<'_>,
    shard: Shard,
    out: &mut (dyn io::Write + Send),
) -> io::Result<()> {
    let network = run.planner.network();
    let places = |nodes: &[NodeIdx]| nodes.iter().map(|&n| Place::of(network, n)).collect();
    let setup = MatrixSetup {
        inputs: run.inputs.clone(),
        optimize: run.criterion.name().to_owned(),
        origins: places(run.origins),
        destinations: places(run.destinations),
    };
    let mut writer = ShardWriter::start(out, "matrix", &setup, shard, run.origins.len())?;
    let lines = writer.lines();
    matrix_rows(
        run.planner,
        run.origins,
        run.destinations,
        run.criterion,
        writer.units(),
        |row, cells| {
            let unit = MatrixUnit {
                origin: setup.origins[row].id.clone(),
                cells: cells.iter().map(|c| c.as_ref().map(figures)).collect(),
            };
            lines.line(row, &unit)
        },
        |_, text| writer.write_unit_text(&text),
    )?;
    writer.finish()
}

/// The setup of a comparison run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CompareSetup {
    pub(crate) inputs: Inputs,
    pub(crate) optimize: String,
    pub(crate) pairs: Vec<(Place, Place)>,
    /// The invariant checks, `None` when they are turned off.
    pub(crate) invariants: Option<Vec<InvariantHead>>,
}

/// One unit of a comparison.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CompareUnit {
    /// The best route of one pair in one network (0 the baseline).
    Best {
        network: usize,
        pair: usize,
        route: Option<BestRoute>,
    },
    /// The invariant findings of one pair.
    Invariants { pair: usize, checks: PairFindings },
}

/// What a comparison keeps of a best route.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct BestRoute {
    pub(crate) figures: Figures,
    pub(crate) gateways: Vec<Place>,
    /// The simulated P90 in seconds, with the late case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) p90_seconds: Option<u64>,
}

impl BestRoute {
    pub(crate) fn best(self) -> Best {
        Best {
            metrics: metrics(self.figures),
            gateways: self.gateways,
            p90_seconds: self.p90_seconds,
        }
    }
}

/// A comparison run to write as a shard.
#[derive(Debug, Clone, Copy)]
pub struct CompareShard<'a> {
    /// The baseline network.
    pub base: &'a Network,
    /// The scenarios: name and network, in order.
    pub scenarios: &'a [(&'a str, &'a Network)],
    /// The same scenarios as loaded (for the invariant checks).
    pub scenario_files: &'a [Scenario],
    /// The pairs.
    pub pairs: &'a [batch::Pair],
    /// The criterion and parallelism.
    pub options: &'a Options,
    /// Whether the invariant checks run.
    pub invariants: bool,
    /// What identifies the inputs.
    pub inputs: &'a Inputs,
}

/// Writes shard `shard` of a comparison: its searches (see [`batch::compare_units`]) and its
/// pairs' invariant findings (see [`InvariantPlan`]). `progress` is told the units done.
///
/// # Errors
/// When writing fails.
pub fn compare_shard(
    run: &CompareShard<'_>,
    shard: Shard,
    out: &mut (dyn io::Write + Send),
    progress: &(dyn Fn(usize) + Sync),
) -> io::Result<()> {
    let pairs = run.pairs.len();
    let searches = (run.scenarios.len() + 1) * pairs;
    let plan = run
        .invariants
        .then(|| InvariantPlan::new(run.base, run.scenario_files));
    let setup = CompareSetup {
        inputs: run.inputs.clone(),
        optimize: run.options.criterion.name().to_owned(),
        pairs: run
            .pairs
            .iter()
            .map(|p| (Place::of(run.base, p.from), Place::of(run.base, p.to)))
            .collect(),
        invariants: plan.as_ref().map(|p| p.heads().to_vec()),
    };
    let total = searches + if run.invariants { pairs } else { 0 };
    let mut writer = ShardWriter::start(out, "compare", &setup, shard, total)?;
    let units = writer.units();
    let search_units = units.start.min(searches)..units.end.min(searches);
    let bests = batch::compare_units(
        run.base,
        run.scenarios,
        run.pairs,
        run.options,
        search_units.clone(),
        progress,
    );
    for (k, best) in search_units.zip(bests) {
        writer.unit(&CompareUnit::Best {
            network: k / pairs,
            pair: k % pairs,
            route: best.map(|b| BestRoute {
                figures: figures(&b.metrics),
                gateways: b.gateways,
                p90_seconds: b.p90_seconds,
            }),
        })?;
    }
    if let Some(plan) = plan {
        let first = units.start.max(searches) - searches;
        let end = units.end.max(searches) - searches;
        let found = plan.run(&run.pairs[first..end], usize::MAX, &|_| {});
        for (pair, checks) in (first..end).zip(found) {
            writer.unit(&CompareUnit::Invariants { pair, checks })?;
        }
    }
    writer.finish()
}

/// The setup of a reference check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CheckSetup {
    pub(crate) inputs: Inputs,
    /// The reference file as the user named it.
    pub(crate) references: String,
    /// [`super::Checksum`] of the validated references.
    pub(crate) references_checksum: String,
}

/// A decimal written as the shortest text that reads back as the same number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Exact(pub(crate) f64);

impl Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Exact, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map(Exact)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a number")))
    }
}

/// One reference's outcome, its decimals exact.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CheckUnit {
    name: String,
    line: usize,
    from: String,
    to: String,
    optimize: String,
    route: Option<CheckRoute>,
    failures: Vec<(String, String, String, Option<String>)>,
    source: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CheckRoute {
    nodes: Vec<String>,
    days: Exact,
    best_days: Exact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p90_days: Option<Exact>,
    cost_usd: Exact,
    transfers: u64,
}

impl CheckUnit {
    fn of(o: check::Outcome) -> CheckUnit {
        CheckUnit {
            name: o.name,
            line: o.line,
            from: o.from,
            to: o.to,
            optimize: o.optimize,
            route: o.route.map(|r| CheckRoute {
                nodes: r.nodes,
                days: Exact(r.days),
                best_days: Exact(r.best_days),
                p90_days: r.p90_days.map(Exact),
                cost_usd: Exact(r.cost_usd),
                transfers: r.transfers,
            }),
            failures: o
                .failures
                .into_iter()
                .map(|f| (f.expectation, f.expected, f.actual, f.off_by))
                .collect(),
            source: o.source,
        }
    }

    pub(crate) fn outcome(self) -> check::Outcome {
        check::Outcome {
            name: self.name,
            line: self.line,
            from: self.from,
            to: self.to,
            optimize: self.optimize,
            route: self.route.map(|r| RouteSummary {
                nodes: r.nodes,
                days: r.days.0,
                best_days: r.best_days.0,
                p90_days: r.p90_days.map(|d| d.0),
                cost_usd: r.cost_usd.0,
                transfers: r.transfers,
            }),
            failures: self
                .failures
                .into_iter()
                .map(|(expectation, expected, actual, off_by)| Failure {
                    expectation,
                    expected,
                    actual,
                    off_by,
                })
                .collect(),
            source: self.source,
        }
    }
}

/// A reference check to write as a shard.
#[derive(Debug, Clone, Copy)]
pub struct CheckShard<'a> {
    /// The network.
    pub network: &'a Network,
    /// The reference file as the user named it.
    pub references_path: &'a str,
    /// Its entries (the work units).
    pub references: &'a [Reference],
    /// The scenario networks the references name (see [`check::scenario_networks`]).
    pub scenarios: &'a [(String, Network)],
    /// What identifies the inputs.
    pub inputs: &'a Inputs,
    /// Worker threads.
    pub threads: usize,
}

/// Writes shard `shard` of a reference check (see [`check::run`]) and returns whether every
/// reference of the shard passed.
///
/// # Errors
/// When writing fails.
pub fn check_shard(
    run: &CheckShard<'_>,
    shard: Shard,
    out: &mut (dyn io::Write + Send),
) -> io::Result<bool> {
    let setup = CheckSetup {
        inputs: run.inputs.clone(),
        references: run.references_path.to_owned(),
        references_checksum: super::Checksum::of_debug(&run.references).hex(),
    };
    let mut writer = ShardWriter::start(out, "check", &setup, shard, run.references.len())?;
    let units: Range<usize> = writer.units();
    let outcomes = check::run(
        run.network,
        &run.references[units],
        run.scenarios,
        run.threads,
    );
    let passed = outcomes.iter().all(check::Outcome::passed);
    for o in outcomes {
        writer.unit(&CheckUnit::of(o))?;
    }
    writer.finish()?;
    Ok(passed)
}
