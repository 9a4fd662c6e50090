//! The legend under the map: the stroke of routes by mode, one entry per mode of the network's
//! links, the end markers and the node kinds, flowing into rows that fit the width.

use super::markers::marker_svg;
use super::routes::mode_dash;
use super::style::{CLOSED, INK, mode_style};
use crate::map::svg::num;
use crate::map::text::text_width;
use crate::network::{Mode, NodeKind};
use std::fmt::Write;

/// Height of one legend or caption line in pixels.
pub(super) const LINE_PX: f64 = 22.0;

/// One legend entry.
enum LegendItem {
    RouteMode(Mode),
    Mode(Mode),
    Closed,
    Ends,
    Kind(NodeKind, &'static str),
}

fn legend_label(item: &LegendItem) -> &'static str {
    match item {
        LegendItem::RouteMode(m) => match m {
            Mode::Rail => "route by rail",
            Mode::Road => "route by road",
            Mode::Ferry => "route by ferry",
            Mode::Sea => "route by sea",
        },
        LegendItem::Mode(m) => m.as_str(),
        LegendItem::Closed => "closed in scenario",
        LegendItem::Ends => "origin, destination",
        LegendItem::Kind(_, label) => label,
    }
}

/// The legend's SVG (in its own coordinates, starting at y = 0) and its height: `route_modes`
/// are the modes the routes use, `modes` those of the links drawn, `closed` whether a scenario
/// closed something, `ends` whether an origin and destination are marked.
pub(super) fn legend(
    route_modes: &[Mode],
    modes: &[Mode],
    closed: bool,
    ends: bool,
    width: f64,
) -> (String, f64) {
    let mut items: Vec<LegendItem> = route_modes
        .iter()
        .copied()
        .map(LegendItem::RouteMode)
        .collect();
    items.extend(modes.iter().copied().map(LegendItem::Mode));
    if closed {
        items.push(LegendItem::Closed);
    }
    if ends {
        items.push(LegendItem::Ends);
    }
    items.push(LegendItem::Kind(NodeKind::Port, "port"));
    items.push(LegendItem::Kind(NodeKind::Border, "border crossing"));
    items.push(LegendItem::Kind(NodeKind::City, "other stop"));
    let mut out = String::new();
    let (mut x, mut row) = (16.0, 0.0);
    for item in &items {
        let label = legend_label(item);
        let item_w = 34.0 + text_width(label, 12.0, false) + 22.0;
        if x + item_w > width - 16.0 && x > 16.0 {
            x = 16.0;
            row += LINE_PX;
        }
        let y = row + 11.0;
        match item {
            LegendItem::RouteMode(m) => {
                let dash = mode_dash(*m)
                    .map(|s| format!(r#" stroke-dasharray="{s}""#))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    r#"<path class="legend-route-{m}" d="M{} {}L{} {}" stroke="{INK}" stroke-width="3.5"{dash}/>"#,
                    num(x),
                    num(y - 4.0),
                    num(x + 28.0),
                    num(y - 4.0),
                );
            }
            LegendItem::Mode(m) => {
                let style = mode_style(*m);
                let dash = style
                    .dash
                    .map(|s| format!(r#" stroke-dasharray="{s}""#))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    r#"<path class="legend-{m}" d="M{} {}L{} {}" stroke="{}" stroke-width="{}"{dash} stroke-linecap="round"/>"#,
                    num(x),
                    num(y - 4.0),
                    num(x + 28.0),
                    num(y - 4.0),
                    style.colour,
                    num(style.width + 0.6)
                );
            }
            LegendItem::Closed => {
                let (x0, x1, y) = (x, x + 28.0, y - 4.0);
                let _ = writeln!(
                    out,
                    r#"<g class="legend-closed" fill="none" stroke="{CLOSED}"><path d="M{} {}L{} {}" stroke-width="2.2" stroke-dasharray="6 4"/><path d="M{} {}L{} {}M{} {}L{} {}" stroke-width="2.5" stroke-linecap="round"/></g>"#,
                    num(x0),
                    num(y),
                    num(x1),
                    num(y),
                    num(x + 10.0),
                    num(y - 4.0),
                    num(x + 18.0),
                    num(y + 4.0),
                    num(x + 10.0),
                    num(y + 4.0),
                    num(x + 18.0),
                    num(y - 4.0),
                );
            }
            LegendItem::Ends => {
                let _ = writeln!(
                    out,
                    r##"<circle cx="{}" cy="{}" r="6" fill="{INK}" stroke="#ffffff" stroke-width="2"/>"##,
                    num(x + 14.0),
                    num(y - 4.0)
                );
            }
            LegendItem::Kind(kind, _) => {
                marker_svg(&mut out, *kind, [x + 14.0, y - 4.0], 4.0, INK);
            }
        }
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}">{label}</text>"#,
            num(x + 34.0),
            num(y)
        );
        x += item_w;
    }
    (out, row + LINE_PX)
}
