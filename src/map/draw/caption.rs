//! The words around the map: the header (title and subtitle) and the caption under the legend
//! (each route's totals, the notes and the attribution of the outlines).

use super::legend::LINE_PX;
use super::style::{INK, MUTED, route_colour};
use crate::map::svg::{escape, num, thousands};
use crate::map::text::{fit_text, wrap_text};
use crate::network::{Network, NodeIdx, NodeKind};
use crate::report::RouteReport;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Height of the header above the map, in pixels.
pub(super) const HEADER_PX: f64 = 48.0;

/// The map's sources and caveats, under the caption.
const ATTRIBUTION: &str = "Country outlines: Natural Earth 1:50m (public domain), simplified. \
    Equidistant conic projection. Lines are drawn between nodes and waypoints, not along the real track.";

/// Writes the title (left) and subtitle (right) of a map `width` pixels wide.
pub(super) fn header(out: &mut String, prefix: &str, title: &str, subtitle: &str, width: f64) {
    let _ = writeln!(
        out,
        r#"<text id="{prefix}title" x="16" y="31" font-size="20" font-weight="bold" fill="{INK}">{}</text>"#,
        escape(&fit_text(title, width * 0.6, 20.0))
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="31" font-size="12" fill="{MUTED}" text-anchor="end">{}</text>"#,
        num(width - 16.0),
        escape(&fit_text(subtitle, width * 0.35, 12.0))
    );
}

/// One route's caption: its labels, totals, modes and the ports and borders it passes.
fn route_caption(network: &Network, ids: &BTreeMap<&str, NodeIdx>, route: &RouteReport) -> String {
    let gateways: Vec<&str> = route
        .nodes
        .iter()
        .skip(1)
        .take(route.nodes.len().saturating_sub(2))
        .filter_map(|id| ids.get(id.as_str()))
        .map(|&i| &network.nodes[i])
        .filter(|n| matches!(n.kind, NodeKind::Port | NodeKind::Border))
        .map(|n| n.name.as_str())
        .collect();
    let labels = if route.labels.is_empty() {
        String::new()
    } else {
        format!("{}: ", route.labels.join(", "))
    };
    let transfers = if route.transfers == 1 {
        "transfer"
    } else {
        "transfers"
    };
    let mut text = format!(
        "{labels}{:.1} days · USD {} · {} {transfers} · {} km · {} kg CO2e · {}",
        route.days,
        thousands(route.cost_usd),
        route.transfers,
        thousands(route.distance_km),
        thousands(route.co2_kg),
        route.modes.join("→"),
    );
    if !gateways.is_empty() {
        let _ = write!(text, " · via {}", gateways.join(", "));
    }
    text
}

/// The caption's SVG (in its own coordinates, starting at y = 0) and its height: one entry per
/// route with its rank badge, then the notes and the attribution.
pub(super) fn caption(
    network: &Network,
    ids: &BTreeMap<&str, NodeIdx>,
    routes: &[RouteReport],
    notes: &[String],
    width: f64,
) -> (String, f64) {
    let mut out = String::new();
    let mut y = 0.0;
    for route in routes {
        y += LINE_PX;
        let lines = wrap_text(&route_caption(network, ids, route), width - 60.0, 13.0, 3);
        let _ = write!(
            out,
            r##"<g class="caption" data-rank="{rank}"><circle cx="25" cy="{}" r="9" fill="{}"/><text x="25" y="{}" fill="#ffffff" font-weight="bold" text-anchor="middle" font-size="11">{rank}</text>"##,
            num(y - 4.5),
            route_colour(route.rank),
            num(y - 0.5),
            rank = route.rank,
        );
        for (k, line) in lines.iter().enumerate() {
            if k > 0 {
                y += LINE_PX - 4.0;
            }
            let _ = write!(
                out,
                r#"<text x="42" y="{}">{}</text>"#,
                num(y),
                escape(line)
            );
        }
        out.push_str("</g>\n");
    }
    for note in notes {
        y += LINE_PX;
        let _ = writeln!(
            out,
            r#"<text x="16" y="{}">{}</text>"#,
            num(y),
            escape(&fit_text(note, width - 32.0, 13.0))
        );
    }
    for line in wrap_text(ATTRIBUTION, width - 32.0, 10.0, 3) {
        y += 14.0;
        let _ = writeln!(
            out,
            r#"<text x="16" y="{}" font-size="10" fill="{MUTED}">{}</text>"#,
            num(y + 4.0),
            escape(&line)
        );
    }
    (out, y + 10.0)
}
