//! Maps of routes and networks as SVG pictures, offline, and the self-contained HTML reports
//! that carry them: the only module that knows SVG and HTML.
//! Country outlines (Natural Earth, committed under `data/`) are projected with an equidistant
//! conic fitted to what is drawn; links are drawn by mode, routes highlighted in rank colours
//! with badges, gateways labelled without overlap, with a scale bar, legend and caption. The
//! output is deterministic: the same input gives the same bytes (fixed-precision numbers, no
//! hash-map order).

mod draw;
mod geometry;
mod html;
mod outlines;
mod placer;
mod projection;
mod svg;
mod text;

pub use draw::{ROUTE_COLOURS, route_colour};
pub use html::{HtmlOptions, html_report, route_html, scenario_route_html};
pub use outlines::{COVERAGE, Country, countries};
pub use projection::{Bounds, Projection};

use crate::network::{Mode, Network};
use crate::report::Report;
use std::fmt::Write;

/// How a map is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapOptions {
    /// Width of the picture in pixels (at least 640); the height follows the area drawn.
    pub width_px: u32,
    /// Prefix for the SVG's element ids, so that several maps can share one HTML page.
    pub id_prefix: String,
    /// Whether an area too crowded for its important labels (gateways, junctions, the ends)
    /// is drawn again at a larger scale in an inset.
    pub inset: bool,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            width_px: 1200,
            id_prefix: String::new(),
            inset: true,
        }
    }
}

/// The routes of a report on a map: the network's links by mode, each route in its rank's
/// colour with a numbered badge, origin, destination and gateways labelled, and each route's
/// totals in the caption. The frame is fitted to the routes. O(outline points + network size
/// + labels × (labels + route points)).
///
/// ```
/// use corridor::network::load_bundled;
/// use corridor::report::Report;
/// use corridor::search::{Constraints, Criterion, Planner};
/// let net = load_bundled().unwrap().network;
/// let (from, to) = (net.resolve("Aktau").unwrap(), net.resolve("Baku").unwrap());
/// let route = Planner::new(&net).best(from, to, Criterion::Time, &Constraints::default()).unwrap();
/// let report = Report::new(&net, from, to, "time", Some(Criterion::Time), &[(route, vec!["fastest".into()])]);
/// let svg = corridor::map::route_map_svg(&net, &report, &corridor::map::MapOptions::default());
/// assert!(svg.starts_with("<svg") && svg.contains("Aktau") && svg.contains(r#"class="route""#));
/// ```
#[must_use]
pub fn route_map_svg(network: &Network, report: &Report, options: &MapOptions) -> String {
    draw::render(&route_scene(network, report), options)
}

/// The routes of a report made on a scenario's `network`, with what the scenario closed
/// compared with `baseline` marked: closed links dashed red along their baseline lines with a
/// cross, nodes left without links crossed out, a legend entry "closed in scenario" and a
/// caption line naming them. Otherwise as [`route_map_svg`]. O(route map + links · log links).
///
/// ```
/// use corridor::network::load_bundled;
/// use corridor::report::Report;
/// use corridor::scenario::{Action, Change, NodeSelector, Scenario};
/// use corridor::search::{Constraints, Criterion, Planner};
/// let base = load_bundled().unwrap().network;
/// let mut s = Scenario::empty("kuryk_closed");
/// s.changes.push(Change::new(Action::CloseNodes(NodeSelector {
///     ids: vec!["kuryk".into()],
///     ..NodeSelector::default()
/// })));
/// let net = s.apply(&base).unwrap().network;
/// let (from, to) = (net.resolve("Almaty").unwrap(), net.resolve("Baku").unwrap());
/// let route = Planner::new(&net).best(from, to, Criterion::Time, &Constraints::default()).unwrap();
/// let report = Report::new(&net, from, to, "time", Some(Criterion::Time), &[(route, vec![])]);
/// let svg = corridor::map::scenario_route_map_svg(&base, &net, &report, &Default::default());
/// assert!(svg.contains(r#"id="closed""#) && svg.contains("closed in scenario"));
/// ```
#[must_use]
pub fn scenario_route_map_svg(
    baseline: &Network,
    network: &Network,
    report: &Report,
    options: &MapOptions,
) -> String {
    let mut scene = route_scene(network, report);
    scene.closed = draw::Closed::between(baseline, network);
    if let Some(note) = closed_note(network, &scene.closed) {
        scene.notes.push(note);
    }
    draw::render(&scene, options)
}

