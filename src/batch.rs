//! Batch comparison: many origin-destination pairs under a baseline network and many scenario
//! networks, searched in parallel with rayon, then compared pair by pair against the baseline
//! (time, cost, transfers, CO2, gateway sequence, lost routes), summarised per scenario, checked
//! against the scenario invariants, and rendered as a table, JSON or CSV.
//!
//! Each network's [`Planner`] (its state graph) is built once and shared by every pair; the
//! results are collected in (scenario, pair) order, so the output is byte-identical whatever
//! the number of threads.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::network::{Diagnostic, Network, NodeIdx, Severity};
use crate::scenario::{Action, Scenario};
use crate::search::{Constraints, Criterion, Planner, Route, gateway_signature};
use crate::units::Metrics;

/// An origin-destination pair, by node index of the base network (valid in every scenario
/// network built from it, since scenarios never remove or reorder nodes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pair {
    /// Origin.
    pub from: NodeIdx,
    /// Destination.
    pub to: NodeIdx,
}

/// A node named in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// Node id.
    pub id: String,
    /// Display name.
    pub name: String,
}

impl Place {
    fn of(network: &Network, node: NodeIdx) -> Place {
        let n = &network.nodes[node];
        Place {
            id: n.id.clone(),
            name: n.name.clone(),
        }
    }
}

/// The best route of one pair in one network, reduced to what a comparison needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Best {
    /// Totals of the route.
    pub metrics: Metrics,
    /// Border crossings and ports passed, in order (see [`gateway_signature`]).
    pub gateways: Vec<Place>,
}

impl Best {
    fn of(network: &Network, route: &Route) -> Best {
        let (_, gateways) = gateway_signature(network, route);
        Best {
            metrics: route.metrics,
            gateways: gateways
                .into_iter()
                .map(|g| Place::of(network, g))
                .collect(),
        }
    }
}

/// Every pair's best route in the baseline and in each scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The criterion's name (`time`, `cost`, ...).
    pub criterion: &'static str,
    /// The pairs, as places.
    pub pairs: Vec<(Place, Place)>,
    /// Scenario names; index 0 is the baseline.
    pub scenarios: Vec<String>,
    /// `results[s][p]`: the best route of pair `p` in scenario `s` (0 = baseline), if any.
    pub results: Vec<Vec<Option<Best>>>,
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// What "best" means.
    pub criterion: Criterion,
    /// Search pairs in parallel with rayon (false: one thread, for comparison).
    pub parallel: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            criterion: Criterion::Time,
            parallel: true,
        }
    }
}

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

/// Signed differences scenario − baseline, in integer units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delta {
    /// Seconds.
    pub seconds: i64,
    /// US cents.
    pub cents: i64,
    /// Transfers.
    pub transfers: i64,
    /// Grams CO2e.
    pub co2_grams: i64,
}

fn signed(a: u64, b: u64) -> i64 {
    let d = i128::from(a) - i128::from(b);
    i64::try_from(d).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
}

impl Delta {
    /// `after − before`.
    #[must_use]
    pub fn between(before: &Metrics, after: &Metrics) -> Delta {
        Delta {
            seconds: signed(after.seconds, before.seconds),
            cents: signed(after.cents, before.cents),
            transfers: signed(after.transfers, before.transfers),
            co2_grams: signed(after.co2_grams, before.co2_grams),
        }
    }
}

/// How a pair fares in a scenario compared with the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The baseline itself, with a route.
    Baseline,
    /// Same figures and gateways as the baseline.
    Unchanged,
    /// A route in both, with different figures or gateways.
    Changed,
    /// The baseline has a route, the scenario none.
    Lost,
    /// The scenario has a route, the baseline none.
    Gained,
    /// No route in either.
    NoRoute,
}

impl Status {
    /// The name used in output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Baseline => "baseline",
            Status::Unchanged => "unchanged",
            Status::Changed => "changed",
            Status::Lost => "lost",
            Status::Gained => "gained",
            Status::NoRoute => "no_route",
        }
    }
}

/// One pair in one scenario against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'c> {
    /// The scenario's best route, if any.
    pub best: Option<&'c Best>,
    /// Scenario − baseline, when both have a route.
    pub delta: Option<Delta>,
    /// How the gateway sequence changed ("Aktau to Kuryk"), when it did.
    pub gateway_change: Option<String>,
    /// The verdict.
    pub status: Status,
}

