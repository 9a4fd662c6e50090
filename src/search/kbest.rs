//! The k best routes for a criterion: Yen's algorithm with Lawler's improvement on the layered
//! search space, spur searches in parallel, ties broken by the link sequence.

use super::constraints::{Departure, Hop, Space, Vertex};
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

/// Whether to keep a route given the routes kept so far.
pub(crate) type Accept<'a> = &'a dyn Fn(&Route, &[Route]) -> bool;

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
        let limit = Self::default_examined(k);
        self.enumerate(from, to, criterion, constraints, k, None, (limit, &|_| {}))
    }

    /// [`Planner::k_best`] with a budget, at most `max_examined` candidate paths examined
    /// (only reached when `max_transfers` or `max_days` reject candidates; `truncated` then
    /// says so), calling `progress` with the number of routes found so far (of `k`) after
    /// each one.
    #[must_use]
    #[allow(
        clippy::too_many_arguments,
        reason = "the query, its budget and its progress"
    )]
    pub fn k_best_within(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        criterion: Criterion,
        constraints: &Constraints,
        k: usize,
        max_examined: usize,
        progress: &(dyn Fn(usize) + Sync),
    ) -> KBest {
        self.enumerate(
            from,
            to,
            criterion,
            constraints,
            k,
            None,
            (max_examined, progress),
        )
    }

    /// The default budget of [`Planner::k_best`]: 2,000 candidate paths plus 200 per route
    /// asked for.
    #[must_use]
    pub fn default_examined(k: usize) -> usize {
        EXAMINE_BASE.saturating_add(EXAMINE_PER_ROUTE.saturating_mul(k))
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
        let limit = Self::default_examined(k);
        self.enumerate(
            from,
            to,
            criterion,
            constraints,
            k,
            Some(&accept),
            (limit, &|_| {}),
        )
    }

    /// Yen's enumeration, stopping after `limit.0` paths examined and calling `limit.1` with the
    /// number of routes kept after each one. Without a filter (`accept`,
    /// `max_transfers`, `max_days`), every candidate beyond the `k − found` best is dropped:
    /// that many better ones are already waiting, so it could never be needed, and memory stays
    /// O(k · L).
    #[allow(
        clippy::too_many_arguments,
        reason = "one internal entry point for every k-best variant"
    )]
    pub(crate) fn enumerate(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        criterion: Criterion,
        constraints: &Constraints,
        k: usize,
        accept: Option<Accept<'_>>,
        (limit, progress): (usize, &(dyn Fn(usize) + Sync)),
    ) -> KBest {
        let mut out = KBest {
            routes: Vec::new(),
            examined: 0,
            truncated: false,
        };
        let space = Space::new(self, from, to, constraints);
        if k == 0 || space.is_infeasible() {
            return out;
        }
        let Some((_, first)) = shortest(self, &space, criterion, space.start(), &Blocked::none())
        else {
            return out;
        };
        let filtered = accept.is_some()
            || constraints.max_transfers.is_some()
            || constraints.max_seconds.is_some();
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
            debug_assert_eq!(space.repeated_departure(&current.path), None);
            let route = space.route(self, &current.path);
            if constraints.within_limits(&route.metrics)
                && accept.is_none_or(|accept| accept(&route, &out.routes))
            {
                out.routes.push(route);
                progress(out.routes.len());
                if out.routes.len() == k {
                    break;
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
            if !filtered {
                candidates.truncate_to(k - out.routes.len());
            }
            next = candidates.pop_first().map(|(_, f)| f);
        }
        out
    }

    /// The best route that follows `path` for its first `i` moves and then deviates from it and
    /// from every found path with the same first `i` moves.
    ///
    /// The spur search may not enter the root's vertices (an arrival the root made in that
    /// segment) nor repeat the root's departures (node, class, segment). Its own shortest path
    /// then never repeats a departure either, except possibly at the spur node itself: leaving
    /// it, coming back and leaving again in the same class is what a blocked first move can
    /// force, as the shortcut would be that move. Then the search is redone once per class of
    /// first move, with later departures in that class from the spur node blocked.
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
        blocked.vertices = root.iter().map(|h| h.from).collect();
        blocked.departures = root.iter().map(|h| space.departure(h)).collect();
        blocked.departures.sort_unstable();
        blocked.departures.dedup();
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
        let (_, mut tail) = shortest(self, space, criterion, spur_vertex, &blocked)?;
        if space.repeated_departure(&tail).is_some() {
            tail = self.spur_by_class(space, criterion, spur_vertex, &blocked)?;
        }
        let mut full = root.to_vec();
        full.extend(tail);
        Some(Found {
            path: full,
            deviation: i,
        })
    }

    /// The best path from `spur` that never departs from the spur node twice in the class of
    /// its first move: one search per class of first move (with the other classes' first moves
    /// and that class's later departures from the spur node blocked), the least (key, links).
    fn spur_by_class(
        &self,
        space: &Space<'_>,
        criterion: Criterion,
        spur: Vertex,
        blocked: &Blocked,
    ) -> Option<Vec<Hop>> {
        let mut moves: Vec<(u16, LinkIdx, Departure)> = Vec::new();
        space.for_each_hop(spur, |_, link, to| {
            let departure = space.departure(&Hop {
                from: spur,
                link,
                to,
            });
            moves.push((departure.class, link, departure));
        });
        let mut classes: Vec<Departure> = moves.iter().map(|m| m.2).collect();
        classes.sort_unstable();
        classes.dedup();
        let mut best: Option<(Key, Vec<LinkIdx>, Vec<Hop>)> = None;
        for departure in classes {
            if blocked.departures.binary_search(&departure).is_ok() {
                continue;
            }
            let mut by_class = blocked.clone();
            by_class.hops.extend(
                moves
                    .iter()
                    .filter(|m| m.0 != departure.class)
                    .map(|m| (spur, m.1)),
            );
            by_class.hops.sort_unstable();
            by_class.hops.dedup();
            by_class.departures.push(departure);
            by_class.departures.sort_unstable();
            by_class.exempt = vec![spur];
            let Some((key, tail)) = shortest(self, space, criterion, spur, &by_class) else {
                continue;
            };
            debug_assert_eq!(space.repeated_departure(&tail), None);
            let links: Vec<LinkIdx> = tail.iter().map(|h| h.link).collect();
            if best
                .as_ref()
                .is_none_or(|(k, l, _)| (key, &links) < (*k, l))
            {
                best = Some((key, links, tail));
            }
        }
        best.map(|(_, _, tail)| tail)
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

/// Keeping only the best entries of an ordered map.
trait TruncateTo {
    /// Drops the greatest entries until at most `n` remain.
    fn truncate_to(&mut self, n: usize);
}

impl<K: Ord, V> TruncateTo for BTreeMap<K, V> {
    fn truncate_to(&mut self, n: usize) {
        while self.len() > n {
            self.pop_last();
        }
    }
}
