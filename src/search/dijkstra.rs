//! The least-key search on the layered search space: Dijkstra's algorithm, or A* with a
//! great-circle lower bound when the criterion has one, with lexicographic integer keys,
//! optional blocked vertices and moves (for spur searches), deterministic tie-breaking, and a
//! reusable per-thread workspace so that a search costs what it explores, not the graph's size.

use super::constraints::{Departure, Hop, Space, Vertex};
use super::landmarks::Landmarks;
use super::weights::{Packed, Record, Settled, StepWeights, Wide};
use super::{Criterion, Key, Planner};
use crate::network::LinkIdx;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Vertices, moves and departures a search may not use (for spur searches).
#[derive(Debug, Clone, Default)]
pub(crate) struct Blocked {
    /// Vertices that may not be entered.
    pub(crate) vertices: Vec<Vertex>,
    /// Moves (from vertex, link) that may not be taken, sorted.
    pub(crate) hops: Vec<(Vertex, LinkIdx)>,
    /// Departures (node, layer reached, link class) that may not be made, sorted.
    pub(crate) departures: Vec<Departure>,
    /// Vertices whose moves are exempt from `departures`, sorted.
    pub(crate) exempt: Vec<Vertex>,
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

    fn departure(&self, v: Vertex, departure: Departure) -> bool {
        self.departures.binary_search(&departure).is_ok() && self.exempt.binary_search(&v).is_err()
    }
}

/// No predecessor.
const NONE: u32 = u32::MAX;

/// Per-vertex arrays of one search, reused by the next search on the same thread. A vertex's
/// entries are valid only when its `seen` stamp is the current one, so starting a search is
/// O(1) instead of O(vertices).
#[derive(Debug, Default)]
pub(crate) struct Workspace<K> {
    stamp: u32,
    seen: Vec<u32>,
    done: Vec<u32>,
    blocked: Vec<u32>,
    /// Vertices some of whose departures are blocked.
    departs: Vec<u32>,
    /// Best key found so far.
    g: Vec<K>,
    /// Lower bound of the first key component still to come.
    h: Vec<u64>,
    /// Predecessor vertex and the position of the link taken in `StateGraph::out_links`.
    pred: Vec<(u32, u32)>,
    heap: BinaryHeap<Reverse<(K, u32)>>,
}

impl<K: Copy + Default> Workspace<K> {
    /// Starts a search on `n` vertices.
    fn begin(&mut self, n: usize) {
        if self.seen.len() < n {
            self.seen.resize(n, 0);
            self.done.resize(n, 0);
            self.blocked.resize(n, 0);
            self.departs.resize(n, 0);
            self.g.resize(n, K::default());
            self.h.resize(n, 0);
            self.pred.resize(n, (NONE, NONE));
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.fill(0);
            self.done.fill(0);
            self.blocked.fill(0);
            self.departs.fill(0);
            self.stamp = 1;
        }
        self.heap.clear();
    }
}

/// The lower bound per chord km of the criterion's first key component, 0 when it has none.
pub(crate) fn rate_per_km(planner: &Planner<'_>, criterion: Criterion) -> f64 {
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

/// The largest A* bound a search with `rate` per km can add: the rate times the Earth's
/// diameter, rounded up.
pub(crate) fn rate_bound(rate: f64) -> u64 {
    (rate * 12_743.0).ceil() as u64
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
    let rate = rate_per_km(planner, criterion);
    let graph = planner.graph();
    let bounds = Bounds {
        rate,
        landmarks: planner.landmarks(criterion),
    };
    if let Some(table) = planner.packed(criterion, space.vertex_count(), rate_bound(rate)) {
        let weights = Packed { graph, table };
        return Packed::with_workspace(|ws| {
            search(ws, &weights, planner, space, &bounds, start, blocked)
        });
    }
    let weights = Wide { graph, criterion };
    Wide::with_workspace(|ws| search(ws, &weights, planner, space, &bounds, start, blocked))
}

/// The lower bounds an A* search combines: the criterion's rate per chord km, and the
/// landmarks of large networks.
struct Bounds<'p> {
    rate: f64,
    landmarks: Option<&'p Landmarks>,
}

