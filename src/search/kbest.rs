//! The k best routes for a criterion: Yen's algorithm with Lawler's improvement on the layered
//! search space, spur searches in parallel, ties broken by the link sequence.

use super::constraints::{Hop, Space};
use super::dijkstra::{Blocked, shortest};
use super::{Constraints, Criterion, Key, Planner, Route, add_keys};
use crate::network::{LinkIdx, NodeIdx};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};

/// The most paths the enumeration examines before it gives up, per route asked for, on top of
/// a fixed allowance. Only reached when `--via`, `--max-transfers`, `--max-days` or `--diverse`
/// reject most of the candidates.
const EXAMINE_PER_ROUTE: usize = 200;
const EXAMINE_BASE: usize = 2_000;

/// The answer of a k-best search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KBest {
    /// The routes, best first; fewer than k when fewer exist.
    pub routes: Vec<Route>,
    /// How many candidate paths were examined.
    pub examined: usize,
    /// Whether the search stopped at its examination limit before finding k routes (more routes
    /// may exist).
    pub truncated: bool,
}

/// A path found by the enumeration, with the index where it deviates from its parent.
struct Found {
    path: Vec<Hop>,
    deviation: usize,
}

impl Planner<'_> {
    /// The `k` best routes from `from` to `to` for `criterion` under `constraints`, ordered by
    /// the criterion's key, ties broken by the sequence of link indices; fewer when fewer exist.
    ///
    /// Yen's algorithm (1971) with Lawler's improvement (1972): each new path is searched only
    /// from the point where its parent deviated. Paths are loopless in the state graph, so two
    /// routes that differ only in the mode or the service on one leg are different routes, and
    /// parallel links are handled by blocking (state, link) moves, not node pairs. With `via`,
    /// the search runs on the layered space and paths that revisit a state across layers are
    /// skipped; paths whose totals break `max_transfers` or `max_days` are skipped too, so the
    /// answer is the k best *feasible* routes. Spur searches of one round run in parallel; the
    /// result does not depend on the number of threads.
    ///
    /// # Complexity
    /// O(k · L · (V + E) log V) for paths of at most L links, V vertices and E moves.
    ///
    /// # Example
    /// ```
    /// # use corridor::network::load_bundled;
    /// # use corridor::search::{Criterion, Constraints, Planner};
    /// let net = load_bundled().unwrap().network;
    /// let planner = Planner::new(&net);
    /// let (from, to) = (net.resolve("Almaty").unwrap(), net.resolve("Bucharest").unwrap());
    /// let best = planner.k_best(from, to, Criterion::Time, &Constraints::default(), 3);
    /// assert_eq!(best.routes.len(), 3);
    /// assert!(best.routes[0].metrics.seconds <= best.routes[1].metrics.seconds);
    /// ```
    #[must_use]
    pub fn k_best(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        criterion: Criterion,
        constraints: &Constraints,
        k: usize,
    ) -> KBest {
        self.k_best_where(from, to, criterion, constraints, k, |_, _| true)
    }

    /// Like [`Planner::k_best`], keeping only routes that `accept` takes given the routes kept
    /// so far (used for diverse alternatives).
    pub fn k_best_where(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        criterion: Criterion,
        constraints: &Constraints,
        k: usize,
        accept: impl Fn(&Route, &[Route]) -> bool,
    ) -> KBest {
        let mut out = KBest {
            routes: Vec::new(),
            examined: 0,
            truncated: false,
        };
        if from == to || k == 0 {
            return out;
        }
        let space = Space::new(self, from, to, constraints);
        let Some((_, first)) = shortest(self, &space, criterion, space.start(), &Blocked::none())
        else {
            return out;
        };
        let limit = EXAMINE_BASE + EXAMINE_PER_ROUTE.saturating_mul(k);
        let links_of = |p: &[Hop]| p.iter().map(|h| h.link).collect::<Vec<LinkIdx>>();
        let mut seen: HashSet<Vec<LinkIdx>> = HashSet::new();
        seen.insert(links_of(&first));
        let mut found: Vec<Found> = Vec::new();
        let mut candidates: BTreeMap<(Key, Vec<LinkIdx>), Found> = BTreeMap::new();
        let mut next = Some(Found {
            path: first,
            deviation: 0,
        });
        while let Some(current) = next.take() {
            out.examined += 1;
            if space.is_simple(&current.path) {
                let route = space.route(self, &current.path);
                if constraints.within_limits(&route.metrics) && accept(&route, &out.routes) {
                    out.routes.push(route);
                    if out.routes.len() == k {
                        break;
                    }
                }
            }
            if out.examined >= limit {
                out.truncated = true;
                break;
            }
            let spurs: Vec<Option<Found>> = (current.deviation..current.path.len())
                .into_par_iter()
                .map(|i| self.spur(&space, criterion, &current.path, i, &found))
                .collect();
            found.push(current);
            for spur in spurs.into_iter().flatten() {
                let links = links_of(&spur.path);
                if seen.insert(links.clone()) {
                    let key = self.path_key(&space, criterion, &spur.path);
                    candidates.insert((key, links), spur);
                }
            }
            next = candidates.pop_first().map(|(_, f)| f);
        }
        out
    }

    /// The best path that follows `path` for its first `i` moves and then deviates from it and
    /// from every found path with the same first `i` moves.
    fn spur(
        &self,
        space: &Space<'_>,
        criterion: Criterion,
        path: &[Hop],
        i: usize,
        found: &[Found],
    ) -> Option<Found> {
        let root = &path[..i];
        let spur_vertex = path[i].from;
        let mut blocked = Blocked::none();
        // The root's vertices, and their states in every layer: a route never revisits a state.
        let layers = space.vertex_count() / self.graph.state_count().max(1);
        for hop in root {
            let state = space.state(hop.from);
            blocked
                .vertices
                .extend((0..layers).map(|layer| state * layers + layer));
        }
        let spur_state = space.state(spur_vertex);
        blocked.vertices.extend(
            (0..layers)
                .map(|layer| spur_state * layers + layer)
                .filter(|&v| v != spur_vertex),
        );
        let same_root =
            |p: &[Hop]| p.len() > i && p[..i].iter().zip(root).all(|(a, b)| a.link == b.link);
        blocked.hops = found
            .iter()
            .map(|f| f.path.as_slice())
            .chain(std::iter::once(path))
            .filter(|p| same_root(p))
            .map(|p| (p[i].from, p[i].link))
            .collect();
        blocked.hops.sort_unstable();
        blocked.hops.dedup();
        let (_, tail) = shortest(self, space, criterion, spur_vertex, &blocked)?;
        let mut full = root.to_vec();
        full.extend(tail);
        Some(Found {
            path: full,
            deviation: i,
        })
    }

    fn path_key(&self, space: &Space<'_>, criterion: Criterion, path: &[Hop]) -> Key {
        path.iter().fold([0; 3], |k, h| {
            add_keys(
                k,
                criterion.key(&self.step_metrics(space.state(h.from), h.link)),
            )
        })
    }
}
