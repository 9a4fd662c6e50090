//! Tariff files: published rates applied on top of a network, so that a planner can update
//! what operators charge without editing the network. A rate selects links (by operator, link
//! id, mode and countries), gives a price per container or per km, optionally for one container
//! type and between two dates, and names its source. Reading checks the file alone (`raw`);
//! applying checks it against the network (unknown operators and links with a hint, rates that
//! match nothing), every problem at once with its position. See `docs/tariffs.md`.

mod raw;

use std::path::Path;

use crate::calendar::Date;
use crate::network::diagnostic::{LineIndex, Problem, closest};
use crate::network::{Container, Diagnostic, Link, Mode, Network, Severity};

/// A price a rate sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Price {
    /// USD per container for one traversal of a link.
    PerContainer(f64),
    /// USD per container-km (× the link's distance).
    PerKm(f64),
}

impl Price {
    /// USD for one container on `link`.
    #[must_use]
    pub fn usd(self, link: &Link) -> f64 {
        match self {
            Price::PerContainer(usd) => usd,
            Price::PerKm(usd) => usd * link.distance_km,
        }
    }
}

/// One rate of a tariff file: which links, what price, for which box, when, and from where.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    /// Links whose operator is this (exactly as the network writes it).
    pub operator: Option<String>,
    /// Links with these ids (both directions of a two-way link).
    pub links: Vec<String>,
    /// Links of this mode.
    pub mode: Option<Mode>,
    /// Links whose both ends are in these countries (ISO codes).
    pub countries: Vec<String>,
    /// The container type the price is for; `None`: a price per FEU, scaled for other types
    /// by the container's factors, like the network's own figures.
    pub container: Option<Container>,
    /// The price.
    pub price: Price,
    /// First day the rate applies, when dated.
    pub valid_from: Option<Date>,
    /// Last day the rate applies, when dated.
    pub valid_to: Option<Date>,
    /// Where the rate comes from.
    pub source: String,
    /// Byte spans of the entry and of its selection keys, to position problems found against
    /// a network.
    spans: raw::RateSpans,
}

impl Rate {
    /// Whether the rate is dated.
    #[must_use]
    pub fn is_dated(&self) -> bool {
        self.valid_from.is_some() || self.valid_to.is_some()
    }

    /// Whether the rate applies on `date`.
    #[must_use]
    pub fn valid_on(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }

    /// Whether the rate selects `link` of `network`.
    #[must_use]
    pub fn selects(&self, network: &Network, link: &Link) -> bool {
        let countries = |node: usize| {
            self.countries
                .iter()
                .any(|c| *c == network.nodes[node].country)
        };
        self.operator
            .as_ref()
            .is_none_or(|o| link.operator.as_ref() == Some(o))
            && (self.links.is_empty() || link.id.as_ref().is_some_and(|id| self.links.contains(id)))
            && self.mode.is_none_or(|m| m == link.mode)
            && (self.countries.is_empty() || (countries(link.from) && countries(link.to)))
    }

    /// The validity in words: `valid 2023-01-01 to 2023-12-31`, `valid from 2024-01-01`.
    fn window(&self) -> String {
        match (self.valid_from, self.valid_to) {
            (Some(a), Some(b)) => format!("valid {a} to {b}"),
            (Some(a), None) => format!("valid from {a}"),
            (None, Some(b)) => format!("valid to {b}"),
            (None, None) => "valid on every date".to_owned(),
        }
    }
}

/// A tariff file: its name and its rates, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Tariffs {
    /// The name a comparison and a query's header use.
    pub name: String,
    /// What the file is.
    pub description: String,
    /// The rates, in file order (a later rate wins over an earlier one for the same link).
    pub rates: Vec<Rate>,
    origin: Option<(String, String)>,
}

/// Every problem that stopped a tariff file from loading or applying.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in the tariff file", self.diagnostics.len())]
pub struct TariffError {
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl TariffError {
    /// Every diagnostic rendered with its source line, separated by blank lines.
    #[must_use]
    pub fn render(&self) -> String {
        self.diagnostics
            .iter()
            .map(Diagnostic::render)
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// A network with a tariff file applied, and what the application did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The network with the rates in force.
    pub network: Network,
    /// How many directed links a rate priced.
    pub links_priced: usize,
    /// Rates that were not applied, and why (a date outside their window, no date given, or
    /// another container type).
    pub notes: Vec<String>,
}

fn to_diagnostics(problems: Vec<Problem>, path: &str, text: &str) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| p.into_diagnostic(path, text, &lines))
        .collect();
    out.sort_by_key(|d| (d.line, d.col));
    out.dedup();
    out
}

/// Reads a tariff file from text; `path` is used in messages only.
///
/// # Errors
/// Every problem at once (syntax, unknown or missing keys, wrong types, bad values and dates),
/// as positioned diagnostics. Problems that need a network are found by [`Tariffs::apply`].
pub fn load_str(text: &str, path: &str) -> Result<Tariffs, TariffError> {
    let mut problems = Vec::new();
    match raw::parse(text, &mut problems) {
        Some(mut t) if problems.iter().all(|p| p.severity != Severity::Error) => {
            t.origin = Some((path.to_owned(), text.to_owned()));
            Ok(t)
        }
        _ => Err(TariffError {
            diagnostics: to_diagnostics(problems, path, text),
        }),
    }
}

/// Reads a tariff file.
///
/// # Errors
/// An unreadable file gives one diagnostic without a position; otherwise as [`load_str`].
pub fn load_file(path: &Path) -> Result<Tariffs, TariffError> {
    let text = crate::network::read_text(path).map_err(|e| TariffError {
        diagnostics: e.diagnostics,
    })?;
    load_str(&text, &path.display().to_string())
}

