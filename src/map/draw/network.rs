//! The network layer: every link of the network by mode (one path per mode), each two-way link
//! once, along its waypoints; on a scenario's map, what the scenario closed, in red.

use super::style::{CLOSED, mode_style};
use super::{Closed, View};
use crate::map::geometry::{Rect, clip_line, dedup, point_along, simplify};
use crate::map::placer::Placer;
use crate::map::svg::{num, push_subpath};
use crate::network::{Mode, Network};
use std::collections::BTreeSet;
use std::fmt::Write;

/// How far, in pixels, a simplified link may stray from its projected line.
const TOLERANCE_PX: f64 = 0.3;

/// The frame grown by a few pixels, where lines are cut (the cut ends stay out of sight).
fn near_frame(view: &View<'_>) -> Rect {
    Rect {
        x0: view.frame.x0 - 4.0,
        y0: view.frame.y0 - 4.0,
        x1: view.frame.x1 + 4.0,
        y1: view.frame.y1 + 4.0,
    }
}

/// Each `[[link]]` entry once (its first direction), in file order, as `[lon, lat]` lines.
pub(super) fn link_lines(network: &Network) -> Vec<(Mode, Vec<[f64; 2]>)> {
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

/// A map draws at most this many link segments; beyond it, the longest links first (the
/// shortest are the ones a reader cannot see at the map's scale anyway).
const MAX_SEGMENTS: usize = 20_000;

/// Writes the links, one path per mode, and returns how many links were left out to keep
/// within [`MAX_SEGMENTS`]. With a placer, labels are asked to avoid the links drawn (on
/// network maps, where the links are what the reader follows).
pub(super) fn write(
    out: &mut String,
    view: &View<'_>,
    links: &[(Mode, Vec<[f64; 2]>)],
    mut placer: Option<&mut Placer>,
) -> usize {
    let prefix = view.prefix;
    // Each link as drawn: only what the frame shows, simplified to the map's scale.
    let drawn: Vec<Vec<Vec<[f64; 2]>>> = links
        .iter()
        .map(|(_, line)| {
            clip_line(&view.proj.project_line(line), &near_frame(view))
                .iter()
                .map(|piece| simplify(piece, TOLERANCE_PX))
                .collect()
        })
        .collect();
    let segments = |pieces: &Vec<Vec<[f64; 2]>>| -> usize {
        pieces.iter().map(|p| p.len().saturating_sub(1)).sum()
    };
    let mut keep = vec![true; links.len()];
    let total: usize = drawn.iter().map(segments).sum();
    if total > MAX_SEGMENTS {
        let length = |pieces: &Vec<Vec<[f64; 2]>>| -> f64 {
            pieces
                .iter()
                .flat_map(|p| p.windows(2))
                .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
                .sum()
        };
        let mut order: Vec<usize> = (0..links.len()).collect();
        order.sort_by(|&a, &b| {
            length(&drawn[b])
                .total_cmp(&length(&drawn[a]))
                .then(a.cmp(&b))
        });
        keep = vec![false; links.len()];
        let mut budget = MAX_SEGMENTS;
        for i in order {
            let n = segments(&drawn[i]);
            if n > budget {
                break;
            }
            budget -= n;
            keep[i] = true;
        }
    }
    let _ = writeln!(
        out,
        r#"<g id="{prefix}links" fill="none" stroke-linecap="round" stroke-linejoin="round">"#
    );
    for mode in Mode::ALL {
        let style = mode_style(mode);
        let mut d = String::new();
        for (((m, _), pieces), &kept) in links.iter().zip(&drawn).zip(&keep) {
            if *m != mode || !kept {
                continue;
            }
            for piece in pieces {
                if let Some(placer) = placer.as_deref_mut() {
                    placer.avoid_line(piece);
                }
                push_subpath(&mut d, piece, false, 0.3);
            }
        }
        if d.is_empty() {
            continue;
        }
        let dash = style
            .dash
            .map(|s| format!(r#" stroke-dasharray="{s}""#))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            r#"<path id="{prefix}links-{mode}" class="links {mode}" d="{d}" stroke="{}" stroke-width="{}"{dash}/>"#,
            style.colour,
            num(style.width),
        );
    }
    out.push_str("</g>\n");
    keep.iter().filter(|k| !**k).count()
}

/// Writes what a scenario closed: each closed link dashed red along its baseline line with a
/// cross at its middle, and a larger cross on each node left without links (blocked from
/// labels). Nothing when nothing was closed.
pub(super) fn write_closed(
    out: &mut String,
    view: &View<'_>,
    network: &Network,
    closed: &Closed,
    placer: &mut Placer,
) {
    if closed.is_empty() {
        return;
    }
    let prefix = view.prefix;
    let mut lines = String::new();
    let mut crosses = String::new();
    let cross = |d: &mut String, p: [f64; 2], r: f64| {
        let _ = write!(
            d,
            "M{} {}L{} {}M{} {}L{} {}",
            num(p[0] - r),
            num(p[1] - r),
            num(p[0] + r),
            num(p[1] + r),
            num(p[0] - r),
            num(p[1] + r),
            num(p[0] + r),
            num(p[1] - r)
        );
    };
    for (_, line) in &closed.links {
        let px = dedup(view.proj.project_line(line));
        for piece in clip_line(&px, &near_frame(view)) {
            push_subpath(&mut lines, &simplify(&piece, TOLERANCE_PX), false, 0.3);
        }
        if let Some(mid) = point_along(&px, 0.5) {
            if view.frame.contains(mid) {
                cross(&mut crosses, mid, 4.0);
            }
        }
    }
    for &i in &closed.nodes {
        let node = &network.nodes[i];
        let q = view.proj.project(node.lon, node.lat);
        cross(&mut crosses, q, 6.0);
        placer.block(Rect::around(q, 7.0));
    }
    let _ = writeln!(
        out,
        r#"<g id="{prefix}closed" fill="none" stroke="{CLOSED}" stroke-linecap="round">"#
    );
    if !lines.is_empty() {
        let _ = writeln!(
            out,
            r#"<path class="closed-links" d="{lines}" stroke-width="2.2" stroke-dasharray="6 4" stroke-linecap="butt"/>"#
        );
    }
    let _ = writeln!(
        out,
        r#"<path class="closed-marks" d="{crosses}" stroke-width="2.5"/>"#
    );
    out.push_str("</g>\n");
}
