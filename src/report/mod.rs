//! The report view model: plain, serialisable data built from routes, with all rounding done
//! here (by the rule of [`figures`]), the query it answers and the units of its figures, and
//! its renderings for people (`table`), programs (`json`), spreadsheets (`csv`, `xlsx`) and
//! GIS (`geojson`).

mod csv;
pub mod figures;
mod geojson;
mod items;
mod json;
mod labels;
mod nodes;
mod query;
mod table;
mod xlsx;

pub use csv::{CSV_HEADER, to_csv};
pub use figures::Quantity;
pub use geojson::to_geojson;
pub use items::{ItemKind, ItemReport};
pub use json::to_json;
pub use labels::{NEAR_COPY_HOURS, NEAR_COPY_USD, collapse_near_copies, front_labels};
pub use nodes::{NodeReport, nodes_json, nodes_table};
pub use query::{
    COST_UNIT, CargoReport, Co2FactorsReport, Query, ROUNDING, Simulation, Units, co2_basis,
    co2_note, cost_unit,
};
pub use table::{CostGrouping, MIN_TEXT_WIDTH, TableOptions, to_table, to_table_with};
pub use xlsx::{COST_GROUPS_SHEET, MAX_ROUTE_SHEETS, XlsxError, route_sheet_name, to_xlsx};

use crate::graph::{Arrival, dwell_seconds, link_seconds};
use crate::network::Month;
use crate::network::{Network, NodeIdx, NodeKind};
use crate::search::{Criterion, Route, corridor_name};
use crate::simulate::Outcome;
use crate::units::{hours_to_seconds, kg_to_grams, km_to_meters, usd_to_cents};
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
    /// Expected hours of the leg: waits, time in motion and delays.
    pub hours: f64,
    /// Hours in motion as scheduled (for road, driving with the crew's breaks and rests).
    pub motion_hours: f64,
    /// Expected hours waiting before the leg moves: to board (half the headway), for the next
    /// sailing when the box is left behind, for the weather group to reopen.
    pub wait_hours: f64,
    /// Expected hours of delay on the way (held on the line, slower than scheduled).
    pub delay_hours: f64,
    /// USD per FEU.
    pub cost_usd: f64,
    /// Kilometres.
    pub distance_km: f64,
    /// kg CO2e per container, tank-to-wheel.
    pub co2_kg: f64,
    /// kg CO2e per container, well-to-wheel.
    pub co2_wtw_kg: f64,
    /// Link id, when the network gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_id: Option<String>,
    /// Who is paid for the leg, when the network names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The country the leg is paid in: its nodes' country code, or both codes joined by an
    /// en dash (`GE–RO`) when it crosses a border ([`leg_country`]).
    pub country: String,
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
    /// Scheduled border, customs or terminal dwell in hours.
    pub dwell_hours: f64,
    /// Expected hours beyond the scheduled dwell: delays (queues, inspections) and waits for
    /// the node's weather group to reopen.
    pub delay_hours: f64,
    /// Transfer time in hours (0 when there is no transfer).
    pub transfer_hours: f64,
    /// Hours at the node (dwell + delay + transfer).
    pub hours: f64,
    /// USD of the dwell (border, customs or terminal charges).
    pub dwell_cost_usd: f64,
    /// USD of the transfer (0 when there is none).
    pub transfer_cost_usd: f64,
    /// USD at the node (dwell + transfer charges).
    pub cost_usd: f64,
    /// Whether the mode or the rail gauge changes here.
    pub transfer: bool,
    /// What changes, e.g. `rail 1435 mm -> rail 1520 mm`, when something does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// Who is paid for the pass (a terminal, a border authority), when the network names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The node's country code.
    pub country: String,
}

/// The name a cost group gives legs and stops whose operator the network does not name.
pub const UNNAMED_OPERATOR: &str = "unnamed operator";

/// The country a leg is paid in: the country code of its nodes when they share one, else both
/// codes joined by an en dash (`GE–RO` for a sailing from Poti to Constanța, `KZ–CN` for a
/// border crossing), so that a crossing is a group of its own rather than split by a guess.
#[must_use]
pub fn leg_country(from: &str, to: &str) -> String {
    if from == to {
        from.to_owned()
    } else {
        format!("{from}–{to}")
    }
}

