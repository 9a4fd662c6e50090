//! The route tree of one one-to-all search: besides every arrival state's least key, the step
//! each state is best reached by, chosen by the same tie-break as the one-to-one search, so
//! that the route to any node read off the tree is exactly the route [`Planner::best`] gives
//! without constraints. One search per origin then answers a whole row of a travel-time and
//! cost matrix.

use super::dijkstra::{self, Arrivals};
use super::weights::Record;
use super::{Criterion, Key, Planner, Route, Step};
use crate::graph::StateGraph;
use crate::network::NodeIdx;
use crate::units::Metrics;

/// The buffers of a tree, kept for the next tree built on the thread.
#[derive(Debug, Default)]
struct Buffers {
    /// Per arrival state: the step it is best reached by. Read only once the state is reached,
    /// and reaching it writes it, so the steps of an earlier tree need no clearing.
    steps: Vec<[u32; 2]>,
    /// Per arrival state: the totals of its best route not in the key (transfers, grams of
    /// CO2e, metres), valid where the stamp is the tree's.
    totals: Vec<(u32, [u64; 4])>,
    /// The stamp of the last tree.
    stamp: u32,
}

thread_local! {
    static SPARE: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// Per arrival state, the step it is best reached by: `[state left, offset]`, the state left
/// as a rank (0 for the origin's start state, `a + 1` for arrival state `a`) and the step's
/// offset among that state's steps.
///
/// The one-to-one search keeps, among the steps that reach a state with its least key, the
/// one whose (key of the state left, index of the state left, position of the link) is
/// least. Ranks are in state order, and two steps out of one state differ in position
/// exactly as in offset, so the least `(key, rank, offset)` is that same step. Every step
/// reaching a state is offered to it with the final key of the state it leaves, so the choice
/// does not depend on the order of a search's buckets.
#[derive(Debug)]
struct Predecessors(Vec<[u32; 2]>);

// The totals of a route along the tree are read lazily ([`RouteTree::metrics`]): the walk
// from a destination stops at the first state whose totals are known, so a row of many
// destinations costs one step per state of the union of their routes.

impl Record for Predecessors {
    const ACTIVE: bool = true;

    #[inline]
    fn improved(&mut self, to: u32, from: u32, offset: u32) {
        self.0[to as usize] = [from, offset];
    }

    #[inline]
    fn tied<K: Ord + Copy>(
        &mut self,
        to: u32,
        from: u32,
        offset: u32,
        g_from: K,
        key_of: impl Fn(u32) -> K,
    ) {
        let [kept, kept_offset] = self.0[to as usize];
        if (g_from, from, offset) < (key_of(kept), kept, kept_offset) {
            self.0[to as usize] = [from, offset];
        }
    }
}

/// The best routes from one origin to every node for one criterion, as one one-to-all search
/// found them (see [`Planner::route_tree`]).
#[derive(Debug)]
pub struct RouteTree<'p> {
    graph: &'p StateGraph,
    from: NodeIdx,
    criterion: Criterion,
    arrivals: Arrivals,
    buffers: Buffers,
    /// Arrival states on the walk being read, destination first.
    walk: Vec<usize>,
}

impl Drop for RouteTree<'_> {
    fn drop(&mut self) {
        let buffers = std::mem::take(&mut self.buffers);
        SPARE.with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut() {
                *spare = buffers;
            }
        });
    }
}

impl Planner<'_> {
    /// The best route for `criterion` from `from` to every node, without constraints, from
    /// one one-to-all search that also records each state's best step: `.route(i)` is exactly
    /// [`Planner::best`]`(from, i, criterion, &Constraints::default())`, the same steps and
    /// the same totals, ties included; `None` where no route exists (and for `from` itself).
    ///
    /// The search is the one of [`Planner::one_to_all`] (Dial's buckets, a radix heap or a
    /// binary heap on wide keys), plus 40 bytes per arrival state for the tree and the
    /// totals read off it (kept for the thread's next tree).
    ///
    /// # Complexity
    /// As [`Planner::one_to_all`] for the search; reading a route is O(its steps), and its
    /// totals O(the steps not read before).
    ///
    /// # Example
    /// ```
    /// # use corridor::network::load_bundled;
    /// # use corridor::search::{Constraints, Criterion, Planner};
    /// let net = load_bundled().unwrap().network;
    /// let planner = Planner::new(&net);
    /// let almaty = net.resolve("Almaty").unwrap();
    /// let mut tree = planner.route_tree(almaty, Criterion::Time);
    /// for place in ["Bucharest", "Baku", "Duisburg"] {
    ///     let to = net.resolve(place).unwrap();
    ///     let best = planner.best(almaty, to, Criterion::Time, &Constraints::default());
    ///     assert_eq!(tree.route(to), best);
    /// }
    /// assert_eq!(tree.metrics(almaty), None);
    /// ```
    #[must_use]
    pub fn route_tree(&self, from: NodeIdx, criterion: Criterion) -> RouteTree<'_> {
        let graph = self.graph();
        let arrivals_count = graph.state_count() - graph.node_count();
        let mut buffers = SPARE
            .with(|spare| spare.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)))
            .unwrap_or_default();
        buffers.steps.resize(arrivals_count, [0; 2]);
        buffers.totals.resize(arrivals_count, (0, [0; 4]));
        buffers.stamp = buffers.stamp.wrapping_add(1);
        if buffers.stamp == 0 {
            buffers.totals.fill((0, [0; 4]));
            buffers.stamp = 1;
        }
        let mut predecessors = Predecessors(std::mem::take(&mut buffers.steps));
        let arrivals = dijkstra::all_arrivals_recording(self, criterion, from, &mut predecessors);
        buffers.steps = predecessors.0;
        RouteTree {
            graph,
            from,
            criterion,
            arrivals,
            buffers,
            walk: Vec::new(),
        }
    }
}

