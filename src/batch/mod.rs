//! Batch comparison: many origin-destination pairs under a baseline network and many scenario
//! networks, searched in parallel, then compared pair by pair against the baseline (time, cost,
//! transfers, CO2, gateway sequence, lost routes), summarised per scenario, checked against the
//! scenario invariants, and rendered as a table, JSON or CSV.
//!
//! Where things live: `run` searches every pair in every network ([`compare`]); `diff` turns
//! two best routes into a delta, a status and a summary; `invariants` checks what scenarios
//! must never do; `pairs` reads pairs files; `places` reads lists of places (a matrix's
//! origins and destinations); `sample` picks default pairs on large networks;
//! `render` writes the three formats.

mod diff;
mod invariants;
mod pairs;
mod places;
mod render;
mod run;
mod sample;

pub use diff::{Delta, Row, Status, Summary, describe_gateway_change};
pub use invariants::{
    InvariantCheck, InvariantHead, InvariantPlan, PairFindings, check_invariants,
    check_invariants_with_progress, invariant_searches,
};
pub use pairs::{read_pairs, read_pairs_file};
pub use places::{PlaceIndex, read_places, read_places_file};
pub use render::invariants_table;
pub use run::{compare, compare_units};
pub use sample::{
    DEFAULT_PAIR_NODE_BUDGET, EndPairs, MAX_DEFAULT_PAIRS, default_pair_count, end_pairs,
};

use serde::{Deserialize, Serialize};

use crate::network::{Network, NodeIdx};
use crate::search::{Criterion, Route, gateway_signature};
use crate::units::Metrics;

/// An origin-destination pair, by node index of the base network (valid in every scenario
/// network built from it, since scenarios never remove or reorder nodes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pair {
    /// Origin.
    pub from: NodeIdx,
    /// Destination.
    pub to: NodeIdx,
}

/// A node named in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Node id.
    pub id: String,
    /// Display name.
    pub name: String,
}

impl Place {
    /// The id and name of a node.
    #[must_use]
    pub fn of(network: &Network, node: NodeIdx) -> Place {
        let n = &network.nodes[node];
        Place {
            id: n.id.clone(),
            name: n.name.clone(),
        }
    }
}

/// The best route of one pair in one network, reduced to what a comparison needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Best {
    /// Totals of the route.
    pub metrics: Metrics,
    /// Border crossings and ports passed, in order (see [`gateway_signature`]).
    pub gateways: Vec<Place>,
    /// The route's simulated P90 in whole seconds, when the late case was asked for.
    pub p90_seconds: Option<u64>,
}

impl Best {
    /// What a comparison keeps of a route.
    #[must_use]
    pub fn of(network: &Network, route: &Route) -> Best {
        let (_, gateways) = gateway_signature(network, route);
        Best {
            metrics: route.metrics,
            gateways: gateways
                .into_iter()
                .map(|g| Place::of(network, g))
                .collect(),
            p90_seconds: None,
        }
    }
}

/// Every pair's best route in the baseline and in each scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The criterion's name (`time`, `cost`, ...).
    pub criterion: &'static str,
    /// The pairs, as places.
    pub pairs: Vec<(Place, Place)>,
    /// Scenario names; index 0 is the baseline.
    pub scenarios: Vec<String>,
    /// `results[s][p]`: the best route of pair `p` in scenario `s` (0 = baseline), if any.
    pub results: Vec<Vec<Option<Best>>>,
    /// What one container carries, in words, when it is not the default 40' of 10 t
    /// (`--container`, `--cargo-tonnes`, `--dangerous-goods`): the figures are for it.
    pub cargo: Option<String>,
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// What "best" means.
    pub criterion: Criterion,
    /// Search pairs in parallel with rayon (false: one thread, for comparison).
    pub parallel: bool,
    /// Simulate each best route's late case (P90) with these options; `None`: no late case.
    pub late_case: Option<crate::simulate::Options>,
    /// What the cargo needs of every link ([`crate::network::Cargo::limits`]); links that
    /// refuse it are not used in any network.
    pub limits: Vec<crate::network::Limit>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            criterion: Criterion::Time,
            parallel: true,
            late_case: None,
            limits: Vec::new(),
        }
    }
}
