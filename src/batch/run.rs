//! The batch run: one planner (state graph) per network, built once and shared by every
//! pair, and one best-route search per pair and network on the rayon pool. Results are
//! collected in (scenario, pair) order, so the output is byte-identical whatever the number of
//! threads.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{Best, Comparison, Options, Pair, Place};
use crate::network::Network;
use crate::search::{Constraints, Planner};
use crate::simulate::Transit;

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
    let networks = scenarios.len() + 1;
    let flat = compare_units(
        base,
        scenarios,
        pairs,
        options,
        0..networks * pairs.len(),
        progress,
    );
    let mut results = Vec::with_capacity(networks);
    let mut rest = flat.into_iter();
    for _ in 0..networks {
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
        cargo: None,
    }
}

/// The best routes of some of [`compare`]'s searches: unit `k` is pair `k % pairs` in
/// network `k / pairs` (0 the baseline, then the scenarios in order), for `k` in `units`,
/// in unit order. Only the networks these units touch get a planner, so a share of the
/// units costs a share of the work.
///
/// `progress` is called with the number of searches done so far (out of `units.len()`), at
/// most about a hundred times.
#[must_use]
pub fn compare_units(
    base: &Network,
    scenarios: &[(&str, &Network)],
    pairs: &[Pair],
    options: &Options,
    units: std::ops::Range<usize>,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<Option<Best>> {
    let networks: Vec<&Network> = std::iter::once(base)
        .chain(scenarios.iter().map(|(_, n)| *n))
        .collect();
    let units =
        units.start.min(networks.len() * pairs.len())..units.end.min(networks.len() * pairs.len());
    if units.is_empty() {
        return Vec::new();
    }
    let touched = units.start / pairs.len()..(units.end - 1) / pairs.len() + 1;
    let build = |s: usize| Planner::new(networks[s]);
    let planners: Vec<Planner<'_>> = if options.parallel {
        touched.clone().into_par_iter().map(build).collect()
    } else {
        touched.clone().map(build).collect()
    };
    let total = units.len();
    let step = (total / 100).max(1);
    let done = AtomicUsize::new(0);
    let constraints = Constraints {
        limits: options.limits.clone(),
        ..Constraints::default()
    };
    let search = |k: usize| -> Option<(Best, Option<Transit>)> {
        let (s, p) = (k / pairs.len(), k % pairs.len());
        let (planner, pair) = (&planners[s - touched.start], pairs[p]);
        let best = planner
            .best(pair.from, pair.to, options.criterion, &constraints)
            .map(|r| {
                let transit = options
                    .late_case
                    .map(|_| Transit::of(planner.network(), &r));
                (Best::of(planner.network(), &r), transit)
            });
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n % step == 0 || n == total {
            progress(n);
        }
        best
    };
    let found: Vec<Option<(Best, Option<Transit>)>> = if options.parallel {
        units.into_par_iter().map(search).collect()
    } else {
        units.map(search).collect()
    };
    let Some(late) = &options.late_case else {
        return found.into_iter().map(|f| f.map(|(best, _)| best)).collect();
    };
    // Simulate each distinct transit once: a scenario that leaves a pair's route and its
    // figures as they were gives the same samples, so the baseline's stand for it.
    let mut unique: Vec<&Transit> = Vec::new();
    let mut by_fingerprint: HashMap<u64, Vec<usize>> = HashMap::new();
    let slots: Vec<Option<usize>> = found
        .iter()
        .map(|f| {
            let transit = f.as_ref()?.1.as_ref()?;
            let candidates = by_fingerprint.entry(transit.fingerprint()).or_default();
            let slot = candidates
                .iter()
                .copied()
                .find(|&u| unique[u] == transit)
                .unwrap_or_else(|| {
                    unique.push(transit);
                    candidates.push(unique.len() - 1);
                    unique.len() - 1
                });
            Some(slot)
        })
        .collect();
    let simulate = |t: &&Transit| t.simulate(late).p90_hours;
    let p90_hours: Vec<f64> = if options.parallel {
        unique.par_iter().map(simulate).collect()
    } else {
        unique.iter().map(simulate).collect()
    };
    found
        .into_iter()
        .zip(slots)
        .map(|(f, slot)| {
            f.map(|(mut best, _)| {
                best.p90_seconds = slot.map(|u| (p90_hours[u] * 3_600.0).round() as u64);
                best
            })
        })
        .collect()
}
