//! What a query may not use (`--via`, `--avoid`, `--avoid-mode`, `--max-transfers`,
//! `--max-days`), and the layered search space that enforces the structural ones: a vertex is
//! a state of the state graph together with how many `via` nodes the route has passed so far.

use super::{Planner, Route, Step};
use crate::graph::StateIdx;
use crate::network::{LinkIdx, Mode, Network, NodeIdx};
use crate::units::Metrics;
use std::fmt;

/// What a query may not use, and where it must pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Nodes the route must pass, in this order.
    pub via: Vec<NodeIdx>,
    /// Nodes the route may not touch.
    pub avoid_nodes: Vec<NodeIdx>,
    /// Countries (ISO codes, upper case) the route may not touch.
    pub avoid_countries: Vec<String>,
    /// Modes the route may not use.
    pub avoid_modes: Vec<Mode>,
    /// At most this many transfers.
    pub max_transfers: Option<u64>,
    /// At most this many seconds end to end.
    pub max_seconds: Option<u64>,
}

/// One constraint of a query, named so that a "no route" answer can say which one blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// `--via NODE`.
    Via(NodeIdx),
    /// `--avoid NODE`.
    AvoidNode(NodeIdx),
    /// `--avoid COUNTRY`.
    AvoidCountry(String),
    /// `--avoid-mode MODE`.
    AvoidMode(Mode),
    /// `--max-transfers N`.
    MaxTransfers(u64),
    /// `--max-days D` (in seconds).
    MaxSeconds(u64),
}

impl Blocker {
    /// The constraint as the user would write it on the command line.
    #[must_use]
    pub fn describe(&self, network: &Network) -> String {
        match self {
            Blocker::Via(n) => format!("--via {}", network.nodes[*n].name),
            Blocker::AvoidNode(n) => format!("--avoid {}", network.nodes[*n].name),
            Blocker::AvoidCountry(c) => format!("--avoid {c}"),
            Blocker::AvoidMode(m) => format!("--avoid-mode {m}"),
            Blocker::MaxTransfers(t) => format!("--max-transfers {t}"),
            Blocker::MaxSeconds(s) => format!("--max-days {}", fmt_days(*s)),
        }
    }
}

fn fmt_days(seconds: u64) -> impl fmt::Display {
    let days = seconds as f64 / 86_400.0;
    if days.fract() == 0.0 {
        format!("{days:.0}")
    } else {
        format!("{days:.2}")
    }
}

impl Constraints {
    /// Whether nothing is constrained.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Whether the best route needs the enumerating search (via points or limits on totals).
    pub(crate) fn needs_enumeration(&self) -> bool {
        !self.via.is_empty() || self.max_transfers.is_some() || self.max_seconds.is_some()
    }

    /// Whether a route's totals are within the limits.
    pub(crate) fn within_limits(&self, m: &Metrics) -> bool {
        self.max_transfers.is_none_or(|t| m.transfers <= t)
            && self.max_seconds.is_none_or(|s| m.seconds <= s)
    }

    /// Every constraint, each as a [`Blocker`], in command-line order.
    #[must_use]
    pub fn blockers(&self) -> Vec<Blocker> {
        let mut out: Vec<Blocker> = self.via.iter().map(|&n| Blocker::Via(n)).collect();
        out.extend(self.avoid_nodes.iter().map(|&n| Blocker::AvoidNode(n)));
        out.extend(
            self.avoid_countries
                .iter()
                .cloned()
                .map(Blocker::AvoidCountry),
        );
        out.extend(self.avoid_modes.iter().map(|&m| Blocker::AvoidMode(m)));
        out.extend(self.max_transfers.map(Blocker::MaxTransfers));
        out.extend(self.max_seconds.map(Blocker::MaxSeconds));
        out
    }

    /// The same constraints without one of them.
    #[must_use]
    pub fn without(&self, blocker: &Blocker) -> Constraints {
        let mut c = self.clone();
        match blocker {
            Blocker::Via(n) => c.via.retain(|v| v != n),
            Blocker::AvoidNode(n) => c.avoid_nodes.retain(|v| v != n),
            Blocker::AvoidCountry(k) => c.avoid_countries.retain(|v| v != k),
            Blocker::AvoidMode(m) => c.avoid_modes.retain(|v| v != m),
            Blocker::MaxTransfers(_) => c.max_transfers = None,
            Blocker::MaxSeconds(_) => c.max_seconds = None,
        }
        c
    }
}

/// The layered search space of one query: vertex `state * layers + layer`, where `layer` counts
/// the `via` nodes passed so far. Links touching an avoided node, country or mode do not exist
/// in it, and the destination can only be entered once every `via` node has been passed.
#[derive(Debug, Clone)]
pub(crate) struct Space<'a> {
    via: &'a [NodeIdx],
    layers: usize,
    from: NodeIdx,
    to: NodeIdx,
    blocked_node: Vec<bool>,
    blocked_mode: [bool; 4],
    planner: &'a Planner<'a>,
}