/// How the gateway sequence changed between two routes, in words, or `None` if it did not.
#[must_use]
pub fn describe_gateway_change(before: &[Place], after: &[Place]) -> Option<String> {
    if before == after {
        return None;
    }
    let names = |v: Vec<&Place>| {
        v.iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let removed: Vec<&Place> = before.iter().filter(|p| !after.contains(p)).collect();
    let added: Vec<&Place> = after.iter().filter(|p| !before.contains(p)).collect();
    Some(match (removed.is_empty(), added.is_empty()) {
        (false, false) => format!("{} to {}", names(removed), names(added)),
        (false, true) => format!("no longer via {}", names(removed)),
        (true, false) => format!("now also via {}", names(added)),
        (true, true) => "same gateways in another order".to_owned(),
    })
}

impl Comparison {
    /// Pair `p` in scenario `s` (`s` ≥ 1) against the baseline; `s` = 0 gives the baseline
    /// itself, with status [`Status::Baseline`] (or [`Status::NoRoute`]) and no delta.
    ///
    /// # Panics
    /// If `s` or `p` is out of range.
    #[must_use]
    pub fn row(&self, s: usize, p: usize) -> Row<'_> {
        let base = self.results[0][p].as_ref();
        let best = self.results[s][p].as_ref();
        if s == 0 {
            return Row {
                best,
                delta: None,
                gateway_change: None,
                status: if best.is_some() {
                    Status::Baseline
                } else {
                    Status::NoRoute
                },
            };
        }
        match (base, best) {
            (Some(b), Some(a)) => {
                let delta = Delta::between(&b.metrics, &a.metrics);
                let gateway_change = describe_gateway_change(&b.gateways, &a.gateways);
                let same = delta == Delta::default() && gateway_change.is_none();
                Row {
                    best,
                    delta: Some(delta),
                    gateway_change,
                    status: if same {
                        Status::Unchanged
                    } else {
                        Status::Changed
                    },
                }
            }
            (Some(_), None) => Row {
                best,
                delta: None,
                gateway_change: None,
                status: Status::Lost,
            },
            (None, Some(_)) => Row {
                best,
                delta: None,
                gateway_change: None,
                status: Status::Gained,
            },
            (None, None) => Row {
                best,
                delta: None,
                gateway_change: None,
                status: Status::NoRoute,
            },
        }
    }

    /// The summary of scenario `s` (≥ 1) over every pair.
    #[must_use]
    pub fn summary(&self, s: usize) -> Summary {
        let mut out = Summary {
            scenario: self.scenarios[s].clone(),
            pairs: self.pairs.len(),
            ..Summary::default()
        };
        let mut sums = (0i128, 0i128);
        let mut compared = 0i128;
        for p in 0..self.pairs.len() {
            let row = self.row(s, p);
            match row.status {
                Status::Baseline | Status::Unchanged | Status::NoRoute => continue,
                Status::Lost => out.lost += 1,
                Status::Gained => out.gained += 1,
                Status::Changed => {}
            }
            out.affected += 1;
            if row.gateway_change.is_some() {
                out.gateway_changes += 1;
            }
            let Some(d) = row.delta else { continue };
            compared += 1;
            sums.0 += i128::from(d.seconds);
            sums.1 += i128::from(d.cents);
            if out.worst_hours.as_ref().is_none_or(|w| d.seconds > w.1) {
                out.worst_hours = Some((p, d.seconds));
            }
            if out.worst_cost.as_ref().is_none_or(|w| d.cents > w.1) {
                out.worst_cost = Some((p, d.cents));
            }
        }
        if compared > 0 {
            out.mean_delta_hours = Some(sums.0 as f64 / compared as f64 / 3600.0);
            out.mean_delta_cost_usd = Some(sums.1 as f64 / compared as f64 / 100.0);
        }
        out
    }
}

/// One scenario over every pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Pairs compared.
    pub pairs: usize,
    /// Pairs whose best route changed in any way (figures, gateways, lost or gained).
    pub affected: usize,
    /// Pairs whose gateway sequence changed.
    pub gateway_changes: usize,
    /// Pairs that lost every route.
    pub lost: usize,
    /// Pairs that had no route in the baseline and have one now.
    pub gained: usize,
    /// Mean change in hours over affected pairs that have a route in both.
    pub mean_delta_hours: Option<f64>,
    /// Mean change in USD over the same pairs.
    pub mean_delta_cost_usd: Option<f64>,
    /// The largest increase in time: (pair index, seconds).
    pub worst_hours: Option<(usize, i64)>,
    /// The largest increase in cost: (pair index, cents).
    pub worst_cost: Option<(usize, i64)>,
}

