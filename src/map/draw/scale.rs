//! The scale bar in the map's bottom-left corner, measured along the parallel at the centre of
//! the area drawn.

use super::View;
use super::style::{INK, MUTED};
use crate::map::geometry::Rect;
use crate::map::placer::Placer;
use crate::map::svg::{num, thousands};
use std::fmt::Write;

/// Writes the scale bar and blocks its box from labels.
pub(super) fn write(out: &mut String, view: &View<'_>, placer: &mut Placer) {
    let (bounds, proj, prefix) = (&view.bounds, &view.proj, view.prefix);
    let map_h = view.frame.height();
    let centre_lat = f64::midpoint(bounds.south, bounds.north);
    let centre_lon = f64::midpoint(bounds.west, bounds.east);
    let km_per_px = proj.km_per_px(centre_lon, centre_lat);
    let bar_km = [
        10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 2500.0, 5000.0,
    ]
    .into_iter()
    .rfind(|km| km_per_px > 0.0 && km / km_per_px <= 170.0)
    .unwrap_or(10.0);
    let bar_px = if km_per_px > 0.0 {
        bar_km / km_per_px
    } else {
        100.0
    };
    let (sx, sy) = (16.0, map_h - 22.0);
    let scale_box = Rect {
        x0: sx - 8.0,
        y0: sy - 26.0,
        x1: sx + bar_px + 44.0,
        y1: sy + 14.0,
    };
    placer.block(scale_box);
    let _ = writeln!(out, r#"<g id="{prefix}scale" font-size="11" fill="{INK}">"#);
    let _ = writeln!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#ffffff" fill-opacity="0.85"/>"##,
        num(scale_box.x0),
        num(scale_box.y0),
        num(scale_box.x1 - scale_box.x0),
        num(scale_box.y1 - scale_box.y0)
    );
    let half = bar_px / 2.0;
    let _ = writeln!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="5" fill="{INK}"/><rect x="{}" y="{}" width="{}" height="5" fill="#ffffff" stroke="{INK}" stroke-width="1"/>"##,
        num(sx),
        num(sy),
        num(half),
        num(sx + half),
        num(sy),
        num(half)
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">0</text><text x="{}" y="{}" text-anchor="middle">{}</text><text x="{}" y="{}">{} km</text>"#,
        num(sx),
        num(sy - 4.0),
        num(sx + half),
        num(sy - 4.0),
        thousands(bar_km / 2.0),
        num(sx + bar_px - 6.0),
        num(sy - 4.0),
        thousands(bar_km)
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" font-size="9" fill="{MUTED}">at {:.0}°{}</text>"#,
        num(sx),
        num(sy + 12.0),
        centre_lat.abs(),
        if centre_lat >= 0.0 { "N" } else { "S" }
    );
    out.push_str("</g>\n");
}
