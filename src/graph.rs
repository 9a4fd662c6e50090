//! The state graph that every search runs on: each node is split into one state per way of
//! arriving there (mode, and gauge for rail) plus a start state, so that "never arrive twice at
//! the same node in the same mode" becomes "never visit a state twice", and transfer and dwell
//! charges depend only on the state an edge leaves from. Built once per network; weights are
//! computed at query time from the network's figures.

use crate::network::{Link, LinkIdx, Mode, Month, Network, Node, NodeIdx};
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

/// The figures of a link in exact integer units, as every step along it pays them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LinkCost {
    /// Expected time: elapsed in motion (driving rests included) plus the expected boarding
    /// wait, boxes left behind, closure wait and delay.
    pub(crate) seconds: u64,
    pub(crate) cents: u64,
    pub(crate) co2_grams: u64,
    pub(crate) meters: u64,
    /// The node the link arrives at.
    pub(crate) to_node: u32,
    /// The state the link arrives in.
    pub(crate) to_state: u32,
    /// Index of the link's arrival class (mode and gauge) in `StateGraph::classes`.
    pub(crate) class: u16,
    /// [`Mode::index`] of the link.
    pub(crate) mode: u8,
}

/// A node's dwell and transfer charges in exact integer units.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NodeCost {
    /// Expected: the dwell plus the expected delay and closure wait.
    pub(crate) dwell_seconds: u64,
    /// The scheduled dwell alone.
    pub(crate) best_dwell_seconds: u64,
    pub(crate) dwell_cents: u64,
    pub(crate) transfer_seconds: u64,
    pub(crate) transfer_cents: u64,
}

/// Mean Earth radius in km (GRS80), as used for geodesic distances elsewhere.
const EARTH_RADIUS_KM: f64 = 6_371.008_8;

/// Lower bounds per geodesic km of the first key component of the criteria that have one.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PerKm {
    pub(crate) seconds: f64,
    pub(crate) cents: f64,
    pub(crate) co2_grams: f64,
}

/// The state graph of a network in compressed adjacency form.
///
/// States `0..nodes` are the start states (state `i` is node `i` with no arrival); the arrival
/// states follow, grouped by node, in (node, mode, gauge) order. Every state of a node has the
/// same edges: the links leaving the node, in link order, so every search visits them in the
/// same order and ties break the same way on every run. Step figures are converted to integer
/// units once, here; a step costs its link's figures plus, from an arrival state, the node's
/// dwell and, when the arrival class and the link's class differ in mode or gauge, its transfer.
///
/// Indices are stored as `u32`: a network may have up to 2^32 - 1 states and directed links.
#[derive(Debug, Clone)]
pub struct StateGraph {
    node_count: usize,
    /// Arrival classes (mode, gauge) that occur, sorted.
    classes: Vec<Arrival>,
    /// `transfer[from_class * (classes + 1) + link_class]`; `from_class` 0 is a start state.
    transfer: Vec<bool>,
    /// Node of each state.
    state_node: Vec<u32>,
    /// Arrival class of each state plus one, 0 for start states.
    state_class: Vec<u16>,
    /// For each node, its arrival states are `first_arrival[node]..first_arrival[node + 1]`.
    first_arrival: Vec<u32>,
    /// For each node, its outgoing links are `out_links[first_out[node]..first_out[node + 1]]`.
    first_out: Vec<u32>,
    out_links: Vec<u32>,
    /// The figures of `out_links[i]` at `costs[i]`, so that a search reads them in order.
    costs: Vec<LinkCost>,
    /// The best-case seconds of `out_links[i]` (elapsed in motion), read only to report.
    best_seconds: Vec<u64>,
    /// For each link, its position in `out_links`.
    link_position: Vec<u32>,
    node_cost: Vec<NodeCost>,
    /// Per node: its position as a unit vector from the Earth's centre.
    unit: Vec<[f64; 3]>,
    per_km: std::sync::OnceLock<PerKm>,
}

impl StateGraph {
    /// Builds the state graph with the year's average figures. O(nodes + links · log classes).
    ///
    /// # Panics
    /// If the network has 2^32 or more states or links.
    #[must_use]
    pub fn new(network: &Network) -> StateGraph {
        StateGraph::for_month(network, None)
    }

