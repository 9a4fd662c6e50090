//! Route search on the state graph: what a route is, the criteria it is optimised for, the
//! constraints it must respect, and the [`Planner`] that answers queries.
//!
//! A route is a sequence of links from an origin to a destination that never arrives twice at
//! the same node in the same mode (for rail: the same mode and gauge) and reaches the
//! destination only at its end; on the state graph that is exactly a simple path from the
//! origin's start state to one of the destination's arrival states.

mod constraints;
mod dijkstra;
mod diverse;
mod kbest;
mod landmarks;
mod matrix;
mod pareto;
mod radix;
mod weights;

pub use constraints::{Blocker, Constraints};
pub use diverse::{
    Corridor, Diverse, EXCLUSION_SEARCHES, LONG_HAUL_KM, Stage, corridor, corridor_name,
    gateway_signature,
};
pub use kbest::KBest;
pub use matrix::RouteTree;
pub use pareto::{Objectives, Pareto};

use crate::graph::{StateGraph, StateIdx};
use crate::network::{LinkIdx, Network, NodeIdx};
use crate::units::Metrics;
use landmarks::Landmarks;
use std::sync::OnceLock;
use weights::PackedTable;

/// A lexicographic weight: the primary criterion, then two tie-breakers.
pub type Key = [u64; 3];

/// Seconds in a day, for turning a value of time per day into one per second.
const SECONDS_PER_DAY: u64 = 86_400;

/// What "best" means for a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    /// Fewest hours, then lowest cost, then fewest transfers.
    Time,
    /// Lowest cost, then fewest hours, then fewest transfers.
    Cost,
    /// Fewest transfers, then fewest hours, then lowest cost.
    Transfers,
    /// Least CO2e, then fewest hours, then lowest cost.
    Co2,
    /// Lowest generalised cost: cost + value of time × hours + a penalty per transfer; then
    /// fewest hours, then lowest cost.
    Balanced {
        /// Value of time in US cents per container-day.
        value_of_time_cents_per_day: u64,
        /// Penalty per transfer in US cents.
        transfer_penalty_cents: u64,
    },
}

impl Criterion {
    /// The criterion's name as used on the command line and in output.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Criterion::Time => "time",
            Criterion::Cost => "cost",
            Criterion::Transfers => "transfers",
            Criterion::Co2 => "co2",
            Criterion::Balanced { .. } => "balanced",
        }
    }

    /// The weight of a step or route. Linear in the metrics, so the weight of a route is the sum
    /// of the weights of its steps, exactly.
    #[must_use]
    pub fn key(&self, m: &Metrics) -> Key {
        match *self {
            Criterion::Time => [m.seconds, m.cents, m.transfers],
            Criterion::Cost => [m.cents, m.seconds, m.transfers],
            Criterion::Transfers => [m.transfers, m.seconds, m.cents],
            Criterion::Co2 => [m.co2_grams, m.seconds, m.cents],
            Criterion::Balanced {
                value_of_time_cents_per_day,
                transfer_penalty_cents,
            } => [
                // Scaled by the seconds in a day so that it stays an exact integer sum.
                m.cents
                    .saturating_mul(SECONDS_PER_DAY)
                    .saturating_add(m.seconds.saturating_mul(value_of_time_cents_per_day))
                    .saturating_add(
                        m.transfers
                            .saturating_mul(transfer_penalty_cents)
                            .saturating_mul(SECONDS_PER_DAY),
                    ),
                m.seconds,
                m.cents,
            ],
        }
    }

    /// The balanced criterion's generalised cost in US dollars, for reporting.
    #[must_use]
    pub fn generalised_cost_usd(&self, m: &Metrics) -> Option<f64> {
        match self {
            Criterion::Balanced { .. } => {
                Some(self.key(m)[0] as f64 / SECONDS_PER_DAY as f64 / 100.0)
            }
            _ => None,
        }
    }
}

/// Sums the keys of two weights, saturating.
fn add_keys(a: Key, b: Key) -> Key {
    [
        a[0].saturating_add(b[0]),
        a[1].saturating_add(b[1]),
        a[2].saturating_add(b[2]),
    ]
}

