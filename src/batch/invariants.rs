//! The scenario invariants, checked on a set of pairs: an empty scenario reproduces the
//! baseline, a scenario's closures alone never make a pair faster or cheaper, and its cost
//! increases alone never lower a best cost. A violation is a bug in corridor.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

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
    let plan = InvariantPlan::new(base, scenarios);
    let step = (invariant_searches(scenarios, pairs.len()) / 100).max(1);
    let found = plan.run(pairs, step, progress);
    InvariantPlan::assemble(plan.heads(), pairs.len(), &found)
}

/// What one invariant check knows before any search: its scenario and invariant, how many
/// criteria it compares per pair, and what does not depend on the pairs (a verdict of `not
/// applicable` or `not checked`, or violations of the network itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvariantHead {
    /// Scenario name (`(empty)` for the empty-scenario check).
    pub scenario: String,
    /// What must hold.
    pub invariant: String,
    /// Criteria compared per pair: each pair gets one finding per criterion.
    pub criteria: usize,
    /// The verdict when no pair is checked (`not applicable`, `not checked: ...`).
    pub verdict: Option<String>,
    /// Violations found before any search (the empty scenario's network differs).
    pub violations: Vec<String>,
}

/// The violations one pair shows: per check, per criterion compared, the violation if any.
pub type PairFindings = Vec<Vec<Option<String>>>;

/// The invariant checks of a set of scenarios, ready to run on any pairs: the networks to
/// search (the empty scenario, each scenario's closures alone and cost increases alone)
/// applied once. Running it on a part of the pairs and putting the parts together with
/// [`InvariantPlan::assemble`] gives exactly [`check_invariants`] on all of them.
#[derive(Debug)]
pub struct InvariantPlan<'b> {
    base: &'b Network,
    heads: Vec<InvariantHead>,
    /// Per check: the network to search and the criteria compared, in order; `None` when
    /// nothing is searched.
    searched: Vec<Option<(Network, Vec<Criterion>)>>,
}

