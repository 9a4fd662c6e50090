//! Why each route of a Pareto front is on it, in a planner's words: "fastest", "cheapest",
//! "1.8 days faster than the cheapest for +USD 640".

use super::figures::Quantity;
use crate::network::Network;
use crate::search::{Route, corridor};

/// For each route of a front (any order), the reasons it is worth showing.
///
/// The extremes get their name (fastest, cheapest, fewest transfers, lowest CO2); every other
/// route is described against the cheapest route (days saved and the extra USD), or, when it
/// is not faster than the cheapest, by the transfers or CO2 it saves.
#[must_use]
pub fn front_labels(routes: &[Route]) -> Vec<Vec<String>> {
    let Some(fastest) = routes.iter().map(|r| r.metrics.seconds).min() else {
        return Vec::new();
    };
    let cheapest_route = routes
        .iter()
        .min_by_key(|r| (r.metrics.cents, r.metrics.seconds))
        .unwrap_or(&routes[0]);
    let cheapest = cheapest_route.metrics;
    let fewest = routes
        .iter()
        .map(|r| r.metrics.transfers)
        .min()
        .unwrap_or(0);
    let greenest = routes
        .iter()
        .map(|r| r.metrics.co2_grams)
        .min()
        .unwrap_or(0);
    routes
        .iter()
        .map(|r| {
            let m = r.metrics;
            let mut labels = Vec::new();
            if m.seconds == fastest {
                labels.push("fastest".to_string());
            }
            if m.cents == cheapest.cents {
                labels.push("cheapest".to_string());
            }
            if m.transfers == fewest {
                labels.push("fewest transfers".to_string());
            }
            if m.co2_grams == greenest {
                labels.push("lowest CO2".to_string());
            }
            if m.seconds != fastest && m.cents != cheapest.cents {
                if m.seconds < cheapest.seconds {
                    labels.push(format!(
                        "{} days faster than the cheapest for +USD {}",
                        Quantity::Days.text(cheapest.seconds - m.seconds),
                        Quantity::Usd.text(m.cents.saturating_sub(cheapest.cents))
                    ));
                } else if m.transfers < cheapest.transfers {
                    let fewer = cheapest.transfers - m.transfers;
                    let plural = if fewer == 1 { "" } else { "s" };
                    labels.push(format!("{fewer} fewer transfer{plural} than the cheapest"));
                } else if m.co2_grams < cheapest.co2_grams {
                    labels.push(format!(
                        "{} kg less CO2 than the cheapest",
                        Quantity::Kg.text(cheapest.co2_grams - m.co2_grams)
                    ));
                }
            }
            if labels.is_empty() {
                labels.push("a trade-off no other route beats on every criterion".to_string());
            }
            labels
        })
        .collect()
}

/// Routes of one corridor closer than this in hours to a route shown are near-copies.
pub const NEAR_COPY_HOURS: f64 = 12.0;
/// Routes of one corridor closer than this in USD to a route shown are near-copies.
pub const NEAR_COPY_USD: f64 = 100.0;

/// Which routes of a list (best first) to show when near-copies are collapsed, and how many
/// were: a route is a near-copy when a route kept before it is in a corridor it nearly copies
/// (see [`crate::search::Corridor::is_near_copy_of`]) and differs from it by less than [`NEAR_COPY_HOURS`] and less
/// than [`NEAR_COPY_USD`]; a route labelled fastest, cheapest or fewest transfers is always
/// kept. O(n²) corridor comparisons for n routes.
#[must_use]
pub fn collapse_near_copies(
    network: &Network,
    routes: &[Route],
    labels: &[Vec<String>],
) -> (Vec<usize>, usize) {
    let corridors: Vec<_> = routes.iter().map(|r| corridor(network, r)).collect();
    let mut kept: Vec<usize> = Vec::new();
    for (i, route) in routes.iter().enumerate() {
        let extreme = labels.get(i).is_some_and(|l| {
            l.iter()
                .any(|l| l == "fastest" || l == "cheapest" || l == "fewest transfers")
        });
        let near = |&j: &usize| {
            let (a, b) = (&route.metrics, &routes[j].metrics);
            corridors[i].is_near_copy_of(&corridors[j])
                && (a.hours() - b.hours()).abs() < NEAR_COPY_HOURS
                && (a.cost_usd() - b.cost_usd()).abs() < NEAR_COPY_USD
        };
        if extreme || !kept.iter().any(near) {
            kept.push(i);
        }
    }
    let collapsed = routes.len() - kept.len();
    (kept, collapsed)
}
