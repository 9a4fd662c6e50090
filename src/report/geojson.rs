//! GeoJSON output: a FeatureCollection with one LineString per route ([lon, lat] order, as the
//! format requires) carrying the route's totals, so it opens in QGIS or geojson.io.

use super::Report;
use serde_json::{Value, json};

/// Renders a report as a GeoJSON FeatureCollection.
#[must_use]
pub fn to_geojson(report: &Report) -> String {
    let features: Vec<Value> = report
        .routes
        .iter()
        .map(|r| {
            json!({
                "type": "Feature",
                "geometry": { "type": "LineString", "coordinates": r.line_lon_lat },
                "properties": {
                    "rank": r.rank,
                    "labels": r.labels,
                    "from": report.from.id,
                    "to": report.to.id,
                    "nodes": r.nodes,
                    "modes": r.modes,
                    "hours": r.hours,
                    "days": r.days,
                    "cost_usd": r.cost_usd,
                    "transfers": r.transfers,
                    "distance_km": r.distance_km,
                    "co2_kg": r.co2_kg,
                }
            })
        })
        .collect();
    let collection = json!({ "type": "FeatureCollection", "features": features });
    let mut s = serde_json::to_string_pretty(&collection).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
