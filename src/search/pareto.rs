//! Every Pareto-optimal route over (hours, cost, transfers), optionally with CO2: a
//! multi-objective label-setting search (Martins' algorithm) on the state graph.

use super::constraints::{Hop, Space};
use super::{Constraints, Planner, Route};
use crate::network::NodeIdx;
use crate::units::Metrics;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Which totals the Pareto front is taken over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objectives {
    /// Hours, cost and transfers.
    TimeCostTransfers,
    /// Hours, cost, transfers and CO2.
    WithCo2,
}

impl Objectives {
    fn vector(self, m: &Metrics) -> [u64; 4] {
        match self {
            Objectives::TimeCostTransfers => [m.seconds, m.cents, m.transfers, 0],
            Objectives::WithCo2 => [m.seconds, m.cents, m.transfers, m.co2_grams],
        }
    }
}

/// The answer of a Pareto search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pareto {
    /// One route per distinct Pareto-optimal vector, sorted by hours, then cost, transfers, CO2.
    pub routes: Vec<Route>,
    /// Labels created during the search (a measure of its work).
    pub labels_created: usize,
    /// Labels made permanent.
    pub labels_settled: usize,
    /// Whether the search stopped at its label limit ([`Planner::pareto_within`]): `routes`
    /// is then empty, as a partial front would not be exact.
    pub truncated: bool,
}

/// `a` dominates or equals `b`: no worse in every objective.
fn covers(a: &[u64; 4], b: &[u64; 4]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y)
}

struct Label {
    vector: [u64; 4],
    metrics: Metrics,
    hop: Option<Hop>,
    parent: usize,
}

impl Planner<'_> {
    /// Every Pareto-optimal route from `from` to `to`, one per distinct objective vector.
    ///
    /// Martins' label-setting algorithm: labels are settled in lexicographic order of their
    /// vectors, so a settled label can never be dominated later; a label is dropped when a
    /// settled label at the same state, or a route already found, covers it (dominates or
    /// equals it). `avoid` constraints remove links; `max_transfers` and `max_days` prune labels
    /// (exact, as totals only grow); with `via` the search runs on the layered space (state ×
    /// segment).
    ///
    /// Every label is a walk, and every Pareto-optimal walk is a route: a walk that arrives
    /// twice at a node in one class within a segment revisits a vertex, and one that departs
    /// twice from a node in one class within a segment can leave at once by the second
    /// departure's link; either way cutting out the stretch between gives a walk that is
    /// strictly faster and no worse in anything else, which dominates it.
    ///
    /// # Complexity
    /// O(P · E · P) in the worst case for P labels per state; small on real networks (the
    /// bundled network settles a few thousand labels).
    ///
    /// # Example
    /// ```
    /// # use corridor::network::load_bundled;
    /// # use corridor::search::{Constraints, Objectives, Planner};
    /// let net = load_bundled().unwrap().network;
    /// let planner = Planner::new(&net);
    /// let (from, to) = (net.resolve("Almaty").unwrap(), net.resolve("Bucharest").unwrap());
    /// let front = planner.pareto(from, to, Objectives::TimeCostTransfers, &Constraints::default());
    /// assert!(front.routes.len() >= 2);
    /// // Sorted by hours: the first is the fastest, and costs fall as hours rise.
    /// assert!(front.routes[0].metrics.seconds <= front.routes[1].metrics.seconds);
    /// ```
    #[must_use]
    pub fn pareto(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        objectives: Objectives,
        constraints: &Constraints,
    ) -> Pareto {
        self.pareto_within(from, to, objectives, constraints, usize::MAX)
    }

    /// [`Planner::pareto`], giving up (with `truncated` set and no routes) once it has created
    /// `max_labels` labels: on large networks between distant places the exact front can hold
    /// millions of labels, and an interactive report would rather show the extremes at once.
    #[must_use]
    pub fn pareto_within(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        objectives: Objectives,
        constraints: &Constraints,
        max_labels: usize,
    ) -> Pareto {
        let mut out = Pareto {
            routes: Vec::new(),
            labels_created: 0,
            labels_settled: 0,
            truncated: false,
        };
        let space = Space::new(self, from, to, constraints);
        if space.is_infeasible() {
            return out;
        }
        // Settled label ids per vertex.
        let mut settled: Vec<Vec<usize>> = vec![Vec::new(); space.vertex_count()];
        let mut front: Vec<usize> = Vec::new();
        let start = space.start();
        let mut labels: Vec<Label> = vec![Label {
            vector: [0; 4],
            metrics: Metrics::default(),
            hop: None,
            parent: 0,
        }];
        let mut heap = BinaryHeap::new();
        heap.push(Reverse(([0u64; 4], 0usize, start)));
        out.labels_created = 1;
        let pruned = |labels: &[Label], settled: &[usize], vector: &[u64; 4]| {
            settled.iter().any(|&s| covers(&labels[s].vector, vector))
        };
        while let Some(Reverse((vector, id, v))) = heap.pop() {
            if out.labels_created >= max_labels {
                out.truncated = true;
                return out;
            }
            if pruned(&labels, &settled[v], &vector) {
                continue;
            }
            if front.iter().any(|&f| covers(&labels[f].vector, &vector)) {
                continue;
            }
            settled[v].push(id);
            out.labels_settled += 1;
            if space.is_target(v) && id != 0 {
                front.push(id);
                continue;
            }
            let state = space.state(v);
            let metrics = labels[id].metrics;
            let mut new: Vec<Label> = Vec::new();
            space.for_each_hop(v, |_, link, to| {
                let hop = Hop { from: v, link, to };
                let m = metrics + self.step_metrics(state, hop.link);
                if !constraints.within_limits(&m) {
                    return;
                }
                let vec = objectives.vector(&m);
                if pruned(&labels, &settled[to], &vec)
                    || front.iter().any(|&f| covers(&labels[f].vector, &vec))
                {
                    return;
                }
                new.push(Label {
                    vector: vec,
                    metrics: m,
                    hop: Some(hop),
                    parent: id,
                });
            });
            for label in new {
                out.labels_created += 1;
                let key = (
                    label.vector,
                    labels.len(),
                    label.hop.map_or(start, |h| h.to),
                );
                labels.push(label);
                heap.push(Reverse(key));
            }
        }
        let mut routes: Vec<Route> = front
            .into_iter()
            .map(|mut id| {
                let mut path = Vec::new();
                while let Some(hop) = labels[id].hop {
                    path.push(hop);
                    id = labels[id].parent;
                }
                path.reverse();
                space.route(self, &path)
            })
            .collect();
        routes.sort_by_key(|r| (objectives.vector(&r.metrics), r.links().collect::<Vec<_>>()));
        out.routes = routes;
        out
    }
}
