//! What a report answers and how its figures are measured: the query (places, criterion,
//! constraints, scenarios) and the units, as plain data that every format records, so that an
//! output read on its own says what it is.

use crate::network::{Cargo, Co2Factors, Mode, Network, tonnes};
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
    /// What one container carries, in words (`40' reefer · 12 t cargo (16.8 t gross)`):
    /// `--container`, `--cargo-tonnes` and `--dangerous-goods`, or their defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cargo: Option<String>,
    /// `--tariffs`: the tariff files applied, by name, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tariffs: Vec<String>,
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
        if let Some(cargo) = &self.cargo {
            out.push(cargo.clone());
        }
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
        match self.tariffs.len() {
            0 => {}
            1 => out.push(format!("tariffs {}", self.tariffs[0])),
            _ => out.push(format!("tariffs {}", self.tariffs.join(" + "))),
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
    /// USD, per container of the query's type.
    pub cost_usd: String,
    /// Transfers.
    pub transfers: &'static str,
    /// Kilometres.
    pub distance_km: &'static str,
    /// kg CO2e tank-to-wheel and its basis.
    pub co2_kg: String,
    /// kg CO2e well-to-wheel.
    pub co2_wtw_kg: &'static str,
    /// The container and its mass, which costs and emissions are for.
    pub cargo: CargoReport,
    /// The network's tank-to-wheel intensities, g CO2e per tonne-km, by mode (a link may
    /// give its own).
    pub co2_ttw_g_per_tonne_km: Co2FactorsReport,
    /// The well-to-wheel intensities, g CO2e per tonne-km, by mode.
    pub co2_wtw_g_per_tonne_km: Co2FactorsReport,
    /// Where the factors come from, as the network says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co2_source: Option<String>,
    /// The rounding rule (see [`crate::report::figures`]).
    pub rounding: &'static str,
    /// The CO2e basis in a few words, for a table's footnote or a map's caption.
    #[serde(skip)]
    pub co2_note: String,
    /// The unit of cost in a few words: `USD per FEU (40-foot container)`, `USD per 20'
    /// container`.
    #[serde(skip)]
    pub cost_unit: String,
}

/// The container a report's figures are for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CargoReport {
    /// `--container`: `20`, `40`, `40hc`, `45`, `reefer20`, `reefer40`.
    pub container: &'static str,
    /// The type in words: `40' reefer`.
    pub container_label: &'static str,
    /// Tonnes of cargo (`--cargo-tonnes`, 10 unless given).
    pub cargo_tonnes: f64,
    /// The empty container's mass, tonnes.
    pub tare_tonnes: f64,
    /// Cargo and tare, tonnes: the mass emissions are computed from.
    pub gross_tonnes: f64,
    /// `--dangerous-goods`.
    pub dangerous_goods: bool,
}

impl CargoReport {
    fn of(cargo: &Cargo) -> CargoReport {
        let round = |t: f64| (t * 1_000.0).round() / 1_000.0;
        CargoReport {
            container: cargo.container.as_str(),
            container_label: cargo.container.label(),
            cargo_tonnes: round(cargo.cargo_tonnes),
            tare_tonnes: round(cargo.container.tare_tonnes()),
            gross_tonnes: round(cargo.gross_tonnes()),
            dangerous_goods: cargo.dangerous_goods,
        }
    }
}

/// Figures by mode.
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

impl Co2FactorsReport {
    fn of(by_mode: [f64; 4]) -> Co2FactorsReport {
        Co2FactorsReport {
            rail: by_mode[Mode::Rail.index()],
            road: by_mode[Mode::Road.index()],
            ferry: by_mode[Mode::Ferry.index()],
            sea: by_mode[Mode::Sea.index()],
        }
    }
}

/// The unit of cost of the default container, for headers: a forty-foot container.
pub const COST_UNIT: &str = "USD per FEU (40-foot container)";

/// The unit of cost for a container type: [`COST_UNIT`] for a 40', else `USD per 20'
/// container`.
#[must_use]
pub fn cost_unit(cargo: &Cargo) -> String {
    if cargo.container == crate::network::Container::Forty {
        COST_UNIT.to_owned()
    } else {
        format!("USD per {} container", cargo.container.label())
    }
}