    /// Builds the state graph with the figures of `month` (delays, boxes left behind and
    /// closures), or the year's average when `None`: expected step times are linear in them,
    /// so a search on either graph is exact for that month's (or a random day's) departure.
    ///
    /// # Panics
    /// If the network has 2^32 or more states or links.
    #[must_use]
    pub fn for_month(network: &Network, month: Option<Month>) -> StateGraph {
        let n = network.nodes.len();
        let small = |x: usize| u32::try_from(x).expect("fewer than 2^32 states and links");
        let mut classes: Vec<Arrival> = network.links.iter().map(Arrival::of).collect();
        classes.sort_unstable();
        classes.dedup();
        let class_of = |a: Arrival| classes.binary_search(&a).unwrap_or_default();
        let link_class: Vec<usize> = network
            .links
            .iter()
            .map(|l| class_of(Arrival::of(l)))
            .collect();
        let k = classes.len();
        let mut transfer = vec![false; (k + 1) * k];
        for (from, a) in classes.iter().enumerate() {
            for (to, b) in classes.iter().enumerate() {
                transfer[(from + 1) * k + to] = a.is_transfer_to(*b);
            }
        }
        // Which classes arrive at each node.
        let mut present = vec![false; n * k];
        for (l, link) in network.links.iter().enumerate() {
            present[link.to * k + link_class[l]] = true;
        }
        let mut state_node: Vec<u32> = (0..n).map(small).collect();
        let mut state_class: Vec<u16> = vec![0; n];
        let mut first_arrival = Vec::with_capacity(n + 1);
        // For each (node, class), its arrival state.
        let mut state_of = vec![u32::MAX; n * k];
        for node in 0..n {
            first_arrival.push(small(state_node.len()));
            for class in 0..k {
                if present[node * k + class] {
                    state_of[node * k + class] = small(state_node.len());
                    state_node.push(small(node));
                    state_class.push(u16::try_from(class + 1).unwrap_or(u16::MAX));
                }
            }
        }
        first_arrival.push(small(state_node.len()));
        drop(present);
        // Outgoing links per node, in link order (counting sort).
        let mut first_out = vec![0u32; n + 1];
        for link in &network.links {
            first_out[link.from + 1] += 1;
        }
        for i in 0..n {
            first_out[i + 1] += first_out[i];
        }
        let mut fill: Vec<u32> = first_out[..n].to_vec();
        let mut out_links = vec![0u32; network.links.len()];
        for (l, link) in network.links.iter().enumerate() {
            out_links[fill[link.from] as usize] = small(l);
            fill[link.from] += 1;
        }
        let mut link_position = vec![0u32; network.links.len()];
        for (position, &l) in out_links.iter().enumerate() {
            link_position[l as usize] = small(position);
        }
        let best_seconds = out_links
            .iter()
            .map(|&l| hours_to_seconds(network.links[l as usize].elapsed_hours()))
            .collect();
        let costs = out_links
            .iter()
            .map(|&l| (&network.links[l as usize], link_class[l as usize]))
            .map(|(link, class)| LinkCost {
                seconds: link_seconds(network, link, month).0,
                cents: usd_to_cents(link.cost_usd),
                co2_grams: kg_to_grams(network.link_co2_kg(link)),
                meters: km_to_meters(link.distance_km),
                to_node: small(link.to),
                to_state: state_of[link.to * k + class],
                class: u16::try_from(class).unwrap_or(u16::MAX),
                mode: link.mode.index() as u8,
            })
            .collect();
        let node_cost = network
            .nodes
            .iter()
            .map(|node| NodeCost {
                dwell_seconds: dwell_seconds(network, node, month).0,
                best_dwell_seconds: hours_to_seconds(node.dwell_hours),
                dwell_cents: usd_to_cents(node.dwell_cost_usd),
                transfer_seconds: hours_to_seconds(node.transfer_hours),
                transfer_cents: usd_to_cents(node.transfer_cost_usd),
            })
            .collect();
        let unit = network
            .nodes
            .iter()
            .map(|node| {
                let (lat, lon) = (node.lat.to_radians(), node.lon.to_radians());
                [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
            })
            .collect();
        StateGraph {
            node_count: n,
            classes,
            transfer,
            state_node,
            state_class,
            first_arrival,
            first_out,
            out_links,
            costs,
            best_seconds,
            link_position,
            node_cost,
            unit,
            per_km: std::sync::OnceLock::new(),
        }
    }

    /// Number of states.
    #[must_use]
    pub fn state_count(&self) -> usize {
        self.state_node.len()
    }

    /// Number of edges (each state has one per link leaving its node).
    #[must_use]
    pub fn edge_count(&self) -> usize {
        (0..self.node_count)
            .map(|node| self.out_range(node).len() * (1 + self.arrival_states(node).len()))
            .sum()
    }

    /// The state at an index.
    #[must_use]
    pub fn state(&self, s: StateIdx) -> State {
        State {
            node: self.node_of(s),
            arrival: self.arrival_of(s),
        }
    }

    /// The node of a state.
    #[must_use]
    pub fn node_of(&self, s: StateIdx) -> NodeIdx {
        self.state_node[s] as usize
    }

    fn arrival_of(&self, s: StateIdx) -> Option<Arrival> {
        let class = usize::from(self.state_class[s]);
        class.checked_sub(1).map(|c| self.classes[c])
    }

    /// The start state of a node (the state a route from that node begins in).
    #[must_use]
    pub fn start_state(&self, node: NodeIdx) -> StateIdx {
        node
    }

    /// The arrival states of a node.
    #[must_use]
    pub fn arrival_states(&self, node: NodeIdx) -> std::ops::Range<StateIdx> {
        self.first_arrival[node] as usize..self.first_arrival[node + 1] as usize
    }

    /// Positions in `out_links` of the links leaving a node.
    pub(crate) fn out_range(&self, node: NodeIdx) -> std::ops::Range<usize> {
        self.first_out[node] as usize..self.first_out[node + 1] as usize
    }

    /// Number of positions in `out_links` (directed links).
    pub(crate) fn position_count(&self) -> usize {
        self.out_links.len()
    }

    /// The link at a position of `out_links`.
    pub(crate) fn out_link(&self, position: usize) -> usize {
        self.out_links[position] as usize
    }

    /// The integer figures of the link at a position of `out_links`.
    #[inline]
    pub(crate) fn cost_at(&self, position: usize) -> &LinkCost {
        &self.costs[position]
    }

    /// The arrival class of a link, as an index into the graph's sorted classes: two links
    /// have the same class exactly when they have the same mode and, for rail, the same gauge.
    pub(crate) fn link_class(&self, link: LinkIdx) -> u16 {
        self.costs[self.link_position[link] as usize].class
    }

    /// The edges leaving a state, in link order.
    pub fn edges(&self, s: StateIdx) -> impl ExactSizeIterator<Item = Edge> + '_ {
        self.out_range(self.node_of(s)).map(|i| {
            let link = self.out_link(i);
            Edge {
                link,
                to: self.costs[i].to_state as usize,
            }
        })
    }

