//! The state graph that every search runs on: each node is split into one state per way of
//! arriving there (mode, and gauge for rail) plus a start state, so that "never arrive twice at
//! the same node in the same mode" becomes "never visit a state twice", and transfer and dwell
//! charges depend only on the state an edge leaves from. Built once per network; weights are
//! computed at query time from the network's figures.

use crate::network::{Link, LinkIdx, Mode, Network, NodeIdx};
use crate::units::{Metrics, hours_to_seconds, kg_to_grams, km_to_meters, usd_to_cents};

/// Index of a state in [`StateGraph`].
pub type StateIdx = usize;

/// How cargo arrived at a node: the mode, and the gauge for rail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Arrival {
    /// The mode of the arriving link.
    pub mode: Mode,
    /// The gauge of the arriving link, rail only.
    pub gauge_mm: Option<u32>,
}

impl Arrival {
    /// The arrival class of a link.
    #[must_use]
    pub fn of(link: &Link) -> Arrival {
        Arrival {
            mode: link.mode,
            gauge_mm: if link.mode == Mode::Rail {
                link.gauge_mm
            } else {
                None
            },
        }
    }

    /// Whether leaving by `next` after arriving as `self` is a transfer: the mode changes, or two
    /// rail links with different known gauges meet (a gauge break). A rail link without a gauge
    /// joins any rail link without a transfer.
    #[must_use]
    pub fn is_transfer_to(self, next: Arrival) -> bool {
        if self.mode != next.mode {
            return true;
        }
        matches!((self.gauge_mm, next.gauge_mm), (Some(a), Some(b)) if a != b)
    }
}

/// A state: a node, and how cargo got there (`None` for the start of a route).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    /// The node.
    pub node: NodeIdx,
    /// How the route arrived; `None` only for a node's start state.
    pub arrival: Option<Arrival>,
}

/// An edge of the state graph: one traversal of one directed link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// The link traversed.
    pub link: LinkIdx,
    /// The state reached.
    pub to: StateIdx,
}

/// The state graph of a network in compressed adjacency form.
///
/// States `0..nodes` are the start states (state `i` is node `i` with no arrival); the arrival
/// states follow, grouped by node, in (node, mode, gauge) order. Edges of state `s` are
/// `edges[first_edge[s]..first_edge[s + 1]]`, in link order, so every search visits them in
/// the same order and ties break the same way on every run.
#[derive(Debug, Clone)]
pub struct StateGraph {
    states: Vec<State>,
    first_edge: Vec<usize>,
    edges: Vec<Edge>,
    /// For each node, its arrival states.
    arrivals_of_node: Vec<std::ops::Range<StateIdx>>,
}

impl StateGraph {
    /// Builds the state graph. O(links · log links).
    #[must_use]
    pub fn new(network: &Network) -> StateGraph {
        let n = network.nodes.len();
        let mut classes: Vec<(NodeIdx, Arrival)> = network
            .links
            .iter()
            .map(|l| (l.to, Arrival::of(l)))
            .collect();
        classes.sort_unstable();
        classes.dedup();
        let mut states: Vec<State> = (0..n)
            .map(|node| State {
                node,
                arrival: None,
            })
            .collect();
        let mut arrivals_of_node = vec![n..n; n];
        for (node, arrival) in &classes {
            let idx = states.len();
            let range = &mut arrivals_of_node[*node];
            if range.start == range.end {
                *range = idx..idx + 1;
            } else {
                range.end = idx + 1;
            }
            states.push(State {
                node: *node,
                arrival: Some(*arrival),
            });
        }
        // Arrival states are numbered in `classes` order after the n start states.
        let state_of = |node: NodeIdx, arrival: Arrival| -> StateIdx {
            n + classes.binary_search(&(node, arrival)).unwrap_or_default()
        };
        // Links leaving each node, in link order.
        let mut out_links: Vec<Vec<LinkIdx>> = vec![Vec::new(); n];
        for (i, l) in network.links.iter().enumerate() {
            out_links[l.from].push(i);
        }
        let mut first_edge = Vec::with_capacity(states.len() + 1);
        let mut edges = Vec::new();
        for s in &states {
            first_edge.push(edges.len());
            for &l in &out_links[s.node] {
                let link = &network.links[l];
                edges.push(Edge {
                    link: l,
                    to: state_of(link.to, Arrival::of(link)),
                });
            }
        }
        first_edge.push(edges.len());
        StateGraph {
            states,
            first_edge,
            edges,
            arrivals_of_node,
        }
    }

    /// Number of states.
    #[must_use]
    pub fn state_count(&self) -> usize {
        self.states.len()
    }

    /// Number of edges.
    #[must_use]
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// The state at an index.
    #[must_use]
    pub fn state(&self, s: StateIdx) -> State {
        self.states[s]
    }

    /// The start state of a node (the state a route from that node begins in).
    #[must_use]
    pub fn start_state(&self, node: NodeIdx) -> StateIdx {
        node
    }

    /// The arrival states of a node.
    #[must_use]
    pub fn arrival_states(&self, node: NodeIdx) -> std::ops::Range<StateIdx> {
        self.arrivals_of_node[node].clone()
    }

    /// The edges leaving a state, in link order.
    #[must_use]
    pub fn edges(&self, s: StateIdx) -> &[Edge] {
        &self.edges[self.first_edge[s]..self.first_edge[s + 1]]
    }
}

/// What one step of a route costs: leaving `from` (a state) along `link`.
///
/// The step pays the link's time in motion, its boarding wait (84 / departures per week hours),
/// its cost, distance and emissions; and, unless `from` is a start state, the node's dwell, plus
/// its transfer time and cost when the arrival and the link differ in mode or gauge. Every
/// figure is rounded to whole units once, here, so sums are exact.
#[must_use]
pub fn step_metrics(network: &Network, from: State, link: &Link) -> Metrics {
    let mut m = Metrics {
        seconds: hours_to_seconds(link.hours) + hours_to_seconds(link.wait_hours()),
        cents: usd_to_cents(link.cost_usd),
        transfers: 0,
        co2_grams: kg_to_grams(network.link_co2_kg(link)),
        meters: km_to_meters(link.distance_km),
    };
    if let Some(arrival) = from.arrival {
        let node = &network.nodes[from.node];
        m.seconds += hours_to_seconds(node.dwell_hours);
        m.cents += usd_to_cents(node.dwell_cost_usd);
        if arrival.is_transfer_to(Arrival::of(link)) {
            m.seconds += hours_to_seconds(node.transfer_hours);
            m.cents += usd_to_cents(node.transfer_cost_usd);
            m.transfers = 1;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rail(gauge: Option<u32>) -> Arrival {
        Arrival {
            mode: Mode::Rail,
            gauge_mm: gauge,
        }
    }

    #[test]
    fn transfers_are_mode_changes_and_gauge_breaks() {
        let road = Arrival {
            mode: Mode::Road,
            gauge_mm: None,
        };
        assert!(rail(Some(1520)).is_transfer_to(road));
        assert!(rail(Some(1520)).is_transfer_to(rail(Some(1435))));
        assert!(!rail(Some(1520)).is_transfer_to(rail(Some(1520))));
        assert!(!rail(None).is_transfer_to(rail(Some(1435))));
        assert!(!road.is_transfer_to(road));
    }
}
