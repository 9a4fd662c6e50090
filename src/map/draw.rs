//! Composing a map into SVG text: sea and graticule, country outlines, the network's links by
//! mode, routes highlighted side by side in rank colours, node markers, rank badges, labels
//! placed without overlap, a scale bar, a legend and a caption with each route's totals.

use super::MapOptions;
use super::labels::{Placer, Rect, text_width};
use super::outlines::{COVERAGE, countries};
use super::projection::{Bounds, Projection};
use super::svg::{escape, num, push_subpath, thousands};
use crate::network::{Mode, Network, NodeIdx, NodeKind};
use crate::report::RouteReport;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Colours of routes by rank (rank 1 first), repeating after eight; chosen to stay apart from
/// each other and from the link colours.
pub const ROUTE_COLOURS: [&str; 8] = [
    "#d7301f", "#2166ac", "#1a9850", "#7b3294", "#e08214", "#8c510a", "#c51b7d", "#35978f",
];

const SEA: &str = "#dce9f4";
const GRATICULE: &str = "#c4d5e5";
const LAND: &str = "#f3efe5";
const BORDER: &str = "#c3b8a4";
const INK: &str = "#222222";
const MUTED: &str = "#666666";
const HEADER_PX: f64 = 48.0;
const LINE_PX: f64 = 22.0;

/// How a mode's links look.
struct ModeStyle {
    colour: &'static str,
    width: f64,
    dash: Option<&'static str>,
}

fn mode_style(mode: Mode) -> ModeStyle {
    match mode {
        Mode::Rail => ModeStyle {
            colour: "#4d4d4d",
            width: 1.6,
            dash: None,
        },
        Mode::Road => ModeStyle {
            colour: "#b2763a",
            width: 1.4,
            dash: Some("5 3"),
        },
        Mode::Ferry => ModeStyle {
            colour: "#0d7fa8",
            width: 1.6,
            dash: Some("7 4"),
        },
        Mode::Sea => ModeStyle {
            colour: "#3a75b8",
            width: 1.4,
            dash: Some("1.5 3.5"),
        },
    }
}

/// What a map shows, before layout.
pub(crate) struct Scene<'a> {
    pub(crate) network: &'a Network,
    pub(crate) title: String,
    pub(crate) subtitle: String,
    /// Routes to highlight, rank order.
    pub(crate) routes: &'a [RouteReport],
    /// Origin and destination, drawn large and labelled first.
    pub(crate) ends: Vec<NodeIdx>,
    /// Caption lines under the legend (besides one per route).
    pub(crate) notes: Vec<String>,
}

/// The colour of the route with this 1-based rank.
#[must_use]
pub fn route_colour(rank: usize) -> &'static str {
    ROUTE_COLOURS[rank.saturating_sub(1) % ROUTE_COLOURS.len()]
}

/// Each `[[link]]` entry once (its first direction), in file order, as `[lon, lat]` lines.
fn link_lines(network: &Network) -> Vec<(Mode, Vec<[f64; 2]>)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for link in &network.links {
        if !seen.insert(link.entry) {
            continue;
        }
        let (a, b) = (&network.nodes[link.from], &network.nodes[link.to]);
        let mut line = vec![[a.lon, a.lat]];
        line.extend(link.waypoints.iter().copied());
        line.push([b.lon, b.lat]);
        out.push((link.mode, line));
    }
    out
}

/// Drops points closer than half a pixel to the previous one.
fn dedup(points: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_none_or(|q| (p[0] - q[0]).hypot(p[1] - q[1]) >= 0.5)
        {
            out.push(p);
        }
    }
    out
}

/// Splits a route's line into one `[lon, lat]` line per leg: each leg ends at the first later
/// point equal to its end node's coordinates (the report copies them exactly).
fn leg_lines(route: &RouteReport, node_points: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let line = &route.line_lon_lat;
    let mut out = Vec::with_capacity(node_points.len().saturating_sub(1));
    let mut start = 0;
    for target in node_points.iter().skip(1) {
        if start + 1 >= line.len() {
            break;
        }
        let end = (start + 1..line.len())
            .find(|&j| same_point(line[j], *target))
            .unwrap_or(line.len() - 1);
        out.push(line[start..=end].to_vec());
        start = end;
    }
    out
}

