//! The batch run: one planner (state graph) per network, built once and shared by every
//! pair, and one best-route search per pair and network on the rayon pool. Results are
//! collected in (scenario, pair) order, so the output is byte-identical whatever the number of
//! threads.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{Best, Comparison, Options, Pair, Place};
use crate::network::Network;
use crate::search::{Constraints, Planner};

/// Finds the best route of every pair in the baseline and in every scenario network.
///
/// `progress` is called with the number of searches done so far (out of
/// `pairs.len() × (networks.len() + 1)`), at most about a hundred times.
///
/// # Complexity
/// One state-graph build per network plus one Dijkstra search per pair and network:
/// O(N · (L log L + P · (S + E) log S)) for N networks, P pairs, L links, S states and E
/// state edges; spread over the rayon thread pool.
///
/// # Example
/// ```
/// use corridor::batch::{Options, Pair, compare};
/// use corridor::network::load_bundled;
/// let base = load_bundled().unwrap().network;
/// let kuryk = corridor::scenario::load_str(
///     "[scenario]\nname = \"kuryk_closed\"\ndescription = \"d\"\nsources = [\"s\"]\n\
///      [[change]]\naction = \"close\"\nnode = \"kuryk\"\n", "k.toml").unwrap();
/// let closed = kuryk.apply(&base).unwrap().network;
/// let pair = Pair { from: base.resolve("Almaty").unwrap(), to: base.resolve("Bucharest").unwrap() };
/// let c = compare(&base, &[("kuryk_closed", &closed)], &[pair], &Options::default(), &|_| {});
/// let (before, after) = (c.results[0][0].as_ref().unwrap(), c.results[1][0].as_ref().unwrap());
/// assert!(after.metrics.seconds >= before.metrics.seconds);
/// ```
#[must_use]
pub fn compare(
    base: &Network,
    scenarios: &[(&str, &Network)],
    pairs: &[Pair],
    options: &Options,
    progress: &(dyn Fn(usize) + Sync),
) -> Comparison {
    let networks: Vec<&Network> = std::iter::once(base)
        .chain(scenarios.iter().map(|(_, n)| *n))
        .collect();
    let planners: Vec<Planner<'_>> = if options.parallel {
        networks.par_iter().map(|n| Planner::new(n)).collect()
    } else {
        networks.iter().map(|n| Planner::new(n)).collect()
    };
    let total = networks.len() * pairs.len();
    let step = (total / 100).max(1);
    let done = AtomicUsize::new(0);
    let constraints = Constraints::default();
    let search = |k: usize| -> Option<Best> {
        let (s, p) = (k / pairs.len(), k % pairs.len());
        let (planner, pair) = (&planners[s], pairs[p]);
        let best = planner
            .best(pair.from, pair.to, options.criterion, &constraints)
            .map(|r| Best::of(planner.network(), &r));
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n % step == 0 || n == total {
            progress(n);
        }
        best
    };
    let flat: Vec<Option<Best>> = if options.parallel {
        (0..total).into_par_iter().map(search).collect()
    } else {
        (0..total).map(search).collect()
    };
    let mut results = Vec::with_capacity(networks.len());
    let mut rest = flat.into_iter();
    for _ in 0..networks.len() {
        results.push(rest.by_ref().take(pairs.len()).collect());
    }
    Comparison {
        criterion: options.criterion.name(),
        pairs: pairs
            .iter()
            .map(|p| (Place::of(base, p.from), Place::of(base, p.to)))
            .collect(),
        scenarios: std::iter::once("baseline".to_owned())
            .chain(scenarios.iter().map(|(n, _)| (*n).to_owned()))
            .collect(),
        results,
    }
}
