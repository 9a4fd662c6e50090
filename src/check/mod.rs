//! Reference routes: a file of planner queries, each with what must hold of its best route
//! (the gateways it passes, what it avoids, its days, cost and transfers), validated against a
//! network and run in parallel, so that whoever edits the network learns at once which routes
//! planners rely on no longer hold. The format is documented in `docs/references.md`.

mod raw;
mod render;
mod run;
mod validate;

pub use render::{summary_line, to_json, to_table};
pub use run::{Failure, Outcome, RouteSummary, run};

use crate::network::diagnostic::{LineIndex, Problem};
use crate::network::{Diagnostic, Mode, Network, NodeIdx, Severity};
use crate::search::{Constraints, Criterion};

/// The bundled reference file's path as shown in messages.
pub const BUNDLED_REFERENCES_PATH: &str = "networks/middle_corridor.references.toml";
/// The bundled reference file's text, embedded in the binary.
pub const BUNDLED_REFERENCES: &str = include_str!("../../networks/middle_corridor.references.toml");

/// An inclusive range a figure must fall in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Lowest allowed value.
    pub min: f64,
    /// Highest allowed value.
    pub max: f64,
}

impl Bounds {
    /// How far `x` lies outside the range: negative below, positive above, 0 inside.
    ///
    /// ```
    /// use corridor::check::Bounds;
    /// let days = Bounds { min: 8.0, max: 11.0 };
    /// assert_eq!(days.excess(12.5), 1.5);
    /// assert_eq!(days.excess(7.0), -1.0);
    /// assert_eq!(days.excess(9.0), 0.0);
    /// ```
    #[must_use]
    pub fn excess(&self, x: f64) -> f64 {
        if x < self.min {
            x - self.min
        } else if x > self.max {
            x - self.max
        } else {
            0.0
        }
    }
}

/// Which days figure of the route a reference's `days` range checks (the `check` key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DaysFigure {
    /// The best case: every connection made at once, no waits, no delays (`best`); what
    /// operators announce.
    Best,
    /// The expected days the searches rank by, the mean over what can happen (`expected`,
    /// the default); what shippers observe on average.
    #[default]
    Expected,
    /// The late case: the 90th percentile of a seeded simulation of the route (`p90`).
    P90,
}

impl DaysFigure {
    /// The names the `check` key takes, in this order.
    pub const NAMES: [&'static str; 3] = ["best", "expected", "p90"];

    /// The figure named `name` in a reference file.
    #[must_use]
    pub fn parse(name: &str) -> Option<DaysFigure> {
        match name {
            "best" => Some(DaysFigure::Best),
            "expected" => Some(DaysFigure::Expected),
            "p90" => Some(DaysFigure::P90),
            _ => None,
        }
    }

    /// The expectation's name in failures: `best_days`, `days` or `p90_days`.
    #[must_use]
    pub fn expectation(self) -> &'static str {
        match self {
            DaysFigure::Best => "best_days",
            DaysFigure::Expected => "days",
            DaysFigure::P90 => "p90_days",
        }
    }
}

/// A place a route must avoid: a node, or every node of a country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Avoided {
    /// One node.
    Node(NodeIdx),
    /// A country, by ISO 3166-1 alpha-2 code (upper case).
    Country(String),
}

/// One reference route: a query and what must hold of its best route.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Unique name, used in output.
    pub name: String,
    /// 1-based line of the entry in its file.
    pub line: usize,
    /// Origin.
    pub from: NodeIdx,
    /// Destination.
    pub to: NodeIdx,
    /// What "best" means (default: time).
    pub criterion: Criterion,
    /// `via`, `avoid` and `avoid_modes` of the query.
    pub constraints: Constraints,
    /// A scenario file the query runs under, as written (resolved against the reference file's
    /// folder by the caller).
    pub scenario: Option<String>,
    /// Nodes the route must pass, in this order; each item lists alternatives (`aktau|kuryk`).
    pub passes: Vec<Vec<NodeIdx>>,
    /// Nodes or countries the route must not touch.
    pub avoids: Vec<Avoided>,
    /// End-to-end days the route must take.
    pub days: Option<Bounds>,
    /// Which days figure `days` checks: best, expected (the default) or P90.
    pub days_figure: DaysFigure,
    /// USD per FEU the route must cost.
    pub cost_usd: Option<Bounds>,
    /// Transfers the route may have at most.
    pub max_transfers: Option<u64>,
    /// Where the figures come from (required when `days` or `cost_usd` is given).
    pub source: Option<String>,
    /// Why the range is as wide as it is, where the model and the published figure differ.
    pub note: Option<String>,
}