/// One step of a route: a link taken from a state, with what it cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The state the step leaves from.
    pub from: StateIdx,
    /// The link taken.
    pub link: LinkIdx,
    /// The state reached.
    pub to: StateIdx,
    /// Time, cost, transfers, CO2 and distance of the step, including the dwell and transfer at
    /// the node it leaves from.
    pub metrics: Metrics,
}

/// A route from an origin to a destination with its totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The origin node.
    pub origin: NodeIdx,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// The sum of the steps' metrics.
    pub metrics: Metrics,
}

impl Route {
    /// The links of the route, in order.
    pub fn links(&self) -> impl Iterator<Item = LinkIdx> + '_ {
        self.steps.iter().map(|s| s.link)
    }
}

/// The least keys from one origin to every node, as [`Planner::one_to_all`] found them: the
/// key of every arrival state, with a node's key (the least over its arrival states) read on
/// demand.
#[derive(Debug)]
pub struct Reach<'p> {
    graph: &'p StateGraph,
    from: NodeIdx,
    arrivals: dijkstra::Arrivals,
}

impl Reach<'_> {
    /// The key of the best route to `node`, `None` where no route exists and for the origin.
    /// O(arrival states of the node).
    #[must_use]
    pub fn key(&self, node: NodeIdx) -> Option<Key> {
        if node == self.from || node >= self.graph.node_count() {
            return None;
        }
        let range = self.graph.arrival_states(node);
        let first = self.graph.node_count();
        self.arrivals.least(range.start - first..range.end - first)
    }

    /// Number of nodes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// Whether the network has no node.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every node's key, in node order. O(states).
    #[must_use = "the iterator is lazy"]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<Key>> + '_ {
        (0..self.len()).map(|node| self.key(node))
    }
}

/// Answers route queries on one network. Shareable across threads (`Sync`).
#[derive(Debug, Clone)]
pub struct Planner<'n> {
    network: &'n Network,
    graph: StateGraph,
    /// Per criterion (time, cost, transfers, CO2): the step weights packed into single
    /// integers, built on the criterion's first query; `None` inside when they do not fit.
    packed: [OnceLock<Option<PackedTable>>; 4],
    /// Per criterion (time, cost, CO2): landmark bounds for A*, on networks of at least
    /// `LANDMARK_STATES` states, built on the criterion's first one-to-one query.
    landmarks: [OnceLock<Option<Landmarks>>; 4],
}

/// The fewest states for which landmarks are built: below, A* with the great-circle bound is
/// already fast and the preprocessing would cost more than it saves.
const LANDMARK_STATES: usize = 100_000;

/// How many landmarks: each adds 4 bytes per state and one one-to-all search to build.
const LANDMARK_COUNT: usize = 8;

/// Where a planner caches what it derives for a criterion; `None` for the balanced criterion,
/// whose parameters vary from query to query.
fn cached_slot(criterion: Criterion) -> Option<usize> {
    match criterion {
        Criterion::Time => Some(0),
        Criterion::Cost => Some(1),
        Criterion::Transfers => Some(2),
        Criterion::Co2 => Some(3),
        Criterion::Balanced { .. } => None,
    }
}

/// Via layers the packed tables leave room for: a query with more `via` nodes than this uses
/// the wide keys.
const PACKED_LAYERS: u128 = 8;

