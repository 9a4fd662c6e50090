//! Composing a map into SVG text. A map is a stack of layers, each in its own module, drawn in
//! this order:
//!
//! - [`base`]: sea, graticule and country outlines;
//! - [`network`]: the network's links by mode, and what a scenario closed;
//! - [`routes`]: the routes in rank colours, a stroke pattern per mode, side by side where they
//!   share a leg, and their numbered badges;
//! - [`markers`]: node dots and markers by kind;
//! - [`scale`]: the scale bar;
//! - [`labels`]: node names placed without overlap, in priority order;
//!
//! then, when important labels found no place in a crowded area, an [`inset`] that draws the
//! same layers for that area at a larger scale; then, under the map, the [`legend`] and the
//! [`caption`] (which also writes the header). [`scene`] holds what a map shows, and [`style`]
//! the colours and strokes the layers share.

mod base;
mod caption;
mod inset;
mod labels;
mod legend;
mod markers;
mod network;
mod routes;
mod scale;
mod scene;
mod style;

pub(crate) use scene::{Closed, Scene};
pub use style::{ROUTE_COLOURS, route_colour};

use super::MapOptions;
use super::geometry::Rect;
use super::outlines::COVERAGE;
use super::placer::Placer;
use super::projection::{Bounds, Projection};
use super::svg::{escape, num, thousands};
use crate::network::{Mode, NodeIdx};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Where a layer draws: the projection, the pixel frame it fills, the box of longitudes and
/// latitudes the projection was fitted to, and the prefix of the element ids it writes.
pub(super) struct View<'a> {
    pub(super) proj: Projection,
    pub(super) frame: Rect,
    pub(super) bounds: Bounds,
    pub(super) prefix: &'a str,
}

/// What every view of one map shares: the scene and what is derived from it once.
pub(super) struct Context<'a> {
    pub(super) scene: &'a Scene<'a>,
    pub(super) ids: BTreeMap<&'a str, NodeIdx>,
    /// Each `[[link]]` entry once, as a `[lon, lat]` line with its mode.
    pub(super) links: Vec<(Mode, Vec<[f64; 2]>)>,
    /// Number of distinct neighbours of each node.
    pub(super) neighbours: Vec<usize>,
}

impl<'a> Context<'a> {
    fn new(scene: &'a Scene<'a>) -> Context<'a> {
        let network = scene.network;
        let ids = network
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut pairs = BTreeSet::new();
        for link in &network.links {
            pairs.insert((link.from.min(link.to), link.from.max(link.to)));
        }
        let mut neighbours = vec![0; network.nodes.len()];
        for (a, b) in pairs {
            neighbours[a] += 1;
            neighbours[b] += 1;
        }
        Context {
            scene,
            ids,
            links: network::link_lines(network),
            neighbours,
        }
    }
}

/// What one view's layers drew.
struct Body {
    svg: String,
    /// Important labels that found no place.
    dropped: Vec<NodeIdx>,
    /// A note on what was left out to keep to the map's scale, if anything was.
    left_out: Option<String>,
}