/// One group of a route's cost: an operator or a country, and what the route pays it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostShare {
    /// The operator's name ([`UNNAMED_OPERATOR`] when the network names none) or the country
    /// code (two codes joined by an en dash for a leg across a border).
    pub name: String,
    /// USD per container paid to the group: the sum of its items' USD as the build-up rounds
    /// them, so the groups add up exactly to the route's cost.
    pub cost_usd: f64,
    /// Share of the route's cost, 0 to 1, to three decimals (0 when the route costs nothing).
    pub share: f64,
    /// Legs, dwells and transfers the group is paid for.
    pub items: usize,
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
    /// Expected hours door to door: the mean over what can happen (waits, delays, boxes left
    /// behind and closures included), what every search ranks by.
    pub hours: f64,
    /// Expected days.
    pub days: f64,
    /// Best-case hours: every connection made at once, no waits, no delays.
    pub best_hours: f64,
    /// Best-case days.
    pub best_days: f64,
    /// The simulated median transit, hours (with the late case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p50_hours: Option<f64>,
    /// The simulated median transit, days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p50_days: Option<f64>,
    /// The simulated 90th percentile transit, hours: 9 boxes in 10 arrive within it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p90_hours: Option<f64>,
    /// The simulated 90th percentile transit, days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p90_days: Option<f64>,
    /// The share of simulated boxes arriving by the end of the deadline day (with
    /// `--deadline`), 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_time_probability: Option<f64>,
    /// Total USD per FEU.
    pub cost_usd: f64,
    /// Mode changes and gauge breaks.
    pub transfers: u64,
    /// Total kilometres.
    pub distance_km: f64,
    /// Total kg CO2e per container, tank-to-wheel (what the vehicles burn): the figure the
    /// `co2` criterion ranks by. Equal to `co2_ttw_kg`.
    pub co2_kg: f64,
    /// Total kg CO2e per container, tank-to-wheel.
    pub co2_ttw_kg: f64,
    /// Total kg CO2e per container, well-to-wheel (the fuel's production and supply added).
    pub co2_wtw_kg: f64,
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
    /// The route's cost by who is paid, in the order the route first pays each; the groups
    /// add up exactly to `cost_usd`.
    pub cost_by_operator: Vec<CostShare>,
    /// The route's cost by country (see [`leg_country`]), in route order; the groups add up
    /// exactly to `cost_usd`.
    pub cost_by_country: Vec<CostShare>,
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
    /// The question, with its constraints and scenarios ([`Report::new`] fills the places
    /// and the criterion; the caller the rest).
    pub query: Query,
    /// What the figures are measured in.
    pub units: Units,
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

impl Report {
    /// Adds the late case to each route, in order: its simulated P50 and P90 and, with a
    /// deadline, its share on time (`None` leaves a route without one).
    pub fn set_late_case(&mut self, outcomes: &[Option<Outcome>]) {
        let seconds = |hours: f64| (hours * 3_600.0).round() as i128;
        for (route, outcome) in self.routes.iter_mut().zip(outcomes) {
            let Some(o) = outcome else { continue };
            route.p50_hours = Some(Quantity::Hours.round(seconds(o.p50_hours)));
            route.p50_days = Some(Quantity::Days.round(seconds(o.p50_hours)));
            route.p90_hours = Some(Quantity::Hours.round(seconds(o.p90_hours)));
            route.p90_days = Some(Quantity::Days.round(seconds(o.p90_hours)));
            route.on_time_probability = o
                .on_time_probability
                .map(|p| (p * 1_000.0).round() / 1_000.0);
        }
    }
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
    /// Builds a report from labelled routes found with the year's average figures
    /// ([`crate::search::Planner::new`]).
    #[must_use]
    pub fn new(
        network: &Network,
        from: NodeIdx,
        to: NodeIdx,
        optimize: &str,
        criterion: Option<Criterion>,
        routes: &[(Route, Vec<String>)],
    ) -> Report {
        Report::for_month(network, from, to, optimize, criterion, routes, None)
    }

    /// Builds a report from labelled routes found with the figures of `month`
    /// ([`crate::search::Planner::for_month`]), so that their items add up to their totals.
    #[must_use]
    pub fn for_month(
        network: &Network,
        from: NodeIdx,
        to: NodeIdx,
        optimize: &str,
        criterion: Option<Criterion>,
        routes: &[(Route, Vec<String>)],
        month: Option<Month>,
    ) -> Report {
        let routes = routes
            .iter()
            .enumerate()
            .map(|(i, (route, labels))| {
                route_report(network, i + 1, route, labels, criterion, month)
            })
            .collect();
        Report {
            network: network.name.clone(),
            from: place(network, from),
            to: place(network, to),
            optimize: optimize.to_string(),
            query: Query {
                from: network.nodes[from].name.clone(),
                to: network.nodes[to].name.clone(),
                criterion: optimize.to_string(),
                cargo: Some(network.cargo.describe()),
                ..Query::default()
            },
            units: Units::of(network),
            routes,
            omitted: 0,
            notes: Vec::new(),
            by_corridor: false,
        }
    }
}

