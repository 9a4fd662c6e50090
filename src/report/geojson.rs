//! GeoJSON output: a FeatureCollection with one LineString per route ([lon, lat] order, as the
//! format requires) carrying the route's totals, so it opens in QGIS or geojson.io. Each
//! feature's properties also say the query, the cost unit and the CO2e basis (GIS tools show
//! only properties); the collection carries the `query` and `units` objects of the JSON
//! output as foreign members (RFC 7946, section 6.1).

use super::Report;
use serde_json::{Value, json};

/// Renders a report as a GeoJSON FeatureCollection.
#[must_use]
pub fn to_geojson(report: &Report) -> String {
    let query = report.query.describe();
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
                    "best_days": r.best_days,
                    "p50_days": r.p50_days,
                    "p90_days": r.p90_days,
                    "on_time_probability": r.on_time_probability,
                    "cost_usd": r.cost_usd,
                    "transfers": r.transfers,
                    "distance_km": r.distance_km,
                    "co2_kg": r.co2_kg,
                    "co2_wtw_kg": r.co2_wtw_kg,
                    "cost_by_operator": r.cost_by_operator,
                    "cost_by_country": r.cost_by_country,
                    "query": query,
                    "cost_unit": report.units.cost_unit,
                    "co2_basis": report.units.co2_note,
                }
            })
        })
        .collect();
    let collection = json!({
        "type": "FeatureCollection",
        "query": report.query,
        "units": report.units,
        "features": features,
    });
    let mut s = serde_json::to_string_pretty(&collection).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
