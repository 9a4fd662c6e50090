//! Dijkstra's algorithm on the layered search space, with lexicographic integer keys, optional
//! blocked vertices and moves (for spur searches), and deterministic tie-breaking.

use super::constraints::{Hop, Space, Vertex};
use super::{Criterion, Key, Planner, add_keys};
use crate::network::LinkIdx;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Vertices and moves a search may not use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Blocked {
    /// Indexed by vertex; empty means none blocked.
    pub(crate) vertices: Vec<bool>,
    /// Moves (from vertex, link) that may not be taken, sorted.
    pub(crate) hops: Vec<(Vertex, LinkIdx)>,
}

impl Blocked {
    pub(crate) fn none() -> Blocked {
        Blocked::default()
    }

    fn vertex(&self, v: Vertex) -> bool {
        self.vertices.get(v).copied().unwrap_or(false)
    }

    fn hop(&self, v: Vertex, link: LinkIdx) -> bool {
        !self.hops.is_empty() && self.hops.binary_search(&(v, link)).is_ok()
    }
}

/// The least-key path from `start` to a target vertex, with its key.
///
/// Every step weight is non-negative, so the optimal walk is a simple path. Equal keys are
/// broken by the lower vertex index, so the answer is the same on every run.
/// O((V + E) log V) time, O(V) memory.
pub(crate) fn shortest(
    planner: &Planner<'_>,
    space: &Space<'_>,
    criterion: Criterion,
    start: Vertex,
    blocked: &Blocked,
) -> Option<(Key, Vec<Hop>)> {
    let n = space.vertex_count();
    let mut key: Vec<Option<Key>> = vec![None; n];
    let mut pred: Vec<Option<Hop>> = vec![None; n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    key[start] = Some([0; 3]);
    heap.push(Reverse(([0u64; 3], start)));
    while let Some(Reverse((k, v))) = heap.pop() {
        if done[v] {
            continue;
        }
        done[v] = true;
        if space.is_target(v) && v != start {
            let mut path = Vec::new();
            let mut at = v;
            while let Some(hop) = pred[at] {
                path.push(hop);
                at = hop.from;
            }
            path.reverse();
            return Some((k, path));
        }
        let from_state = space.state(v);
        space.for_each_hop(v, |hop| {
            if done[hop.to] || blocked.vertex(hop.to) || blocked.hop(v, hop.link) {
                return;
            }
            let next = add_keys(
                k,
                criterion.key(&planner.step_metrics(from_state, hop.link)),
            );
            if key[hop.to].is_none_or(|old| next < old) {
                key[hop.to] = Some(next);
                pred[hop.to] = Some(hop);
                heap.push(Reverse((next, hop.to)));
            }
        });
    }
    None
}
