//! What a report answers and how its figures are measured: the query (places, criterion,
//! constraints, scenarios) and the units, as plain data that every format records, so that an
//! output read on its own says what it is.

use crate::network::{Co2Factors, Mode, Network};
use serde::Serialize;

/// The question a report answers, as the command line put it, with places by name.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Query {
    /// Origin, by display name.
    pub from: String,
    /// Destination, by display name.
    pub to: String,
    /// `trade-offs` (the default report), `pareto`, or the criterion of `--optimize`/`-k`:
    /// `time`, `cost`, `transfers`, `co2`, `balanced`.
    pub criterion: String,
    /// `-k N`: the number of routes asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k: Option<usize>,
    /// `--diverse`: one route per corridor.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub diverse: bool,
    /// `--pareto-with co2`: CO2 as a fourth criterion of the front.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pareto_with_co2: bool,
    /// `--via`, in order, by display name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// `--avoid`: places by display name and countries by ISO code.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
    /// `--avoid-mode`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid_modes: Vec<String>,
    /// `--max-transfers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_transfers: Option<u64>,
    /// `--max-days`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_days: Option<f64>,
    /// `--scenario`, in the order applied, by name (a built-in name, or the file's scenario
    /// name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<String>,
    /// The balanced criterion's value of time, USD per container-day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_of_time_usd_per_day: Option<f64>,
    /// The balanced criterion's penalty per transfer, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_penalty_usd: Option<f64>,
    /// `--depart`: the departure date (`YYYY-MM-DD`); the figures of its month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depart: Option<String>,
    /// `--deadline`: the date to arrive by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// `--optimize reliable`: how many routes, the fastest by expected days, were re-ranked
    /// by P90.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliable_among: Option<usize>,
    /// The late case's simulation: samples per route and seed, when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<Simulation>,
}

/// How the late case (P50, P90) was simulated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Simulation {
    /// Samples per route.
    pub samples: usize,
    /// The seed of the random streams.
    pub seed: u64,
}

impl Query {
    /// What the routes are, in words: `the trade-offs over days, cost and transfers`,
    /// `the 10 best by cost`, `the fastest`.
    #[must_use]
    pub fn what(&self) -> String {
        let by = |c: &str| match c {
            "time" => "time".to_owned(),
            "cost" => "cost".to_owned(),
            "transfers" => "transfers".to_owned(),
            "co2" => "CO2".to_owned(),
            "balanced" => match (self.value_of_time_usd_per_day, self.transfer_penalty_usd) {
                (Some(v), Some(p)) => format!(
                    "balanced cost (USD + USD {} a day + USD {} a transfer)",
                    number(v),
                    number(p)
                ),
                _ => "balanced cost".to_owned(),
            },
            other => other.to_owned(),
        };
        match (self.criterion.as_str(), self.k) {
            ("reliable", _) => format!(
                "the {} fastest by expected days, re-ranked by P90",
                self.reliable_among.unwrap_or(0)
            ),
            ("trade-offs", _) => "trade-offs over days, cost and transfers".to_owned(),
            ("pareto", _) if self.pareto_with_co2 => {
                "every trade-off over days, cost, transfers and CO2".to_owned()
            }
            ("pareto", _) => "every trade-off over days, cost and transfers".to_owned(),
            (c, Some(k)) if self.diverse => format!("{k} corridors, best by {}", by(c)),
            (c, Some(k)) => format!("{k} best by {}", by(c)),
            (c, None) => format!("best by {}", by(c)),
        }
    }

    /// The constraints and scenarios, in words, one item each: `via Tbilisi, Kuryk`,
    /// `avoiding RU`, `no ferry`, `at most 3 transfers`, `at most 20 days`, `scenario
    /// kuryk_closed`; empty when there are none.
    #[must_use]
    pub fn conditions(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.via.is_empty() {
            out.push(format!("via {}", self.via.join(", ")));
        }
        if !self.avoid.is_empty() {
            out.push(format!("avoiding {}", self.avoid.join(", ")));
        }
        if !self.avoid_modes.is_empty() {
            out.push(format!("no {}", self.avoid_modes.join(", no ")));
        }
        if let Some(n) = self.max_transfers {
            let s = if n == 1 { "" } else { "s" };
            out.push(format!("at most {n} transfer{s}"));
        }
        if let Some(days) = self.max_days {
            out.push(format!("at most {} days", number(days)));
        }
        match self.scenarios.len() {
            0 => {}
            1 => out.push(format!("scenario {}", self.scenarios[0])),
            _ => out.push(format!("scenarios {}", self.scenarios.join(" + "))),
        }
        if let Some(date) = &self.depart {
            out.push(format!("departing {date}"));
        }
        if let Some(date) = &self.deadline {
            out.push(format!("to arrive by {date}"));
        }
        out
    }

    /// The whole query on one line, as a table's title or a map's caption says it:
    /// `Almaty → Bucharest: trade-offs over days, cost and transfers · avoiding RU · at most 20
    /// days`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut out = format!("{} → {}: {}", self.from, self.to, self.what());
        for c in self.conditions() {
            out.push_str(" · ");
            out.push_str(&c);
        }
        out
    }
}

/// A figure from the command line as it was given: `20`, `12.5`.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// What each figure of a report is measured in, for JSON's `units` and the other formats'
/// headers and notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Units {
    /// Hours.
    pub hours: &'static str,
    /// Days.
    pub days: &'static str,
    /// Best-case hours.
    pub best_hours: &'static str,
    /// The late case's hours.
    pub p90_hours: &'static str,
    /// USD.
    pub cost_usd: &'static str,
    /// Transfers.
    pub transfers: &'static str,
    /// Kilometres.
    pub distance_km: &'static str,
    /// kg CO2e and its basis.
    pub co2_kg: String,
    /// The network's factors, kg CO2e per FEU-km, by mode (a link may give its own).
    pub co2_kg_per_feu_km: Co2FactorsReport,
    /// Where the factors come from, as the network says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co2_source: Option<String>,
    /// The rounding rule (see [`crate::report::figures`]).
    pub rounding: &'static str,
    /// The CO2e basis in a few words, for a table's footnote or a map's caption.
    #[serde(skip)]
    pub co2_note: &'static str,
}