/// Clips a closed ring to a rectangle (Sutherland-Hodgman, one edge at a time); the result is
/// closed again. Parts outside become runs along the rectangle's edges. O(points).
fn clip_ring(ring: &[[f64; 2]], r: &Rect) -> Vec<[f64; 2]> {
    type Inside = fn(&Rect, [f64; 2]) -> bool;
    type Cut = fn(&Rect, [f64; 2], [f64; 2]) -> [f64; 2];
    let edges: [(Inside, Cut); 4] = [
        (
            |r, p| p[0] >= r.x0,
            |r, a, b| [r.x0, a[1] + (b[1] - a[1]) * (r.x0 - a[0]) / (b[0] - a[0])],
        ),
        (
            |r, p| p[0] <= r.x1,
            |r, a, b| [r.x1, a[1] + (b[1] - a[1]) * (r.x1 - a[0]) / (b[0] - a[0])],
        ),
        (
            |r, p| p[1] >= r.y0,
            |r, a, b| [a[0] + (b[0] - a[0]) * (r.y0 - a[1]) / (b[1] - a[1]), r.y0],
        ),
        (
            |r, p| p[1] <= r.y1,
            |r, a, b| [a[0] + (b[0] - a[0]) * (r.y1 - a[1]) / (b[1] - a[1]), r.y1],
        ),
    ];
    let mut points: Vec<[f64; 2]> = ring.to_vec();
    if points.len() > 1 && same_point(points[0], points[points.len() - 1]) {
        points.pop();
    }
    for (inside, cut) in edges {
        if points.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(points.len());
        for (i, &cur) in points.iter().enumerate() {
            let prev = points[(i + points.len() - 1) % points.len()];
            match (inside(r, prev), inside(r, cur)) {
                (true, true) => out.push(cur),
                (true, false) => out.push(cut(r, prev, cur)),
                (false, true) => {
                    out.push(cut(r, prev, cur));
                    out.push(cur);
                }
                (false, false) => {}
            }
        }
        points = out;
    }
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}

/// Whether two points are the very same coordinates (copied, not computed).
fn same_point(a: [f64; 2], b: [f64; 2]) -> bool {
    a[0].to_bits() == b[0].to_bits() && a[1].to_bits() == b[1].to_bits()
}

/// Each route's line in pixels. A leg that several routes share is drawn side by side: each
/// route shifted by `spacing` pixels from its neighbour, in rank order, on the same side
/// whichever way it is travelled; a leg used by one route stays on the link. O(route points).
fn route_lines_px(
    proj: &Projection,
    network: &Network,
    ids: &BTreeMap<&str, NodeIdx>,
    routes: &[RouteReport],
    spacing: f64,
) -> Vec<Vec<[f64; 2]>> {
    let mut users: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, route) in routes.iter().enumerate() {
        for leg in &route.legs {
            let key = if leg.from <= leg.to {
                (leg.from.as_str(), leg.to.as_str())
            } else {
                (leg.to.as_str(), leg.from.as_str())
            };
            let list = users.entry(key).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    routes
        .iter()
        .enumerate()
        .map(|(i, route)| {
            let node_points: Vec<[f64; 2]> = route
                .nodes
                .iter()
                .filter_map(|id| ids.get(id.as_str()))
                .map(|&n| [network.nodes[n].lon, network.nodes[n].lat])
                .collect();
            let mut px: Vec<[f64; 2]> = Vec::new();
            for (leg, line) in route.legs.iter().zip(leg_lines(route, &node_points)) {
                let forward = leg.from <= leg.to;
                let key = if forward {
                    (leg.from.as_str(), leg.to.as_str())
                } else {
                    (leg.to.as_str(), leg.from.as_str())
                };
                let sharing = users.get(&key).map_or(&[][..], Vec::as_slice);
                let position = sharing.iter().position(|&j| j == i).unwrap_or(0);
                let mut offset = (position as f64 - (sharing.len() as f64 - 1.0) / 2.0) * spacing;
                if !forward {
                    offset = -offset;
                }
                px.extend(offset_line(&dedup(proj.project_line(&line)), offset));
            }
            dedup(px)
        })
        .collect()
}

/// The polyline shifted sideways by `d` pixels (to the left of travel for positive `d`), with
/// mitred corners capped at twice the offset. O(points).
fn offset_line(points: &[[f64; 2]], d: f64) -> Vec<[f64; 2]> {
    if d == 0.0 || points.len() < 2 {
        return points.to_vec();
    }
    let normal = |a: [f64; 2], b: [f64; 2]| {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len = dx.hypot(dy).max(1e-9);
        [dy / len, -dx / len]
    };
    let last = points.len() - 1;
    (0..=last)
        .map(|i| {
            let n1 = if i > 0 {
                normal(points[i - 1], points[i])
            } else {
                normal(points[0], points[1])
            };
            let n2 = if i < last {
                normal(points[i], points[i + 1])
            } else {
                n1
            };
            let (mx, my) = (n1[0] + n2[0], n1[1] + n2[1]);
            let len = mx.hypot(my);
            let (mx, my) = if len < 1e-9 {
                (n1[0], n1[1])
            } else {
                (mx / len, my / len)
            };
            let cos = (mx * n1[0] + my * n1[1]).max(0.5);
            [points[i][0] + mx * d / cos, points[i][1] + my * d / cos]
        })
        .collect()
}

fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    };
    (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
}

