//! The words around the map: the header (title and subtitle) and the caption under the legend
//! (each route's totals, the notes and the attribution of the outlines), wrapped to the width,
//! never cut.

use super::legend::LINE_PX;
use super::style::{INK, MUTED, route_colour};
use crate::map::svg::{escape, num};
use crate::map::text::{text_width, wrap_text};
use crate::network::{Network, NodeIdx, NodeKind};
use crate::report::{Quantity, RouteReport};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The map's sources and caveats, under the caption.
const ATTRIBUTION: &str = "Country outlines: Natural Earth 1:50m (public domain), simplified. \
    Equidistant conic projection. Lines are drawn between nodes and waypoints, not along the real track.";

/// The header's SVG and its height in pixels: the title (bold, wrapped to the width) and the
/// subtitle, on the right of a one-line title when it fits there, else under the title,
/// wrapped too. Nothing is cut.
pub(super) fn header(prefix: &str, title: &str, subtitle: &str, width: f64) -> (String, f64) {
    const TITLE_PX: f64 = 20.0;
    const SUBTITLE_PX: f64 = 12.0;
    let line_w = width - 32.0;
    let title_lines = wrap_text(title, line_w, TITLE_PX, true);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<g id="{prefix}title" font-size="{}" font-weight="bold" fill="{INK}">"#,
        num(TITLE_PX)
    );
    let mut y = 31.0;
    for (i, line) in title_lines.iter().enumerate() {
        if i > 0 {
            y += 25.0;
        }
        let _ = writeln!(
            out,
            r#"<text x="16" y="{}">{}</text>"#,
            num(y),
            escape(line)
        );
    }
    out.push_str("</g>\n");
    let beside = title_lines.len() == 1
        && text_width(&title_lines[0], TITLE_PX, true)
            + 24.0
            + text_width(subtitle, SUBTITLE_PX, false)
            <= line_w;
    let _ = writeln!(
        out,
        r#"<g id="{prefix}subtitle" font-size="{}" fill="{MUTED}">"#,
        num(SUBTITLE_PX)
    );
    if beside {
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            num(width - 16.0),
            num(y),
            escape(subtitle)
        );
    } else {
        y += 4.0;
        for line in wrap_text(subtitle, line_w, SUBTITLE_PX, false) {
            y += 16.0;
            let _ = writeln!(
                out,
                r#"<text x="16" y="{}">{}</text>"#,
                num(y),
                escape(&line)
            );
        }
    }
    out.push_str("</g>\n");
    (out, y + 17.0)
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
    let late = route.p90_days.map_or_else(String::new, |p90| {
        format!(", P90 {}", Quantity::Days.show(p90))
    });
    let mut text = format!(
        "{labels}{} days (best {}{late}) · USD {} · {} {transfers} · {} km · {} kg CO2e · {}",
        Quantity::Days.show(route.days),
        Quantity::Days.show(route.best_days),
        Quantity::Usd.show(route.cost_usd),
        route.transfers,
        Quantity::Km.show(route.distance_km),
        Quantity::Kg.show(route.co2_kg),
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
        let lines = wrap_text(
            &route_caption(network, ids, route),
            width - 60.0,
            13.0,
            false,
        );
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
        for (k, line) in wrap_text(note, width - 32.0, 13.0, false)
            .iter()
            .enumerate()
        {
            y += if k == 0 { LINE_PX } else { LINE_PX - 4.0 };
            let _ = writeln!(
                out,
                r#"<text x="16" y="{}">{}</text>"#,
                num(y),
                escape(line)
            );
        }
    }
    for line in wrap_text(ATTRIBUTION, width - 32.0, 10.0, false) {
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
