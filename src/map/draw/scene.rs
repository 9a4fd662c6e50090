//! What a map shows, before layout: the network, the routes to highlight, the texts, and what a
//! scenario closed compared with its baseline.

use crate::map::projection::Bounds;
use crate::network::{Mode, Network, NodeIdx};
use crate::report::RouteReport;
use std::collections::BTreeSet;

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
    /// The longitude-latitude box to frame, instead of one fitted to the routes (maps shown
    /// side by side share one, and with it their base layer).
    pub(crate) frame: Option<Bounds>,
    /// The id of a base layer (sea, graticule, outlines) written once elsewhere in the page by
    /// [`super::base_layer`] for the same frame and width, used instead of drawing one.
    pub(crate) shared_base: Option<String>,
    /// The header is at least this tall, so that maps side by side start at the same height.
    pub(crate) min_header_px: f64,
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
