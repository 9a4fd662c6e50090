//! Why each route of a Pareto front is on it, in a planner's words: "fastest", "cheapest",
//! "1.8 days faster than the cheapest for +USD 640".

use super::table::thousands;
use crate::search::Route;

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
                    let days = (cheapest.seconds - m.seconds) as f64 / 86_400.0;
                    let usd = (m.cents.saturating_sub(cheapest.cents)) as f64 / 100.0;
                    labels.push(format!(
                        "{days:.1} days faster than the cheapest for +USD {}",
                        thousands(usd)
                    ));
                } else if m.transfers < cheapest.transfers {
                    let fewer = cheapest.transfers - m.transfers;
                    let plural = if fewer == 1 { "" } else { "s" };
                    labels.push(format!("{fewer} fewer transfer{plural} than the cheapest"));
                } else if m.co2_grams < cheapest.co2_grams {
                    let kg = (cheapest.co2_grams - m.co2_grams) as f64 / 1_000.0;
                    labels.push(format!("{} kg less CO2 than the cheapest", thousands(kg)));
                }
            }
            if labels.is_empty() {
                labels.push("a trade-off no other route beats on every criterion".to_string());
            }
            labels
        })
        .collect()
}
