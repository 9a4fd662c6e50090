//! Landmark lower bounds for A* (the ALT technique: A*, landmarks, triangle inequality). A
//! few nodes far apart are chosen once per network and criterion, and the least primary key
//! from each to every arrival state is stored; then for any state v and destination t,
//! d(landmark, t) − d(landmark, v) never exceeds d(v, t). The bound is exact integer
//! arithmetic and consistent, so A* with it returns the same route as plain Dijkstra, and on
//! large networks it settles far fewer states than the great-circle bound alone.

use super::weights::{PackedTable, Settled};
use crate::graph::{StateGraph, StateIdx};
use crate::network::NodeIdx;

/// Stored distance meaning "unknown": not reached, or too large for 32 bits.
const UNKNOWN: u32 = u32::MAX;

/// Least primary keys from a few landmark nodes to every arrival state.
#[derive(Debug, Clone)]
pub(crate) struct Landmarks {
    count: usize,
    nodes: usize,
    /// `distance[a * count + l]`: from landmark `l`'s start state to arrival state `a`.
    distance: Vec<u32>,
}

impl Landmarks {
    /// Chooses `count` landmarks by farthest-point traversal on chord distance (from the node
    /// farthest from node 0; ties to the lower index) and runs one one-to-all search from each,
    /// on as many threads as there are cores. O(count · (nodes + one-to-all)).
    pub(crate) fn new(graph: &StateGraph, table: &PackedTable, count: usize) -> Landmarks {
        let n = graph.node_count();
        let mut chosen: Vec<NodeIdx> = Vec::new();
        if n > 0 {
            let mut nearest = vec![f64::INFINITY; n];
            let far = |from: NodeIdx, nearest: &mut [f64]| {
                let mut best = (f64::NEG_INFINITY, 0);
                for (node, slot) in nearest.iter_mut().enumerate() {
                    *slot = slot.min(graph.node_chord_km(from, node));
                    if *slot > best.0 {
                        best = (*slot, node);
                    }
                }
                best.1
            };
            let mut next = far(0, &mut vec![f64::INFINITY; n]);
            while chosen.len() < count.min(n) {
                chosen.push(next);
                next = far(next, &mut nearest);
            }
        }
        // On plain scoped threads, not rayon: this runs inside a `OnceLock` initialiser, and a
        // rayon worker waiting here could pick up another query of the same planner that
        // needs these landmarks, and wait on itself.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let per_thread = chosen.len().div_ceil(threads.max(1)).max(1);
        let rows: Vec<Settled> = std::thread::scope(|scope| {
            let handles: Vec<_> = chosen
                .chunks(per_thread)
                .map(|nodes| {
                    scope.spawn(move || {
                        nodes
                            .iter()
                            .map(|&node| table.settle_all(graph, node))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let arrivals = graph.state_count() - n;
        let count = rows.len();
        let mut distance = vec![UNKNOWN; arrivals * count];
        for (l, row) in rows.iter().enumerate() {
            for a in 0..arrivals {
                if let Some(key) = row.least(a..a + 1) {
                    distance[a * count + l] = u32::try_from(key[0]).unwrap_or(UNKNOWN);
                }
            }
        }
        Landmarks {
            count,
            nodes: n,
            distance,
        }
    }

    /// Per landmark, the least distance to any of `targets` (arrival states), `UNKNOWN` where
    /// none is known: computed once per query.
    pub(crate) fn to_targets(&self, targets: std::ops::Range<StateIdx>) -> Vec<u32> {
        (0..self.count)
            .map(|l| {
                targets
                    .clone()
                    .map(|t| self.distance[(t - self.nodes) * self.count + l])
                    .min()
                    .unwrap_or(UNKNOWN)
            })
            .collect()
    }

    /// A lower bound on the primary key from `state` to the targets that
    /// [`Landmarks::to_targets`] summarised: the largest d(l, targets) − d(l, state). A start
    /// state has no stored distances and gets 0.
    #[inline]
    pub(crate) fn bound(&self, state: StateIdx, to_targets: &[u32]) -> u64 {
        let Some(a) = state.checked_sub(self.nodes) else {
            return 0;
        };
        let row = &self.distance[a * self.count..(a + 1) * self.count];
        let mut best = 0;
        for (&here, &there) in row.iter().zip(to_targets) {
            if here != UNKNOWN && there != UNKNOWN && there > here {
                best = best.max(there - here);
            }
        }
        u64::from(best)
    }
}