/// Emission factors by mode, kg CO2e per FEU-km.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Co2FactorsReport {
    /// Rail.
    pub rail: f64,
    /// Road.
    pub road: f64,
    /// Ferry.
    pub ferry: f64,
    /// Sea.
    pub sea: f64,
}

/// The unit of cost, for headers: a forty-foot container.
pub const COST_UNIT: &str = "USD per FEU (40-foot container)";

/// The rounding rule in one sentence.
pub const ROUNDING: &str = "each figure rounded once from exact seconds, cents, metres and \
    grams (hours and days to 0.1, USD, km and kg whole; halves away from zero); a route's \
    legs, waits, dwell and transfers are rounded so that they add up exactly to its totals";

impl Units {
    /// The units of a report on `network`, with the CO2 basis of its factors.
    #[must_use]
    pub fn of(network: &Network) -> Units {
        let factors = network.co2;
        Units {
            hours: "expected hours door to door: the mean over what can happen (legs in motion, \
                    boarding waits, boxes left behind, closures, delays, dwell and transfers), \
                    to 0.1 h",
            days: "expected days door to door (hours / 24), to 0.1 day",
            best_hours: "best-case hours: every connection made at once, no waits, no delays",
            p90_hours: "simulated hours: P50 the median, P90 what 9 boxes in 10 arrive within \
                        (query.simulation gives the samples and the seed)",
            cost_usd: "USD per FEU (40-foot container), whole dollars",
            transfers: "changes of mode or rail gauge",
            distance_km: "km, whole",
            co2_kg: co2_basis(&factors),
            co2_kg_per_feu_km: Co2FactorsReport {
                rail: factors.for_mode(Mode::Rail),
                road: factors.for_mode(Mode::Road),
                ferry: factors.for_mode(Mode::Ferry),
                sea: factors.for_mode(Mode::Sea),
            },
            co2_source: network.co2_source.clone(),
            rounding: ROUNDING,
            co2_note: co2_note(&factors),
        }
    }
}

/// The CO2e basis in a few words: `kg CO2e per loaded FEU at an assumed 10 t of cargo (mode
/// averages, ferry tank-to-wheel; docs/data.md)` for the default factors.
#[must_use]
pub fn co2_note(factors: &Co2Factors) -> &'static str {
    if *factors == Co2Factors::GLEC_DEFAULT {
        "kg CO2e per loaded FEU at an assumed 10 t of cargo (mode averages, ferry \
         tank-to-wheel; docs/data.md)"
    } else {
        "kg CO2e per loaded FEU from this network's own factors per mode"
    }
}

/// The CO2e basis in one sentence: what the figure covers and how it is made.
#[must_use]
pub fn co2_basis(factors: &Co2Factors) -> String {
    let defaults = *factors == Co2Factors::GLEC_DEFAULT;
    let origin = if defaults {
        "intensity per tonne-km × an assumed 10 t of cargo per FEU; ferry: GLEC v3.0 \
         tank-to-wheel; see docs/data.md"
    } else {
        "this network's own factors"
    };
    format!(
        "kg CO2e per loaded FEU, whole kg: km × a factor per mode, kg per FEU-km: rail {}, \
         road {}, ferry {}, sea {} ({origin}); averages for comparing routes, not a \
         GLEC-compliant footprint",
        factors.for_mode(Mode::Rail),
        factors.for_mode(Mode::Road),
        factors.for_mode(Mode::Ferry),
        factors.for_mode(Mode::Sea),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_reads_as_a_sentence() {
        let mut q = Query {
            from: "Almaty".into(),
            to: "Bucharest".into(),
            criterion: "trade-offs".into(),
            ..Query::default()
        };
        assert_eq!(
            q.describe(),
            "Almaty → Bucharest: trade-offs over days, cost and transfers"
        );
        q.criterion = "balanced".into();
        q.k = Some(3);
        q.value_of_time_usd_per_day = Some(50.0);
        q.transfer_penalty_usd = Some(100.0);
        q.via = vec!["Tbilisi".into(), "Kuryk".into()];
        q.avoid = vec!["RU".into()];
        q.avoid_modes = vec!["ferry".into(), "sea".into()];
        q.max_transfers = Some(1);
        q.max_days = Some(20.5);
        q.scenarios = vec!["kuryk_closed".into(), "caspian_winter".into()];
        assert_eq!(
            q.describe(),
            "Almaty → Bucharest: 3 best by balanced cost (USD + USD 50 a day + USD 100 a \
             transfer) · via Tbilisi, Kuryk · avoiding RU · no ferry, no sea · at most 1 \
             transfer · at most 20.5 days · scenarios kuryk_closed + caspian_winter"
        );
    }

    #[test]
    fn the_default_factors_name_their_basis() {
        let basis = co2_basis(&Co2Factors::GLEC_DEFAULT);
        assert!(basis.contains("10 t of cargo per FEU"), "{basis}");
        assert!(basis.contains("tank-to-wheel"), "{basis}");
        let own = Co2Factors {
            kg_per_container_km: [0.1, 0.2, 0.3, 0.4],
        };
        assert!(co2_basis(&own).contains("rail 0.1, road 0.2, ferry 0.3, sea 0.4"));
    }
}
