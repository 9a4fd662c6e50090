//! What a query may not use (`--via`, `--avoid`, `--avoid-mode`, `--max-transfers`,
//! `--max-days`, and the links whose limits refuse the cargo), and the layered search space that enforces the structural ones: a vertex is
//! a state of the state graph together with how many `via` nodes the route has passed so far.

use super::{Planner, Route, Step};
use crate::graph::StateIdx;
use crate::network::{Limit, LinkIdx, Mode, Network, NodeIdx};
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
    /// Links the route may not use (set by library callers, such as the diverse search's
    /// exclusions; the command line has no flag for it).
    pub avoid_links: Vec<LinkIdx>,
    /// At most this many transfers.
    pub max_transfers: Option<u64>,
    /// At most this many seconds end to end.
    pub max_seconds: Option<u64>,
    /// What the cargo needs of every link ([`crate::network::Cargo::limits`]): a link whose
    /// limits refuse one is not used.
    pub limits: Vec<Limit>,
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
    /// A need of the cargo that some links refuse (`--container reefer40`, its gross mass).
    Limit(Limit),
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
            Blocker::Limit(l) => l.describe(),
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

    /// Whether the best route needs the enumerating search: limits on totals, which a route's
    /// best prefix may break where a worse one does not.
    pub(crate) fn needs_enumeration(&self) -> bool {
        self.max_transfers.is_some() || self.max_seconds.is_some()
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
        out.extend(self.limits.iter().map(|&l| Blocker::Limit(l)));
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
            Blocker::Limit(l) => c.limits.retain(|v| v != l),
        }
        c
    }
}

/// The layered search space of one query: vertex `state * layers + layer`, where `layer` is the
/// segment of the route the state's arrival belongs to (how many `via` points the route had
/// passed before that arrival). Links touching an avoided node, country or mode do not exist in
/// it, and the destination can only be entered once every `via` point has been passed.
///
/// The route is cut at the first visit of each `via` point in turn: an arrival at `via[layer]`
/// ends segment `layer`, so the moves out of it depart into the next segment (several, when the
/// next `via` points are the same node). The origin's start state departs into segment 0, or
/// later when the origin is itself the first `via` point. A move's arrival and its departure
/// both belong to the segment of the vertex it reaches: within one layer, "never arrive twice
/// in the same class" is "never visit a vertex twice", and "never depart twice in the same
/// class" is a rule on (node, link class, layer reached).
#[derive(Debug, Clone)]
pub(crate) struct Space<'a> {
    via: &'a [NodeIdx],
    layers: usize,
    from: NodeIdx,
    to: NodeIdx,
    blocked_node: Vec<bool>,
    blocked_mode: [bool; 4],
    /// Per link, whether it is avoided; empty when none is.
    blocked_link: Vec<bool>,
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

/// A departure as the route rule sees it: from a node, in a link class (mode, and gauge for
/// rail), into a segment. A route never repeats one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Departure {
    pub(crate) node: u32,
    pub(crate) layer: u32,
    pub(crate) class: u16,
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
        // Links the cargo's needs rule out count as avoided links; a network whose links
        // state no limit refusing them costs nothing per link of the search.
        let refused = |l: &crate::network::Link| {
            constraints
                .limits
                .iter()
                .any(|&need| network.refuses(need, l))
        };
        let mut blocked_link: Vec<bool> = Vec::new();
        if !constraints.avoid_links.is_empty()
            || (!constraints.limits.is_empty() && network.links.iter().any(refused))
        {
            blocked_link = network.links.iter().map(refused).collect();
            for &l in &constraints.avoid_links {
                if let Some(b) = blocked_link.get_mut(l) {
                    *b = true;
                }
            }
        }
        Space {
            via: &constraints.via,
            layers: constraints.via.len() + 1,
            from,
            to,
            blocked_node,
            blocked_mode,
            blocked_link,
            planner,
        }
    }

    fn node_blocked(&self, node: NodeIdx) -> bool {
        self.blocked_node.get(node).copied().unwrap_or(false)
    }

    /// Whether a route cannot exist whatever the links: the origin, the destination or a `via`
    /// point is avoided. Answered before any search.
    pub(crate) fn is_infeasible(&self) -> bool {
        self.from == self.to
            || self.node_blocked(self.from)
            || self.node_blocked(self.to)
            || self.via.iter().any(|&v| self.node_blocked(v))
    }

    /// The destination node.
    pub(crate) fn destination(&self) -> NodeIdx {
        self.to
    }

    /// The segment that departures from `node` belong to, for an arrival there in segment
    /// `layer` (or the start of the route in segment 0): later when `node` is the next `via`
    /// point, as a visit of it ends its segment.
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
        self.planner.graph().start_state(self.from) * self.layers
    }

    pub(crate) fn state(&self, v: Vertex) -> StateIdx {
        v / self.layers
    }

    /// The segment a vertex's arrival belongs to.
    pub(crate) fn layer(&self, v: Vertex) -> usize {
        v % self.layers
    }

    /// The vertex of `state` in `layer`.
    pub(crate) fn vertex(&self, state: StateIdx, layer: usize) -> Vertex {
        state * self.layers + layer
    }

    /// Whether a vertex ends a route (the destination, every via passed).
    pub(crate) fn is_target(&self, v: Vertex) -> bool {
        self.planner.graph().node_of(self.state(v)) == self.to
    }

    /// The departure a move makes: its node, the layer it reaches and its link's class.
    pub(crate) fn departure(&self, hop: &Hop) -> Departure {
        let graph = self.planner.graph();
        Departure {
            node: graph.node_of(self.state(hop.from)) as u32,
            layer: self.layer(hop.to) as u32,
            class: graph.link_class(hop.link),
        }
    }

    /// Every vertex of `node` whose moves depart into `layer`.
    pub(crate) fn vertices_departing_into(
        &self,
        node: NodeIdx,
        layer: usize,
    ) -> impl Iterator<Item = Vertex> + '_ {
        let graph = self.planner.graph();
        let states = std::iter::once(graph.start_state(node)).chain(graph.arrival_states(node));
        states.flat_map(move |s| {
            (0..=layer)
                .filter(move |&l| self.advance(l, node) == layer)
                .map(move |l| self.vertex(s, l))
        })
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
        let plain = self.layers == 1
            && self.blocked_node.is_empty()
            && self.blocked_link.is_empty()
            && !self.blocked_mode.contains(&true);
        if plain {
            for position in graph.out_range(node) {
                let link = graph.out_link(position);
                f(position, link, graph.cost_at(position).to_state as usize);
            }
            return;
        }
        let layer = self.advance(self.layer(v), node);
        for position in graph.out_range(node) {
            let link = graph.out_link(position);
            let cost = graph.cost_at(position);
            let to_node = cost.to_node as usize;
            if self.blocked_mode[usize::from(cost.mode)]
                || self.node_blocked(to_node)
                || self.blocked_link.get(link).copied().unwrap_or(false)
            {
                continue;
            }
            if to_node == self.to && self.advance(layer, to_node) + 1 != self.layers {
                continue;
            }
            f(position, link, self.vertex(cost.to_state as usize, layer));
        }
    }

    /// The first departure a path repeats, if any: a path of this space is a route exactly when
    /// it has none (arrivals cannot repeat in a path, which never visits a vertex twice).
    pub(crate) fn repeated_departure(&self, path: &[Hop]) -> Option<Departure> {
        let mut seen: Vec<Departure> = Vec::with_capacity(path.len());
        for hop in path {
            let d = self.departure(hop);
            if seen.contains(&d) {
                return Some(d);
            }
            seen.push(d);
        }
        None
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