fn line_distance(p: [f64; 2], line: &[[f64; 2]]) -> f64 {
    line.windows(2)
        .map(|w| segment_distance(p, w[0], w[1]))
        .fold(f64::INFINITY, f64::min)
}

/// The point at fraction `t` of a polyline's length.
fn point_along(line: &[[f64; 2]], t: f64) -> Option<[f64; 2]> {
    let total: f64 = line
        .windows(2)
        .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
        .sum();
    let mut left = total * t;
    for w in line.windows(2) {
        let len = (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]);
        if len >= left && len > 0.0 {
            let f = left / len;
            return Some([
                w[0][0] + (w[1][0] - w[0][0]) * f,
                w[0][1] + (w[1][1] - w[0][1]) * f,
            ]);
        }
        left -= len;
    }
    line.last().copied()
}

/// Where each route's rank badge goes: a point of its own line, away from other routes where it
/// runs alone, from other badges and from markers, spread along the lines by rank.
fn badge_points(
    lines: &[Vec<[f64; 2]>],
    markers: &[[f64; 2]],
    frame: &Rect,
) -> Vec<Option<[f64; 2]>> {
    let n = lines.len();
    let mut placed: Vec<[f64; 2]> = Vec::new();
    let mut out = Vec::with_capacity(n);
    for (i, line) in lines.iter().enumerate() {
        let target = (i + 1) as f64 / (n + 1) as f64;
        let mut ts: Vec<f64> = (5..=95).map(|k| f64::from(k) / 100.0).collect();
        ts.sort_by(|a, b| (a - target).abs().total_cmp(&(b - target).abs()));
        let inside = |p: [f64; 2]| {
            p[0] > frame.x0 + 14.0
                && p[0] < frame.x1 - 14.0
                && p[1] > frame.y0 + 14.0
                && p[1] < frame.y1 - 14.0
        };
        let apart = |p: [f64; 2]| {
            placed
                .iter()
                .all(|q| (p[0] - q[0]).hypot(p[1] - q[1]) >= 26.0)
        };
        let clear = |p: [f64; 2]| {
            markers
                .iter()
                .all(|q| (p[0] - q[0]).hypot(p[1] - q[1]) >= 14.0)
        };
        let alone = |p: [f64; 2]| {
            lines
                .iter()
                .enumerate()
                .all(|(j, other)| j == i || line_distance(p, other) >= 9.0)
        };
        let candidates: Vec<[f64; 2]> = ts.iter().filter_map(|&t| point_along(line, t)).collect();
        let chosen = candidates
            .iter()
            .find(|&&p| inside(p) && apart(p) && clear(p) && alone(p))
            .or_else(|| {
                candidates
                    .iter()
                    .find(|&&p| inside(p) && apart(p) && clear(p))
            })
            .or_else(|| candidates.iter().find(|&&p| inside(p) && apart(p)))
            .or_else(|| candidates.iter().find(|&&p| inside(p)))
            .copied();
        if let Some(p) = chosen {
            placed.push(p);
        }
        out.push(chosen);
    }
    out
}

fn marker_svg(out: &mut String, kind: NodeKind, p: [f64; 2], r: f64, stroke: &str) {
    let (x, y) = (num(p[0]), num(p[1]));
    match kind {
        NodeKind::Border => {
            let _ = writeln!(
                out,
                r##"<path class="border" d="M{x} {}L{} {y}L{x} {}L{} {y}Z" fill="#ffffff" stroke="{stroke}" stroke-width="1.5"/>"##,
                num(p[1] - r * 1.25),
                num(p[0] + r * 1.25),
                num(p[1] + r * 1.25),
                num(p[0] - r * 1.25),
            );
        }
        NodeKind::Port => {
            let _ = writeln!(
                out,
                r##"<circle class="port" cx="{x}" cy="{y}" r="{}" fill="#ffffff" stroke="{stroke}" stroke-width="1.8"/>"##,
                num(r)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                r##"<circle class="stop" cx="{x}" cy="{y}" r="{}" fill="#ffffff" stroke="{stroke}" stroke-width="1.2"/>"##,
                num(r * 0.7)
            );
        }
    }
}