    /// What leaving state `from` along `link` costs, from the precomputed integer figures:
    /// equal to [`step_metrics`] on the network the graph was built from. O(1).
    #[must_use]
    pub fn step(&self, from: StateIdx, link: LinkIdx) -> Metrics {
        self.step_at(from, self.link_position[link] as usize)
    }

    /// [`StateGraph::step`] for the link at a position of `out_links`.
    #[inline]
    pub(crate) fn step_at(&self, from: StateIdx, position: usize) -> Metrics {
        let lc = &self.costs[position];
        let mut m = Metrics {
            seconds: lc.seconds,
            cents: lc.cents,
            transfers: 0,
            co2_grams: lc.co2_grams,
            meters: lc.meters,
            best_seconds: self.best_seconds[position],
        };
        let class = usize::from(self.state_class[from]);
        if class != 0 {
            let nc = &self.node_cost[self.state_node[from] as usize];
            m.seconds = m.seconds.saturating_add(nc.dwell_seconds);
            m.best_seconds = m.best_seconds.saturating_add(nc.best_dwell_seconds);
            m.cents = m.cents.saturating_add(nc.dwell_cents);
            if self.transfer[class * self.classes.len() + usize::from(lc.class)] {
                m.seconds = m.seconds.saturating_add(nc.transfer_seconds);
                m.best_seconds = m.best_seconds.saturating_add(nc.transfer_seconds);
                m.cents = m.cents.saturating_add(nc.transfer_cents);
                m.transfers = 1;
            }
        }
        m
    }

    /// Number of nodes.
    pub(crate) fn node_count(&self) -> usize {
        self.node_count
    }

    /// Straight-line (chord) distance in km between two nodes through the sphere of the mean
    /// Earth radius: never more than the great-circle distance, obeys the triangle inequality,
    /// and costs one square root instead of the haversine's trigonometry.
    #[inline]
    pub(crate) fn node_chord_km(&self, a: NodeIdx, b: NodeIdx) -> f64 {
        let [x1, y1, z1] = self.unit[a];
        let [x2, y2, z2] = self.unit[b];
        let (dx, dy, dz) = (x1 - x2, y1 - y2, z1 - z2);
        EARTH_RADIUS_KM * (dx * dx + dy * dy + dz * dz).sqrt()
    }

