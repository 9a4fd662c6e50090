//! The label layer: node names placed without overlap, in priority order as room allows, each
//! over a white halo. On a route map: origin and destination, then the routes' gateways (ports
//! and border crossings), then the routes' other nodes, then the rest. On a network map:
//! gateways, then junctions (three or more neighbours) and cities, then the rest.

use super::style::{INK, MUTED};
use super::{Scene, View};
use crate::map::placer::Placer;
use crate::map::svg::{escape, num};
use crate::network::{NodeIdx, NodeKind};
use std::fmt::Write;

/// At most this many labels are tried, in priority order: a map has room for a few hundred at
/// most, and trying more only costs time on large networks.
const MAX_TRIED: usize = 1_000;

/// One label to place: its node, font size, weight, gap to the marker's edge, and whether a
/// reader would miss it (the map adds a detail inset when several such labels find no place).
struct Wanted {
    node: NodeIdx,
    font_px: f64,
    bold: bool,
    gap: f64,
    important: bool,
}

/// The labels of `scene` in priority order; `marked` are the nodes the node layer gave a
/// marker and `neighbours` the number of distinct neighbours of each node.
fn wanted(scene: &Scene<'_>, marked: &[NodeIdx], neighbours: &[usize]) -> Vec<Wanted> {
    let network = scene.network;
    let want = |node, font_px, bold, gap, important| Wanted {
        node,
        font_px,
        bold,
        gap,
        important,
    };
    let gateway = |i: NodeIdx| matches!(network.nodes[i].kind, NodeKind::Port | NodeKind::Border);
    let mut out: Vec<Wanted> = scene
        .ends
        .iter()
        .map(|&i| want(i, 14.0, true, 7.0, true))
        .collect();
    if scene.routes.is_empty() {
        let hub = |i: NodeIdx| {
            neighbours.get(i).is_some_and(|&n| n >= 3) || network.nodes[i].kind == NodeKind::City
        };
        out.extend(
            marked
                .iter()
                .filter(|&&i| gateway(i))
                .map(|&i| want(i, 12.0, false, 4.0, true)),
        );
        out.extend(
            marked
                .iter()
                .filter(|&&i| !gateway(i) && hub(i))
                .map(|&i| want(i, 12.0, false, 3.0, true)),
        );
        out.extend(
            marked
                .iter()
                .filter(|&&i| !gateway(i) && !hub(i))
                .map(|&i| want(i, 11.0, false, 3.0, false)),
        );
    } else {
        out.extend(
            marked
                .iter()
                .filter(|&&i| gateway(i))
                .map(|&i| want(i, 12.0, false, 4.0, true)),
        );
        out.extend(
            marked
                .iter()
                .filter(|&&i| !gateway(i))
                .map(|&i| want(i, 11.0, false, 3.0, false)),
        );
    }
    let mut listed = vec![false; network.nodes.len()];
    for &i in marked.iter().chain(&scene.ends) {
        if let Some(slot) = listed.get_mut(i) {
            *slot = true;
        }
    }
    out.extend(
        (0..network.nodes.len())
            .filter(|&i| !listed[i])
            .map(|i| want(i, 10.0, false, 2.0, false)),
    );
    out
}

/// Writes the labels of `scene`'s nodes inside `view`; `marked` are the nodes the node layer
/// gave a marker, `neighbours` the number of distinct neighbours of each node. Returns the
/// important labels (see [`Wanted`]) whose node is in the frame but found no place.
pub(super) fn write(
    out: &mut String,
    view: &View<'_>,
    scene: &Scene<'_>,
    marked: &[NodeIdx],
    neighbours: &[usize],
    placer: &mut Placer,
) -> Vec<NodeIdx> {
    let network = scene.network;
    let prefix = view.prefix;
    let mut dropped = Vec::new();
    // The halo is a white stroked copy of each label drawn before (under) the labels, rather
    // than the text's own stroke with `paint-order`, which renderers such as cairosvg ignore
    // (they would paint the white stroke over the letters).
    let mut halos = String::new();
    let mut texts = String::new();
    for Wanted {
        node: i,
        font_px,
        bold,
        gap,
        important,
    } in wanted(scene, marked, neighbours)
        .into_iter()
        .take(MAX_TRIED)
    {
        let node = &network.nodes[i];
        let q = view.proj.project(node.lon, node.lat);
        let Some(at) = placer.place(q, gap, &node.name, font_px, bold) else {
            if important && view.frame.contains(q) {
                dropped.push(i);
            }
            continue;
        };
        {
            let weight = if bold { r#" font-weight="bold""# } else { "" };
            let fill = if font_px < 12.0 {
                format!(r#" fill="{MUTED}""#)
            } else {
                String::new()
            };
            let common = format!(
                r#"x="{}" y="{}" font-size="{}" text-anchor="{}"{weight}"#,
                num(at.x),
                num(at.y),
                num(font_px),
                at.anchor,
            );
            let name = escape(&node.name);
            let _ = writeln!(halos, "<text {common}>{name}</text>");
            let _ = writeln!(texts, "<text {common}{fill}>{name}</text>");
        }
    }
    let _ = writeln!(
        out,
        r##"<g id="{prefix}label-halos" fill="#ffffff" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" aria-hidden="true">"##
    );
    out.push_str(&halos);
    out.push_str("</g>\n");
    let _ = writeln!(out, r#"<g id="{prefix}labels" fill="{INK}">"#);
    out.push_str(&texts);
    out.push_str("</g>\n");
    dropped
}