// ---------------------------------------------------------------------------------------------
// Invariants

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

/// Best routes by time and by cost for every pair on one network, in pair order.
fn bests(network: &Network, pairs: &[Pair], criterion: Criterion) -> Vec<Option<Route>> {
    let planner = Planner::new(network);
    let none = Constraints::default();
    pairs
        .par_iter()
        .map(|p| planner.best(p.from, p.to, criterion, &none))
        .collect()
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
/// Up to 3 state-graph builds and 3 searches per pair for each scenario, in parallel.
#[must_use]
pub fn check_invariants(
    base: &Network,
    scenarios: &[Scenario],
    pairs: &[Pair],
) -> Vec<InvariantCheck> {
    let mut out = Vec::new();
    let by_time = bests(base, pairs, Criterion::Time);
    let by_cost = bests(base, pairs, Criterion::Cost);
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
            for (criterion, before) in [(Criterion::Time, &by_time), (Criterion::Cost, &by_cost)] {
                let after = bests(&applied.network, pairs, criterion);
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
            "closing something never makes a pair faster or cheaper",
            "closures",
            &scenario.only(|a| a.is_closure().then(|| a.clone())),
            &[(Criterion::Time, &by_time), (Criterion::Cost, &by_cost)],
        ));
        out.push(monotone_check(
            base,
            pairs,
            &scenario.name,
            "scaling costs up never lowers a best cost",
            "cost increases",
            &scenario.only(Action::cost_increase),
            &[(Criterion::Cost, &by_cost)],
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

/// Checks that `part` (some of a scenario's changes, applied alone) makes no pair better than
/// `baseline` by any of `criteria` (each with the baseline's best routes by it); "not
/// applicable" when `part` is empty.
fn monotone_check(
    base: &Network,
    pairs: &[Pair],
    scenario: &str,
    invariant: &str,
    what: &str,
    part: &Scenario,
    criteria: &[(Criterion, &Vec<Option<Route>>)],
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
    for &(criterion, baseline) in criteria {
        let after = bests(&applied.network, pairs, criterion);
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

// ---------------------------------------------------------------------------------------------
// Pairs files

/// Reads origin-destination pairs from a CSV file with a `from,to` header, or from TOML
/// (`[[pair]]` entries with `from` and `to`) when `path` ends in `.toml`. Places are resolved
/// by id, name or alias, ignoring case and diacritics.
///
/// # Errors
/// Every problem at once, as `path:line:col` diagnostics: a missing header, a line without
/// two fields, an unknown or ambiguous place, a pair whose ends are the same place.
///
/// # Example
/// ```
/// let net = corridor::network::load_bundled().unwrap().network;
/// let pairs = corridor::batch::read_pairs("from,to\nAlmaty,Bucharest\n", "p.csv", &net).unwrap();
/// assert_eq!(pairs.len(), 1);
/// ```
pub fn read_pairs(text: &str, path: &str, network: &Network) -> Result<Vec<Pair>, Vec<Diagnostic>> {
    let (fields, mut problems) = if std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        toml_fields(text, path)
    } else {
        csv_fields(text, path)
    };
    let mut pairs = Vec::new();
    for [(from, from_span), (to, to_span)] in fields {
        let mut resolve = |place: &str, span: std::ops::Range<usize>| match network.resolve(place) {
            Ok(i) => Some(i),
            Err(e) => {
                problems.push(Diagnostic::at_span(
                    Severity::Error,
                    path,
                    text,
                    span,
                    e.to_string(),
                    None,
                ));
                None
            }
        };
        let a = resolve(&from, from_span.clone());
        let b = resolve(&to, to_span);
        if let (Some(a), Some(b)) = (a, b) {
            if a == b {
                problems.push(Diagnostic::at_span(
                    Severity::Error,
                    path,
                    text,
                    from_span,
                    format!("from and to are the same place ({})", network.nodes[a].name),
                    None,
                ));
            } else {
                pairs.push(Pair { from: a, to: b });
            }
        }
    }
    if pairs.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::without_position(
            Severity::Error,
            path,
            "no pairs listed".to_owned(),
        ));
    }
    if problems.is_empty() {
        Ok(pairs)
    } else {
        problems.sort_by_key(|d| (d.line, d.col));
        Err(problems)
    }
}

type Field = (String, std::ops::Range<usize>);

fn csv_fields(text: &str, path: &str) -> (Vec<[Field; 2]>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut header = false;
    let mut offset = 0;
    let at = |span: std::ops::Range<usize>, message: String, hint: Option<String>| {
        Diagnostic::at_span(Severity::Error, path, text, span, message, hint)
    };
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let body = body.strip_prefix('\u{feff}').unwrap_or(body);
        let start = start + (line.len() - line.trim_start_matches('\u{feff}').len());
        if body.trim().is_empty() || body.trim_start().starts_with('#') {
            continue;
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut col = 0;
        for part in body.split(',') {
            let lead = part.len() - part.trim_start().len();
            let value = part.trim().trim_matches('"').to_owned();
            let s = start + col + lead;
            fields.push((value, s..s + part.trim().len().max(1)));
            col += part.len() + 1;
        }
        if !header {
            header = true;
            let names: Vec<String> = fields.iter().map(|f| f.0.to_ascii_lowercase()).collect();
            if names != ["from", "to"] {
                problems.push(at(
                    start..start + body.len(),
                    "expected the header line \"from,to\"".to_owned(),
                    Some("list one pair per line after a from,to header".to_owned()),
                ));
                if names.len() == 2 {
                    // A pair without a header: read it as one.
                    if let [a, b] = &fields[..] {
                        out.push([a.clone(), b.clone()]);
                    }
                }
            }
            continue;
        }
        match &fields[..] {
            [a, b] if !a.0.is_empty() && !b.0.is_empty() => out.push([a.clone(), b.clone()]),
            _ => problems.push(at(
                start..start + body.len(),
                format!(
                    "expected two places, from and to, found {} field(s)",
                    fields.len()
                ),
                None,
            )),
        }
    }
    if !header {
        problems.push(Diagnostic::without_position(
            Severity::Error,
            path,
            "file is empty: expected a \"from,to\" header and one pair per line".to_owned(),
        ));
    }
    (out, problems)
}

fn toml_fields(text: &str, path: &str) -> (Vec<[Field; 2]>, Vec<Diagnostic>) {
    use toml::de::DeValue;
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::at_span(Severity::Error, path, text, span, message, None)
    };
    let mut syntax = Vec::new();
    let Some(doc) = crate::network::raw::parse_document(text, &mut syntax) else {
        let problems = syntax.into_iter().map(|p| at(p.span, p.message)).collect();
        return (Vec::new(), problems);
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in doc.get_ref() {
        let items = match (key.get_ref().as_ref(), value.get_ref()) {
            ("pair", DeValue::Array(items)) => items,
            (name, _) => {
                problems.push(at(
                    key.span(),
                    format!("unknown top-level key {name:?}: expected [[pair]] entries"),
                ));
                continue;
            }
        };
        for (i, item) in items.iter().enumerate() {
            let DeValue::Table(t) = item.get_ref() else {
                problems.push(at(item.span(), format!("pair {}: expected a table", i + 1)));
                continue;
            };
            let mut get = |k: &str| match t.get(k).map(|v| (v.get_ref(), v.span())) {
                Some((DeValue::String(s), span)) => Some((s.to_string(), span)),
                Some((_, span)) => {
                    problems.push(at(span, format!("pair {}: {k}: expected a string", i + 1)));
                    None
                }
                None => {
                    problems.push(at(
                        item.span(),
                        format!("pair {}: missing key {k:?}", i + 1),
                    ));
                    None
                }
            };
            if let (Some(a), Some(b)) = (get("from"), get("to")) {
                out.push([a, b]);
            }
        }
    }
    (out, problems)
}

// ---------------------------------------------------------------------------------------------
// Rendering

fn hours(seconds: i64) -> f64 {
    (seconds as f64 / 360.0).round() / 10.0
}

fn usd(cents: i64) -> f64 {
    (cents as f64 / 100.0).round()
}

fn kg(grams: i64) -> f64 {
    (grams as f64 / 1000.0).round()
}

fn as_i64(x: u64) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}

/// `+3.5`, `-2`, `0`: a signed figure for a delta column.
fn signed_text(x: f64, decimals: usize) -> String {
    let text = if decimals == 0 {
        grouped(x)
    } else {
        format!("{x:.decimals$}")
    };
    if x == 0.0 {
        "0".to_owned()
    } else if x > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// Thousands separators for whole numbers (`5,433`).
fn grouped(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn gateway_names(best: &Best) -> String {
    if best.gateways.is_empty() {
        return "-".to_owned();
    }
    best.gateways
        .iter()
        .map(|g| g.name.as_str())
        .collect::<Vec<_>>()
        .join(" > ")
}

#[derive(Serialize)]
struct JsonRow<'a> {
    scenario: &'a str,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfers: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    co2_kg: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gateways: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delta: Option<JsonDelta>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gateway_change: Option<String>,
}

#[derive(Serialize)]
struct JsonDelta {
    hours: f64,
    cost_usd: f64,
    transfers: i64,
    co2_kg: f64,
}

#[derive(Serialize)]
struct JsonPair<'a> {
    from: &'a Place,
    to: &'a Place,
    results: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    scenario: &'a str,
    pairs: usize,
    affected: usize,
    gateway_changes: usize,
    lost: usize,
    gained: usize,
    mean_delta_hours: Option<f64>,
    mean_delta_cost_usd: Option<f64>,
    worst_delta_hours: Option<f64>,
    worst_hours_pair: Option<String>,
    worst_delta_cost_usd: Option<f64>,
    worst_cost_pair: Option<String>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    criterion: &'a str,
    scenarios: &'a [String],
    pairs: Vec<JsonPair<'a>>,
    summary: Vec<JsonSummary<'a>>,
    invariants: &'a [InvariantCheck],
}

impl Comparison {
    fn pair_label(&self, p: usize) -> String {
        let (a, b) = &self.pairs[p];
        format!("{} → {}", a.name, b.name)
    }

    /// The comparison as JSON (pretty, with a trailing newline), with the invariant checks.
    #[must_use]
    pub fn to_json(&self, invariants: &[InvariantCheck]) -> String {
        let pairs = (0..self.pairs.len())
            .map(|p| JsonPair {
                from: &self.pairs[p].0,
                to: &self.pairs[p].1,
                results: (0..self.scenarios.len())
                    .map(|s| {
                        let row = self.row(s, p);
                        let m = row.best.map(|b| b.metrics);
                        JsonRow {
                            scenario: &self.scenarios[s],
                            status: row.status,
                            hours: m.map(|m| hours(as_i64(m.seconds))),
                            cost_usd: m.map(|m| usd(as_i64(m.cents))),
                            transfers: m.map(|m| m.transfers),
                            co2_kg: m.map(|m| kg(as_i64(m.co2_grams))),
                            gateways: row
                                .best
                                .map(|b| b.gateways.iter().map(|g| g.id.as_str()).collect()),
                            delta: row.delta.filter(|_| s > 0).map(|d| JsonDelta {
                                hours: hours(d.seconds),
                                cost_usd: usd(d.cents),
                                transfers: d.transfers,
                                co2_kg: kg(d.co2_grams),
                            }),
                            gateway_change: row.gateway_change,
                        }
                    })
                    .collect(),
            })
            .collect();
        let summary = (1..self.scenarios.len())
            .map(|s| {
                let sm = self.summary(s);
                JsonSummary {
                    scenario: &self.scenarios[s],
                    pairs: sm.pairs,
                    affected: sm.affected,
                    gateway_changes: sm.gateway_changes,
                    lost: sm.lost,
                    gained: sm.gained,
                    mean_delta_hours: sm.mean_delta_hours.map(|h| (h * 10.0).round() / 10.0),
                    mean_delta_cost_usd: sm.mean_delta_cost_usd.map(f64::round),
                    worst_delta_hours: sm.worst_hours.map(|w| hours(w.1)),
                    worst_hours_pair: sm.worst_hours.map(|w| self.pair_label(w.0)),
                    worst_delta_cost_usd: sm.worst_cost.map(|w| usd(w.1)),
                    worst_cost_pair: sm.worst_cost.map(|w| self.pair_label(w.0)),
                }
            })
            .collect();
        let report = JsonReport {
            criterion: self.criterion,
            scenarios: &self.scenarios,
            pairs,
            summary,
            invariants,
        };
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The comparison as CSV: one row per pair and scenario, the baseline included (its delta
    /// columns empty).
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "from,to,scenario,status,hours,cost_usd,transfers,co2_kg,delta_hours,\
             delta_cost_usd,delta_transfers,delta_co2_kg,gateways,gateway_change\n",
        );
        for p in 0..self.pairs.len() {
            for s in 0..self.scenarios.len() {
                let row = self.row(s, p);
                let (a, b) = &self.pairs[p];
                let figures = row.best.map_or_else(
                    || ",,,".to_owned(),
                    |best| {
                        let m = best.metrics;
                        format!(
                            "{},{},{},{}",
                            hours(as_i64(m.seconds)),
                            usd(as_i64(m.cents)),
                            m.transfers,
                            kg(as_i64(m.co2_grams))
                        )
                    },
                );
                let delta = row.delta.filter(|_| s > 0).map_or_else(
                    || ",,,".to_owned(),
                    |d| {
                        format!(
                            "{},{},{},{}",
                            hours(d.seconds),
                            usd(d.cents),
                            d.transfers,
                            kg(d.co2_grams)
                        )
                    },
                );
                let gateways = row.best.map_or_else(String::new, |b| {
                    b.gateways
                        .iter()
                        .map(|g| g.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" > ")
                });
                let change = row.gateway_change.unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{},{},{},{},{figures},{delta},{},{}",
                    a.id,
                    b.id,
                    csv_field(&self.scenarios[s]),
                    row.status.as_str(),
                    csv_field(&gateways),
                    csv_field(&change)
                );
            }
        }
        out
    }

    /// The comparison as text tables: per pair, per scenario; then one summary line per
    /// scenario; then the invariant checks.
    #[must_use]
    pub fn to_table(&self, invariants: &[InvariantCheck]) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} pair(s) × {} scenario(s) + baseline · best by {}",
            self.pairs.len(),
            self.scenarios.len() - 1,
            self.criterion
        );
        let width = self
            .scenarios
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(8)
            .max(8);
        for p in 0..self.pairs.len() {
            let _ = writeln!(out, "\n{}", self.pair_label(p));
            let _ = writeln!(
                out,
                "  {:<width$}  {:>7} {:>7}  {:>7} {:>7}  {:>3} {:>3}  {:>6} {:>6}  gateways",
                "scenario", "hours", "Δ h", "USD", "Δ USD", "tr", "Δ", "kg CO2", "Δ kg"
            );
            for s in 0..self.scenarios.len() {
                let row = self.row(s, p);
                let name = &self.scenarios[s];
                let Some(best) = row.best else {
                    let what = if row.status == Status::Lost {
                        "no route (lost every route)"
                    } else {
                        "no route"
                    };
                    let _ = writeln!(out, "  {name:<width$}  {what}");
                    continue;
                };
                let m = best.metrics;
                let d = row.delta.filter(|_| s > 0);
                let col = |f: &dyn Fn(&Delta) -> String| d.as_ref().map_or_else(String::new, f);
                let gateways = match (&row.gateway_change, s) {
                    (Some(change), _) => change.clone(),
                    (None, 0) => gateway_names(best),
                    (None, _) if row.status == Status::Gained => gateway_names(best),
                    (None, _) => "same".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "  {name:<width$}  {:>7.1} {:>7}  {:>7} {:>7}  {:>3} {:>3}  {:>6} {:>6}  {gateways}",
                    hours(as_i64(m.seconds)),
                    col(&|d| signed_text(hours(d.seconds), 1)),
                    grouped(usd(as_i64(m.cents))),
                    col(&|d| signed_text(usd(d.cents), 0)),
                    m.transfers,
                    col(&|d| signed_text(d.transfers as f64, 0)),
                    grouped(kg(as_i64(m.co2_grams))),
                    col(&|d| signed_text(kg(d.co2_grams), 0)),
                );
            }
        }
        if self.scenarios.len() > 1 {
            let _ = writeln!(
                out,
                "\nSummary (affected: pairs whose best route changed; new gw: pairs using other gateways; \
                 means over affected pairs with a route before and after)"
            );
            let _ = writeln!(
                out,
                "  {:<width$}  {:>8}  {:>7}  {:>4}  {:>8}  {:>8}  worst Δ (largest increase)",
                "scenario", "affected", "new gw", "lost", "mean Δ h", "mean Δ $"
            );
            for s in 1..self.scenarios.len() {
                let sm = self.summary(s);
                let mut worst: Vec<String> = Vec::new();
                if let Some((p, secs)) = sm.worst_hours.filter(|w| w.1 != 0) {
                    let h = signed_text(hours(secs), 1);
                    worst.push(format!("{h} h {}", self.pair_label(p)));
                }
                if let Some((p, cents)) = sm.worst_cost.filter(|w| w.1 != 0) {
                    let c = signed_text(usd(cents), 0);
                    worst.push(format!("{c} USD {}", self.pair_label(p)));
                }
                let worst = if worst.is_empty() {
                    "-".to_owned()
                } else {
                    worst.join(", ")
                };
                let _ = writeln!(
                    out,
                    "  {:<width$}  {:>8}  {:>7}  {:>4}  {:>8}  {:>8}  {worst}",
                    sm.scenario,
                    format!("{}/{}", sm.affected, sm.pairs),
                    sm.gateway_changes,
                    sm.lost,
                    sm.mean_delta_hours.map_or_else(
                        || "-".to_owned(),
                        |h| signed_text((h * 10.0).round() / 10.0, 1)
                    ),
                    sm.mean_delta_cost_usd
                        .map_or_else(|| "-".to_owned(), |c| signed_text(c.round(), 0)),
                );
            }
        }
        if !invariants.is_empty() {
            out.push('\n');
            out.push_str(&invariants_table(invariants));
        }
        out
    }
}

