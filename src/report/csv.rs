//! CSV output: one row per leg, with the route's rank and totals, for spreadsheets.

use super::Report;
use std::fmt::Write;

/// Quotes a field when it holds a comma, a quote or a line break (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Renders a report as CSV: a header, then one row per leg of every route.
#[must_use]
pub fn to_csv(report: &Report) -> String {
    let mut out = String::from(
        "rank,labels,leg,from,to,from_name,to_name,mode,gauge_mm,hours,wait_hours,cost_usd,distance_km,co2_kg,\
         route_days,route_cost_usd,route_transfers,route_distance_km,route_co2_kg\n",
    );
    for r in &report.routes {
        let labels = r.labels.join("; ");
        for (i, leg) in r.legs.iter().enumerate() {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                r.rank,
                field(&labels),
                i + 1,
                field(&leg.from),
                field(&leg.to),
                field(&leg.from_name),
                field(&leg.to_name),
                leg.mode,
                leg.gauge_mm.map(|g| g.to_string()).unwrap_or_default(),
                leg.hours,
                leg.wait_hours,
                leg.cost_usd,
                leg.distance_km,
                leg.co2_kg,
                r.days,
                r.cost_usd,
                r.transfers,
                r.distance_km,
                r.co2_kg,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("Constanța"), "Constanța");
        assert_eq!(field("fastest; cheapest"), "fastest; cheapest");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