/// The rounding rule in one sentence.
pub const ROUNDING: &str = "each figure rounded once from exact seconds, cents, metres and \
    grams (hours and days to 0.1, USD, km and kg whole; halves away from zero); a route's \
    legs, waits, dwell and transfers are rounded so that they add up exactly to its totals";

impl Units {
    /// The units of a report on `network`, with the container and the CO2 basis of its
    /// factors.
    #[must_use]
    pub fn of(network: &Network) -> Units {
        let cargo = &network.cargo;
        Units {
            hours: "expected hours door to door: the mean over what can happen (legs in motion, \
                    boarding waits, boxes left behind, closures, delays, dwell and transfers), \
                    to 0.1 h",
            days: "expected days door to door (hours / 24), to 0.1 day",
            best_hours: "best-case hours: every connection made at once, no waits, no delays",
            p90_hours: "simulated hours: P50 the median, P90 what 9 boxes in 10 arrive within \
                        (query.simulation gives the samples and the seed)",
            cost_usd: format!("{}, whole dollars", cost_unit(cargo)),
            transfers: "changes of mode or rail gauge",
            distance_km: "km, whole",
            co2_kg: co2_basis(&network.co2, cargo),
            co2_wtw_kg: "kg CO2e well-to-wheel (the fuel's production and supply included), \
                         by the same rule with the well-to-wheel intensities",
            cargo: CargoReport::of(cargo),
            co2_ttw_g_per_tonne_km: Co2FactorsReport::of(network.co2.ttw_g_per_tonne_km),
            co2_wtw_g_per_tonne_km: Co2FactorsReport::of(network.co2.wtw_g_per_tonne_km),
            co2_source: network.co2_source.clone(),
            rounding: ROUNDING,
            co2_note: co2_note(&network.co2, cargo),
            cost_unit: cost_unit(cargo),
        }
    }
}

/// The CO2e basis in a few words: `kg CO2e tank-to-wheel for 10 t of cargo + 3.75 t tare
/// (default intensities: GLEC, CE Delft and estimates; docs/cargo.md)`.
#[must_use]
pub fn co2_note(factors: &Co2Factors, cargo: &Cargo) -> String {
    let origin = if *factors == Co2Factors::GLEC_DEFAULT {
        "default intensities: GLEC, CE Delft and estimates"
    } else {
        "this network's intensities"
    };
    format!(
        "kg CO2e tank-to-wheel for {} t of cargo + {} t tare ({origin}; docs/cargo.md)",
        tonnes(cargo.cargo_tonnes),
        tonnes(cargo.container.tare_tonnes()),
    )
}

/// The CO2e basis in one sentence: what the figure covers and how it is made.
#[must_use]
pub fn co2_basis(factors: &Co2Factors, cargo: &Cargo) -> String {
    let origin = if *factors == Co2Factors::GLEC_DEFAULT {
        "GLEC Framework defaults and estimates; see docs/cargo.md"
    } else {
        "this network's own intensities"
    };
    let by_mode = |f: [f64; 4]| {
        Mode::ALL
            .iter()
            .map(|m| format!("{m} {}", f[m.index()]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "kg CO2e per container, tank-to-wheel, whole kg: km × gross tonnes ({} t of cargo + \
         {} t tare of a {} = {} t) × g per tonne-km by mode: {} ({origin}); averages for \
         comparing routes, not a GLEC-compliant footprint",
        tonnes(cargo.cargo_tonnes),
        tonnes(cargo.container.tare_tonnes()),
        cargo.container.label(),
        tonnes(cargo.gross_tonnes()),
        by_mode(factors.ttw_g_per_tonne_km),
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
        let basis = co2_basis(&Co2Factors::GLEC_DEFAULT, &Cargo::default());
        assert!(
            basis.contains("10 t of cargo + 3.75 t tare of a 40' = 13.75 t"),
            "{basis}"
        );
        assert!(basis.contains("tank-to-wheel"), "{basis}");
        let own = Co2Factors::from_per_container([0.1, 0.2, 0.3, 0.4]);
        let basis = co2_basis(&own, &Cargo::default());
        assert!(
            basis.contains("rail 10, road 20, ferry 30, sea 40"),
            "{basis}"
        );
    }
}