impl Tariffs {
    fn diagnostics(&self, problems: Vec<Problem>) -> Vec<Diagnostic> {
        match &self.origin {
            Some((path, text)) => to_diagnostics(problems, path, text),
            None => problems
                .into_iter()
                .map(|p| {
                    let mut d = Diagnostic::without_position(p.severity, &self.name, p.message);
                    d.hint = p.hint;
                    d
                })
                .collect(),
        }
    }

    /// Applies the rates to `network` (already made for its cargo, [`Network::for_cargo`]):
    /// each link takes the price of the last rate in file order that selects it and applies,
    /// a rate for the network's container type winning over one per FEU. A price per FEU is
    /// scaled by the container's factor for the link's mode; a price for the container type is
    /// taken as it is. A dated rate applies only on a `date` within its window: without a
    /// date, only undated rates apply, and the others are listed in the notes.
    ///
    /// # Errors
    /// Every problem against the network at once, with positions: an operator no link names,
    /// a link id or country the network does not have (with the closest as a hint), a rate
    /// that selects no link.
    pub fn apply(&self, network: &Network, date: Option<Date>) -> Result<Applied, TariffError> {
        let mut problems = Vec::new();
        let operators: Vec<&str> = {
            let mut all: Vec<&str> = network
                .links
                .iter()
                .filter_map(|l| l.operator.as_deref())
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        };
        let ids: Vec<&str> = network
            .links
            .iter()
            .filter_map(|l| l.id.as_deref())
            .collect();
        for (i, rate) in self.rates.iter().enumerate() {
            let label = format!("rate {}", i + 1);
            let mut known = true;
            if let (Some(o), Some(span)) = (&rate.operator, &rate.spans.operator)
                && !operators.contains(&o.as_str())
            {
                known = false;
                // A typo, or a longer or shorter form of a name ("KTZ Express", "KTZ").
                let folded = o.to_lowercase();
                let near = closest(o, operators.iter().copied()).or_else(|| {
                    operators.iter().copied().find(|c| {
                        let c = c.to_lowercase();
                        folded.contains(&c) || c.contains(&folded)
                    })
                });
                let hint = match near {
                    Some(c) => format!("did you mean \"{c}\"?"),
                    None if operators.is_empty() => {
                        "this network names no operator on its links".to_owned()
                    }
                    None => format!("the network's operators: {}", operators.join(", ")),
                };
                problems.push(
                    Problem::error(
                        span.clone(),
                        format!("{label}: no link of the network has operator {o:?}"),
                    )
                    .hint(Some(hint)),
                );
            }
            for (id, span) in rate.links.iter().zip(&rate.spans.links) {
                if !ids.contains(&id.as_str()) {
                    known = false;
                    let hint =
                        closest(id, ids.iter().copied()).map(|c| format!("did you mean \"{c}\"?"));
                    problems.push(
                        Problem::error(span.clone(), format!("{label}: unknown link id {id:?}"))
                            .hint(hint),
                    );
                }
            }
            for (code, span) in rate.countries.iter().zip(&rate.spans.countries) {
                if !network.nodes.iter().any(|n| n.country == *code) {
                    known = false;
                    problems.push(Problem::error(
                        span.clone(),
                        format!("{label}: no node of the network is in {code:?}"),
                    ));
                }
            }
            if known && !network.links.iter().any(|l| rate.selects(network, l)) {
                problems.push(
                    Problem::error(
                        rate.spans.entry.clone(),
                        format!("{label}: selects no link of the network"),
                    )
                    .hint(Some(
                        "a rate selects the links that match every key it gives (operator, \
                         link, mode, countries)"
                            .to_owned(),
                    )),
                );
            }
        }
        if !problems.is_empty() {
            return Err(TariffError {
                diagnostics: self.diagnostics(problems),
            });
        }
        let container = network.cargo.container;
        let mut notes = Vec::new();
        let mut in_force: Vec<&Rate> = Vec::new();
        for (i, rate) in self.rates.iter().enumerate() {
            let label = format!("{}: rate {}", self.name, i + 1);
            if rate.container.is_some_and(|c| c != container) {
                notes.push(format!(
                    "{label} is for a {} and does not apply to a {}",
                    rate.container.map_or("", Container::label),
                    container.label()
                ));
            } else if rate.is_dated() && date.is_none() {
                notes.push(format!(
                    "{label} ({}) is not applied: give --depart to apply dated rates",
                    rate.window()
                ));
            } else if let Some(d) = date
                && !rate.valid_on(d)
            {
                notes.push(format!(
                    "{label} ({}) is not applied to a departure on {d}",
                    rate.window()
                ));
            } else {
                in_force.push(rate);
            }
        }
        let mut out = network.clone();
        let mut links_priced = 0;
        for link in &mut out.links {
            // A rate for the container type wins over one per FEU; among rates of one kind,
            // the latest in the file.
            let selecting: Vec<&Rate> = in_force
                .iter()
                .copied()
                .filter(|r| r.selects(network, link))
                .collect();
            let typed = selecting.iter().any(|r| r.container.is_some());
            let chosen = selecting
                .iter()
                .rev()
                .find(|r| r.container.is_some() == typed);
            if let Some(rate) = chosen {
                let usd = rate.price.usd(link);
                link.cost_usd = match rate.container {
                    Some(_) => usd,
                    None => usd * container.cost_factor(link.mode),
                };
                links_priced += 1;
            }
        }
        Ok(Applied {
            network: out,
            links_priced,
            notes,
        })
    }
}
