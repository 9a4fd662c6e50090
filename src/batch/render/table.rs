//! The comparison as text tables for people: a table per pair, a summary line per scenario and
//! the invariant checks.

use std::fmt::Write as _;

use super::{as_i64, days, gateway_names, grouped, kg, signed_days, signed_text, usd};
use crate::batch::{Comparison, Delta, InvariantCheck, Status};

impl Comparison {
    /// The comparison as text tables for people: per pair, per scenario, in days, USD per FEU,
    /// transfers and kg CO2e with each change against the baseline; then one summary line per
    /// scenario; then the invariant checks.
    #[must_use]
    pub fn to_table(&self, invariants: &[InvariantCheck]) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} pair(s) × {} scenario(s) + baseline · best by {}\n\
             Per {}, door to door; days expected{}; change = scenario − baseline",
            self.pairs.len(),
            self.scenarios.len() - 1,
            self.criterion,
            self.cargo.as_deref().unwrap_or("FEU (40-foot container)"),
            if self.has_late_case() {
                ", P90 simulated (9 boxes in 10 arrive within it)"
            } else {
                ""
            }
        );
        let width = self
            .scenarios
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(8)
            .max(8);
        let late = self.has_late_case();
        for p in 0..self.pairs.len() {
            let _ = writeln!(out, "\n{}", self.pair_label(p));
            let p90_head = if late {
                format!("  {:>5}  {:>6}", "P90", "change")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {:<width$}  {:>5}  {:>6}{p90_head}  {:>11}  {:>6}  {:>9}  {:>6}  {:>7}  {:>6}  gateways",
                "scenario",
                "days",
                "change",
                if self.cargo.is_some() {
                    "USD per box"
                } else {
                    "USD per FEU"
                },
                "change",
                "transfers",
                "change",
                "kg CO2e",
                "change"
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
                let p90 = if late {
                    format!(
                        "  {:>5}  {:>6}",
                        best.p90_seconds
                            .map_or_else(|| "-".to_owned(), |s| format!("{:.1}", days(as_i64(s)))),
                        col(&|d| d.p90_seconds.map_or_else(String::new, signed_days)),
                    )
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "  {name:<width$}  {:>5.1}  {:>6}{p90}  {:>11}  {:>6}  {:>9}  {:>6}  {:>7}  {:>6}  {gateways}",
                    days(as_i64(m.seconds)),
                    col(&|d| signed_days(d.seconds)),
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
            self.summary_table(&mut out, width);
        }
        if !invariants.is_empty() {
            out.push('\n');
            out.push_str(&invariants_table(invariants));
        }
        out
    }

    /// One line per scenario: pairs affected, new gateways, lost, mean changes and the largest
    /// increases (or `none`).
    fn summary_table(&self, out: &mut String, width: usize) {
        let _ = writeln!(
            out,
            "\nSummary per scenario\n\
             affected: pairs whose best route changed in any way; new gateways: pairs now using \
             other gateways;\n\
             lost: pairs left without a route; means over affected pairs with a route before and \
             after"
        );
        let late = self.has_late_case();
        let p90_head = if late {
            format!("  {:>18}", "mean change in P90")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {:>8}  {:>12}  {:>4}  {:>19}{p90_head}  {:>18}  largest increase",
            "scenario",
            "affected",
            "new gateways",
            "lost",
            "mean change in days",
            "mean change in USD"
        );
        for s in 1..self.scenarios.len() {
            let sm = self.summary(s);
            let mut largest: Vec<String> = Vec::new();
            if let Some((p, seconds)) = sm.largest_time_increase {
                largest.push(format!(
                    "{} days {}",
                    signed_days(seconds),
                    self.pair_label(p)
                ));
            }
            if let Some((p, cents)) = sm.largest_cost_increase {
                let usd = signed_text(usd(cents), 0);
                largest.push(format!("{usd} USD {}", self.pair_label(p)));
            }
            let largest = if largest.is_empty() {
                "none".to_owned()
            } else {
                largest.join(", ")
            };
            let mean_days = sm.mean_delta_hours.map_or_else(
                || "-".to_owned(),
                |h| signed_days((h * 3600.0).round() as i64),
            );
            let mean_p90 = if late {
                format!(
                    "  {:>18}",
                    sm.mean_delta_p90_hours.map_or_else(
                        || "-".to_owned(),
                        |h| signed_days((h * 3600.0).round() as i64),
                    )
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {:<width$}  {:>8}  {:>12}  {:>4}  {:>19}{mean_p90}  {:>18}  {largest}",
                sm.scenario,
                format!("{}/{}", sm.affected, sm.pairs),
                sm.gateway_changes,
                sm.lost,
                mean_days,
                sm.mean_delta_cost_usd
                    .map_or_else(|| "-".to_owned(), |c| signed_text(c.round(), 0)),
            );
        }
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
