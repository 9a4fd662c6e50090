//! One pair in one scenario against the baseline: the signed delta of the figures, the status
//! (unchanged, changed, lost, gained), the gateway change in words, and the summary of a
//! scenario over every pair.

use serde::Serialize;

use super::{Best, Comparison, Place};
use crate::units::Metrics;

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
    /// Seconds of the simulated P90, when both routes have one.
    pub p90_seconds: Option<i64>,
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
            p90_seconds: None,
        }
    }

    /// Whether nothing changed: every figure zero, the P90 zero or not simulated.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        Delta {
            p90_seconds: None,
            ..*self
        } == Delta::default()
            && self.p90_seconds.unwrap_or(0) == 0
    }

    /// `after − before` of two best routes, their P90 included when both have one.
    #[must_use]
    pub fn of(before: &Best, after: &Best) -> Delta {
        Delta {
            p90_seconds: before
                .p90_seconds
                .zip(after.p90_seconds)
                .map(|(b, a)| signed(a, b)),
            ..Delta::between(&before.metrics, &after.metrics)
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
                let delta = Delta::of(b, a);
                let gateway_change = describe_gateway_change(&b.gateways, &a.gateways);
                let same = delta.is_zero() && gateway_change.is_none();
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

    /// Whether any best route carries a simulated P90 (the late case was asked for).
    #[must_use]
    pub fn has_late_case(&self) -> bool {
        self.results
            .iter()
            .flatten()
            .flatten()
            .any(|b| b.p90_seconds.is_some())
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
        let (mut p90_sum, mut p90_compared) = (0i128, 0i128);
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
            if let Some(p90) = d.p90_seconds {
                p90_sum += i128::from(p90);
                p90_compared += 1;
            }
            // Increases only: a scenario that only helps has none.
            if d.seconds > 0 && out.largest_time_increase.is_none_or(|w| d.seconds > w.1) {
                out.largest_time_increase = Some((p, d.seconds));
            }
            if d.cents > 0 && out.largest_cost_increase.is_none_or(|w| d.cents > w.1) {
                out.largest_cost_increase = Some((p, d.cents));
            }
        }
        if p90_compared > 0 {
            out.mean_delta_p90_hours = Some(p90_sum as f64 / p90_compared as f64 / 3600.0);
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
    /// Mean change in the simulated P90, hours, over those of them with a late case.
    pub mean_delta_p90_hours: Option<f64>,
    /// The largest increase in time, `None` when no pair got slower: (pair index, seconds > 0).
    pub largest_time_increase: Option<(usize, i64)>,
    /// The largest increase in cost, `None` when no pair got dearer: (pair index, cents > 0).
    pub largest_cost_increase: Option<(usize, i64)>,
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

    fn best(seconds: u64, cents: u64) -> Best {
        Best {
            metrics: Metrics {
                seconds,
                cents,
                ..Metrics::default()
            },
            gateways: Vec::new(),
            p90_seconds: None,
        }
    }

    #[test]
    fn largest_increase_is_an_increase_or_none() {
        let c = Comparison {
            criterion: "time",
            cargo: None,
            pairs: vec![(place("a"), place("b")), (place("c"), place("d"))],
            scenarios: vec!["baseline".into(), "faster".into(), "mixed".into()],
            results: vec![
                vec![Some(best(100, 500)), Some(best(100, 500))],
                // Both pairs faster and cheaper: no increase at all.
                vec![Some(best(90, 400)), Some(best(50, 450))],
                // One pair slower and cheaper, the other faster and dearer.
                vec![Some(best(130, 490)), Some(best(80, 700))],
            ],
        };
        let faster = c.summary(1);
        assert_eq!(
            (faster.largest_time_increase, faster.largest_cost_increase),
            (None, None)
        );
        let mixed = c.summary(2);
        assert_eq!(mixed.largest_time_increase, Some((0, 30)));
        assert_eq!(mixed.largest_cost_increase, Some((1, 200)));
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
}
