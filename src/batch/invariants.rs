//! The scenario invariants, checked on a set of pairs: an empty scenario reproduces the
//! baseline, a scenario's closures alone never make a pair faster or cheaper, and its cost
//! increases alone never lower a best cost. A violation is a bug in corridor.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::Pair;
use crate::network::Network;
use crate::scenario::{Action, Scenario};
use crate::search::{Constraints, Criterion, Planner, Route};
use crate::units::Metrics;

/// The result of checking one invariant for one scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvariantCheck {
    /// Scenario name (`(empty)` for the empty-scenario check).
    pub scenario: String,
    /// What must hold.
    pub invariant: String,
    /// `ok`, `violated` or `not applicable` / `not checked`.
    pub verdict: String,
    /// Pairs checked.
    pub pairs: usize,
    /// Each violation, naming the pair and the figures (empty when it holds).
    pub violations: Vec<String>,
}

impl InvariantCheck {
    /// Whether the invariant was found violated.
    #[must_use]
    pub fn violated(&self) -> bool {
        !self.violations.is_empty()
    }
}

/// Counts searches done and reports them, at most about a hundred times.
struct Counter<'p> {
    done: AtomicUsize,
    step: usize,
    progress: &'p (dyn Fn(usize) + Sync),
}

impl Counter<'_> {
    fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if n % self.step == 0 {
            (self.progress)(n);
        }
    }
}

/// Best routes by `criterion` for every pair, in pair order.
fn bests(
    planner: &Planner<'_>,
    pairs: &[Pair],
    criterion: Criterion,
    counter: &Counter<'_>,
) -> Vec<Option<Route>> {
    let none = Constraints::default();
    pairs
        .par_iter()
        .map(|p| {
            let best = planner.best(p.from, p.to, criterion, &none);
            counter.tick();
            best
        })
        .collect()
}

/// How many searches [`check_invariants_with_progress`] makes: two per pair for the baseline
/// and for the empty scenario, two more per scenario with closures and one more per scenario
/// with cost increases.
#[must_use]
pub fn invariant_searches(scenarios: &[Scenario], pairs: usize) -> usize {
    let per_scenario: usize = scenarios
        .iter()
        .map(|s| {
            let closes = s.changes.iter().any(|c| c.action.is_closure());
            let raises = s.changes.iter().any(|c| c.action.cost_increase().is_some());
            2 * usize::from(closes) + usize::from(raises)
        })
        .sum();
    pairs * (4 + per_scenario)
}

/// Checks the scenario invariants on `pairs`:
///
/// - the empty scenario reproduces the baseline exactly (same network, same best routes);
/// - for each scenario, its closures alone never make a pair faster (best by time) or cheaper
///   (best by cost), and never give a route to a pair that had none;
/// - for each scenario, its cost increases alone (the factors ≥ 1 of its cost scales, without
///   the other figures of the same changes) never lower a pair's best cost.
///
/// A scenario without closures or cost increases gets `not applicable`; one whose closures
/// cannot be applied alone (they close something an earlier change added) gets `not checked`
/// with the reason.
///
/// # Complexity
/// One state-graph build for the baseline and the empty scenario, up to two per scenario, and
/// [`invariant_searches`] searches, in parallel.
#[must_use]
pub fn check_invariants(
    base: &Network,
    scenarios: &[Scenario],
    pairs: &[Pair],
) -> Vec<InvariantCheck> {
    check_invariants_with_progress(base, scenarios, pairs, &|_| {})
}

