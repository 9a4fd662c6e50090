//! A route's build-up as items in the order they happen: at each node passed, its dwell, its
//! expected delay and its transfer; then for each leg, the wait before it moves, the leg in
//! motion and its expected delay on the way. The items add up
//! exactly to the route's totals (see [`crate::report::figures`]); the CSV, the Excel
//! workbook and the leg tables are all written from this one list.

use super::{CostShare, LegReport, RouteReport, StopReport};

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
    /// kg CO2e per container, tank-to-wheel (legs only).
    pub co2_kg: f64,
    /// kg CO2e per container, well-to-wheel (legs only).
    pub co2_wtw_kg: f64,
    /// Legs: the link's id, when the network gives one.
    pub link_id: Option<&'r str>,
    /// Legs: where the link's figures come from.
    pub source: Option<&'r str>,
    /// Who is paid for the item, when the network names them (the link's operator for legs
    /// and waits, the node's for dwell and transfers).
    pub operator: Option<&'r str>,
    /// The country the item is paid in (see [`super::leg_country`]).
    pub country: &'r str,
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
            let at =
                |kind, mode: String, hours, cost_usd, distance_km, co2: (f64, f64)| ItemReport {
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
                    co2_kg: co2.0,
                    co2_wtw_kg: co2.1,
                    link_id: (kind == ItemKind::Leg)
                        .then_some(leg.link_id.as_deref())
                        .flatten(),
                    source: (kind == ItemKind::Leg)
                        .then_some(leg.source.as_deref())
                        .flatten(),
                    operator: leg.operator.as_deref(),
                    country: &leg.country,
                };
            if leg.wait_hours > 0.0 {
                items.push(at(
                    ItemKind::Wait,
                    leg.mode_text(),
                    leg.wait_hours,
                    0.0,
                    0.0,
                    (0.0, 0.0),
                ));
            }
            items.push(at(
                ItemKind::Leg,
                leg.mode_text(),
                leg.motion_hours,
                leg.cost_usd,
                leg.distance_km,
                (leg.co2_kg, leg.co2_wtw_kg),
            ));
            if leg.delay_hours > 0.0 {
                items.push(at(
                    ItemKind::Delay,
                    leg.mode_text(),
                    leg.delay_hours,
                    0.0,
                    0.0,
                    (0.0, 0.0),
                ));
            }
        }
        items
    }
}

impl RouteReport {
    /// The route's cost grouped by `key` (an operator, a country), in the order the route
    /// first pays each group: each group is the sum of its items' USD as [`RouteReport::items`]
    /// rounds them, so the groups add up exactly to the route's cost, and a spreadsheet
    /// pivot of the CSV rows by the same column gives the same figures. Waits and delays cost
    /// nothing and are not counted.
    pub(crate) fn cost_groups<'r>(
        &'r self,
        key: impl Fn(&ItemReport<'r>) -> &'r str,
    ) -> Vec<CostShare> {
        let mut groups: Vec<(&str, i128, usize)> = Vec::new();
        for item in self.items() {
            if matches!(item.kind, ItemKind::Wait | ItemKind::Delay) {
                continue;
            }
            let name = key(&item);
            // Whole dollars: the items are rounded to the dollar, so the sum is exact.
            let dollars = item.cost_usd.round() as i128;
            match groups.iter_mut().find(|(n, _, _)| *n == name) {
                Some(group) => {
                    group.1 += dollars;
                    group.2 += 1;
                }
                None => groups.push((name, dollars, 1)),
            }
        }
        let total: i128 = groups.iter().map(|g| g.1).sum();
        groups
            .into_iter()
            .map(|(name, dollars, items)| CostShare {
                name: name.to_owned(),
                cost_usd: dollars as f64,
                share: if total > 0 {
                    (dollars as f64 / total as f64 * 1_000.0).round() / 1_000.0
                } else {
                    0.0
                },
                items,
            })
            .collect()
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
        co2_wtw_kg: 0.0,
        link_id: None,
        source: None,
        operator: stop.operator.as_deref(),
        country: &stop.country,
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
