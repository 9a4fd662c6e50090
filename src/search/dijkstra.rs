//! The least-key search on the layered search space: Dijkstra's algorithm, or A* with a
//! great-circle lower bound when the criterion has one, with lexicographic integer keys,
//! optional blocked vertices and moves (for spur searches), deterministic tie-breaking, and a
//! reusable per-thread workspace so that a search costs what it explores, not the graph's size.

use super::constraints::{Hop, Space, Vertex};
use super::{Criterion, Key, Planner, add_keys};
use crate::network::LinkIdx;
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Vertices and moves a search may not use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Blocked {
    /// Vertices that may not be entered.
    pub(crate) vertices: Vec<Vertex>,
    /// Moves (from vertex, link) that may not be taken, sorted.
    pub(crate) hops: Vec<(Vertex, LinkIdx)>,
}

impl Blocked {
    pub(crate) fn none() -> Blocked {
        Blocked::default()
    }

    fn hop(&self, v: Vertex, link: LinkIdx) -> bool {
        match (self.hops.first(), self.hops.last()) {
            (Some(first), Some(last)) if first.0 <= v && v <= last.0 => {
                self.hops.binary_search(&(v, link)).is_ok()
            }
            _ => false,
        }
    }
}

/// No predecessor.
const NONE: u32 = u32::MAX;

/// Per-vertex arrays of one search, reused by the next search on the same thread. A vertex's
/// entries are valid only when its `seen` stamp is the current one, so starting a search is
/// O(1) instead of O(vertices).
#[derive(Debug, Default)]
pub(crate) struct Workspace {
    stamp: u32,
    seen: Vec<u32>,
    done: Vec<u32>,
    blocked: Vec<u32>,
    /// Best key found so far.
    g: Vec<Key>,
    /// Lower bound of the first key component still to come.
    h: Vec<u64>,
    /// Predecessor vertex and the position of the link taken in `StateGraph::out_links`.
    pred: Vec<(u32, u32)>,
    heap: BinaryHeap<Reverse<(Key, u32)>>,
}

impl Workspace {
    /// Starts a search on `n` vertices.
    fn begin(&mut self, n: usize) {
        if self.seen.len() < n {
            self.seen.resize(n, 0);
            self.done.resize(n, 0);
            self.blocked.resize(n, 0);
            self.g.resize(n, [0; 3]);
            self.h.resize(n, 0);
            self.pred.resize(n, (NONE, NONE));
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.fill(0);
            self.done.fill(0);
            self.blocked.fill(0);
            self.stamp = 1;
        }
        self.heap.clear();
    }

    fn f(&self, v: usize) -> Key {
        let g = self.g[v];
        [g[0].saturating_add(self.h[v]), g[1], g[2]]
    }
}

thread_local! {
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace::default());
}

/// Runs `f` with this thread's workspace.
pub(crate) fn with_workspace<T>(f: impl FnOnce(&mut Workspace) -> T) -> T {
    WORKSPACE.with(|ws| match ws.try_borrow_mut() {
        Ok(mut ws) => f(&mut ws),
        // Only reachable if a search started another on the same thread.
        Err(_) => f(&mut Workspace::default()),
    })
}

/// The lower bound per geodesic km of the criterion's first key component, 0 when it has none.
fn rate_per_km(planner: &Planner<'_>, criterion: Criterion) -> f64 {
    let per_km = planner.graph().per_km();
    match criterion {
        Criterion::Time => per_km.seconds,
        Criterion::Cost => per_km.cents,
        Criterion::Co2 => per_km.co2_grams,
        Criterion::Transfers => 0.0,
        Criterion::Balanced {
            value_of_time_cents_per_day,
            ..
        } => {
            per_km.cents * super::SECONDS_PER_DAY as f64
                + per_km.seconds * value_of_time_cents_per_day as f64
        }
    }
}

/// The least-key path from `start` to a target vertex, with its key.
///
/// Every step weight is non-negative, so the optimal walk is a simple path. The answer is the
/// one plain Dijkstra gives when it settles vertices in (key, index) order and keeps the first
/// predecessor that reaches a vertex's final key: among equal-key paths, the one whose last
/// vertex before each step is settled first. A* (with the great-circle bound, which is
/// consistent) explores fewer vertices; it finishes every vertex that could still tie before
/// it picks the target and rebuilds the path by that same rule, so both give the same path.
///
/// O((V + E) log V) time in the worst case, O(V) memory reused across searches on a thread.
pub(crate) fn shortest(
    planner: &Planner<'_>,
    space: &Space<'_>,
    criterion: Criterion,
    start: Vertex,
    blocked: &Blocked,
) -> Option<(Key, Vec<Hop>)> {
    with_workspace(|ws| search(ws, planner, space, criterion, start, blocked))
}

