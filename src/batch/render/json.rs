//! The comparison as JSON: the figures of every pair in every scenario, the summary per
//! scenario and the invariant checks.

use serde::Serialize;

use super::{as_i64, days, hours, kg, usd};
use crate::batch::{Comparison, InvariantCheck, Place, Status};

#[derive(Serialize)]
struct JsonRow<'a> {
    scenario: &'a str,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    best_days: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    p90_days: Option<f64>,
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
    days: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    p90_days: Option<f64>,
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
    mean_delta_days: Option<f64>,
    mean_delta_cost_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mean_delta_p90_days: Option<f64>,
    /// The largest increase in hours (null when no pair got slower) and its pair.
    largest_increase_hours: Option<f64>,
    largest_increase_days: Option<f64>,
    largest_increase_hours_pair: Option<String>,
    /// The largest increase in USD (null when no pair got dearer) and its pair.
    largest_increase_cost_usd: Option<f64>,
    largest_increase_cost_pair: Option<String>,
}

/// What each figure is measured in.
#[derive(Serialize)]
struct Units {
    hours: &'static str,
    days: &'static str,
    best_days: &'static str,
    p90_days: &'static str,
    cost_usd: &'static str,
    transfers: &'static str,
    co2_kg: &'static str,
    delta: &'static str,
}

const UNITS: Units = Units {
    hours: "expected hours door to door (the mean over waits, delays and closures), to 0.1 h",
    days: "expected days door to door (hours / 24), to 0.1 day",
    best_days: "best-case days: every connection made at once, no waits or delays",
    p90_days: "simulated days 9 boxes in 10 arrive within (with the late case)",
    cost_usd: "USD per FEU (40-foot container), whole dollars",
    transfers: "changes of mode or rail gauge",
    co2_kg: "kg CO2e per FEU, from the network's per-mode factors",
    delta: "scenario minus baseline, in the same units",
};

#[derive(Serialize)]
struct JsonReport<'a> {
    criterion: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cargo: Option<&'a str>,
    units: Units,
    scenarios: &'a [String],
    pairs: Vec<JsonPair<'a>>,
    summary: Vec<JsonSummary<'a>>,
    invariants: &'a [InvariantCheck],
}

impl Comparison {
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
                            days: m.map(|m| days(as_i64(m.seconds))),
                            best_days: m.map(|m| days(as_i64(m.best_seconds))),
                            p90_days: row
                                .best
                                .and_then(|b| b.p90_seconds)
                                .map(|s| days(as_i64(s))),
                            cost_usd: m.map(|m| usd(as_i64(m.cents))),
                            transfers: m.map(|m| m.transfers),
                            co2_kg: m.map(|m| kg(as_i64(m.co2_grams))),
                            gateways: row
                                .best
                                .map(|b| b.gateways.iter().map(|g| g.id.as_str()).collect()),
                            delta: row.delta.filter(|_| s > 0).map(|d| JsonDelta {
                                hours: hours(d.seconds),
                                days: days(d.seconds),
                                p90_days: d.p90_seconds.map(days),
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
                    mean_delta_days: sm
                        .mean_delta_hours
                        .map(|h| days((h * 3600.0).round() as i64)),
                    mean_delta_cost_usd: sm.mean_delta_cost_usd.map(f64::round),
                    mean_delta_p90_days: sm
                        .mean_delta_p90_hours
                        .map(|h| days((h * 3600.0).round() as i64)),
                    largest_increase_hours: sm.largest_time_increase.map(|w| hours(w.1)),
                    largest_increase_days: sm.largest_time_increase.map(|w| days(w.1)),
                    largest_increase_hours_pair: sm
                        .largest_time_increase
                        .map(|w| self.pair_label(w.0)),
                    largest_increase_cost_usd: sm.largest_cost_increase.map(|w| usd(w.1)),
                    largest_increase_cost_pair: sm
                        .largest_cost_increase
                        .map(|w| self.pair_label(w.0)),
                }
            })
            .collect();
        let report = JsonReport {
            criterion: self.criterion,
            cargo: self.cargo.as_deref(),
            units: UNITS,
            scenarios: &self.scenarios,
            pairs,
            summary,
            invariants,
        };
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
        text.push('\n');
        text
    }
}