/// One view's layers from the sea up to the labels, with labels kept off `blocked`; `detail`
/// for an inset, which has no scale bar and no rank badges.
fn body(ctx: &Context<'_>, view: &View<'_>, blocked: &[Rect], detail: bool) -> Body {
    let scene = ctx.scene;
    let network = scene.network;
    let mut out = String::new();
    match scene.shared_base.as_deref().filter(|_| !detail) {
        Some(id) => {
            let _ = writeln!(out, r##"<use href="#{}"/>"##, escape(id));
        }
        None => base::write(&mut out, view),
    }
    let mut placer = Placer::new(view.frame);
    for &r in blocked {
        placer.block(r);
    }
    let network_map = scene.routes.is_empty();
    let links_left_out = network::write(
        &mut out,
        view,
        &ctx.links,
        network_map.then_some(&mut placer),
    );
    network::write_closed(&mut out, view, network, &scene.closed, &mut placer);
    let route_px = routes::lines_px(
        &view.proj,
        network,
        &ctx.ids,
        scene.routes,
        routes::SPACING_PX,
    );
    routes::write(&mut out, view, scene.routes, &route_px, &mut placer);
    let marked = markers::write(&mut out, view, scene, &ctx.ids, &mut placer);
    if !detail {
        scale::write(&mut out, view, &mut placer);
        routes::write_badges(
            &mut out,
            view,
            scene.routes,
            &route_px,
            &marked.points,
            &mut placer,
        );
    }
    let dropped = labels::write(
        &mut out,
        view,
        scene,
        &marked.nodes,
        &ctx.neighbours,
        &mut placer,
    );
    let mut left_out = Vec::new();
    if links_left_out > 0 {
        left_out.push(format!(
            "the {} shortest links",
            thousands(links_left_out as f64)
        ));
    }
    if marked.dots_left_out {
        left_out.push("the dots of unmarked nodes".to_string());
    }
    Body {
        svg: out,
        dropped,
        left_out: (!left_out.is_empty()).then(|| {
            format!(
                "The network is denser than this map can show: {} are not drawn.",
                left_out.join(" and ")
            )
        }),
    }
}

/// The box a map of `scene` frames: around its routes with their sea lanes, or around the
/// network's nodes (a long sea lane may leave the frame rather than shrink the whole network),
/// with a margin.
pub(crate) fn frame_around(scene: &Scene<'_>) -> Bounds {
    let fit: Vec<[f64; 2]> = if scene.routes.is_empty() {
        scene.network.nodes.iter().map(|n| [n.lon, n.lat]).collect()
    } else {
        scene
            .routes
            .iter()
            .flat_map(|r| r.line_lon_lat.iter().copied())
            .collect()
    };
    frame_of(fit).unwrap_or(COVERAGE)
}

/// The box around `[lon, lat]` points with a map's margin, or `None` for no points.
pub(crate) fn frame_of(points: impl IntoIterator<Item = [f64; 2]>) -> Option<Bounds> {
    Bounds::around(points).map(|b| b.padded(0.1, 1.5))
}

/// The main view of a map `width` pixels wide framing `bounds`.
fn fitted_view<'a>(bounds: &Bounds, width: f64, prefix: &'a str) -> View<'a> {
    let proj = Projection::fit(bounds, width, width * 0.42, width * 0.75);
    View {
        proj,
        frame: Rect {
            x0: 0.0,
            y0: 0.0,
            x1: width,
            y1: proj.height_px(),
        },
        bounds: *bounds,
        prefix,
    }
}

/// The base layer (sea, graticule, country outlines) of a map `width_px` wide framing
/// `bounds`, as a group with this `id` for `<defs>`: maps of the same frame and width drawn
/// with `shared_base` set to `id` use it instead of drawing their own.
pub(crate) fn base_layer(bounds: &Bounds, width_px: u32, id: &str) -> String {
    let id = escape(id);
    let prefix = format!("{id}-");
    let view = fitted_view(bounds, f64::from(width_px.max(640)), &prefix);
    let mut out = format!("<g id=\"{id}\">\n");
    base::write(&mut out, &view);
    out.push_str("</g>\n");
    out
}

/// Height in pixels of the header of `scene` on a map `width_px` wide.
pub(crate) fn header_height(scene: &Scene<'_>, width_px: u32) -> f64 {
    let width = f64::from(width_px.max(640));
    caption::header("", &scene.title, &scene.subtitle, width).1
}

/// Lays out and writes the whole map.
pub(crate) fn render(scene: &Scene<'_>, options: &MapOptions) -> String {
    let network = scene.network;
    let prefix = &escape(&options.id_prefix);
    let width = f64::from(options.width_px.max(640));
    let ctx = Context::new(scene);

    let bounds = scene.frame.unwrap_or_else(|| frame_around(scene));
    let view = fitted_view(&bounds, width, prefix);
    let map_h = view.frame.height();

    let main = body(&ctx, &view, &[], false);
    let mut map = main.svg;
    let inset = if options.inset {
        inset::choose(&ctx, &view, &main.dropped)
    } else {
        None
    };
    if let Some(inset) = &inset {
        // Again, with the labels kept off the inset, which covers that part of the map.
        map = body(&ctx, &view, &[inset.frame], false).svg;
        let inset_prefix = format!("{prefix}inset-");
        let inset_view = View {
            proj: inset.proj,
            frame: Rect {
                x0: 0.0,
                y0: 0.0,
                x1: inset.frame.width(),
                y1: inset.frame.height(),
            },
            bounds: inset.bounds,
            prefix: &inset_prefix,
        };
        let detail = body(&ctx, &inset_view, &[], true);
        inset::write(&mut map, prefix, inset, &detail.svg);
    }
    let notes: Vec<String> = scene.notes.iter().cloned().chain(main.left_out).collect();
    let links = &ctx.links;
    let ids = &ctx.ids;
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
    let (caption, caption_h) = caption::caption(network, ids, scene.routes, &notes, width);

    let (header, header_h) = caption::header(prefix, &scene.title, &scene.subtitle, width);
    let header_h = header_h.max(scene.min_header_px);
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