/// A validated reference file.
#[derive(Debug, Clone, PartialEq)]
pub struct References {
    /// The file as the user named it.
    pub path: String,
    /// The entries, in file order.
    pub entries: Vec<Reference>,
}

/// Every problem that stopped a reference file from loading, with positions.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in reference file", self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count())]
pub struct ReferencesError {
    /// All problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a reference file from text against `network` (places are resolved in it); `path` is
/// used in messages only.
///
/// # Errors
/// Every problem at once: TOML syntax, unknown keys, wrong types, unknown places, bad ranges,
/// duplicate names, and figures without a `source`.
pub fn load_str(text: &str, path: &str, network: &Network) -> Result<References, ReferencesError> {
    let lines = LineIndex::new(text);
    let mut problems: Vec<Problem> = Vec::new();
    let entries = if text.trim_start_matches('\u{feff}').trim().is_empty() {
        problems.push(Problem::error(0..0, "file is empty".to_owned()).hint(Some(
            "a reference file needs [[reference]] entries with name, from and to".to_owned(),
        )));
        None
    } else {
        raw::parse(text, &mut problems)
            .map(|file| validate::validate(&file, network, &lines, &mut problems))
    };
    let mut diagnostics: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| p.into_diagnostic(path, text, &lines))
        .collect();
    diagnostics.sort_by_key(|d| (d.line, d.col));
    diagnostics.dedup();
    match entries {
        Some(entries) if diagnostics.iter().all(|d| d.severity != Severity::Error) => {
            Ok(References {
                path: path.to_owned(),
                entries,
            })
        }
        _ => Err(ReferencesError { diagnostics }),
    }
}

/// Reads a reference file from disk against `network`.
///
/// # Errors
/// As [`load_str`]; a file that cannot be read gives one diagnostic without a position, and
/// bytes that are not UTF-8 give the position of the first bad byte.
pub fn load_file(path: &std::path::Path, network: &Network) -> Result<References, ReferencesError> {
    let text = crate::network::read_text(path).map_err(|e| ReferencesError {
        diagnostics: e.diagnostics,
    })?;
    load_str(&text, &path.display().to_string(), network)
}

/// Reads the bundled reference file against `network`.
///
/// # Errors
/// When a place it names is not in `network` (the test suite rules this out for the bundled
/// network).
pub fn load_bundled(network: &Network) -> Result<References, ReferencesError> {
    load_str(BUNDLED_REFERENCES, BUNDLED_REFERENCES_PATH, network)
}

/// The networks of the scenarios the references name: each distinct `scenario` file (a
/// relative path is taken from `folder`, the reference file's folder) loaded and applied to
/// `base`, keyed by the name as written. Applying a scenario keeps node indices, so the
/// references validated against `base` stay valid.
///
/// # Errors
/// Every problem of every scenario file at once, positioned in that file.
pub fn scenario_networks(
    references: &References,
    base: &Network,
    folder: &std::path::Path,
) -> Result<Vec<(String, Network)>, ReferencesError> {
    let mut out: Vec<(String, Network)> = Vec::new();
    let mut diagnostics = Vec::new();
    for name in references
        .entries
        .iter()
        .filter_map(|r| r.scenario.as_ref())
    {
        if out.iter().any(|(n, _)| n == name) {
            continue;
        }
        let path = folder.join(name);
        match crate::scenario::load_file(&path).and_then(|s| s.apply(base)) {
            Ok(applied) => out.push((name.clone(), applied.network)),
            Err(e) => diagnostics.extend(e.diagnostics),
        }
    }
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(ReferencesError { diagnostics })
    }
}

/// The modes in `avoid_modes` order, for messages.
pub(crate) fn mode_names() -> [&'static str; 4] {
    Mode::ALL.map(Mode::as_str)
}
