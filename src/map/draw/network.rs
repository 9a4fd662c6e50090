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

/// Writes the links, one path per mode. With a placer, labels are asked to avoid them (on
/// network maps, where the links are what the reader follows).
pub(super) fn write(
    out: &mut String,
    view: &View<'_>,
    links: &[(Mode, Vec<[f64; 2]>)],
    mut placer: Option<&mut Placer>,
) {
    let prefix = view.prefix;
    let _ = writeln!(
        out,
        r#"<g id="{prefix}links" fill="none" stroke-linecap="round" stroke-linejoin="round">"#
    );
    for mode in Mode::ALL {
        let style = mode_style(mode);
        let mut d = String::new();
        for (_, line) in links.iter().filter(|(m, _)| *m == mode) {
            let px = view.proj.project_line(line);
            if let Some(placer) = placer.as_deref_mut() {
                placer.avoid_line(&px);
            }
            // Only what the frame shows, to the map's scale.
            for piece in clip_line(&px, &near_frame(view)) {
                push_subpath(&mut d, &simplify(&piece, TOLERANCE_PX), false, 0.3);
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
