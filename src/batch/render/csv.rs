//! The comparison as CSV (RFC 4180, written with the `csv` crate): one row per pair and
//! scenario, the baseline included. `hours` and `days` are expected; `best_days` the best
//! case; `p90_days` (and its delta) the simulated late case, empty without it.

use super::{as_i64, days, hours, kg, usd};
use crate::batch::Comparison;

/// The header row.
const HEADER: [&str; 19] = [
    "from",
    "to",
    "scenario",
    "status",
    "hours",
    "days",
    "best_days",
    "p90_days",
    "cost_usd",
    "transfers",
    "co2_kg",
    "delta_hours",
    "delta_days",
    "delta_p90_days",
    "delta_cost_usd",
    "delta_transfers",
    "delta_co2_kg",
    "gateways",
    "gateway_change",
];

impl Comparison {
    /// The comparison as CSV: one row per pair and scenario, the baseline included (its delta
    /// columns empty).
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        let _ = out.write_record(HEADER);
        for p in 0..self.pairs.len() {
            for s in 0..self.scenarios.len() {
                let row = self.row(s, p);
                let (a, b) = &self.pairs[p];
                let figures: [String; 7] = row.best.map_or_else(Default::default, |best| {
                    let m = best.metrics;
                    [
                        hours(as_i64(m.seconds)).to_string(),
                        days(as_i64(m.seconds)).to_string(),
                        days(as_i64(m.best_seconds)).to_string(),
                        best.p90_seconds
                            .map_or_else(String::new, |s| days(as_i64(s)).to_string()),
                        usd(as_i64(m.cents)).to_string(),
                        m.transfers.to_string(),
                        kg(as_i64(m.co2_grams)).to_string(),
                    ]
                });
                let delta: [String; 6] =
                    row.delta
                        .filter(|_| s > 0)
                        .map_or_else(Default::default, |d| {
                            [
                                hours(d.seconds).to_string(),
                                days(d.seconds).to_string(),
                                d.p90_seconds
                                    .map_or_else(String::new, |s| days(s).to_string()),
                                usd(d.cents).to_string(),
                                d.transfers.to_string(),
                                kg(d.co2_grams).to_string(),
                            ]
                        });
                let gateways = row.best.map_or_else(String::new, |b| {
                    b.gateways
                        .iter()
                        .map(|g| g.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" > ")
                });
                let change = row.gateway_change.unwrap_or_default();
                let record = [
                    a.id.as_str(),
                    b.id.as_str(),
                    &self.scenarios[s],
                    row.status.as_str(),
                ]
                .into_iter()
                .chain(figures.iter().map(String::as_str))
                .chain(delta.iter().map(String::as_str))
                .chain([gateways.as_str(), change.as_str()]);
                let _ = out.write_record(record);
            }
        }
        // Writing to memory cannot fail; the bytes are UTF-8 since every field is.
        let bytes = out.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::HEADER;
    use crate::batch::{Best, Comparison, Place};
    use crate::units::Metrics;

    #[test]
    fn names_with_commas_and_quotes_read_back_intact() {
        let place = |id: &str| Place {
            id: id.to_owned(),
            name: id.to_uppercase(),
        };
        let best = |seconds: u64| Best {
            metrics: Metrics {
                seconds,
                ..Metrics::default()
            },
            gateways: vec![place("aktau")],
            p90_seconds: None,
        };
        let c = Comparison {
            criterion: "time",
            pairs: vec![(place("a"), place("b"))],
            scenarios: vec!["baseline".to_owned(), "winter, \"bad\"".to_owned()],
            results: vec![vec![Some(best(3600))], vec![Some(best(7200))]],
            cargo: None,
        };
        let text = c.to_csv();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("CSV")).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.len() == HEADER.len()));
        assert_eq!(&rows[1][2], "winter, \"bad\"");
        assert_eq!((&rows[1][4], &rows[1][11]), ("2", "1"));
    }
}
