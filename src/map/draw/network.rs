//! The network layer: every link of the network by mode (one path per mode), each two-way link
//! once, along its waypoints.

use super::View;
use super::style::mode_style;
use crate::map::placer::Placer;
use crate::map::svg::{num, push_subpath};
use crate::network::{Mode, Network};
use std::collections::BTreeSet;
use std::fmt::Write;

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
            push_subpath(&mut d, &px, false, 0.8);
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
