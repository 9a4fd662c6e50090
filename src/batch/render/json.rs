//! The comparison as JSON: the figures of every pair in every scenario, the summary per
//! scenario and the invariant checks.

use serde::Serialize;

use super::{as_i64, hours, kg, usd};
use crate::batch::{Comparison, InvariantCheck, Place, Status};

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
}
