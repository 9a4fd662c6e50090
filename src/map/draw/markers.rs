//! The node layer: a small dot for every node, a marker by kind (port ring, border diamond,
//! stop ring) for the nodes that matter on this map, and the origin and destination as large
//! dots.

use super::style::{INK, MUTED};
use super::{Scene, View};
use crate::map::geometry::Rect;
use crate::map::placer::Placer;
use crate::map::svg::num;
use crate::network::{NodeIdx, NodeKind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Plain dots are drawn only when the frame holds at most this many nodes; beyond it they
/// would cover the map like a carpet and only make the file large.
pub(super) const MAX_DOTS: usize = 5_000;

/// A network map gives every node a marker up to this many nodes; beyond it, only ports and
/// border crossings, at most this many, in file order.
const MAX_MARKERS: usize = 2_000;

/// Writes one marker of `kind` with radius `r` at `p`.
pub(super) fn marker_svg(out: &mut String, kind: NodeKind, p: [f64; 2], r: f64, stroke: &str) {
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

/// What the node layer drew: the nodes given a marker (besides the ends), in drawing order,
/// the pixel position of every marker including the ends, and whether the plain dots were
/// left out (more than [`MAX_DOTS`] nodes in the frame).
pub(super) struct Marked {
    pub(super) nodes: Vec<NodeIdx>,
    pub(super) points: Vec<[f64; 2]>,
    pub(super) dots_left_out: bool,
}

/// Writes every node in the frame as a dot, then markers for the routes' nodes (or, on a network map, every
/// node) and the ends; each marker is blocked from labels.
pub(super) fn write(
    out: &mut String,
    view: &View<'_>,
    scene: &Scene<'_>,
    ids: &BTreeMap<&str, NodeIdx>,
    placer: &mut Placer,
) -> Marked {
    let network = scene.network;
    let prefix = view.prefix;
    let _ = writeln!(out, r#"<g id="{prefix}nodes" fill="{MUTED}">"#);
    let near_frame = Rect {
        x0: view.frame.x0 - 2.0,
        y0: view.frame.y0 - 2.0,
        x1: view.frame.x1 + 2.0,
        y1: view.frame.y1 + 2.0,
    };
    let in_frame: Vec<[f64; 2]> = network
        .nodes
        .iter()
        .map(|node| view.proj.project(node.lon, node.lat))
        .filter(|&q| near_frame.contains(q))
        .collect();
    if in_frame.len() <= MAX_DOTS {
        for q in &in_frame {
            let _ = writeln!(
                out,
                r#"<circle cx="{}" cy="{}" r="1.8"/>"#,
                num(q[0]),
                num(q[1])
            );
        }
    }
    out.push_str("</g>\n");
    let mut marked: Vec<NodeIdx> = Vec::new();
    if scene.routes.is_empty() && network.nodes.len() <= MAX_MARKERS {
        marked = (0..network.nodes.len()).collect();
    } else if scene.routes.is_empty() {
        marked = (0..network.nodes.len())
            .filter(|&i| matches!(network.nodes[i].kind, NodeKind::Port | NodeKind::Border))
            .take(MAX_MARKERS)
            .collect();
    } else {
        for r in scene.routes {
            for id in &r.nodes {
                if let Some(&i) = ids.get(id.as_str()) {
                    if !marked.contains(&i) && !scene.ends.contains(&i) {
                        marked.push(i);
                    }
                }
            }
        }
    }
    let _ = writeln!(out, r#"<g id="{prefix}gateways">"#);
    let mut points = Vec::new();
    for &i in &marked {
        let node = &network.nodes[i];
        let q = view.proj.project(node.lon, node.lat);
        marker_svg(out, node.kind, q, radius(node.kind), INK);
        placer.block(Rect::around(q, radius(node.kind) + 1.0));
        points.push(q);
    }
    for &i in &scene.ends {
        let node = &network.nodes[i];
        let q = view.proj.project(node.lon, node.lat);
        let _ = writeln!(
            out,
            r##"<circle class="end" cx="{}" cy="{}" r="6.5" fill="{INK}" stroke="#ffffff" stroke-width="2"/>"##,
            num(q[0]),
            num(q[1])
        );
        placer.block(Rect::around(q, 7.5));
        points.push(q);
    }
    out.push_str("</g>\n");
    Marked {
        nodes: marked,
        points,
        dots_left_out: in_frame.len() > MAX_DOTS,
    }
}

/// Marker radius in pixels by kind.
fn radius(kind: NodeKind) -> f64 {
    match kind {
        NodeKind::Port | NodeKind::Border => 4.0,
        _ => 3.5,
    }
}
