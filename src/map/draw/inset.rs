//! The detail inset: when several important labels (gateways, junctions, the ends) find no
//! place because their nodes crowd one area (on the bundled network, the Caucasus), that area
//! is drawn again at a larger scale in a corner of the map where little else is drawn, with a
//! dashed box on the map showing where it is.

use super::style::MUTED;
use super::{Context, View};
use crate::map::geometry::Rect;
use crate::map::projection::{Bounds, Projection};
use crate::map::svg::num;
use crate::network::NodeIdx;
use std::fmt::Write;

/// Fewest important labels left out, close together, that call for an inset.
const MIN_DROPPED: usize = 3;

/// The inset is at least this many times the scale of the map, or it is not worth drawing.
const MIN_ZOOM: f64 = 1.8;

/// Where the inset goes and what it shows.
pub(super) struct Inset {
    /// The inset's frame, in the map's pixels.
    pub(super) frame: Rect,
    /// The area it details, in the map's pixels.
    pub(super) area: Rect,
    /// The longitudes and latitudes it shows, and its projection into its own frame.
    pub(super) bounds: Bounds,
    pub(super) proj: Projection,
}

/// Chooses an inset for the labels `dropped` from `view`, or `None` when too few were left
/// out close together, the area would not be enlarged enough, or no corner is free.
/// O(nodes · dropped + links).
pub(super) fn choose(ctx: &Context<'_>, view: &View<'_>, dropped: &[NodeIdx]) -> Option<Inset> {
    let network = ctx.scene.network;
    let (width, height) = (view.frame.width(), view.frame.height());
    let at = |i: NodeIdx| {
        view.proj
            .project(network.nodes[i].lon, network.nodes[i].lat)
    };
    // The densest cluster: the dropped label with the most others within `radius` pixels.
    let radius = width * 0.04;
    let near = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]) <= radius;
    let cluster = dropped
        .iter()
        .map(|&i| {
            dropped
                .iter()
                .copied()
                .filter(|&j| near(at(i), at(j)))
                .collect::<Vec<_>>()
        })
        .fold(
            Vec::new(),
            |best: Vec<NodeIdx>, c| {
                if c.len() > best.len() { c } else { best }
            },
        );
    if cluster.len() < MIN_DROPPED {
        return None;
    }
    // Every node in the cluster's box (grown by a third of the radius) is shown in the inset.
    let points: Vec<[f64; 2]> = cluster.iter().map(|&i| at(i)).collect();
    let grow = radius / 3.0;
    let box_px = Rect {
        x0: points.iter().map(|p| p[0]).fold(f64::MAX, f64::min) - grow,
        y0: points.iter().map(|p| p[1]).fold(f64::MAX, f64::min) - grow,
        x1: points.iter().map(|p| p[0]).fold(f64::MIN, f64::max) + grow,
        y1: points.iter().map(|p| p[1]).fold(f64::MIN, f64::max) + grow,
    };
    let shown = (0..network.nodes.len())
        .filter(|&i| box_px.contains(at(i)))
        .map(|i| [network.nodes[i].lon, network.nodes[i].lat]);
    let bounds = Bounds::around(shown)?.padded(0.12, 0.4);

    let inset_w = (width * 0.36).max(300.0).min(width - 20.0);
    let proj = Projection::fit(
        &bounds,
        inset_w,
        inset_w * 0.4,
        (height * 0.7).max(inset_w * 0.4),
    );
    let inset_h = proj.height_px();
    let area = projected_box(&view.proj, &bounds);
    if inset_w / area.width().max(1.0) < MIN_ZOOM {
        return None;
    }

    // The corner covering the fewest nodes and links, clear of the area and the scale bar.
    let margin = 10.0;
    let scale_bar = Rect {
        x0: 0.0,
        y0: height - 60.0,
        x1: 240.0,
        y1: height,
    };
    let corners = [
        (width - inset_w - margin, margin),
        (margin, margin),
        (width - inset_w - margin, height - inset_h - margin),
        (margin, height - inset_h - margin),
    ];
    let projected_links: Vec<Vec<[f64; 2]>> = ctx
        .links
        .iter()
        .map(|(_, line)| view.proj.project_line(line))
        .collect();
    let mut best: Option<(usize, Rect)> = None;
    for (x, y) in corners {
        let frame = Rect {
            x0: x,
            y0: y,
            x1: x + inset_w,
            y1: y + inset_h,
        };
        if y < 0.0 || frame.y1 > height || frame.overlaps(&area) || frame.overlaps(&scale_bar) {
            continue;
        }
        let nodes = (0..network.nodes.len())
            .filter(|&i| frame.contains(at(i)))
            .count();
        let segments = projected_links
            .iter()
            .flat_map(|line| line.windows(2))
            .filter(|w| frame.meets_segment(w[0], w[1]))
            .count();
        let score = nodes * 10 + segments;
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, frame));
        }
    }
    let (_, frame) = best?;
    Some(Inset {
        frame,
        area,
        bounds,
        proj,
    })
}

/// The pixel box of a longitude-latitude box under a projection (its edges sampled).
fn projected_box(proj: &Projection, b: &Bounds) -> Rect {
    let mut r = Rect {
        x0: f64::MAX,
        y0: f64::MAX,
        x1: f64::MIN,
        y1: f64::MIN,
    };
    for i in 0..=16 {
        let t = f64::from(i) / 16.0;
        let lon = b.west + (b.east - b.west) * t;
        let lat = b.south + (b.north - b.south) * t;
        for [x, y] in [
            proj.project(lon, b.south),
            proj.project(lon, b.north),
            proj.project(b.west, lat),
            proj.project(b.east, lat),
        ] {
            r.x0 = r.x0.min(x);
            r.y0 = r.y0.min(y);
            r.x1 = r.x1.max(x);
            r.y1 = r.y1.max(y);
        }
    }
    r
}

/// Writes the dashed box around the detailed area and the inset itself (`detail`, drawn in the
/// inset's own coordinates), clipped to its frame and outlined.
pub(super) fn write(out: &mut String, prefix: &str, inset: &Inset, detail: &str) {
    let (a, f) = (&inset.area, &inset.frame);
    let _ = writeln!(
        out,
        r#"<rect class="inset-area" x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{MUTED}" stroke-width="1.2" stroke-dasharray="4 3"/>"#,
        num(a.x0),
        num(a.y0),
        num(a.width()),
        num(a.height())
    );
    let _ = writeln!(
        out,
        r#"<g id="{prefix}inset" transform="translate({} {})"><clipPath id="{prefix}inset-clip"><rect width="{}" height="{}"/></clipPath><g clip-path="url(#{prefix}inset-clip)">"#,
        num(f.x0),
        num(f.y0),
        num(f.width()),
        num(f.height())
    );
    out.push_str(detail);
    let _ = writeln!(
        out,
        r#"</g><rect width="{}" height="{}" fill="none" stroke="{MUTED}" stroke-width="1.5"/></g>"#,
        num(f.width()),
        num(f.height())
    );
}