impl<'n> Planner<'n> {
    /// Builds the state graph for a network, with the year's average figures (a departure on
    /// a random day). O(links · log links).
    #[must_use]
    pub fn new(network: &'n Network) -> Planner<'n> {
        Planner::for_month(network, None)
    }

    /// Builds the state graph with the figures of a departure `month` (delays, boxes left
    /// behind and closures of that month), or the year's average when `None`. O(links · log
    /// links).
    #[must_use]
    pub fn for_month(network: &'n Network, month: Option<crate::network::Month>) -> Planner<'n> {
        Planner {
            network,
            graph: StateGraph::for_month(network, month),
            packed: Default::default(),
            landmarks: Default::default(),
        }
    }

    /// The landmark bounds of `criterion`, on networks large enough to use them: none for the
    /// transfers and balanced criteria. Built once per criterion, on first use, with one
    /// one-to-all search per landmark (on scoped threads, one per core).
    fn landmarks(&self, criterion: Criterion) -> Option<&Landmarks> {
        let slot = cached_slot(criterion).filter(|_| criterion != Criterion::Transfers)?;
        if self.graph.state_count() < LANDMARK_STATES {
            return None;
        }
        self.landmarks[slot]
            .get_or_init(|| {
                let table = self.packed(criterion, 0, 0)?;
                Some(Landmarks::new(&self.graph, table, LANDMARK_COUNT))
            })
            .as_ref()
    }

    /// The packed step weights of `criterion`, if they hold paths of up to `steps` steps with
    /// A* bounds up to `bound`. Built once per criterion, on first use: O(state edges).
    fn packed(&self, criterion: Criterion, steps: usize, bound: u64) -> Option<&PackedTable> {
        let slot = cached_slot(criterion)?;
        self.packed[slot]
            .get_or_init(|| {
                let rate = dijkstra::rate_per_km(self, criterion);
                let max_steps = self.graph.state_count() as u128 * PACKED_LAYERS;
                PackedTable::new(
                    &self.graph,
                    criterion,
                    max_steps,
                    dijkstra::rate_bound(rate),
                )
            })
            .as_ref()
            .filter(|table| table.holds(steps, bound))
    }

    /// The network.
    #[must_use]
    pub fn network(&self) -> &'n Network {
        self.network
    }

    /// The state graph.
    #[must_use]
    pub fn graph(&self) -> &StateGraph {
        &self.graph
    }

    /// The metrics of leaving `from` along `link`.
    #[must_use]
    pub fn step_metrics(&self, from: StateIdx, link: LinkIdx) -> Metrics {
        self.graph.step(from, link)
    }

    /// Builds a route from its origin and links. Returns `None` if the links do not form a
    /// walk (a link does not start where the previous one ended).
    #[must_use]
    pub fn route_from_links(&self, origin: NodeIdx, links: &[LinkIdx]) -> Option<Route> {
        let mut state = self.graph.start_state(origin);
        let mut steps = Vec::with_capacity(links.len());
        let mut metrics = Metrics::default();
        for &link in links {
            let edge = self.graph.edges(state).find(|e| e.link == link)?;
            let m = self.step_metrics(state, link);
            metrics += m;
            steps.push(Step {
                from: state,
                link,
                to: edge.to,
                metrics: m,
            });
            state = edge.to;
        }
        Some(Route {
            origin,
            steps,
            metrics,
        })
    }

    /// The best route for `criterion` under `constraints`, or `None` when none exists.
    ///
    /// Without `max_transfers` or `max_days` this is one A* search on the layered space
    /// ([`Planner::k_best`] with k = 1 otherwise), bounded by the chord distance to the
    /// destination and, on networks of 100,000 states or more, by landmarks (eight one-to-all
    /// searches, run once per criterion on its first query). The least-key walk is a route:
    /// a walk that repeats an arrival or a departure within a segment is beaten by cutting out
    /// the stretch between the two.
    ///
    /// # Complexity
    /// O((S + E) log S) for S states and E state edges when unconstrained.
    ///
    /// # Example
    /// ```
    /// # use corridor::network::load_str;
    /// # use corridor::search::{Criterion, Constraints, Planner};
    /// // a --rail 10 h, $100--> b --rail 10 h, $100--> c
    /// //  \-------------road 30 h, $150--------------/
    /// let net = load_str(r#"
    /// [network]
    /// name = "toy"
    /// [[node]]
    /// id = "a"
    /// name = "A"
    /// country = "KZ"
    /// kind = "city"
    /// lat = 43.0
    /// lon = 76.0
    /// [[node]]
    /// id = "b"
    /// name = "B"
    /// country = "KZ"
    /// kind = "city"
    /// lat = 43.0
    /// lon = 77.0
    /// [[node]]
    /// id = "c"
    /// name = "C"
    /// country = "KZ"
    /// kind = "city"
    /// lat = 43.0
    /// lon = 78.0
    /// [[link]]
    /// from = "a"
    /// to = "b"
    /// mode = "rail"
    /// hours = 10.0
    /// cost_usd = 100.0
    /// source = "example"
    /// [[link]]
    /// from = "b"
    /// to = "c"
    /// mode = "rail"
    /// hours = 10.0
    /// cost_usd = 100.0
    /// source = "example"
    /// [[link]]
    /// from = "a"
    /// to = "c"
    /// mode = "road"
    /// hours = 30.0
    /// cost_usd = 150.0
    /// source = "example"
    /// "#, "toy.toml").unwrap().network;
    /// let planner = Planner::new(&net);
    /// let none = Constraints::default();
    /// assert_eq!(planner.best(0, 2, Criterion::Time, &none).unwrap().metrics.seconds, 20 * 3600);
    /// assert_eq!(planner.best(0, 2, Criterion::Cost, &none).unwrap().metrics.cents, 150_00);
    /// ```
    #[must_use]
    pub fn best(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        criterion: Criterion,
        constraints: &Constraints,
    ) -> Option<Route> {
        if constraints.needs_enumeration() {
            return self
                .k_best(from, to, criterion, constraints, 1)
                .routes
                .into_iter()
                .next();
        }
        let space = constraints::Space::new(self, from, to, constraints);
        if space.is_infeasible() {
            return None;
        }
        dijkstra::shortest(
            self,
            &space,
            criterion,
            space.start(),
            &dijkstra::Blocked::none(),
        )
        .map(|(_, path)| space.route(self, &path))
    }

    /// The best key from `from` to every node for `criterion`, without constraints:
    /// `.key(i)` is the key of [`Planner::best`]`(from, i, criterion, ..)`'s route, `None`
    /// where no route exists (and for `from` itself).
    ///
    /// One Dijkstra search over the whole state graph; a node's key is the least over its
    /// arrival states (a walk that passes the node earlier is never better than its prefix).
    /// With packed keys and every step's primary at least w > 0, states are filed in buckets of
    /// primary ÷ w (Dial's algorithm); otherwise a radix heap, or a binary heap on wide keys.
    ///
    /// # Complexity
    /// O(E + S + D / w) with buckets (D the largest primary key reached), O(E + 128 S) with the
    /// radix heap, O((S + E) log S) with wide keys, for S states and E state edges. The first
    /// query of a criterion also compiles its step table, O(E).
    ///
    /// # Example
    /// ```
    /// # use corridor::network::load_bundled;
    /// # use corridor::search::{Constraints, Criterion, Planner};
    /// let net = load_bundled().unwrap().network;
    /// let planner = Planner::new(&net);
    /// let almaty = net.resolve("Almaty").unwrap();
    /// let keys = planner.one_to_all(almaty, Criterion::Time);
    /// let bucharest = net.resolve("Bucharest").unwrap();
    /// let best = planner.best(almaty, bucharest, Criterion::Time, &Constraints::default()).unwrap();
    /// assert_eq!(keys.key(bucharest), Some(Criterion::Time.key(&best.metrics)));
    /// assert_eq!(keys.key(almaty), None);
    /// ```
    #[must_use]
    pub fn one_to_all(&self, from: NodeIdx, criterion: Criterion) -> Reach<'_> {
        Reach {
            graph: &self.graph,
            from,
            arrivals: dijkstra::all_arrivals(self, criterion, from),
        }
    }

    /// The fastest, the cheapest and the fewest-transfer routes, deduplicated: each distinct
    /// route once, with every label it earns, in that order. Empty when no route exists.
    #[must_use]
    pub fn trade_offs(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        constraints: &Constraints,
    ) -> Vec<(Route, Vec<&'static str>)> {
        let mut out: Vec<(Route, Vec<&'static str>)> = Vec::new();
        for (criterion, label) in [
            (Criterion::Time, "fastest"),
            (Criterion::Cost, "cheapest"),
            (Criterion::Transfers, "fewest transfers"),
        ] {
            let Some(route) = self.best(from, to, criterion, constraints) else {
                continue;
            };
            match out.iter_mut().find(|(r, _)| r.steps == route.steps) {
                Some((_, labels)) => labels.push(label),
                None => out.push((route, vec![label])),
            }
        }
        out
    }
}
