//! The single best route for a criterion: Dijkstra's algorithm on the state graph with
//! lexicographic integer keys.

use super::{Constraints, Criterion, Key, Planner, Route, Step, add_keys};
use crate::graph::StateIdx;
use crate::network::{LinkIdx, NodeIdx};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

impl Planner<'_> {
    /// The best route from `from` to `to` for `criterion`, or `None` when no route exists.
    ///
    /// Dijkstra's algorithm over the state graph, with weights computed from the network at query
    /// time. Every step weight is non-negative, so the optimal walk is a simple path in the state
    /// graph, which is exactly a route. Equal keys are broken by the lower state index, so the
    /// answer is the same on every run. Destination states are never expanded: a route reaches
    /// its destination only at its end.
    ///
    /// # Complexity
    /// O((S + E) log S) time and O(S) memory for S states and E state edges.
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
    /// let fastest = planner.best(0, 2, Criterion::Time, &Constraints::default()).unwrap();
    /// assert_eq!(fastest.metrics.seconds, 20 * 3600);
    /// let cheapest = planner.best(0, 2, Criterion::Cost, &Constraints::default()).unwrap();
    /// assert_eq!(cheapest.metrics.cents, 150_00);
    /// ```
    #[must_use]
    pub fn best(&self, from: NodeIdx, to: NodeIdx, criterion: Criterion, constraints: &Constraints) -> Option<Route> {
        if from == to {
            return None;
        }
        let graph = &self.graph;
        let network = self.network;
        let start = graph.start_state(from);
        let mut key: Vec<Option<Key>> = vec![None; graph.state_count()];
        let mut pred: Vec<Option<(StateIdx, LinkIdx)>> = vec![None; graph.state_count()];
        let mut done = vec![false; graph.state_count()];
        let mut heap = BinaryHeap::new();
        key[start] = Some([0; 3]);
        heap.push(Reverse(([0u64; 3], start)));
        while let Some(Reverse((k, s))) = heap.pop() {
            if done[s] {
                continue;
            }
            done[s] = true;
            if graph.state(s).node == to {
                return Some(self.trace(from, s, &pred));
            }
            for edge in graph.edges(s) {
                if done[edge.to] || !constraints.allows(network, edge.link) {
                    continue;
                }
                let next = add_keys(k, criterion.key(&self.step_metrics(s, edge.link)));
                if key[edge.to].is_none_or(|old| next < old) {
                    key[edge.to] = Some(next);
                    pred[edge.to] = Some((s, edge.link));
                    heap.push(Reverse((next, edge.to)));
                }
            }
        }
        None
    }

    /// Walks the predecessor links back from `end` to the origin.
    fn trace(&self, origin: NodeIdx, end: StateIdx, pred: &[Option<(StateIdx, LinkIdx)>]) -> Route {
        let mut links = Vec::new();
        let mut s = end;
        while let Some((p, link)) = pred[s] {
            links.push((p, link, s));
            s = p;
        }
        links.reverse();
        let mut metrics = crate::units::Metrics::default();
        let steps = links
            .into_iter()
            .map(|(from, link, to)| {
                let m = self.step_metrics(from, link);
                metrics += m;
                Step { from, link, to, metrics: m }
            })
            .collect();
        Route { origin, steps, metrics }
    }
}
