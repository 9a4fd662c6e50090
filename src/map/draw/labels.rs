//! The label layer: node names placed without overlap, in priority order (origin and
//! destination, then gateways, then the other nodes of the routes, then the rest) as room
//! allows, each over a white halo.

use super::style::{INK, MUTED};
use super::{Scene, View};
use crate::map::placer::Placer;
use crate::map::svg::{escape, num};
use crate::network::{NodeIdx, NodeKind};
use std::fmt::Write;

/// Writes the labels of `scene`'s nodes; `marked` are the nodes the node layer gave a marker.
pub(super) fn write(
    out: &mut String,
    view: &View<'_>,
    scene: &Scene<'_>,
    marked: &[NodeIdx],
    placer: &mut Placer,
) {
    let network = scene.network;
    let prefix = view.prefix;
    // (node, font size, bold, gap to the marker's edge)
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
    // The halo is a white stroked copy of each label drawn before (under) the labels, rather
    // than the text's own stroke with `paint-order`, which renderers such as cairosvg ignore
    // (they would paint the white stroke over the letters).
    let mut halos = String::new();
    let mut texts = String::new();
    for (i, font_px, bold, gap) in wanted {
        let node = &network.nodes[i];
        let q = view.proj.project(node.lon, node.lat);
        if let Some(at) = placer.place(q, gap, &node.name, font_px, bold) {
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
}
