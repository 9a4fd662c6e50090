//! Reference outcomes for people (one line per reference, then a summary) and for programs
//! (one JSON document).

use std::fmt::Write as _;

use super::Outcome;
use crate::network::Network;

fn thousands(x: f64) -> String {
    let digits = format!("{}", x.round().abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn name_of<'a>(network: &'a Network, id: &'a str) -> &'a str {
    network
        .node_by_id(id)
        .map_or(id, |i| network.nodes[i].name.as_str())
}

fn pad(s: &str, width: usize) -> String {
    let len = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(len)))
}

/// `17 references: 16 passed, 1 failed`.
#[must_use]
pub fn summary_line(outcomes: &[Outcome]) -> String {
    let passed = outcomes.iter().filter(|o| o.passed()).count();
    let failed = outcomes.len() - passed;
    let s = if outcomes.len() == 1 { "" } else { "s" };
    format!(
        "{} reference{s}: {passed} passed, {failed} failed",
        outcomes.len()
    )
}

/// One line per reference: `ok` or `FAIL`, its name, the query, the route's days, cost and
/// transfers, and for a failure each expectation that did not hold with the expected range,
/// the actual value and how far off it is; then the summary line.
#[must_use]
pub fn to_table(network: &Network, outcomes: &[Outcome]) -> String {
    let name_width = outcomes
        .iter()
        .map(|o| o.name.chars().count())
        .max()
        .unwrap_or(0);
    let queries: Vec<String> = outcomes
        .iter()
        .map(|o| {
            format!(
                "{} → {} ({})",
                name_of(network, &o.from),
                name_of(network, &o.to),
                o.optimize
            )
        })
        .collect();
    let query_width = queries.iter().map(|q| q.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (o, query) in outcomes.iter().zip(&queries) {
        let status = if o.passed() { "ok  " } else { "FAIL" };
        let route = o.route.as_ref().map_or_else(
            || "no route".to_owned(),
            |r| {
                format!(
                    "{:>5.1} days · USD {:>5} · {} transfer{}",
                    r.days,
                    thousands(r.cost_usd),
                    r.transfers,
                    if r.transfers == 1 { "" } else { "s" }
                )
            },
        );
        let _ = write!(
            out,
            "{status}  {}  {}  {route}",
            pad(&o.name, name_width),
            pad(query, query_width)
        );
        for f in &o.failures {
            let _ = write!(
                out,
                "  ✗ {}: expected {}, got {}",
                f.expectation, f.expected, f.actual
            );
            if let Some(by) = &f.off_by {
                let _ = write!(out, ", off by {by}");
            }
        }
        out.push('\n');
    }
    out.push_str(&summary_line(outcomes));
    out.push('\n');
    out
}

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    network: &'a str,
    references: &'a str,
    passed: usize,
    failed: usize,
    results: &'a [Outcome],
}

/// Every outcome as one JSON document: `{network, references, passed, failed, results}`.
#[must_use]
pub fn to_json(network: &Network, references_path: &str, outcomes: &[Outcome]) -> String {
    let passed = outcomes.iter().filter(|o| o.passed()).count();
    let report = JsonReport {
        network: &network.name,
        references: references_path,
        passed,
        failed: outcomes.len() - passed,
        results: outcomes,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{e}"));
    text.push('\n');
    text
}