    /// The least seconds, cents and grams of CO2e that any link costs per km of chord distance
    /// between its ends, shaved by a millionth for rounding: with the triangle inequality,
    /// rate × chord distance to the destination never exceeds what a route still costs, and
    /// never drops by more than one step's cost along a step (a consistent A* bound).
    /// Computed once, on first use. O(links).
    pub(crate) fn per_km(&self) -> PerKm {
        *self.per_km.get_or_init(|| {
            let mut low = [f64::INFINITY; 3];
            for node in 0..self.node_count {
                for i in self.out_range(node) {
                    let lc = &self.costs[i];
                    let km = self.node_chord_km(node, lc.to_node as usize);
                    if km > 0.0 {
                        for (slot, x) in low.iter_mut().zip([lc.seconds, lc.cents, lc.co2_grams]) {
                            *slot = slot.min(x as f64 / km);
                        }
                    }
                }
            }
            let shave = |x: f64| if x.is_finite() { x * (1.0 - 1e-6) } else { 0.0 };
            PerKm {
                seconds: shave(low[0]),
                cents: shave(low[1]),
                co2_grams: shave(low[2]),
            }
        })
    }
}

/// A link's (expected, best-case) seconds in `month` (the year's average when `None`): the
/// elapsed hours in motion and the expected extra hours, each rounded to whole seconds once.
#[must_use]
pub fn link_seconds(network: &Network, link: &Link, month: Option<Month>) -> (u64, u64) {
    let best = hours_to_seconds(link.elapsed_hours());
    let extra = hours_to_seconds(network.link_extra_hours(link, month));
    (best.saturating_add(extra), best)
}

/// A node's (expected, best-case) dwell seconds in `month`, as [`link_seconds`].
#[must_use]
pub fn dwell_seconds(network: &Network, node: &Node, month: Option<Month>) -> (u64, u64) {
    let best = hours_to_seconds(node.dwell_hours);
    let extra = hours_to_seconds(network.node_extra_hours(node, month));
    (best.saturating_add(extra), best)
}

/// What one step of a route costs: leaving `from` (a state) along `link`, with the year's
/// average figures.
///
/// The step pays the link's elapsed time in motion (for road, driving with the crew's breaks
/// and rests) and its expected extra time (boarding wait, boxes left behind, closures,
/// delay), its cost, distance and emissions; and, unless `from` is a start state, the node's
/// dwell and expected extra time, plus its transfer time and cost when the arrival and the link
/// differ in mode or gauge. Best-case seconds count only the scheduled figures. Every figure is
/// rounded to whole units once, here, so sums are exact.
#[must_use]
pub fn step_metrics(network: &Network, from: State, link: &Link) -> Metrics {
    let (seconds, best_seconds) = link_seconds(network, link, None);
    let mut m = Metrics {
        seconds,
        cents: usd_to_cents(link.cost_usd),
        transfers: 0,
        co2_grams: kg_to_grams(network.link_co2_kg(link)),
        meters: km_to_meters(link.distance_km),
        best_seconds,
    };
    if let Some(arrival) = from.arrival {
        let node = &network.nodes[from.node];
        let (dwell, best_dwell) = dwell_seconds(network, node, None);
        m.seconds += dwell;
        m.best_seconds += best_dwell;
        m.cents += usd_to_cents(node.dwell_cost_usd);
        if arrival.is_transfer_to(Arrival::of(link)) {
            m.seconds += hours_to_seconds(node.transfer_hours);
            m.best_seconds += hours_to_seconds(node.transfer_hours);
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
    fn precomputed_steps_equal_step_metrics() {
        for network in [
            crate::network::load_bundled().expect("bundled").network,
            crate::generate::generate_network(500, 3),
        ] {
            let graph = StateGraph::new(&network);
            assert_eq!(graph.state(graph.start_state(4)).arrival, None);
            for s in 0..graph.state_count() {
                let state = graph.state(s);
                assert!(s < network.nodes.len() || graph.arrival_states(state.node).contains(&s));
                for edge in graph.edges(s) {
                    let link = &network.links[edge.link];
                    assert_eq!(link.from, state.node);
                    assert_eq!(graph.state(edge.to).node, link.to);
                    assert_eq!(graph.state(edge.to).arrival, Some(Arrival::of(link)));
                    assert_eq!(
                        graph.step(s, edge.link),
                        step_metrics(&network, state, link)
                    );
                }
            }
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