fn search(
    ws: &mut Workspace,
    planner: &Planner<'_>,
    space: &Space<'_>,
    criterion: Criterion,
    start: Vertex,
    blocked: &Blocked,
) -> Option<(Key, Vec<Hop>)> {
    let graph = planner.graph();
    ws.begin(space.vertex_count());
    let stamp = ws.stamp;
    for &v in &blocked.vertices {
        ws.blocked[v] = stamp;
    }
    let rate = rate_per_km(planner, criterion);
    let to = space.destination();
    let bound = |v: Vertex| -> u64 {
        if rate > 0.0 {
            (rate * graph.node_distance_km(graph.node_of(space.state(v)), to)) as u64
        } else {
            0
        }
    };
    ws.seen[start] = stamp;
    ws.g[start] = [0; 3];
    ws.h[start] = bound(start);
    ws.pred[start] = (NONE, NONE);
    ws.heap.push(Reverse((ws.f(start), start as u32)));
    let mut found: Option<(Key, usize)> = None;
    while let Some(Reverse((f, v))) = ws.heap.pop() {
        let v = v as usize;
        if let Some((best, _)) = found
            && (rate == 0.0 || f > best)
        {
            break;
        }
        if ws.done[v] == stamp || f != ws.f(v) {
            continue;
        }
        ws.done[v] = stamp;
        let g = ws.g[v];
        if space.is_target(v) && v != start {
            if found.is_none_or(|best| (g, v) < best) {
                found = Some((g, v));
            }
            continue;
        }
        let from_state = space.state(v);
        space.for_each_hop(v, |position, link, next| {
            if ws.blocked[next] == stamp || blocked.hop(v, link) {
                return;
            }
            let key = add_keys(g, criterion.key(&graph.step_at(from_state, position)));
            let position = position as u32;
            if ws.seen[next] != stamp {
                ws.seen[next] = stamp;
                ws.g[next] = key;
                ws.h[next] = bound(next);
                ws.pred[next] = (v as u32, position);
            } else if key < ws.g[next] {
                // A strictly better key; reopens `next` if the bound was not consistent.
                ws.g[next] = key;
                ws.pred[next] = (v as u32, position);
                ws.done[next] = 0;
            } else {
                // A tie: keep the predecessor that plain Dijkstra would have settled first,
                // (key, index) order, and that was settled before `next` itself.
                let (p, p_position) = ws.pred[next];
                if key == ws.g[next]
                    && (g, v) < (ws.g[next], next)
                    && p != NONE
                    && (g, v as u32, position) < (ws.g[p as usize], p, p_position)
                {
                    ws.pred[next] = (v as u32, position);
                }
                return;
            }
            ws.heap.push(Reverse((ws.f(next), next as u32)));
        });
    }
    let (key, target) = found?;
    let mut path = Vec::new();
    let mut at = target;
    while at != start {
        let (p, position) = ws.pred[at];
        path.push(Hop {
            from: p as usize,
            link: graph.out_link(position as usize),
            to: at,
        });
        at = p as usize;
    }
    path.reverse();
    Some((key, path))
}

/// The least key from `start` to every state (`None` where unreachable), by plain Dijkstra
/// over the whole state graph without constraints. O((S + E) log S).
pub(crate) fn all_states(
    planner: &Planner<'_>,
    criterion: Criterion,
    start: usize,
) -> Vec<Option<Key>> {
    let graph = planner.graph();
    with_workspace(|ws| {
        ws.begin(graph.state_count());
        let stamp = ws.stamp;
        ws.seen[start] = stamp;
        ws.g[start] = [0; 3];
        ws.heap.push(Reverse(([0; 3], start as u32)));
        while let Some(Reverse((g, v))) = ws.heap.pop() {
            let v = v as usize;
            if ws.done[v] == stamp || g != ws.g[v] {
                continue;
            }
            ws.done[v] = stamp;
            for position in graph.out_range(graph.node_of(v)) {
                let next = graph.cost_at(position).to_state as usize;
                let key = add_keys(g, criterion.key(&graph.step_at(v, position)));
                if ws.seen[next] != stamp || key < ws.g[next] {
                    ws.seen[next] = stamp;
                    ws.g[next] = key;
                    ws.heap.push(Reverse((key, next as u32)));
                }
            }
        }
        (0..graph.state_count())
            .map(|s| (ws.seen[s] == stamp).then(|| ws.g[s]))
            .collect()
    })
}