impl<'b> InvariantPlan<'b> {
    /// Applies the empty scenario and each scenario's closures and cost increases alone to
    /// `base`. O(scenario applications).
    #[must_use]
    pub fn new(base: &'b Network, scenarios: &[Scenario]) -> InvariantPlan<'b> {
        let mut heads = Vec::new();
        let mut searched = Vec::new();
        let both = vec![Criterion::Time, Criterion::Cost];
        let mut head = InvariantHead {
            scenario: "(empty)".to_owned(),
            invariant: "an empty scenario reproduces the baseline exactly".to_owned(),
            criteria: 2,
            verdict: None,
            violations: Vec::new(),
        };
        match Scenario::empty("(empty)").apply(base) {
            Ok(applied) => {
                if applied.network != *base {
                    head.violations
                        .push("the network differs from the baseline".to_owned());
                }
                searched.push(Some((applied.network, both.clone())));
            }
            Err(e) => {
                head.violations.push(e.render());
                searched.push(None);
            }
        }
        heads.push(head);
        for scenario in scenarios {
            let parts = [
                (
                    "closing something never makes a pair faster or cheaper",
                    "closures",
                    scenario.only(|a| a.is_closure().then(|| a.clone())),
                    both.clone(),
                ),
                (
                    "scaling costs up never lowers a best cost",
                    "cost increases",
                    scenario.only(Action::cost_increase),
                    vec![Criterion::Cost],
                ),
            ];
            for (invariant, what, part, criteria) in parts {
                let mut head = InvariantHead {
                    scenario: scenario.name.clone(),
                    invariant: invariant.to_owned(),
                    criteria: criteria.len(),
                    verdict: None,
                    violations: Vec::new(),
                };
                if part.changes.is_empty() {
                    head.verdict = Some("not applicable".to_owned());
                    searched.push(None);
                } else {
                    match part.apply(base) {
                        Ok(applied) => searched.push(Some((applied.network, criteria))),
                        Err(e) => {
                            head.verdict = Some(format!(
                                "not checked: its {what} do not apply alone ({})",
                                e.diagnostics
                                    .first()
                                    .map_or_else(String::new, |d| d.message.clone())
                            ));
                            searched.push(None);
                        }
                    }
                }
                heads.push(head);
            }
        }
        InvariantPlan {
            base,
            heads,
            searched,
        }
    }

    /// The checks, in report order.
    #[must_use]
    pub fn heads(&self) -> &[InvariantHead] {
        &self.heads
    }

    /// Searches `pairs` in the baseline and every network of the plan (one network at a time,
    /// each pair in parallel) and returns each pair's findings, in pair order. `progress` is
    /// called with the searches done every `step` searches.
    #[must_use]
    pub fn run(
        &self,
        pairs: &[Pair],
        step: usize,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Vec<PairFindings> {
        let counter = Counter {
            done: AtomicUsize::new(0),
            step: step.max(1),
            progress,
        };
        let planner = Planner::new(self.base);
        let by_time = bests(&planner, pairs, Criterion::Time, &counter);
        let by_cost = bests(&planner, pairs, Criterion::Cost, &counter);
        drop(planner);
        let baseline = |criterion: Criterion| match criterion {
            Criterion::Time => &by_time,
            _ => &by_cost,
        };
        let mut found: Vec<PairFindings> = vec![Vec::with_capacity(self.heads.len()); pairs.len()];
        for (check, searched) in self.searched.iter().enumerate() {
            let Some((network, criteria)) = searched else {
                for f in &mut found {
                    f.push(Vec::new());
                }
                continue;
            };
            for f in &mut found {
                f.push(Vec::with_capacity(criteria.len()));
            }
            let planner = Planner::new(network);
            for &criterion in criteria {
                let after = bests(&planner, pairs, criterion, &counter);
                let before = baseline(criterion);
                for (p, pair) in pairs.iter().enumerate() {
                    let label = || pair_label(self.base, pair);
                    let finding = if check == 0 {
                        (after[p] != before[p]).then(|| {
                            format!(
                                "{}: best by {} differs from the baseline",
                                label(),
                                criterion.name()
                            )
                        })
                    } else {
                        let (better, figure): (&str, fn(&Metrics) -> u64) = match criterion {
                            Criterion::Time => ("faster", |m| m.seconds),
                            _ => ("cheaper", |m| m.cents),
                        };
                        monotone(
                            before[p].as_ref(),
                            after[p].as_ref(),
                            better,
                            figure,
                            &label(),
                        )
                    };
                    found[p][check].push(finding);
                }
            }
        }
        found
    }

    /// The checks of `heads` on `pairs` pairs, from each pair's findings in pair order:
    /// a check's violations are those of its head, then per criterion, each pair's in order.
    #[must_use]
    pub fn assemble(
        heads: &[InvariantHead],
        pairs: usize,
        found: &[PairFindings],
    ) -> Vec<InvariantCheck> {
        heads
            .iter()
            .enumerate()
            .map(|(c, head)| {
                let mut violations = head.violations.clone();
                for k in 0..head.criteria {
                    violations.extend(found.iter().filter_map(|f| f.get(c)?.get(k)?.clone()));
                }
                let verdict = head.verdict.clone().unwrap_or_else(|| {
                    if violations.is_empty() {
                        "ok"
                    } else {
                        "violated"
                    }
                    .to_owned()
                });
                InvariantCheck {
                    scenario: head.scenario.clone(),
                    invariant: head.invariant.clone(),
                    verdict,
                    pairs,
                    violations,
                }
            })
            .collect()
    }
}

/// `Almaty → Bucharest`.
fn pair_label(network: &Network, pair: &Pair) -> String {
    format!(
        "{} → {}",
        network.nodes[pair.from].name, network.nodes[pair.to].name
    )
}

/// The violation when `after` is better than `before` on `figure`, or exists when `before`
/// does not.
fn monotone(
    before: Option<&Route>,
    after: Option<&Route>,
    better: &str,
    figure: impl Fn(&Metrics) -> u64,
    pair: &str,
) -> Option<String> {
    match (before, after) {
        (None, Some(_)) => Some(format!("{pair}: has a route only after the change")),
        (Some(b), Some(a)) if figure(&a.metrics) < figure(&b.metrics) => Some(format!(
            "{pair}: {better} after the change ({} < {})",
            figure(&a.metrics),
            figure(&b.metrics)
        )),
        _ => None,
    }
}