/// One step's figures in exact integer units, split into the items of a build-up: the dwell,
/// delay and transfer of the node it leaves, its waits, the link in motion, and its delay.
#[derive(Debug, Clone, Copy)]
struct StepFigures {
    dwell_seconds: u64,
    dwell_delay_seconds: u64,
    dwell_cents: u64,
    transfer_seconds: u64,
    transfer_cents: u64,
    wait_seconds: u64,
    motion_seconds: u64,
    delay_seconds: u64,
    cents: u64,
    grams: u64,
    wtw_grams: u64,
    meters: u64,
}

/// Slots a step has in a column: dwell, node delay, transfer, wait, motion, link delay.
const SLOTS: usize = 6;

/// The items of every step in one column, [`SLOTS`] a step: dwell, node delay, transfer, wait,
/// motion, link delay.
fn column(steps: &[StepFigures], slots: impl Fn(&StepFigures) -> [u64; SLOTS]) -> Vec<u64> {
    steps.iter().flat_map(slots).collect()
}

fn route_report(
    network: &Network,
    rank: usize,
    route: &Route,
    labels: &[String],
    criterion: Option<Criterion>,
    month: Option<Month>,
) -> RouteReport {
    let mut nodes = vec![network.nodes[route.origin].id.clone()];
    let mut modes: Vec<String> = Vec::new();
    let mut gateways: Vec<String> = Vec::new();
    let mut previous: Option<Arrival> = None;
    let origin = &network.nodes[route.origin];
    let mut line_lon_lat = vec![[origin.lon, origin.lat]];
    let mut figures = Vec::with_capacity(route.steps.len());
    let mut changes = Vec::with_capacity(route.steps.len());
    for step in &route.steps {
        let link = &network.links[step.link];
        let from = &network.nodes[link.from];
        let to = &network.nodes[link.to];
        let arrival = Arrival::of(link);
        // Exactly the figures `graph::step_metrics` adds up, item by item: the link's elapsed
        // hours in motion, and its expected extra hours (waits, boxes left behind, closures,
        // delay) as its wait.
        let (expected, best) = link_seconds(network, link, month);
        let extra = expected.saturating_sub(best);
        // The delay's share of the extra seconds, the rest waits: their sum is the extra the
        // search counted, to the second.
        let delay = hours_to_seconds(link.variability.expected_delay_hours(month)).min(extra);
        let mut f = StepFigures {
            dwell_seconds: 0,
            dwell_delay_seconds: 0,
            dwell_cents: 0,
            transfer_seconds: 0,
            transfer_cents: 0,
            wait_seconds: extra - delay,
            motion_seconds: best,
            delay_seconds: delay,
            cents: usd_to_cents(link.cost_usd),
            grams: kg_to_grams(network.link_co2_kg(link)),
            wtw_grams: kg_to_grams(network.link_co2_wtw_kg(link)),
            meters: km_to_meters(link.distance_km),
        };
        let mut change = None;
        if let Some(prev) = previous {
            if matches!(from.kind, NodeKind::Border | NodeKind::Port) {
                gateways.push(from.name.clone());
            }
            let (expected, best) = dwell_seconds(network, from, month);
            f.dwell_seconds = best;
            f.dwell_delay_seconds = expected.saturating_sub(best);
            f.dwell_cents = usd_to_cents(from.dwell_cost_usd);
            if prev.is_transfer_to(arrival) {
                f.transfer_seconds = hours_to_seconds(from.transfer_hours);
                f.transfer_cents = usd_to_cents(from.transfer_cost_usd);
                change = Some(format!("{} -> {}", describe(prev), describe(arrival)));
            }
        }
        figures.push(f);
        changes.push(change);
        previous = Some(arrival);
        if modes.last().is_none_or(|m| m != link.mode.as_str()) {
            modes.push(link.mode.to_string());
        }
        nodes.push(to.id.clone());
        line_lon_lat.extend(link.waypoints.iter().copied());
        line_lon_lat.push([to.lon, to.lat]);
    }
    let hours = Quantity::Hours.apportion_steps(&column(&figures, |f| {
        [
            f.dwell_seconds,
            f.dwell_delay_seconds,
            f.transfer_seconds,
            f.wait_seconds,
            f.motion_seconds,
            f.delay_seconds,
        ]
    }));
    let usd = Quantity::Usd.apportion_steps(&column(&figures, |f| {
        [f.dwell_cents, 0, f.transfer_cents, 0, f.cents, 0]
    }));
    let km = Quantity::Km.apportion_steps(&column(&figures, |f| [0, 0, 0, 0, f.meters, 0]));
    let kg = Quantity::Kg.apportion_steps(&column(&figures, |f| [0, 0, 0, 0, f.grams, 0]));
    let wtw_kg = Quantity::Kg.apportion_steps(&column(&figures, |f| [0, 0, 0, 0, f.wtw_grams, 0]));
    let wtw_grams: u64 = figures.iter().map(|f| f.wtw_grams).sum();
    let h = |s: i128| Quantity::Hours.value_of_steps(s);
    let dollars = |s: i128| Quantity::Usd.value_of_steps(s);
    let mut legs = Vec::with_capacity(route.steps.len());
    let mut stops = Vec::with_capacity(route.steps.len().saturating_sub(1));
    for (k, (step, change)) in route.steps.iter().zip(changes).enumerate() {
        let link = &network.links[step.link];
        let from = &network.nodes[link.from];
        let to = &network.nodes[link.to];
        let [dwell, dwell_delay, transfer, wait, motion, delay] =
            [0, 1, 2, 3, 4, 5].map(|slot| SLOTS * k + slot);
        if k > 0 {
            stops.push(StopReport {
                node: from.id.clone(),
                name: from.name.clone(),
                dwell_hours: h(hours[dwell]),
                delay_hours: h(hours[dwell_delay]),
                transfer_hours: h(hours[transfer]),
                hours: h(hours[dwell] + hours[dwell_delay] + hours[transfer]),
                dwell_cost_usd: dollars(usd[dwell]),
                transfer_cost_usd: dollars(usd[transfer]),
                cost_usd: dollars(usd[dwell] + usd[transfer]),
                transfer: change.is_some(),
                change,
                operator: from.operator.clone(),
                country: from.country.clone(),
            });
        }
        legs.push(LegReport {
            from: from.id.clone(),
            to: to.id.clone(),
            from_name: from.name.clone(),
            to_name: to.name.clone(),
            mode: link.mode.to_string(),
            gauge_mm: Arrival::of(link).gauge_mm,
            hours: h(hours[wait] + hours[motion] + hours[delay]),
            motion_hours: h(hours[motion]),
            wait_hours: h(hours[wait]),
            delay_hours: h(hours[delay]),
            cost_usd: dollars(usd[motion]),
            distance_km: Quantity::Km.value_of_steps(km[motion]),
            co2_kg: Quantity::Kg.value_of_steps(kg[motion]),
            co2_wtw_kg: Quantity::Kg.value_of_steps(wtw_kg[motion]),
            link_id: link.id.clone(),
            operator: link.operator.clone(),
            country: leg_country(&from.country, &to.country),
            source: link.source.clone(),
        });
    }
    let m = &route.metrics;
    let mut report = RouteReport {
        rank,
        labels: labels.to_vec(),
        nodes,
        hours: Quantity::Hours.round(m.seconds),
        days: Quantity::Days.round(m.seconds),
        best_hours: Quantity::Hours.round(m.best_seconds),
        best_days: Quantity::Days.round(m.best_seconds),
        p50_hours: None,
        p50_days: None,
        p90_hours: None,
        p90_days: None,
        on_time_probability: None,
        cost_usd: Quantity::Usd.round(m.cents),
        transfers: m.transfers,
        distance_km: Quantity::Km.round(m.meters),
        co2_kg: Quantity::Kg.round(m.co2_grams),
        co2_ttw_kg: Quantity::Kg.round(m.co2_grams),
        co2_wtw_kg: Quantity::Kg.round(wtw_grams),
        generalised_cost_usd: criterion
            .and_then(|c| c.generalised_cost_usd(m))
            .map(f64::round),
        modes,
        gateways,
        corridor: corridor_name(network, route),
        legs,
        stops,
        cost_by_operator: Vec::new(),
        cost_by_country: Vec::new(),
        line_lon_lat,
    };
    report.cost_by_operator = report.cost_groups(|item| item.operator.unwrap_or(UNNAMED_OPERATOR));
    report.cost_by_country = report.cost_groups(|item| item.country);
    report
}