/// [`check_invariants`], calling `progress` with the number of searches done so far (out of
/// [`invariant_searches`]), at most about a hundred times, from any thread.
#[must_use]
pub fn check_invariants_with_progress(
    base: &Network,
    scenarios: &[Scenario],
    pairs: &[Pair],
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<InvariantCheck> {
    let counter = Counter {
        done: AtomicUsize::new(0),
        step: (invariant_searches(scenarios, pairs.len()) / 100).max(1),
        progress,
    };
    let mut out = Vec::new();
    let planner = Planner::new(base);
    let by_time = bests(&planner, pairs, Criterion::Time, &counter);
    let by_cost = bests(&planner, pairs, Criterion::Cost, &counter);
    drop(planner);
    let label = |p: usize| pair_label(base, &pairs[p]);
    // The empty scenario.
    let mut check = InvariantCheck {
        scenario: "(empty)".to_owned(),
        invariant: "an empty scenario reproduces the baseline exactly".to_owned(),
        verdict: String::new(),
        pairs: pairs.len(),
        violations: Vec::new(),
    };
    match Scenario::empty("(empty)").apply(base) {
        Ok(applied) => {
            if applied.network != *base {
                check
                    .violations
                    .push("the network differs from the baseline".to_owned());
            }
            let planner = Planner::new(&applied.network);
            for (criterion, before) in [(Criterion::Time, &by_time), (Criterion::Cost, &by_cost)] {
                let after = bests(&planner, pairs, criterion, &counter);
                for (p, (a, b)) in after.iter().zip(before.iter()).enumerate() {
                    if a != b {
                        check.violations.push(format!(
                            "{}: best by {} differs from the baseline",
                            label(p),
                            criterion.name()
                        ));
                    }
                }
            }
        }
        Err(e) => check.violations.push(e.render()),
    }
    out.push(check);
    for scenario in scenarios {
        out.push(monotone_check(
            base,
            pairs,
            &scenario.name,
            (
                "closing something never makes a pair faster or cheaper",
                "closures",
            ),
            &scenario.only(|a| a.is_closure().then(|| a.clone())),
            &[(Criterion::Time, &by_time), (Criterion::Cost, &by_cost)],
            &counter,
        ));
        out.push(monotone_check(
            base,
            pairs,
            &scenario.name,
            (
                "scaling costs up never lowers a best cost",
                "cost increases",
            ),
            &scenario.only(Action::cost_increase),
            &[(Criterion::Cost, &by_cost)],
            &counter,
        ));
    }
    for check in &mut out {
        if check.verdict.is_empty() {
            let verdict = if check.violated() { "violated" } else { "ok" };
            verdict.clone_into(&mut check.verdict);
        }
    }
    out
}

/// Checks that `part` (some of a scenario's changes, applied alone: its `what`) makes no pair
/// better than `baseline` by any of `criteria` (each with the baseline's best routes by it), as
/// `invariant` says; "not applicable" when `part` is empty.
fn monotone_check(
    base: &Network,
    pairs: &[Pair],
    scenario: &str,
    (invariant, what): (&str, &str),
    part: &Scenario,
    criteria: &[(Criterion, &Vec<Option<Route>>)],
    counter: &Counter<'_>,
) -> InvariantCheck {
    let mut check = InvariantCheck {
        scenario: scenario.to_owned(),
        invariant: invariant.to_owned(),
        verdict: String::new(),
        pairs: pairs.len(),
        violations: Vec::new(),
    };
    if part.changes.is_empty() {
        "not applicable".clone_into(&mut check.verdict);
        return check;
    }
    let applied = match part.apply(base) {
        Ok(applied) => applied,
        Err(e) => {
            check.verdict = format!(
                "not checked: its {what} do not apply alone ({})",
                e.diagnostics
                    .first()
                    .map_or_else(String::new, |d| d.message.clone())
            );
            return check;
        }
    };
    let planner = Planner::new(&applied.network);
    for &(criterion, baseline) in criteria {
        let after = bests(&planner, pairs, criterion, counter);
        let (better, figure): (&str, fn(&Metrics) -> u64) = match criterion {
            Criterion::Time => ("faster", |m| m.seconds),
            _ => ("cheaper", |m| m.cents),
        };
        for (p, pair) in pairs.iter().enumerate() {
            monotone(
                baseline[p].as_ref(),
                after[p].as_ref(),
                better,
                figure,
                &pair_label(base, pair),
                &mut check,
            );
        }
    }
    check
}

/// `Almaty → Bucharest`.
fn pair_label(network: &Network, pair: &Pair) -> String {
    format!(
        "{} → {}",
        network.nodes[pair.from].name, network.nodes[pair.to].name
    )
}

/// Records a violation when `after` is better than `before` on `figure`, or exists when
/// `before` does not.
fn monotone(
    before: Option<&Route>,
    after: Option<&Route>,
    better: &str,
    figure: impl Fn(&Metrics) -> u64,
    pair: &str,
    check: &mut InvariantCheck,
) {
    match (before, after) {
        (None, Some(_)) => check
            .violations
            .push(format!("{pair}: has a route only after the change")),
        (Some(b), Some(a)) if figure(&a.metrics) < figure(&b.metrics) => {
            check.violations.push(format!(
                "{pair}: {better} after the change ({} < {})",
                figure(&a.metrics),
                figure(&b.metrics)
            ));
        }
        _ => {}
    }
}
