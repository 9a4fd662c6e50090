//! The report view model: plain, serialisable data built from routes, with all rounding done
//! here, and its renderings for people (`table`) and programs (`json`).

mod csv;
mod geojson;
mod json;
mod labels;
mod nodes;
mod table;

pub use csv::to_csv;
pub use geojson::to_geojson;
pub use json::to_json;
pub use labels::{NEAR_COPY_HOURS, NEAR_COPY_USD, collapse_near_copies, front_labels};
pub use nodes::{NodeReport, nodes_json, nodes_table};
pub use table::to_table;

use crate::graph::{Arrival, dwell_seconds, link_seconds};
use crate::network::{Network, NodeIdx, NodeKind};
use crate::search::{Criterion, Route, corridor_name};
use serde::Serialize;

/// A node as shown in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceReport {
    /// Node id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Country code.
    pub country: String,
}

/// One leg of a route: a link, with its boarding wait.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegReport {
    /// Node id the leg leaves from.
    pub from: String,
    /// Node id the leg arrives at.
    pub to: String,
    /// Display name of `from`.
    pub from_name: String,
    /// Display name of `to`.
    pub to_name: String,
    /// Mode of the link.
    pub mode: String,
    /// Rail gauge in mm, rail only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gauge_mm: Option<u32>,
    /// Hours in motion plus the expected boarding wait.
    pub hours: f64,
    /// Expected hours beyond the time in motion (boarding wait, boxes left behind, closure
    /// wait, delay), included in `hours`.
    pub wait_hours: f64,
    /// USD per FEU.
    pub cost_usd: f64,
    /// Kilometres.
    pub distance_km: f64,
    /// kg CO2e per FEU.
    pub co2_kg: f64,
    /// Link id, when the network gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_id: Option<String>,
    /// Where the link's figures come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A pass through an intermediate node: its dwell, and its transfer when the mode or gauge changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopReport {
    /// Node id.
    pub node: String,
    /// Display name.
    pub name: String,
    /// Border or customs delay in hours.
    pub dwell_hours: f64,
    /// Transfer time in hours (0 when there is no transfer).
    pub transfer_hours: f64,
    /// Hours at the node (dwell + transfer).
    pub hours: f64,
    /// USD at the node (dwell + transfer charges).
    pub cost_usd: f64,
    /// Whether the mode or the rail gauge changes here.
    pub transfer: bool,
    /// What changes, e.g. `rail 1435 mm -> rail 1520 mm`, when something does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
}

/// A route with its totals, legs and stops.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteReport {
    /// 1-based position in the report.
    pub rank: usize,
    /// Why the route is shown ("fastest", "cheapest", ...).
    pub labels: Vec<String>,
    /// Node ids from origin to destination.
    pub nodes: Vec<String>,
    /// Total hours, waits, dwell and transfers included.
    pub hours: f64,
    /// Total days.
    pub days: f64,
    /// Total USD per FEU.
    pub cost_usd: f64,
    /// Mode changes and gauge breaks.
    pub transfers: u64,
    /// Total kilometres.
    pub distance_km: f64,
    /// Total kg CO2e per FEU.
    pub co2_kg: f64,
    /// Generalised cost in USD, for the balanced criterion only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generalised_cost_usd: Option<f64>,
    /// The modes used, in order, without repeats (e.g. rail, ferry, rail, sea, rail).
    pub modes: Vec<String>,
    /// Display names of the ports and border crossings passed, in order.
    pub gateways: Vec<String>,
    /// The route's corridor, named by its crossings and land stages (see
    /// [`crate::search::corridor`]), e.g. `KZ rail · ferry Kuryk–Alat · AZ–GE–TR road–BG–RO`.
    pub corridor: String,
    /// Legs in order.
    pub legs: Vec<LegReport>,
    /// Intermediate nodes in order.
    pub stops: Vec<StopReport>,
    /// The line the route follows, as `[lon, lat]` points (nodes and link waypoints), for maps.
    #[serde(skip)]
    pub line_lon_lat: Vec<[f64; 2]>,
}

/// A whole answer to a route query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The network's name.
    pub network: String,
    /// Origin.
    pub from: PlaceReport,
    /// Destination.
    pub to: PlaceReport,
    /// The criterion, or `trade-offs` for the default report.
    pub optimize: String,
    /// The routes, best first.
    pub routes: Vec<RouteReport>,
    /// Routes found but not shown (the default report's cap).
    pub omitted: usize,
    /// Remarks for the reader (caps, truncated searches, constraints).
    pub notes: Vec<String>,
    /// Whether the routes are alternatives by corridor (`--diverse`): the overview then names
    /// each route's corridor instead of its gateways.
    #[serde(skip)]
    pub by_corridor: bool,
}

