//! Composing a map into SVG text. A map is a stack of layers, each in its own module, drawn in
//! this order:
//!
//! - [`base`]: sea, graticule and country outlines;
//! - [`network`]: the network's links by mode;
//! - [`routes`]: the routes in rank colours, side by side where they share a leg, and their
//!   numbered badges;
//! - [`markers`]: node dots and markers by kind;
//! - [`scale`]: the scale bar;
//! - [`labels`]: node names placed without overlap;
//!
//! then, under the map, the [`legend`] and the [`caption`] (which also writes the header). The
//! [`style`] module holds the colours and strokes they share.

mod base;
mod caption;
mod labels;
mod legend;
mod markers;
mod network;
mod routes;
mod scale;
mod style;

pub use style::{ROUTE_COLOURS, route_colour};

use super::MapOptions;
use super::geometry::Rect;
use super::outlines::COVERAGE;
use super::placer::Placer;
use super::projection::{Bounds, Projection};
use super::svg::{escape, num};
use crate::network::{Mode, Network, NodeIdx};
use crate::report::RouteReport;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

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
    /// What a scenario closed, drawn as closed (empty for a map of one network).
    pub(crate) closed: Closed,
}

/// Links and nodes a scenario closed: the baseline's links its network no longer has (drawn
/// along the baseline's lines), and the nodes left without any link.
#[derive(Debug, Clone, Default)]
pub(crate) struct Closed {
    /// One `[lon, lat]` line per closed `[[link]]` entry, with its mode.
    pub(crate) links: Vec<(Mode, Vec<[f64; 2]>)>,
    /// Names of the closed links' ends, `from – to (mode)`, for the caption.
    pub(crate) link_names: Vec<String>,
    /// Nodes that had links in the baseline and have none in the scenario.
    pub(crate) nodes: Vec<NodeIdx>,
}

impl Closed {
    /// What `network` closed compared with `baseline` (whose nodes it shares, by id). A
    /// two-way link counts as closed when either direction is gone. O(links · log links).
    pub(crate) fn between(baseline: &Network, network: &Network) -> Closed {
        let key = |net: &Network, link: &crate::network::Link| {
            (
                net.nodes[link.from].id.clone(),
                net.nodes[link.to].id.clone(),
                link.mode,
                link.gauge_mm,
            )
        };
        let open: BTreeSet<_> = network.links.iter().map(|l| key(network, l)).collect();
        let mut closed_entries: BTreeSet<usize> = BTreeSet::new();
        for link in &baseline.links {
            if !open.contains(&key(baseline, link)) {
                closed_entries.insert(link.entry);
            }
        }
        let mut closed = Closed::default();
        let mut drawn = BTreeSet::new();
        for link in &baseline.links {
            if closed_entries.contains(&link.entry) && drawn.insert(link.entry) {
                let (a, b) = (&baseline.nodes[link.from], &baseline.nodes[link.to]);
                let mut line = vec![[a.lon, a.lat]];
                line.extend(link.waypoints.iter().copied());
                line.push([b.lon, b.lat]);
                closed.links.push((link.mode, line));
                closed
                    .link_names
                    .push(format!("{} – {} ({})", a.name, b.name, link.mode));
            }
        }
        let mut linked_before = vec![false; baseline.nodes.len()];
        for link in &baseline.links {
            linked_before[link.from] = true;
            linked_before[link.to] = true;
        }
        let linked_now: BTreeSet<&str> = network
            .links
            .iter()
            .flat_map(|l| {
                [
                    network.nodes[l.from].id.as_str(),
                    network.nodes[l.to].id.as_str(),
                ]
            })
            .collect();
        closed.nodes = (0..baseline.nodes.len())
            .filter(|&i| linked_before[i] && !linked_now.contains(baseline.nodes[i].id.as_str()))
            .filter_map(|i| network.node_by_id(&baseline.nodes[i].id))
            .collect();
        closed
    }

    /// Whether nothing was closed.
    pub(crate) fn is_empty(&self) -> bool {
        self.links.is_empty() && self.nodes.is_empty()
    }
}

/// Where a layer draws: the projection, the pixel frame it fills, the box of longitudes and
/// latitudes the projection was fitted to, and the prefix of the element ids it writes.
pub(super) struct View<'a> {
    pub(super) proj: Projection,
    pub(super) frame: Rect,
    pub(super) bounds: Bounds,
    pub(super) prefix: &'a str,
}

/// Lays out and writes the whole map.
pub(crate) fn render(scene: &Scene<'_>, options: &MapOptions) -> String {
    let network = scene.network;
    let prefix = &escape(&options.id_prefix);
    let width = f64::from(options.width_px.max(640));
    let ids: BTreeMap<&str, NodeIdx> = network
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let links = network::link_lines(network);

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
    let view = View {
        proj,
        frame: Rect {
            x0: 0.0,
            y0: 0.0,
            x1: width,
            y1: map_h,
        },
        bounds,
        prefix,
    };

    let mut map = String::new();
    base::write(&mut map, &view);
    let mut placer = Placer::new(view.frame);
    let network_map = scene.routes.is_empty();
    network::write(&mut map, &view, &links, network_map.then_some(&mut placer));
    network::write_closed(&mut map, &view, network, &scene.closed, &mut placer);
    let route_px = routes::lines_px(&proj, network, &ids, scene.routes, routes::SPACING_PX);
    routes::write(&mut map, &view, scene.routes, &route_px, &mut placer);
    let marked = markers::write(&mut map, &view, scene, &ids, &mut placer);
    scale::write(&mut map, &view, &mut placer);
    routes::write_badges(
        &mut map,
        &view,
        scene.routes,
        &route_px,
        &marked.points,
        &mut placer,
    );
    labels::write(&mut map, &view, scene, &marked.nodes, &mut placer);

    let modes: Vec<Mode> = Mode::ALL
        .into_iter()
        .filter(|m| links.iter().any(|(lm, _)| lm == m))
        .collect();
    let route_modes: Vec<Mode> = Mode::ALL
        .into_iter()
        .filter(|m| {
            scene
                .routes
                .iter()
                .any(|r| r.legs.iter().any(|leg| leg.mode == m.as_str()))
        })
        .collect();
    let (legend, legend_h) = legend::legend(
        &route_modes,
        &modes,
        !scene.closed.is_empty(),
        !scene.ends.is_empty(),
        width,
    );
    let (caption, caption_h) = caption::caption(network, &ids, scene.routes, &scene.notes, width);

    let (header, header_h) = caption::header(prefix, &scene.title, &scene.subtitle, width);
    let legend_y = header_h + map_h + 14.0;
    let caption_y = legend_y + legend_h;
    let height = caption_y + caption_h;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">"#,
        w = num(width),
        h = num(height)
    );
    let _ = writeln!(svg, "<title>{}</title>", super::svg::escape(&scene.title));
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
    svg.push_str(&header);
    let _ = writeln!(
        svg,
        r#"<g id="{prefix}map" transform="translate(0 {})"><g clip-path="url(#{prefix}clip)">"#,
        num(header_h)
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
        r#"<g id="{prefix}legend" transform="translate(0 {})" fill="{}" font-size="12">"#,
        num(legend_y),
        style::INK
    );
    svg.push_str(&legend);
    svg.push_str("</g>\n");
    let _ = writeln!(
        svg,
        r#"<g id="{prefix}caption" transform="translate(0 {})" fill="{}">"#,
        num(caption_y),
        style::INK
    );
    svg.push_str(&caption);
    svg.push_str("</g>\n</svg>\n");
    svg
}
