//! A route's build-up as items in the order they happen: at each node passed, its dwell, its
//! expected delay and its transfer; then for each leg, the wait before it moves, the leg in
//! motion and its expected delay on the way. The items add up
//! exactly to the route's totals (see [`crate::report::figures`]); the CSV, the Excel
//! workbook and the leg tables are all written from this one list.

use super::{LegReport, RouteReport, StopReport};

/// What an item of a build-up is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A leg in motion as scheduled (its waits and delay are separate items).
    Leg,
    /// The expected wait before a leg moves: to board a scheduled service (84 / departures per
    /// week hours), for the next one when the box is left behind, for a closure to end.
    Wait,
    /// The expected delay beyond the schedule: of a leg on the way, or at a node passed beyond
    /// its dwell (queues, inspections, closures).
    Delay,
    /// Border, customs or terminal dwell at a node passed.
    Dwell,
    /// A change of mode or rail gauge at a node passed.
    Transfer,
}

impl ItemKind {
    /// `leg`, `wait`, `dwell`, `transfer`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Leg => "leg",
            ItemKind::Wait => "wait",
            ItemKind::Delay => "delay",
            ItemKind::Dwell => "dwell",
            ItemKind::Transfer => "transfer",
        }
    }
}

/// One item of a route's build-up, with its figures as the report rounded them.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemReport<'r> {
    /// What the item is.
    pub kind: ItemKind,
    /// The 1-based number of the leg the item belongs to or comes before.
    pub leg: usize,
    /// Node id where the item starts (the node itself for waits, dwell and transfers).
    pub from: &'r str,
    /// Node id where the item ends.
    pub to: &'r str,
    /// Display name of `from`.
    pub from_name: &'r str,
    /// Display name of `to`.
    pub to_name: &'r str,
    /// Legs and waits: the mode, with the gauge for rail (`rail 1520 mm`); transfers: the
    /// change (`rail 1520 mm -> ferry`); dwell: empty.
    pub mode: String,
    /// Hours.
    pub hours: f64,
    /// USD per FEU.
    pub cost_usd: f64,
    /// Kilometres (legs only).
    pub distance_km: f64,
    /// kg CO2e per FEU (legs only).
    pub co2_kg: f64,
    /// Legs: the link's id, when the network gives one.
    pub link_id: Option<&'r str>,
    /// Legs: where the link's figures come from.
    pub source: Option<&'r str>,
}

impl LegReport {
    /// The mode as a report names it: `rail 1520 mm`, `ferry`.
    #[must_use]
    pub fn mode_text(&self) -> String {
        match self.gauge_mm {
            Some(g) => format!("{} {g} mm", self.mode),
            None => self.mode.clone(),
        }
    }
}

impl RouteReport {
    /// The route's build-up, in order: for each leg, the dwell, delay and transfer of the node
    /// it leaves (not at the origin), its wait, the leg in motion and its delay. A wait, delay or
    /// dwell that rounds to nothing is left out (it adds nothing); a transfer is always listed.
    #[must_use]
    pub fn items(&self) -> Vec<ItemReport<'_>> {
        let mut items = Vec::with_capacity(self.legs.len() * 2 + self.stops.len() * 2);
        for (i, leg) in self.legs.iter().enumerate() {
            let number = i + 1;
            if let Some(stop) = i.checked_sub(1).and_then(|s| self.stops.get(s)) {
                push_stop(&mut items, number, stop);
            }
            let at = |kind, mode: String, hours, cost_usd, distance_km, co2_kg| ItemReport {
                kind,
                leg: number,
                from: &leg.from,
                to: if kind == ItemKind::Wait {
                    &leg.from
                } else {
                    &leg.to
                },
                from_name: &leg.from_name,
                to_name: if kind == ItemKind::Wait {
                    &leg.from_name
                } else {
                    &leg.to_name
                },
                mode,
                hours,
                cost_usd,
                distance_km,
                co2_kg,
                link_id: (kind == ItemKind::Leg)
                    .then_some(leg.link_id.as_deref())
                    .flatten(),
                source: (kind == ItemKind::Leg)
                    .then_some(leg.source.as_deref())
                    .flatten(),
            };
            if leg.wait_hours > 0.0 {
                items.push(at(
                    ItemKind::Wait,
                    leg.mode_text(),
                    leg.wait_hours,
                    0.0,
                    0.0,
                    0.0,
                ));
            }
            items.push(at(
                ItemKind::Leg,
                leg.mode_text(),
                leg.motion_hours,
                leg.cost_usd,
                leg.distance_km,
                leg.co2_kg,
            ));
            if leg.delay_hours > 0.0 {
                items.push(at(
                    ItemKind::Delay,
                    leg.mode_text(),
                    leg.delay_hours,
                    0.0,
                    0.0,
                    0.0,
                ));
            }
        }
        items
    }
}

fn push_stop<'r>(items: &mut Vec<ItemReport<'r>>, leg: usize, stop: &'r StopReport) {
    let at = |kind, mode: String, hours, cost_usd| ItemReport {
        kind,
        leg,
        from: &stop.node,
        to: &stop.node,
        from_name: &stop.name,
        to_name: &stop.name,
        mode,
        hours,
        cost_usd,
        distance_km: 0.0,
        co2_kg: 0.0,
        link_id: None,
        source: None,
    };
    if stop.dwell_hours > 0.0 || stop.dwell_cost_usd > 0.0 {
        items.push(at(
            ItemKind::Dwell,
            String::new(),
            stop.dwell_hours,
            stop.dwell_cost_usd,
        ));
    }
    if stop.delay_hours > 0.0 {
        items.push(at(ItemKind::Delay, String::new(), stop.delay_hours, 0.0));
    }
    if stop.transfer {
        items.push(at(
            ItemKind::Transfer,
            stop.change.clone().unwrap_or_default(),
            stop.transfer_hours,
            stop.transfer_cost_usd,
        ));
    }
}