impl RouteTree<'_> {
    /// The origin.
    #[must_use]
    pub fn origin(&self) -> NodeIdx {
        self.from
    }

    /// The key of the best route to `to`; `None` where no route exists, for the origin and
    /// for a node the network does not have. O(arrival states of `to`).
    #[must_use]
    pub fn key(&self, to: NodeIdx) -> Option<Key> {
        self.target(to).map(|(_, key)| key)
    }

    /// The arrival state (as an arrival index) a best route to `to` ends in: the first with
    /// the least key, as the one-to-one search picks it, and the key.
    fn target(&self, to: NodeIdx) -> Option<(usize, Key)> {
        if to == self.from || to >= self.graph.node_count() {
            return None;
        }
        let nodes = self.graph.node_count();
        let range = self.graph.arrival_states(to);
        self.arrivals
            .least_at(range.start - nodes..range.end - nodes)
    }

    /// Calls `visit` with every step of the best route to `to`, from the last to the first;
    /// `None` where there is no route.
    fn walk_back(&self, to: NodeIdx, mut visit: impl FnMut(Step)) -> Option<()> {
        let (mut arrival, _) = self.target(to)?;
        let graph = self.graph;
        let nodes = graph.node_count();
        // Each step leaves a state of a smaller key, so the walk ends; the bound only keeps a
        // broken tree from looping.
        for _ in 0..=self.buffers.steps.len() {
            let [rank, offset] = self.buffers.steps[arrival];
            let from = match rank {
                0 => graph.start_state(self.from),
                r => nodes + r as usize - 1,
            };
            let position = graph.out_range(graph.node_of(from)).start + offset as usize;
            visit(Step {
                from,
                link: graph.out_link(position),
                to: nodes + arrival,
                metrics: graph.step_at(from, position),
            });
            if rank == 0 {
                return Some(());
            }
            arrival = rank as usize - 1;
        }
        None
    }

    /// The best route to `to`, as [`Planner::best`] gives it without constraints; `None`
    /// where no route exists and for the origin. O(steps).
    #[must_use]
    pub fn route(&self, to: NodeIdx) -> Option<Route> {
        let mut steps = Vec::new();
        let mut metrics = Metrics::default();
        self.walk_back(to, |step| {
            metrics += step.metrics;
            steps.push(step);
        })?;
        steps.reverse();
        Some(Route {
            origin: self.from,
            steps,
            metrics,
        })
    }

    /// The totals of the best route to `to`, the same as `.route(to)`'s: the seconds and
    /// cents from its key, the rest summed along the tree and kept, so that reading many
    /// destinations costs one step per state of the union of their routes. `None` where no
    /// route exists and for the origin.
    ///
    /// # Complexity
    /// O(steps of the route not read before), O(1) amortised over a row.
    pub fn metrics(&mut self, to: NodeIdx) -> Option<Metrics> {
        let (arrival, key) = self.target(to)?;
        let [transfers, co2_grams, meters, best_seconds] = self.totals(arrival);
        let [seconds, cents] = match self.criterion {
            Criterion::Time => [key[0], key[1]],
            Criterion::Cost => [key[1], key[0]],
            Criterion::Transfers | Criterion::Co2 | Criterion::Balanced { .. } => [key[1], key[2]],
        };
        Some(Metrics {
            seconds,
            cents,
            transfers,
            co2_grams,
            meters,
            best_seconds,
        })
    }

    /// The transfers, grams of CO2e, metres and best-case seconds of the best route to arrival state
    /// `arrival` (reached): walks back to the first state whose totals are known (or the
    /// origin), then sums forward, keeping every state's totals.
    fn totals(&mut self, arrival: usize) -> [u64; 4] {
        let graph = self.graph;
        let nodes = graph.node_count();
        let stamp = self.buffers.stamp;
        self.walk.clear();
        let mut at = arrival;
        let mut known = [0; 4];
        // Each step leaves a state of a smaller key, so the walk ends; the bound only keeps a
        // broken tree from looping.
        for _ in 0..=self.buffers.steps.len() {
            let (s, totals) = self.buffers.totals[at];
            if s == stamp {
                known = totals;
                break;
            }
            self.walk.push(at);
            match self.buffers.steps[at][0] {
                0 => break,
                rank => at = rank as usize - 1,
            }
        }
        for &a in self.walk.iter().rev() {
            let [rank, offset] = self.buffers.steps[a];
            let from = match rank {
                0 => {
                    known = [0; 4];
                    graph.start_state(self.from)
                }
                r => nodes + r as usize - 1,
            };
            let position = graph.out_range(graph.node_of(from)).start + offset as usize;
            let m = graph.step_at(from, position);
            known = [
                known[0] + m.transfers,
                known[1] + m.co2_grams,
                known[2] + m.meters,
                known[3] + m.best_seconds,
            ];
            self.buffers.totals[a] = (stamp, known);
        }
        known
    }
}
