//! The routes layer: each route's line in its rank colour over a white halo, with a stroke
//! pattern per mode (solid by rail, dashed by road, dash-dot by ferry, dotted by sea) so that a
//! reader sees which part goes by truck; routes that share a leg drawn side by side; and a
//! numbered badge on each route where it runs alone.

use super::View;
use super::style::route_colour;
use crate::map::geometry::{Rect, dedup, line_distance, offset_line, point_along, same_point};
use crate::map::placer::Placer;
use crate::map::projection::Projection;
use crate::map::svg::{num, push_subpath};
use crate::network::{Mode, Network, NodeIdx};
use crate::report::RouteReport;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Pixels between the centre lines of two routes drawn side by side.
pub(super) const SPACING_PX: f64 = 4.5;

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

/// One route in pixels: its whole line, and the same line cut into runs of legs of one mode.
pub(super) struct RoutePx {
    /// The whole line, from origin to destination.
    pub(super) line: Vec<[f64; 2]>,
    /// Consecutive legs of the same mode as one piece each, in travel order.
    pub(super) pieces: Vec<(Mode, Vec<[f64; 2]>)>,
}

/// How a route's pieces are stroked by mode, over the route's colour: `None` is solid.
pub(super) fn mode_dash(mode: Mode) -> Option<&'static str> {
    match mode {
        Mode::Rail => None,
        Mode::Road => Some("7 4"),
        Mode::Ferry => Some("9 3 2 3"),
        Mode::Sea => Some("2 3"),
    }
}

/// Each route's line in pixels. A leg that several routes share is drawn side by side: each
/// route shifted by `spacing` pixels from its neighbour, in rank order, on the same side
/// whichever way it is travelled; a leg used by one route stays on the link. O(route points).
pub(super) fn lines_px(
    proj: &Projection,
    network: &Network,
    ids: &BTreeMap<&str, NodeIdx>,
    routes: &[RouteReport],
    spacing: f64,
) -> Vec<RoutePx> {
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
            let mut line: Vec<[f64; 2]> = Vec::new();
            let mut pieces: Vec<(Mode, Vec<[f64; 2]>)> = Vec::new();
            for (leg, lon_lat) in route.legs.iter().zip(leg_lines(route, &node_points)) {
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
                let px = offset_line(&dedup(proj.project_line(&lon_lat)), offset);
                let mode = Mode::parse(&leg.mode).unwrap_or(Mode::Rail);
                match pieces.last_mut() {
                    // Continue the piece from where the line is, so that pieces join up.
                    Some((m, piece)) if *m == mode => piece.extend(px.iter().copied()),
                    _ => {
                        let mut piece: Vec<[f64; 2]> = line.last().copied().into_iter().collect();
                        piece.extend(px.iter().copied());
                        pieces.push((mode, piece));
                    }
                }
                line.extend(px);
            }
            RoutePx {
                line: dedup(line),
                pieces: pieces
                    .into_iter()
                    .map(|(m, piece)| (m, dedup(piece)))
                    .collect(),
            }
        })
        .collect()
}

/// Writes the routes (halos first, then the lines, rank 1 on top), each route as one path per
/// run of legs of one mode; labels are asked to avoid them.
pub(super) fn write(
    out: &mut String,
    view: &View<'_>,
    routes: &[RouteReport],
    route_px: &[RoutePx],
    placer: &mut Placer,
) {
    if routes.is_empty() {
        return;
    }
    let prefix = view.prefix;
    let _ = writeln!(
        out,
        r#"<g id="{prefix}routes" fill="none" stroke-linecap="round" stroke-linejoin="round">"#
    );
    for px in route_px {
        let mut d = String::new();
        push_subpath(&mut d, &px.line, false, 0.6);
        let _ = writeln!(
            out,
            r##"<path class="halo" d="{d}" stroke="#ffffff" stroke-opacity="0.85" stroke-width="6.5"/>"##
        );
    }
    for (route, px) in routes.iter().zip(route_px).rev() {
        for (mode, piece) in &px.pieces {
            let mut d = String::new();
            push_subpath(&mut d, piece, false, 0.6);
            if d.is_empty() {
                continue;
            }
            let dash = mode_dash(*mode)
                .map(|dash| format!(r#" stroke-dasharray="{dash}" stroke-linecap="butt""#))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                r#"<path class="route" data-rank="{}" data-mode="{mode}" d="{d}" stroke="{}" stroke-width="3.5"{dash}/>"#,
                route.rank,
                route_colour(route.rank),
            );
        }
        placer.avoid_line(&px.line);
    }
    out.push_str("</g>\n");
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

/// Writes a rank badge on each route, away from markers (`marker_points`), and reserves its
/// place from labels.
pub(super) fn write_badges(
    out: &mut String,
    view: &View<'_>,
    routes: &[RouteReport],
    route_px: &[RoutePx],
    marker_points: &[[f64; 2]],
    placer: &mut Placer,
) {
    let lines: Vec<Vec<[f64; 2]>> = route_px.iter().map(|r| r.line.clone()).collect();
    let badges = badge_points(&lines, marker_points, &view.frame);
    if routes.is_empty() {
        return;
    }
    let prefix = view.prefix;
    let _ = writeln!(
        out,
        r#"<g id="{prefix}badges" font-size="11" font-weight="bold" text-anchor="middle">"#
    );
    for (route, badge) in routes.iter().zip(&badges) {
        let Some(b) = badge else { continue };
        placer.block(Rect::around(*b, 10.0));
        let _ = writeln!(
            out,
            r##"<circle cx="{}" cy="{}" r="9" fill="{}" stroke="#ffffff" stroke-width="1.5"/><text x="{}" y="{}" fill="#ffffff">{}</text>"##,
            num(b[0]),
            num(b[1]),
            route_colour(route.rank),
            num(b[0]),
            num(b[1] + 4.0),
            route.rank
        );
    }
    out.push_str("</g>\n");
}