/// Rounds to a number of decimals, so reports are stable and readable.
fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

fn place(network: &Network, node: NodeIdx) -> PlaceReport {
    let n = &network.nodes[node];
    PlaceReport {
        id: n.id.clone(),
        name: n.name.clone(),
        country: n.country.clone(),
    }
}

fn describe(arrival: Arrival) -> String {
    match arrival.gauge_mm {
        Some(g) => format!("{} {g} mm", arrival.mode),
        None => arrival.mode.to_string(),
    }
}

impl Report {
    /// Builds a report from labelled routes.
    #[must_use]
    pub fn new(
        network: &Network,
        from: NodeIdx,
        to: NodeIdx,
        optimize: &str,
        criterion: Option<Criterion>,
        routes: &[(Route, Vec<String>)],
    ) -> Report {
        let routes = routes
            .iter()
            .enumerate()
            .map(|(i, (route, labels))| route_report(network, i + 1, route, labels, criterion))
            .collect();
        Report {
            network: network.name.clone(),
            from: place(network, from),
            to: place(network, to),
            optimize: optimize.to_string(),
            routes,
            omitted: 0,
            notes: Vec::new(),
            by_corridor: false,
        }
    }
}

fn route_report(
    network: &Network,
    rank: usize,
    route: &Route,
    labels: &[String],
    criterion: Option<Criterion>,
) -> RouteReport {
    let mut nodes = vec![network.nodes[route.origin].id.clone()];
    let mut legs = Vec::new();
    let mut stops = Vec::new();
    let mut modes: Vec<String> = Vec::new();
    let mut gateways: Vec<String> = Vec::new();
    let mut previous: Option<Arrival> = None;
    let origin = &network.nodes[route.origin];
    let mut line_lon_lat = vec![[origin.lon, origin.lat]];
    for step in &route.steps {
        let link = &network.links[step.link];
        let from = &network.nodes[link.from];
        let to = &network.nodes[link.to];
        let arrival = Arrival::of(link);
        if let Some(prev) = previous {
            if matches!(from.kind, NodeKind::Border | NodeKind::Port) {
                gateways.push(from.name.clone());
            }
            let transfer = prev.is_transfer_to(arrival);
            let transfer_hours = if transfer { from.transfer_hours } else { 0.0 };
            let transfer_cost = if transfer {
                from.transfer_cost_usd
            } else {
                0.0
            };
            // The dwell with its expected delay and closure wait, as the search adds it.
            let dwell_hours = dwell_seconds(network, from, None).0 as f64 / 3_600.0;
            stops.push(StopReport {
                node: from.id.clone(),
                name: from.name.clone(),
                dwell_hours: round(dwell_hours, 2),
                transfer_hours: round(transfer_hours, 2),
                hours: round(dwell_hours + transfer_hours, 2),
                cost_usd: round(from.dwell_cost_usd + transfer_cost, 2),
                transfer,
                change: transfer.then(|| format!("{} -> {}", describe(prev), describe(arrival))),
            });
        }
        previous = Some(arrival);
        if modes.last().is_none_or(|m| m != link.mode.as_str()) {
            modes.push(link.mode.to_string());
        }
        nodes.push(to.id.clone());
        line_lon_lat.extend(link.waypoints.iter().copied());
        line_lon_lat.push([to.lon, to.lat]);
        legs.push(LegReport {
            from: from.id.clone(),
            to: to.id.clone(),
            from_name: from.name.clone(),
            to_name: to.name.clone(),
            mode: link.mode.to_string(),
            gauge_mm: arrival.gauge_mm,
            hours: round(link_seconds(network, link, None).0 as f64 / 3_600.0, 2),
            wait_hours: round(network.link_extra_hours(link, None), 2),
            cost_usd: round(link.cost_usd, 2),
            distance_km: round(link.distance_km, 1),
            co2_kg: round(network.link_co2_kg(link), 1),
            link_id: link.id.clone(),
            source: link.source.clone(),
        });
    }
    let m = &route.metrics;
    RouteReport {
        rank,
        labels: labels.to_vec(),
        nodes,
        hours: round(m.hours(), 2),
        days: round(m.days(), 2),
        cost_usd: round(m.cost_usd(), 2),
        transfers: m.transfers,
        distance_km: round(m.distance_km(), 1),
        co2_kg: round(m.co2_kg(), 1),
        generalised_cost_usd: criterion
            .and_then(|c| c.generalised_cost_usd(m))
            .map(|x| round(x, 2)),
        modes,
        gateways,
        corridor: corridor_name(network, route),
        legs,
        stops,
        line_lon_lat,
    }
}
