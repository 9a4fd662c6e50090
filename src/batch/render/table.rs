//! The comparison as text tables for people: a table per pair, a summary line per scenario and
//! the invariant checks.

use std::fmt::Write as _;

use super::{as_i64, gateway_names, grouped, hours, kg, signed_text, usd};
use crate::batch::{Comparison, Delta, InvariantCheck, Status};

impl Comparison {
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
