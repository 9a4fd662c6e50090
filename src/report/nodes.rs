//! The node listing (`corridor nodes`): a table for people and JSON for programs.

use super::table::pad;
use crate::network::Node;
use serde::Serialize;
use std::fmt::Write;

/// A node as listed by `corridor nodes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeReport {
    /// Node id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Country code.
    pub country: String,
    /// Kind of node.
    pub kind: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Hours to change mode or gauge here.
    pub transfer_hours: f64,
    /// USD to change mode or gauge here.
    pub transfer_cost_usd: f64,
    /// Border or customs hours for cargo passing through.
    pub dwell_hours: f64,
    /// Border or customs USD for cargo passing through.
    pub dwell_cost_usd: f64,
}

fn node_report(n: &Node) -> NodeReport {
    NodeReport {
        id: n.id.clone(),
        name: n.name.clone(),
        aliases: n.aliases.clone(),
        country: n.country.clone(),
        kind: n.kind.to_string(),
        lat: n.lat,
        lon: n.lon,
        transfer_hours: n.transfer_hours,
        transfer_cost_usd: n.transfer_cost_usd,
        dwell_hours: n.dwell_hours,
        dwell_cost_usd: n.dwell_cost_usd,
    }
}

/// Renders nodes as a JSON object `{"nodes": [...]}`.
#[must_use]
pub fn nodes_json(nodes: &[&Node]) -> String {
    #[derive(Serialize)]
    struct Nodes {
        nodes: Vec<NodeReport>,
    }
    let body = Nodes {
        nodes: nodes.iter().map(|n| node_report(n)).collect(),
    };
    let mut s = serde_json::to_string_pretty(&body).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// Renders nodes as a table: id, name, country, kind, transfer and dwell figures, aliases.
#[must_use]
pub fn nodes_table(nodes: &[&Node]) -> String {
    let header = [
        "id",
        "name",
        "country",
        "kind",
        "transfer h",
        "dwell h",
        "aliases",
    ]
    .map(String::from);
    let rows: Vec<[String; 7]> = nodes
        .iter()
        .map(|n| {
            [
                n.id.clone(),
                n.name.clone(),
                n.country.clone(),
                n.kind.to_string(),
                format!("{:.1}", n.transfer_hours),
                format!("{:.1}", n.dwell_hours),
                n.aliases.join(", "),
            ]
        })
        .collect();
    let mut widths = [0usize; 7];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(c, w)| pad(c, w)).collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    let _ = writeln!(out, "{} node(s)", nodes.len());
    out
}