/// The invariant checks as text: a heading with the number of pairs, then one line per check
/// (verdict, scenario, invariant), with the reason a check was skipped and every violation.
#[must_use]
pub fn invariants_table(checks: &[InvariantCheck]) -> String {
    let pairs = checks.first().map_or(0, |c| c.pairs);
    let mut out = format!("Invariants over {pairs} pair(s)\n");
    for check in checks {
        let (verdict, why) = match check.verdict.split_once(": ") {
            Some((v, why)) => (v, Some(why)),
            None => (check.verdict.as_str(), None),
        };
        let _ = writeln!(
            out,
            "  {verdict:<14}  {}: {}",
            check.scenario, check.invariant
        );
        if let Some(why) = why {
            let _ = writeln!(out, "  {:<14}  {why}", "");
        }
        for v in &check.violations {
            let _ = writeln!(out, "  {:<14}  VIOLATION {v}", "");
        }
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str) -> Place {
        Place {
            id: id.to_owned(),
            name: id.to_uppercase(),
        }
    }

    #[test]
    fn gateway_changes_in_words() {
        let (a, b, c) = (place("aktau"), place("kuryk"), place("alat"));
        assert_eq!(
            describe_gateway_change(&[a.clone(), c.clone()], &[a.clone(), c.clone()]),
            None
        );
        assert_eq!(
            describe_gateway_change(&[a.clone(), c.clone()], &[b.clone(), c.clone()]).as_deref(),
            Some("AKTAU to KURYK")
        );
        assert_eq!(
            describe_gateway_change(&[a.clone(), c.clone()], std::slice::from_ref(&c)).as_deref(),
            Some("no longer via AKTAU")
        );
        assert_eq!(
            describe_gateway_change(std::slice::from_ref(&c), &[b.clone(), c.clone()]).as_deref(),
            Some("now also via KURYK")
        );
        assert_eq!(
            describe_gateway_change(&[a.clone(), c.clone()], &[c, a]).as_deref(),
            Some("same gateways in another order")
        );
    }

    #[test]
    fn signed_and_grouped_figures() {
        assert_eq!(signed_text(3.5, 1), "+3.5");
        assert_eq!(signed_text(-2.0, 0), "-2");
        assert_eq!(signed_text(0.0, 1), "0");
        assert_eq!(grouped(5433.0), "5,433");
        assert_eq!(grouped(-1_234_567.0), "-1,234,567");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
    }

    #[test]
    fn csv_pairs_report_every_problem() {
        let net = match crate::network::load_bundled() {
            Ok(l) => l.network,
            Err(e) => panic!("{}", e.render()),
        };
        let text = "from,to\nAlmaty,Bucharestt\nAlmaty\nAktau,Aktau\n";
        let errors = read_pairs(text, "p.csv", &net).err().unwrap_or_default();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].starts_with("p.csv:2:8: error: "), "{shown:?}");
        assert!(
            shown[1].starts_with("p.csv:3:1: error: expected two places"),
            "{shown:?}"
        );
        assert!(
            shown[2].starts_with("p.csv:4:1: error: from and to are the same place"),
            "{shown:?}"
        );
    }
}