fn search<W: StepWeights>(
    ws: &mut Workspace<W::Key>,
    weights: &W,
    planner: &Planner<'_>,
    space: &Space<'_>,
    bounds: &Bounds<'_>,
    start: Vertex,
    blocked: &Blocked,
) -> Option<(Key, Vec<Hop>)> {
    let graph = planner.graph();
    ws.begin(space.vertex_count());
    let stamp = ws.stamp;
    for &v in &blocked.vertices {
        ws.blocked[v] = stamp;
    }
    for d in &blocked.departures {
        for v in space.vertices_departing_into(d.node as usize, d.layer as usize) {
            ws.departs[v] = stamp;
        }
    }
    let to = space.destination();
    let rate = bounds.rate;
    let to_targets = bounds
        .landmarks
        .map(|l| l.to_targets(graph.arrival_states(to)));
    let informed = rate > 0.0 || to_targets.is_some();
    let bound = |v: Vertex| -> u64 {
        let state = space.state(v);
        let chord = if rate > 0.0 {
            (rate * graph.node_chord_km(graph.node_of(state), to)) as u64
        } else {
            0
        };
        match (bounds.landmarks, &to_targets) {
            (Some(landmarks), Some(targets)) => chord.max(landmarks.bound(state, targets)),
            _ => chord,
        }
    };
    let f = |ws: &Workspace<W::Key>, v: usize| weights.add_primary(ws.g[v], ws.h[v]);
    ws.seen[start] = stamp;
    ws.g[start] = W::Key::default();
    ws.h[start] = bound(start);
    ws.pred[start] = (NONE, NONE);
    let f_start = f(ws, start);
    ws.heap.push(Reverse((f_start, start as u32)));
    let mut found: Option<(W::Key, usize)> = None;
    while let Some(Reverse((f_v, v))) = ws.heap.pop() {
        let v = v as usize;
        if let Some((best, _)) = found
            && (!informed || f_v > best)
        {
            break;
        }
        if ws.done[v] == stamp || f_v != f(ws, v) {
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
        let check_departures = ws.departs[v] == stamp;
        let from_node = graph.node_of(from_state) as u32;
        space.for_each_hop(v, |position, link, next| {
            if ws.blocked[next] == stamp || blocked.hop(v, link) {
                return;
            }
            if check_departures {
                let departure = Departure {
                    node: from_node,
                    layer: space.layer(next) as u32,
                    class: graph.cost_at(position).class,
                };
                if blocked.departure(v, departure) {
                    return;
                }
            }
            let key = W::add(g, weights.step(from_state, position));
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
            let f_next = f(ws, next);
            ws.heap.push(Reverse((f_next, next as u32)));
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
    Some((weights.unpack(key), path))
}

/// The least keys of every arrival state from the start state of `from`, without
/// constraints. With the packed keys, Dial's algorithm or a radix heap over the compiled steps
/// ([`PackedTable::settle_all`]); otherwise Dijkstra with a binary heap on the wide keys,
/// O((S + E) log S).
pub(crate) fn all_arrivals(planner: &Planner<'_>, criterion: Criterion, from: usize) -> Arrivals {
    let graph = planner.graph();
    if let Some(table) = planner.packed(criterion, graph.state_count(), 0) {
        return Arrivals::Packed(table.settle_all(graph, from));
    }
    let states = all_states(planner, criterion, graph.start_state(from), &mut ());
    Arrivals::Wide(states[graph.node_count()..].to_vec())
}

/// [`all_arrivals`], telling `record` of every step that improves or ties a state's key (see
/// [`Record`]).
pub(crate) fn all_arrivals_recording<R: Record>(
    planner: &Planner<'_>,
    criterion: Criterion,
    from: usize,
    record: &mut R,
) -> Arrivals {
    let graph = planner.graph();
    if let Some(table) = planner.packed(criterion, graph.state_count(), 0) {
        return Arrivals::Packed(table.settle_all_recording(graph, from, record));
    }
    let mut states = all_states(planner, criterion, graph.start_state(from), record);
    Arrivals::Wide(states.split_off(graph.node_count()))
}

/// The least key of every arrival state (indexed from 0 = the first arrival state).
#[derive(Debug)]
pub(crate) enum Arrivals {
    /// Packed keys from the compiled steps.
    Packed(Settled),
    /// Wide keys.
    Wide(Vec<Option<Key>>),
}

impl Arrivals {
    /// The least key over the arrival states `range`, `None` if none was reached.
    pub(crate) fn least(&self, range: std::ops::Range<usize>) -> Option<Key> {
        match self {
            Arrivals::Packed(settled) => settled.least(range),
            Arrivals::Wide(keys) => keys[range].iter().flatten().min().copied(),
        }
    }

    /// The first arrival state of `range` with the least key, and that key; `None` if none
    /// was reached.
    pub(crate) fn least_at(&self, range: std::ops::Range<usize>) -> Option<(usize, Key)> {
        match self {
            Arrivals::Packed(settled) => settled.least_at(range),
            Arrivals::Wide(keys) => {
                let mut best: Option<(usize, Key)> = None;
                for a in range {
                    if let Some(k) = keys[a]
                        && best.is_none_or(|(_, b)| k < b)
                    {
                        best = Some((a, k));
                    }
                }
                best
            }
        }
    }
}

/// The least wide key from `start` (a start state) to every state (`None` where
/// unreachable), by Dijkstra with a binary heap over the whole state graph without
/// constraints, telling `record` of every step that improves or ties a key. O((S + E) log S).
fn all_states<R: Record>(
    planner: &Planner<'_>,
    criterion: Criterion,
    start: usize,
    record: &mut R,
) -> Vec<Option<Key>> {
    let graph = planner.graph();
    let states = graph.state_count();
    let nodes = graph.node_count();
    // A state as `Record` names it: 0 for the start state, `a + 1` for arrival state `a`.
    let rank = |v: usize| if v < nodes { 0 } else { (v - nodes + 1) as u32 };
    let weights = Wide { graph, criterion };
    let mut best: Vec<Option<Key>> = vec![None; states];
    let mut heap = BinaryHeap::new();
    best[start] = Some([0; 3]);
    heap.push(Reverse(([0; 3], start as u32)));
    while let Some(Reverse((g, v))) = heap.pop() {
        let v = v as usize;
        // Keys only ever improve strictly, so an entry is current exactly when it equals the
        // best key: each state is expanded once.
        if best[v] != Some(g) {
            continue;
        }
        let out = graph.out_range(graph.node_of(v));
        for position in out.clone() {
            let next = graph.cost_at(position).to_state as usize;
            let key = Wide::add(g, weights.step(v, position));
            let (to, offset) = ((next - nodes) as u32, (position - out.start) as u32);
            if best[next].is_none_or(|b| key < b) {
                best[next] = Some(key);
                record.improved(to, rank(v), offset);
                heap.push(Reverse((key, next as u32)));
            } else if R::ACTIVE && best[next] == Some(key) {
                let key_of = |r: u32| match r {
                    0 => [0; 3],
                    r => best[nodes + r as usize - 1].unwrap_or([u64::MAX; 3]),
                };
                record.tied(to, rank(v), offset, g, key_of);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::generate_network;
    use crate::search::Constraints;
    use crate::search::weights::{PackedTable, Word};
    use proptest::prelude::*;

    const CRITERIA: [Criterion; 4] = [
        Criterion::Time,
        Criterion::Cost,
        Criterion::Transfers,
        Criterion::Co2,
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// The packed keys change only the speed: Dial's buckets, the radix heap and the wide
        /// keys with a binary heap give every state the same least key, and the packed and the
        /// wide one-to-one searches the same key and the same path, ties included.
        #[test]
        fn packed_and_wide_searches_agree(seed in 0u64..100_000, nodes in 10usize..300, c in 0usize..4) {
            let net = generate_network(nodes, seed);
            let planner = Planner::new(&net);
            let graph = planner.graph();
            let criterion = CRITERIA[c];
            let origin = (seed as usize * 7) % nodes;
            let table = PackedTable::new(graph, criterion, graph.state_count() as u128 * 8, 1 << 40)
                .expect("synthetic figures fit");
            let wide = all_states(&planner, criterion, origin, &mut ());
            let radix = table.settle_all_radix(graph, origin, &mut ());
            let shifts = table.shifts();
            let dial = table.bucket_width().map(|(width_log, span)| {
                table
                    .settle_all_dial::<u128, ()>(graph, origin, width_log, span, (shifts.0, shifts.1, u64::MAX), &mut ())
                    .expect("u128 keys never overflow")
            });
            // The u64 packing, and the same forced to give up at a small primary.
            let narrow = |limit: u64| {
                let (width_log, span) = table.bucket_width()?;
                let n = table.narrow()?;
                let packing = (n.shift0, n.shift1, n.max_primary.min(limit));
                table.settle_all_dial::<u64, ()>(graph, origin, width_log, span, packing, &mut ()).map(|k| (k, n))
            };
            // Every criterion but transfers has a positive primary on every step.
            prop_assert_eq!(dial.is_some(), criterion != Criterion::Transfers);
            // The u64 packing needs buckets; time's figures always leave it room.
            prop_assert!(narrow(u64::MAX).is_none() || dial.is_some());
            if criterion == Criterion::Time {
                prop_assert!(narrow(u64::MAX).is_some());
            }
            prop_assert!(narrow(10).is_none() || wide.iter().flatten().all(|k| k[0] <= 10));
            let narrow_keys = narrow(u64::MAX);
            for (a, &expected) in wide[nodes..].iter().enumerate() {
                let unpack = |k: u128| (k != u128::MAX).then(|| table.unpack(k));
                prop_assert_eq!(unpack(radix[a]), expected);
                if let Some(dial) = &dial {
                    prop_assert_eq!(unpack(dial[a]), expected);
                }
                if let Some((keys, n)) = &narrow_keys {
                    let got = (keys[a] != u64::MAX).then(|| keys[a].unpack(n.shift0, n.shift1));
                    prop_assert_eq!(got, expected);
                }
            }
            let none = Constraints::default();
            let landmarks = Landmarks::new(graph, &table, 1 + (seed % 6) as usize);
            for to in (0..nodes).step_by(nodes / 7 + 1) {
                let space = Space::new(&planner, origin, to, &none);
                let bounds = Bounds { rate: rate_per_km(&planner, criterion), landmarks: None };
                let with_landmarks = Bounds { landmarks: Some(&landmarks), ..bounds };
                let packed = Packed { graph, table: &table };
                let wide_weights = Wide { graph, criterion };
                let run = |bounds: &Bounds<'_>, packed_keys: bool| {
                    if packed_keys {
                        Packed::with_workspace(|ws| {
                            search(ws, &packed, &planner, &space, bounds, space.start(), &Blocked::none())
                        })
                    } else {
                        Wide::with_workspace(|ws| {
                            search(ws, &wide_weights, &planner, &space, bounds, space.start(), &Blocked::none())
                        })
                    }
                };
                let plain = run(&bounds, true);
                prop_assert_eq!(&plain, &run(&bounds, false));
                // Landmark bounds change what is explored, never the route.
                prop_assert_eq!(&plain, &run(&with_landmarks, true));
                prop_assert_eq!(&plain, &run(&with_landmarks, false));
            }
        }
    }
}