/// A vertex of the layered space.
pub(crate) type Vertex = usize;

/// One move in the layered space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Hop {
    pub(crate) from: Vertex,
    pub(crate) link: LinkIdx,
    pub(crate) to: Vertex,
}

impl<'a> Space<'a> {
    pub(crate) fn new(
        planner: &'a Planner<'a>,
        from: NodeIdx,
        to: NodeIdx,
        constraints: &'a Constraints,
    ) -> Space<'a> {
        let network = planner.network();
        // Left empty (nothing blocked) unless a node or country is avoided, so that an
        // unconstrained query costs nothing per node of the network.
        let mut blocked_node: Vec<bool> = Vec::new();
        if !constraints.avoid_countries.is_empty() || !constraints.avoid_nodes.is_empty() {
            blocked_node = network
                .nodes
                .iter()
                .map(|n| {
                    constraints
                        .avoid_countries
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case(&n.country))
                })
                .collect();
            for &n in &constraints.avoid_nodes {
                if let Some(b) = blocked_node.get_mut(n) {
                    *b = true;
                }
            }
        }
        let mut blocked_mode = [false; 4];
        for m in &constraints.avoid_modes {
            blocked_mode[m.index()] = true;
        }
        Space {
            via: &constraints.via,
            layers: constraints.via.len() + 1,
            from,
            to,
            blocked_node,
            blocked_mode,
            planner,
        }
    }

    fn node_blocked(&self, node: NodeIdx) -> bool {
        self.blocked_node.get(node).copied().unwrap_or(false)
    }

    /// The destination node.
    pub(crate) fn destination(&self) -> NodeIdx {
        self.to
    }

    /// How many `via` nodes are passed after reaching `node` with `layer` passed before.
    fn advance(&self, mut layer: usize, node: NodeIdx) -> usize {
        while self.via.get(layer) == Some(&node) {
            layer += 1;
        }
        layer
    }

    pub(crate) fn vertex_count(&self) -> usize {
        self.planner.graph().state_count() * self.layers
    }

    pub(crate) fn start(&self) -> Vertex {
        self.planner.graph().start_state(self.from) * self.layers + self.advance(0, self.from)
    }

    pub(crate) fn state(&self, v: Vertex) -> StateIdx {
        v / self.layers
    }

    /// Whether a vertex ends a route (the destination, every via passed).
    pub(crate) fn is_target(&self, v: Vertex) -> bool {
        self.planner.graph().node_of(self.state(v)) == self.to
    }

    /// Calls `f(position, link, vertex reached)` for every move out of `v`, in link order;
    /// `position` is the link's place in the graph's adjacency array. Targets have none.
    #[inline]
    pub(crate) fn for_each_hop(&self, v: Vertex, mut f: impl FnMut(usize, LinkIdx, Vertex)) {
        let graph = self.planner.graph();
        let state = self.state(v);
        let node = graph.node_of(state);
        if node == self.to || self.node_blocked(node) {
            return;
        }
        let plain =
            self.layers == 1 && self.blocked_node.is_empty() && !self.blocked_mode.contains(&true);
        if plain {
            for position in graph.out_range(node) {
                let link = graph.out_link(position);
                f(position, link, graph.cost_at(position).to_state as usize);
            }
            return;
        }
        let layer = v % self.layers;
        for position in graph.out_range(node) {
            let link = graph.out_link(position);
            let cost = graph.cost_at(position);
            let to_node = cost.to_node as usize;
            if self.blocked_mode[usize::from(cost.mode)] || self.node_blocked(to_node) {
                continue;
            }
            let next_layer = self.advance(layer, to_node);
            if to_node == self.to && next_layer + 1 != self.layers {
                continue;
            }
            f(
                position,
                link,
                cost.to_state as usize * self.layers + next_layer,
            );
        }
    }

    /// Whether a path visits no state twice, whatever the layer: a route in the network's sense.
    pub(crate) fn is_simple(&self, path: &[Hop]) -> bool {
        if self.layers == 1 {
            return true;
        }
        let mut states: Vec<StateIdx> = path.iter().map(|h| self.state(h.to)).collect();
        states.sort_unstable();
        states.windows(2).all(|w| w[0] != w[1])
    }

    /// The route a path describes.
    pub(crate) fn route(&self, planner: &Planner<'_>, path: &[Hop]) -> Route {
        let mut metrics = Metrics::default();
        let steps = path
            .iter()
            .map(|h| {
                let (from, to) = (self.state(h.from), self.state(h.to));
                let m = planner.step_metrics(from, h.link);
                metrics += m;
                Step {
                    from,
                    link: h.link,
                    to,
                    metrics: m,
                }
            })
            .collect();
        Route {
            origin: self.from,
            steps,
            metrics,
        }
    }
}
