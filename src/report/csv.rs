//! CSV output for spreadsheets (RFC 4180, written with the `csv` crate): one row per item of
//! every route's build-up (legs in motion, boarding waits, dwell, transfers), so that the sum
//! of a route's rows is its total, which each row repeats in the `route_` columns. The header
//! names the units; every row also carries the query and the CO2e basis, so rows of several
//! runs pasted into one sheet stay told apart. `route_hours` is the expected transit,
//! `route_best_hours` the best case; the simulated P50 and P90 (and the on-time share with a
//! deadline) are empty when the late case was not simulated. `operator` (who is paid, or
//! `unnamed operator`) and `country` (a leg across a border is `GE–RO`) let a pivot table
//! group the cost: it gives the route's `cost_by_operator` and `cost_by_country` exactly.

use super::Report;

/// The header row.
pub const CSV_HEADER: [&str; 31] = [
    "rank",
    "labels",
    "item",
    "kind",
    "leg",
    "from",
    "to",
    "from_name",
    "to_name",
    "mode",
    "hours",
    "cost_usd_per_feu",
    "distance_km",
    "co2e_kg_per_feu",
    "co2e_wtw_kg",
    "route_hours",
    "route_days",
    "route_cost_usd_per_feu",
    "route_transfers",
    "route_distance_km",
    "route_co2e_kg_per_feu",
    "route_co2e_wtw_kg",
    "route_best_hours",
    "route_p50_hours",
    "route_p90_hours",
    "route_on_time_probability",
    "link_id",
    "operator",
    "country",
    "query",
    "co2e_basis",
];

/// Renders a report as CSV: the header, then one row per item of each route, in order.
#[must_use]
pub fn to_csv(report: &Report) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = out.write_record(CSV_HEADER);
    let query = report.query.describe();
    for r in &report.routes {
        let labels = r.labels.join("; ");
        let totals = [
            r.hours.to_string(),
            r.days.to_string(),
            r.cost_usd.to_string(),
            r.transfers.to_string(),
            r.distance_km.to_string(),
            r.co2_kg.to_string(),
            r.co2_wtw_kg.to_string(),
            r.best_hours.to_string(),
            r.p50_hours.map(|h| h.to_string()).unwrap_or_default(),
            r.p90_hours.map(|h| h.to_string()).unwrap_or_default(),
            r.on_time_probability
                .map(|p| p.to_string())
                .unwrap_or_default(),
        ];
        for (i, item) in r.items().iter().enumerate() {
            let record = [
                r.rank.to_string(),
                labels.clone(),
                (i + 1).to_string(),
                item.kind.as_str().to_owned(),
                item.leg.to_string(),
                item.from.to_owned(),
                item.to.to_owned(),
                item.from_name.to_owned(),
                item.to_name.to_owned(),
                item.mode.clone(),
                item.hours.to_string(),
                item.cost_usd.to_string(),
                item.distance_km.to_string(),
                item.co2_kg.to_string(),
                item.co2_wtw_kg.to_string(),
            ]
            .into_iter()
            .chain(totals.iter().cloned())
            .chain([
                item.link_id.unwrap_or_default().to_owned(),
                item.operator.unwrap_or(super::UNNAMED_OPERATOR).to_owned(),
                item.country.to_owned(),
                query.clone(),
                report.units.co2_note.clone(),
            ]);
            let _ = out.write_record(record);
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}