/// "Closed in this scenario: …" for the caption, naming at most a few links.
pub(crate) fn closed_note(network: &Network, closed: &draw::Closed) -> Option<String> {
    const SHOWN: usize = 6;
    if closed.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !closed.nodes.is_empty() {
        let names: Vec<&str> = closed
            .nodes
            .iter()
            .map(|&i| network.nodes[i].name.as_str())
            .collect();
        parts.push(format!(
            "{} {}",
            if names.len() == 1 { "node" } else { "nodes" },
            names.join(", ")
        ));
    }
    if !closed.link_names.is_empty() {
        let mut links = closed
            .link_names
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if closed.link_names.len() > SHOWN {
            let _ = write!(links, " and {} more", closed.link_names.len() - SHOWN);
        }
        parts.push(format!(
            "{} {links}",
            if closed.link_names.len() == 1 {
                "link"
            } else {
                "links"
            }
        ));
    }
    Some(format!("Closed in this scenario: {}.", parts.join("; ")))
}

/// What a route map shows: the report's routes, its ends, and a note on routes left out.
pub(crate) fn route_scene<'a>(network: &'a Network, report: &'a Report) -> draw::Scene<'a> {
    let ends = [&report.from.id, &report.to.id]
        .into_iter()
        .filter_map(|id| network.nodes.iter().position(|n| &n.id == id))
        .collect();
    let count = report.routes.len();
    let mut notes = Vec::new();
    if report.omitted > 0 {
        notes.push(format!(
            "{} more route(s) on the trade-off front are not shown.",
            report.omitted
        ));
    }
    // What the figures are: the units and, with the late case, how it was simulated.
    let mut units = format!(
        "Days expected (best case and P90 beside them); {}; {}.",
        report.units.cost_unit, report.units.co2_note
    );
    if let Some(sim) = report.query.simulation {
        let _ = std::fmt::Write::write_fmt(
            &mut units,
            format_args!(
                " P90 simulated from {} samples, seed {}.",
                crate::report::Quantity::Usd.show(sim.samples as f64),
                sim.seed
            ),
        );
    }
    notes.push(units);
    let mut conditions = report.query.conditions();
    conditions.insert(0, report.query.what());
    draw::Scene {
        network,
        title: format!("{} → {}", report.from.name, report.to.name),
        subtitle: format!(
            "{count} route{}: {} · {}",
            if count == 1 { "" } else { "s" },
            conditions.join(" · "),
            report.network
        ),
        routes: &report.routes,
        ends,
        notes,
        closed: draw::Closed::default(),
        frame: None,
        shared_base: None,
        min_header_px: 0.0,
    }
}

/// The whole network on a map: every link by mode, every node, ports and border crossings
/// labelled first, with the link counts in the caption. O(outline points + network size ×
/// labels).
///
/// ```
/// let net = corridor::network::load_bundled().unwrap().network;
/// let svg = corridor::map::network_map_svg(&net, &corridor::map::MapOptions::default());
/// assert!(svg.contains(r#"id="links-ferry""#) && svg.contains("Aktau"));
/// ```
#[must_use]
pub fn network_map_svg(network: &Network, options: &MapOptions) -> String {
    let mut entries = [0usize; 4];
    let mut seen = std::collections::BTreeSet::new();
    for link in &network.links {
        if seen.insert(link.entry) {
            entries[link.mode.index()] += 1;
        }
    }
    let counts: Vec<String> = Mode::ALL
        .into_iter()
        .filter(|m| entries[m.index()] > 0)
        .map(|m| format!("{} {m}", entries[m.index()]))
        .collect();
    let scene = draw::Scene {
        network,
        title: network.name.clone(),
        subtitle: format!(
            "{} nodes · {} links ({})",
            network.nodes.len(),
            seen.len(),
            counts.join(", ")
        ),
        routes: &[],
        ends: Vec::new(),
        notes: vec![format!(
            "{} nodes and {} link entries ({}); each two-way link is drawn once.",
            network.nodes.len(),
            seen.len(),
            counts.join(", ")
        )],
        closed: draw::Closed::default(),
        frame: None,
        shared_base: None,
        min_header_px: 0.0,
    };
    draw::render(&scene, options)
}
