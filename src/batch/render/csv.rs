//! The comparison as CSV: one row per pair and scenario, the baseline included.

use std::fmt::Write as _;

use super::{as_i64, hours, kg, usd};
use crate::batch::Comparison;

impl Comparison {
    /// The comparison as CSV: one row per pair and scenario, the baseline included (its delta
    /// columns empty).
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "from,to,scenario,status,hours,cost_usd,transfers,co2_kg,delta_hours,\
             delta_cost_usd,delta_transfers,delta_co2_kg,gateways,gateway_change\n",
        );
        for p in 0..self.pairs.len() {
            for s in 0..self.scenarios.len() {
                let row = self.row(s, p);
                let (a, b) = &self.pairs[p];
                let figures = row.best.map_or_else(
                    || ",,,".to_owned(),
                    |best| {
                        let m = best.metrics;
                        format!(
                            "{},{},{},{}",
                            hours(as_i64(m.seconds)),
                            usd(as_i64(m.cents)),
                            m.transfers,
                            kg(as_i64(m.co2_grams))
                        )
                    },
                );
                let delta = row.delta.filter(|_| s > 0).map_or_else(
                    || ",,,".to_owned(),
                    |d| {
                        format!(
                            "{},{},{},{}",
                            hours(d.seconds),
                            usd(d.cents),
                            d.transfers,
                            kg(d.co2_grams)
                        )
                    },
                );
                let gateways = row.best.map_or_else(String::new, |b| {
                    b.gateways
                        .iter()
                        .map(|g| g.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" > ")
                });
                let change = row.gateway_change.unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{},{},{},{},{figures},{delta},{},{}",
                    a.id,
                    b.id,
                    csv_field(&self.scenarios[s]),
                    row.status.as_str(),
                    csv_field(&gateways),
                    csv_field(&change)
                );
            }
        }
        out
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_separators_are_quoted() {
        assert_eq!(csv_field("a, b"), "\"a, b\"");
    }
}
