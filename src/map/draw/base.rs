//! The base layer under everything else: the sea, a 10° graticule and the country outlines,
//! projected, cut to the frame, simplified to the map's scale and written as few paths.

use super::View;
use super::style::{BORDER, GRATICULE, LAND, SEA};
use crate::map::geometry::{Rect, clip_line, clip_ring, simplify};
use crate::map::outlines::countries;
use crate::map::svg::{escape, num, push_relative_subpath};
use std::fmt::Write;

/// How far, in pixels, a simplified outline or graticule line may stray from the projected
/// one: under half a pixel, so the simplification cannot be seen, yet outlines drawn at a
/// small scale lose most of their points.
const TOLERANCE_PX: f64 = 0.4;

/// Rings whose projected extent is under this many pixels either way (small islands at a
/// small scale) are left out.
const MIN_RING_PX: f64 = 1.0;

/// Writes the sea, the graticule and the countries of `view`.
pub(super) fn write(out: &mut String, view: &View<'_>) {
    let (width, map_h, prefix) = (view.frame.width(), view.frame.height(), view.prefix);
    let _ = writeln!(
        out,
        r#"<rect width="{}" height="{}" fill="{SEA}"/>"#,
        num(width),
        num(map_h)
    );
    graticule(out, view);
    // Whether a projected ring reaches into the frame and is big enough to be seen.
    let visible = |ring: &[[f64; 2]]| {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for q in ring {
            x0 = x0.min(q[0]);
            y0 = y0.min(q[1]);
            x1 = x1.max(q[0]);
            y1 = y1.max(q[1]);
        }
        x1 >= -2.0
            && x0 <= width + 2.0
            && y1 >= -2.0
            && y0 <= map_h + 2.0
            && (x1 - x0).max(y1 - y0) >= MIN_RING_PX
    };
    // Rings are cut a little outside the frame; the cut edges run outside the visible area.
    let frame_margin = Rect {
        x0: -4.0,
        y0: -4.0,
        x1: width + 4.0,
        y1: map_h + 4.0,
    };
    let _ = writeln!(
        out,
        r#"<g id="{prefix}countries" fill="{LAND}" stroke="{BORDER}" stroke-width="0.7" stroke-linejoin="round" fill-rule="evenodd">"#
    );
    for country in countries() {
        let mut d = String::new();
        for ring in &country.rings {
            let mut closed = ring.clone();
            if let Some(&first) = ring.first() {
                closed.push(first);
            }
            let px = view.proj.project_line(&closed);
            if visible(&px) {
                let clipped = simplify(&clip_ring(&px, &frame_margin), TOLERANCE_PX);
                push_relative_subpath(&mut d, &clipped, true);
            }
        }
        if !d.is_empty() {
            let _ = writeln!(
                out,
                r#"<path d="{d}"><title>{}</title></path>"#,
                escape(&country.name)
            );
        }
    }
    out.push_str("</g>\n");
}

/// Meridians and parallels every 10 degrees, cut to the frame.
fn graticule(out: &mut String, view: &View<'_>) {
    let (proj, prefix) = (&view.proj, view.prefix);
    let frame = view.frame;
    let push = |d: &mut String, line: &[[f64; 2]]| {
        for piece in clip_line(line, &frame) {
            push_relative_subpath(d, &simplify(&piece, TOLERANCE_PX), false);
        }
    };
    let wide = view.bounds.padded(0.6, 10.0);
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
        push(&mut d, &line);
    }
    for k in lat_a..=lat_b {
        let lat = f64::from(k * 10);
        let line = proj.project_line(&[[f64::from(lon_a * 10), lat], [f64::from(lon_b * 10), lat]]);
        push(&mut d, &line);
    }
    let _ = writeln!(
        out,
        r#"<path id="{prefix}graticule" d="{d}" fill="none" stroke="{GRATICULE}" stroke-width="0.6"/>"#
    );
}