/// One legend entry: its width in pixels and a closure-free description.
enum LegendItem {
    Mode(Mode),
    Ends,
    Kind(NodeKind, &'static str),
}

fn legend_label(item: &LegendItem) -> &'static str {
    match item {
        LegendItem::Mode(m) => m.as_str(),
        LegendItem::Ends => "origin, destination",
        LegendItem::Kind(_, label) => label,
    }
}

/// The map's sources and caveats, under the caption.
const ATTRIBUTION: &str = "Country outlines: Natural Earth 1:50m (public domain), simplified. \
    Equidistant conic projection. Lines are drawn between nodes and waypoints, not along the real track.";

/// Breaks `text` into at most `max_lines` lines of `width` pixels at `font_px`, between its
/// `" · "`-separated parts (or its words when it has no such parts); a part too long for a line
/// and whatever does not fit in the last line are cut with an ellipsis.
fn wrap_text(text: &str, width: f64, font_px: f64, max_lines: usize) -> Vec<String> {
    let separator = if text.contains(" · ") { " · " } else { " " };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for part in text.split(separator) {
        let candidate = if current.is_empty() {
            part.to_string()
        } else {
            format!("{current}{separator}{part}")
        };
        if current.is_empty() || text_width(&candidate, font_px, false) <= width {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, part.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(separator);
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|l| fit_text(&l, width, font_px))
        .collect()
}

/// Truncates `text` with an ellipsis so that it fits `width` pixels at `font_px`.
fn fit_text(text: &str, width: f64, font_px: f64) -> String {
    if text_width(text, font_px, false) <= width {
        return text.to_string();
    }
    let max_chars = (width / (font_px * 0.58)).floor() as usize;
    let mut out: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

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

/// Lays out and writes the whole map.
pub(crate) fn render(scene: &Scene<'_>, options: &MapOptions) -> String {
    let network = scene.network;
    let prefix = &options.id_prefix;
    let width = f64::from(options.width_px.max(640));
    let ids: BTreeMap<&str, NodeIdx> = network
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let links = link_lines(network);

    // What the frame must hold: the routes with their sea lanes, or the network's nodes (a
    // long sea lane may leave the frame rather than shrink the whole network).
    let fit: Vec<[f64; 2]> = if scene.routes.is_empty() {
        network.nodes.iter().map(|n| [n.lon, n.lat]).collect()
    } else {
        scene
            .routes
            .iter()
            .flat_map(|r| r.line_lon_lat.iter().copied())
            .collect()
    };
    let bounds = Bounds::around(fit).map_or(COVERAGE, |b| b.padded(0.1, 1.5));
    let proj = Projection::fit(&bounds, width, width * 0.42, width * 0.75);
    let map_h = proj.height_px();
    let frame = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: width,
        y1: map_h,
    };
    let visible = |ring: &[[f64; 2]]| {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for q in ring {
            x0 = x0.min(q[0]);
            y0 = y0.min(q[1]);
            x1 = x1.max(q[0]);
            y1 = y1.max(q[1]);
        }
        x1 >= -2.0 && x0 <= width + 2.0 && y1 >= -2.0 && y0 <= map_h + 2.0
    };

    // Rings are cut a little outside the frame; the cut edges run outside the visible area.
    let frame_margin = Rect {
        x0: -4.0,
        y0: -4.0,
        x1: width + 4.0,
        y1: map_h + 4.0,
    };
    let mut map = String::new();
    let _ = writeln!(
        map,
        r#"<rect width="{}" height="{}" fill="{SEA}"/>"#,
        num(width),
        num(map_h)
    );

    // Graticule every 10 degrees.
    let wide = bounds.padded(0.6, 10.0);
    let mut d = String::new();
    let (lon_a, lon_b) = (
        (wide.west / 10.0).floor() as i32,
        (wide.east / 10.0).ceil() as i32,
    );
    let (lat_a, lat_b) = (
        (wide.south / 10.0).floor().max(-8.0) as i32,
        (wide.north / 10.0).ceil().min(8.0) as i32,
    );
    for k in lon_a..=lon_b {
        let lon = f64::from(k * 10);
        let line = proj.project_line(&[[lon, f64::from(lat_a * 10)], [lon, f64::from(lat_b * 10)]]);
        push_subpath(&mut d, &line, false, 2.0);
    }
    for k in lat_a..=lat_b {
        let lat = f64::from(k * 10);
        let line = proj.project_line(&[[f64::from(lon_a * 10), lat], [f64::from(lon_b * 10), lat]]);
        push_subpath(&mut d, &line, false, 2.0);
    }
    let _ = writeln!(
        map,
        r#"<path id="{prefix}graticule" d="{d}" fill="none" stroke="{GRATICULE}" stroke-width="0.6"/>"#
    );

    // Countries.
    let _ = writeln!(
        map,
        r#"<g id="{prefix}countries" fill="{LAND}" stroke="{BORDER}" stroke-width="0.7" stroke-linejoin="round" fill-rule="evenodd">"#
    );
    for country in countries() {
        let mut d = String::new();
        for ring in &country.rings {
            let mut closed = ring.clone();
            if let Some(&first) = ring.first() {
                closed.push(first);
            }
            let px = proj.project_line(&closed);
            if visible(&px) {
                let clipped = clip_ring(&px, &frame_margin);
                push_subpath(&mut d, &clipped, true, 0.8);
            }
        }
        if !d.is_empty() {
            let _ = writeln!(
                map,
                r#"<path d="{d}"><title>{}</title></path>"#,
                escape(&country.name)
            );
        }
    }
    map.push_str("</g>\n");

    // The network's links, by mode.
    let mut placer = Placer::new(frame);
    let _ = writeln!(
        map,
        r#"<g id="{prefix}links" fill="none" stroke-linecap="round" stroke-linejoin="round">"#
    );
    for mode in Mode::ALL {
        let style = mode_style(mode);
        let mut d = String::new();
        for (_, line) in links.iter().filter(|(m, _)| *m == mode) {
            let px = proj.project_line(line);
            if scene.routes.is_empty() {
                placer.avoid_line(&px);
            }
            push_subpath(&mut d, &px, false, 0.8);
        }
        if d.is_empty() {
            continue;
        }
        let dash = style
            .dash
            .map(|s| format!(r#" stroke-dasharray="{s}""#))
            .unwrap_or_default();
        let _ = writeln!(
            map,
            r#"<path id="{prefix}links-{mode}" class="links {mode}" d="{d}" stroke="{}" stroke-width="{}"{dash}/>"#,
            style.colour,
            num(style.width),
        );
    }
    map.push_str("</g>\n");

    // Routes, side by side where they share a link.
    let route_count = scene.routes.len();
    let spacing = 4.5;
    let route_px = route_lines_px(&proj, network, &ids, scene.routes, spacing);
    if route_count > 0 {
        let _ = writeln!(
            map,
            r#"<g id="{prefix}routes" fill="none" stroke-linecap="round" stroke-linejoin="round">"#
        );
        for line in &route_px {
            let mut d = String::new();
            push_subpath(&mut d, line, false, 0.6);
            let _ = writeln!(
                map,
                r##"<path class="halo" d="{d}" stroke="#ffffff" stroke-opacity="0.85" stroke-width="6.5"/>"##
            );
        }
        for (route, line) in scene.routes.iter().zip(&route_px).rev() {
            let mut d = String::new();
            push_subpath(&mut d, line, false, 0.6);
            let _ = writeln!(
                map,
                r#"<path class="route" data-rank="{}" d="{d}" stroke="{}" stroke-width="3.5"/>"#,
                route.rank,
                route_colour(route.rank),
            );
            placer.avoid_line(line);
        }
        map.push_str("</g>\n");
    }

    // Nodes: every node as a dot, the routes' nodes (or every port and border) as markers.
    let _ = writeln!(map, r#"<g id="{prefix}nodes" fill="{MUTED}">"#);
    for node in &network.nodes {
        let q = proj.project(node.lon, node.lat);
        let _ = writeln!(
            map,
            r#"<circle cx="{}" cy="{}" r="1.8"/>"#,
            num(q[0]),
            num(q[1])
        );
    }
    map.push_str("</g>\n");
    let mut marked: Vec<NodeIdx> = Vec::new();
    if route_count > 0 {
        for r in scene.routes {
            for id in &r.nodes {
                if let Some(&i) = ids.get(id.as_str()) {
                    if !marked.contains(&i) && !scene.ends.contains(&i) {
                        marked.push(i);
                    }
                }
            }
        }
    } else {
        marked = (0..network.nodes.len()).collect();
    }
    let radius = |kind: NodeKind| match kind {
        NodeKind::Port | NodeKind::Border => 4.0,
        _ => 3.5,
    };
    let _ = writeln!(map, r#"<g id="{prefix}gateways">"#);
    let mut marker_points = Vec::new();
    for &i in &marked {
        let node = &network.nodes[i];
        let q = proj.project(node.lon, node.lat);
        marker_svg(&mut map, node.kind, q, radius(node.kind), INK);
        placer.block(Rect::around(q, radius(node.kind) + 1.0));
        marker_points.push(q);
    }
    for &i in &scene.ends {
        let node = &network.nodes[i];
        let q = proj.project(node.lon, node.lat);
        let _ = writeln!(
            map,
            r##"<circle class="end" cx="{}" cy="{}" r="6.5" fill="{INK}" stroke="#ffffff" stroke-width="2"/>"##,
            num(q[0]),
            num(q[1])
        );
        placer.block(Rect::around(q, 7.5));
        marker_points.push(q);
    }
    map.push_str("</g>\n");

    // Scale bar, bottom left.
    let centre_lat = f64::midpoint(bounds.south, bounds.north);
    let centre_lon = f64::midpoint(bounds.west, bounds.east);
    let km_per_px = proj.km_per_px(centre_lon, centre_lat);
    let bar_km = [
        10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 2500.0, 5000.0,
    ]
    .into_iter()
    .rfind(|km| km_per_px > 0.0 && km / km_per_px <= 170.0)
    .unwrap_or(10.0);
    let bar_px = if km_per_px > 0.0 {
        bar_km / km_per_px
    } else {
        100.0
    };
    let (sx, sy) = (16.0, map_h - 22.0);
    let scale_box = Rect {
        x0: sx - 8.0,
        y0: sy - 26.0,
        x1: sx + bar_px + 44.0,
        y1: sy + 14.0,
    };
    placer.block(scale_box);
    let _ = writeln!(map, r#"<g id="{prefix}scale" font-size="11" fill="{INK}">"#);
    let _ = writeln!(
        map,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#ffffff" fill-opacity="0.85"/>"##,
        num(scale_box.x0),
        num(scale_box.y0),
        num(scale_box.x1 - scale_box.x0),
        num(scale_box.y1 - scale_box.y0)
    );
    let half = bar_px / 2.0;
    let _ = writeln!(
        map,
        r##"<rect x="{}" y="{}" width="{}" height="5" fill="{INK}"/><rect x="{}" y="{}" width="{}" height="5" fill="#ffffff" stroke="{INK}" stroke-width="1"/>"##,
        num(sx),
        num(sy),
        num(half),
        num(sx + half),
        num(sy),
        num(half)
    );
    let _ = writeln!(
        map,
        r#"<text x="{}" y="{}" text-anchor="middle">0</text><text x="{}" y="{}" text-anchor="middle">{}</text><text x="{}" y="{}">{} km</text>"#,
        num(sx),
        num(sy - 4.0),
        num(sx + half),
        num(sy - 4.0),
        thousands(bar_km / 2.0),
        num(sx + bar_px - 6.0),
        num(sy - 4.0),
        thousands(bar_km)
    );
    let _ = writeln!(
        map,
        r#"<text x="{}" y="{}" font-size="9" fill="{MUTED}">at {:.0}°{}</text>"#,
        num(sx),
        num(sy + 12.0),
        centre_lat.abs(),
        if centre_lat >= 0.0 { "N" } else { "S" }
    );
    map.push_str("</g>\n");

    // Rank badges.
    let badges = badge_points(&route_px, &marker_points, &frame);
    if route_count > 0 {
        let _ = writeln!(
            map,
            r#"<g id="{prefix}badges" font-size="11" font-weight="bold" text-anchor="middle">"#
        );
        for (route, badge) in scene.routes.iter().zip(&badges) {
            let Some(b) = badge else { continue };
            placer.block(Rect::around(*b, 10.0));
            let _ = writeln!(
                map,
                r##"<circle cx="{}" cy="{}" r="9" fill="{}" stroke="#ffffff" stroke-width="1.5"/><text x="{}" y="{}" fill="#ffffff">{}</text>"##,
                num(b[0]),
                num(b[1]),
                route_colour(route.rank),
                num(b[0]),
                num(b[1] + 4.0),
                route.rank
            );
        }
        map.push_str("</g>\n");
    }

    // Labels: ends first, then gateways, then other nodes, as room allows.
    let mut wanted: Vec<(NodeIdx, f64, bool, f64)> =
        scene.ends.iter().map(|&i| (i, 14.0, true, 7.0)).collect();
    let gateway = |i: &NodeIdx| matches!(network.nodes[*i].kind, NodeKind::Port | NodeKind::Border);
    wanted.extend(
        marked
            .iter()
            .filter(|i| gateway(i))
            .map(|&i| (i, 12.0, false, 4.0)),
    );
    wanted.extend(
        marked
            .iter()
            .filter(|i| !gateway(i))
            .map(|&i| (i, 11.0, false, 3.0)),
    );
    wanted.extend(
        (0..network.nodes.len())
            .filter(|i| !marked.contains(i) && !scene.ends.contains(i))
            .map(|i| (i, 10.0, false, 2.0)),
    );
    let _ = writeln!(
        map,
        r##"<g id="{prefix}labels" fill="{INK}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">"##
    );
    for (i, font_px, bold, gap) in wanted {
        let node = &network.nodes[i];
        let q = proj.project(node.lon, node.lat);
        if let Some(at) = placer.place(q, gap, &node.name, font_px, bold) {
            let weight = if bold { r#" font-weight="bold""# } else { "" };
            let fill = if font_px < 12.0 {
                format!(r#" fill="{MUTED}""#)
            } else {
                String::new()
            };
            let _ = writeln!(
                map,
                r#"<text x="{}" y="{}" font-size="{}" text-anchor="{}"{weight}{fill}>{}</text>"#,
                num(at.x),
                num(at.y),
                num(font_px),
                at.anchor,
                escape(&node.name)
            );
        }
    }
    map.push_str("</g>\n");

    // Footer: legend, then one caption line per route, then notes and attribution.
    let mut items: Vec<LegendItem> = Mode::ALL
        .into_iter()
        .filter(|m| links.iter().any(|(lm, _)| lm == m))
        .map(LegendItem::Mode)
        .collect();
    if !scene.ends.is_empty() {
        items.push(LegendItem::Ends);
    }
    items.push(LegendItem::Kind(NodeKind::Port, "port"));
    items.push(LegendItem::Kind(NodeKind::Border, "border crossing"));
    items.push(LegendItem::Kind(NodeKind::City, "other stop"));
    let mut legend = String::new();
    let (mut x, mut row) = (16.0, 0.0);
    for item in &items {
        let label = legend_label(item);
        let item_w = 34.0 + text_width(label, 12.0, false) + 22.0;
        if x + item_w > width - 16.0 && x > 16.0 {
            x = 16.0;
            row += LINE_PX;
        }
        let y = row + 11.0;
        match item {
            LegendItem::Mode(m) => {
                let style = mode_style(*m);
                let dash = style
                    .dash
                    .map(|s| format!(r#" stroke-dasharray="{s}""#))
                    .unwrap_or_default();
                let _ = writeln!(
                    legend,
                    r#"<path class="legend-{m}" d="M{} {}L{} {}" stroke="{}" stroke-width="{}"{dash} stroke-linecap="round"/>"#,
                    num(x),
                    num(y - 4.0),
                    num(x + 28.0),
                    num(y - 4.0),
                    style.colour,
                    num(style.width + 0.6)
                );
            }
            LegendItem::Ends => {
                let _ = writeln!(
                    legend,
                    r##"<circle cx="{}" cy="{}" r="6" fill="{INK}" stroke="#ffffff" stroke-width="2"/>"##,
                    num(x + 14.0),
                    num(y - 4.0)
                );
            }
            LegendItem::Kind(kind, _) => {
                marker_svg(&mut legend, *kind, [x + 14.0, y - 4.0], 4.0, INK);
            }
        }
        let _ = writeln!(
            legend,
            r#"<text x="{}" y="{}">{label}</text>"#,
            num(x + 34.0),
            num(y)
        );
        x += item_w;
    }
    let legend_h = row + LINE_PX;

    let mut caption = String::new();
    let mut y = 0.0;
    for route in scene.routes {
        y += LINE_PX;
        let lines = wrap_text(&route_caption(network, &ids, route), width - 60.0, 13.0, 3);
        let _ = write!(
            caption,
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
                caption,
                r#"<text x="42" y="{}">{}</text>"#,
                num(y),
                escape(line)
            );
        }
        caption.push_str("</g>\n");
    }
    for note in &scene.notes {
        y += LINE_PX;
        let _ = writeln!(
            caption,
            r#"<text x="16" y="{}">{}</text>"#,
            num(y),
            escape(&fit_text(note, width - 32.0, 13.0))
        );
    }
    for line in wrap_text(ATTRIBUTION, width - 32.0, 10.0, 3) {
        y += 14.0;
        let _ = writeln!(
            caption,
            r#"<text x="16" y="{}" font-size="10" fill="{MUTED}">{}</text>"#,
            num(y + 4.0),
            escape(&line)
        );
    }
    let caption_h = y + 10.0;

    let legend_y = HEADER_PX + map_h + 14.0;
    let caption_y = legend_y + legend_h;
    let height = caption_y + caption_h;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">"#,
        w = num(width),
        h = num(height)
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(&scene.title));
    let _ = writeln!(
        svg,
        r#"<defs><clipPath id="{prefix}clip"><rect width="{}" height="{}"/></clipPath></defs>"#,
        num(width),
        num(map_h)
    );
    let _ = writeln!(
        svg,
        r##"<rect width="{}" height="{}" fill="#ffffff"/>"##,
        num(width),
        num(height)
    );
    let _ = writeln!(
        svg,
        r#"<text id="{prefix}title" x="16" y="31" font-size="20" font-weight="bold" fill="{INK}">{}</text>"#,
        escape(&fit_text(&scene.title, width * 0.6, 20.0))
    );
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="31" font-size="12" fill="{MUTED}" text-anchor="end">{}</text>"#,
        num(width - 16.0),
        escape(&fit_text(&scene.subtitle, width * 0.35, 12.0))
    );
    let _ = writeln!(
        svg,
        r#"<g id="{prefix}map" transform="translate(0 {})"><g clip-path="url(#{prefix}clip)">"#,
        num(HEADER_PX)
    );
    svg.push_str(&map);
    let _ = writeln!(
        svg,
        r##"</g><rect width="{}" height="{}" fill="none" stroke="#9a9a9a" stroke-width="1"/></g>"##,
        num(width),
        num(map_h)
    );
    let _ = writeln!(
        svg,
        r#"<g id="{prefix}legend" transform="translate(0 {})" fill="{INK}" font-size="12">"#,
        num(legend_y)
    );
    svg.push_str(&legend);
    svg.push_str("</g>\n");
    let _ = writeln!(
        svg,
        r#"<g id="{prefix}caption" transform="translate(0 {})" fill="{INK}">"#,
        num(caption_y)
    );
    svg.push_str(&caption);
    svg.push_str("</g>\n</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_parallel_at_the_right_distance() {
        let line = [[0.0, 0.0], [100.0, 0.0], [100.0, 100.0]];
        let shifted = offset_line(&line, 4.0);
        assert_eq!(shifted.len(), 3);
        assert!((shifted[0][1] - -4.0).abs() < 1e-9 || (shifted[0][1] - 4.0).abs() < 1e-9);
        // The corner moves diagonally by 4·√2 (a mitre), every segment stays 4 px away.
        let d = (shifted[1][0] - 100.0).hypot(shifted[1][1]);
        assert!((d - 4.0 * 2f64.sqrt()).abs() < 1e-9, "{d}");
        assert!((segment_distance(shifted[2], [100.0, 0.0], [100.0, 100.0]) - 4.0).abs() < 1e-9);
    }

    #[test]
    fn captions_wrap_at_separators() {
        let lines = wrap_text(
            "fastest: 4.2 days · USD 2,550 · 3 transfers",
            110.0,
            10.0,
            3,
        );
        assert_eq!(lines, ["fastest: 4.2 days", "USD 2,550", "3 transfers"]);
        let cut = wrap_text("a b c d e f", 10.0, 10.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'), "{cut:?}");
    }

    #[test]
    fn rings_are_clipped_to_the_frame() {
        let frame = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let ring = [
            [-5.0, 5.0],
            [5.0, -5.0],
            [15.0, 5.0],
            [5.0, 15.0],
            [-5.0, 5.0],
        ];
        let clipped = clip_ring(&ring, &frame);
        assert!(
            clipped
                .iter()
                .all(|p| (0.0..=10.0).contains(&p[0]) && (0.0..=10.0).contains(&p[1]))
        );
        assert_eq!(clipped.first(), clipped.last());
        assert_eq!(clipped.len(), 9, "{clipped:?}");
        assert!(clip_ring(&[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]], &frame).is_empty());
    }

    #[test]
    fn points_along_a_line() {
        let line = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]];
        assert_eq!(point_along(&line, 0.5), Some([10.0, 0.0]));
        assert_eq!(point_along(&line, 0.75), Some([10.0, 5.0]));
        assert_eq!(fit_text("abcdefghij", 30.0, 10.0), "abcd…");
    }
}
