//! What-if scenarios: a named, sourced, ordered list of changes (close a node, a link, a mode or
//! a country; scale or set link and node figures, their delays and boxes left behind, by month;
//! scale or set a weather group's closures by month; add nodes and links) applied to a copy of a
//! validated [`Network`]. `raw` reads scenario files with every problem reported at once as
//! `path:line:col`; `apply` runs the changes in order and reports every change that names an
//! unknown node or link or selects nothing, instead of silently doing nothing, and applies
//! several scenarios one after another ([`apply_in_order`]); `shipped` holds the scenarios
//! built into the binary and finds a scenario by file or by name ([`load`]).
//!
//! Applying a scenario never removes or reorders nodes (closing a node removes the links that
//! touch it; added nodes go at the end), so a [`NodeIdx`](crate::network::NodeIdx) of the base network names the same
//! place in every scenario network built from it.

mod apply;
mod raw;
mod shipped;

pub use apply::{Applied, Combined, apply_in_order};
pub use shipped::{BUILT_IN, BuiltIn, built_in, load};

use std::ops::Range;
use std::path::Path;

use crate::network::diagnostic::{LineIndex, Problem};
use crate::network::{Diagnostic, Mode, Month, Network, NodeKind};

/// A scenario: what it is, where its numbers come from, and its changes in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Short name (`kuryk_closed`), shown in reports.
    pub name: String,
    /// One or two sentences on what the scenario models.
    pub description: String,
    /// Where the scenario's figures come from; estimates say how they were made.
    pub sources: Vec<String>,
    /// The changes, applied in this order.
    pub changes: Vec<Change>,
    /// The file the scenario was read from, for positioned messages.
    pub(crate) origin: Option<Origin>,
}

/// The text a scenario was read from and how it is named in messages.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Origin {
    pub(crate) path: String,
    pub(crate) text: String,
}

/// One change of a scenario, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What the change does.
    pub action: Action,
    /// Byte range of the `[[change]]` entry in its file (empty when built in code).
    pub(crate) span: Range<usize>,
    /// Byte ranges of the entry's values by key, for messages that point at one value.
    pub(crate) keys: Vec<(&'static str, Range<usize>)>,
}

impl Change {
    /// A change built in code, without a position in a file.
    #[must_use]
    pub fn new(action: Action) -> Change {
        Change {
            action,
            span: 0..0,
            keys: Vec::new(),
        }
    }

    /// Where the value of `key` was written, else the whole entry.
    pub(crate) fn span_of(&self, key: &str) -> Range<usize> {
        self.keys
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| self.span.clone(), |(_, s)| s.clone())
    }
}

/// What a change does. Every selection must match at least one node or link.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Remove every link that touches the selected nodes (the nodes stay, unreachable).
    CloseNodes(NodeSelector),
    /// Remove the selected links.
    CloseLinks(LinkSelector),
    /// Multiply figures of the selected links by the given factors.
    ScaleLinks(LinkSelector, LinkFigures),
    /// Set figures of the selected links to the given values.
    SetLinks(LinkSelector, LinkFigures),
    /// Multiply figures of the selected nodes by the given factors.
    ScaleNodes(NodeSelector, NodeFigures),
    /// Set figures of the selected nodes to the given values.
    SetNodes(NodeSelector, NodeFigures),
    /// Add a node.
    AddNode(NewNode),
    /// Add a link (both directions unless `two_way` is false).
    AddLink(NewLink),
    /// Multiply the closure figures of a weather group (by its id) by the given factors.
    ScaleWeatherGroup(String, GroupFigures),
    /// Set the closure figures of a weather group (by its id) to the given values.
    SetWeatherGroup(String, GroupFigures),
}

impl Action {
    /// The `action` name used in scenario files.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Action::CloseNodes(_) | Action::CloseLinks(_) => "close",
            Action::ScaleLinks(..) => "scale_links",
            Action::SetLinks(..) => "set_links",
            Action::ScaleNodes(..) => "scale_nodes",
            Action::SetNodes(..) => "set_nodes",
            Action::AddNode(_) => "add_node",
            Action::AddLink(_) => "add_link",
            Action::ScaleWeatherGroup(..) => "scale_weather_group",
            Action::SetWeatherGroup(..) => "set_weather_group",
        }
    }

    /// Whether the change only removes things (so it can never make a route faster or cheaper).
    #[must_use]
    pub fn is_closure(&self) -> bool {
        matches!(self, Action::CloseNodes(_) | Action::CloseLinks(_))
    }

    /// The part of the change that scales a cost by a factor of at least 1, alone (for the
    /// invariant "scaling costs up never lowers a best cost"); `None` when there is none.
    #[must_use]
    pub fn cost_increase(&self) -> Option<Action> {
        let up = |x: Option<f64>| x.filter(|f| *f >= 1.0);
        match self {
            Action::ScaleLinks(sel, f) => up(f.cost_usd).map(|c| {
                let figures = LinkFigures {
                    cost_usd: Some(c),
                    ..LinkFigures::default()
                };
                Action::ScaleLinks(sel.clone(), figures)
            }),
            Action::ScaleNodes(sel, f) => {
                let figures = NodeFigures {
                    transfer_cost_usd: up(f.transfer_cost_usd),
                    dwell_cost_usd: up(f.dwell_cost_usd),
                    ..NodeFigures::default()
                };
                (figures != NodeFigures::default())
                    .then(|| Action::ScaleNodes(sel.clone(), figures))
            }
            _ => None,
        }
    }
}

/// Which links a change acts on: every given condition must hold. Node names are node ids.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkSelector {
    /// Link ids (both directions of a two-way link share its id).
    pub ids: Vec<String>,
    /// Links leaving this node.
    pub from: Option<String>,
    /// Links arriving at this node.
    pub to: Option<String>,
    /// Links between these two nodes, in either direction.
    pub between: Option<[String; 2]>,
    /// Links in this mode.
    pub mode: Option<Mode>,
    /// Links with at least one end in this country (ISO code).
    pub country: Option<String>,
}

/// Which nodes a change acts on: every given condition must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeSelector {
    /// Node ids.
    pub ids: Vec<String>,
    /// Nodes of this kind.
    pub kind: Option<NodeKind>,
    /// Nodes in this country (ISO code).
    pub country: Option<String>,
}

/// Link figures to scale (factors) or set (values); `None` leaves a figure alone.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LinkFigures {
    /// Hours in motion.
    pub hours: Option<f64>,
    /// USD per FEU.
    pub cost_usd: Option<f64>,
    /// Scheduled departures per week (scaling a link without a timetable leaves it without one).
    pub departures_per_week: Option<f64>,
    /// The delay of each traversal.
    pub delay: DelayFigures,
    /// Share of boxes a departure leaves behind (scheduled links only).
    pub left_behind_share: Option<f64>,
    /// The months in which the delay and `left_behind_share` change; the other figures are the
    /// same every month, and a change that names one of them applies to every month.
    pub months: Months,
}

/// Node figures to scale (factors) or set (values); `None` leaves a figure alone.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NodeFigures {
    /// Hours to change mode or gauge.
    pub transfer_hours: Option<f64>,
    /// USD per container to change mode or gauge.
    pub transfer_cost_usd: Option<f64>,
    /// Hours of border or customs delay.
    pub dwell_hours: Option<f64>,
    /// USD per container of border or customs charges.
    pub dwell_cost_usd: Option<f64>,
    /// The delay of each pass.
    pub delay: DelayFigures,
    /// The months in which the delay changes (see [`LinkFigures::months`]).
    pub months: Months,
}

/// The figures of a delay (a zero-inflated lognormal, see [`crate::network::Delay`]) to scale
/// (factors) or set (values); `None` leaves a figure alone. Scaling leaves an element without a
/// delay without one; setting the median and the P90 together gives it one (delayed every
/// time unless `share` says otherwise).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DelayFigures {
    /// Share of passes or traversals delayed at all (`delay_share`).
    pub share: Option<f64>,
    /// Median of a delay, hours (`delay_median_hours`).
    pub median_hours: Option<f64>,
    /// P90 of a delay, hours (`delay_p90_hours`).
    pub p90_hours: Option<f64>,
}

impl DelayFigures {
    /// Whether any figure is given.
    #[must_use]
    pub fn any(&self) -> bool {
        *self != DelayFigures::default()
    }
}

/// A weather group's closure figures to scale (factors) or set (values) in some months;
/// `None` leaves a figure alone.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GroupFigures {
    /// Share of the time the group is closed (`closed_share`).
    pub closed_share: Option<f64>,
    /// Mean length of one closure, hours (`mean_closure_hours`).
    pub mean_closure_hours: Option<f64>,
    /// The months that change.
    pub months: Months,
}

/// A set of calendar months, as a scenario's `months = [11, 12, 1]` names them (1 = January);
/// every month by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Months(u16);

impl Default for Months {
    fn default() -> Self {
        Months::ALL
    }
}

impl Months {
    /// Every month.
    pub const ALL: Months = Months(0x0fff);

    /// The months numbered 1 (January) to 12 in `numbers`; `None` if a number is outside
    /// 1 to 12 or the list is empty.
    #[must_use]
    pub fn from_numbers(numbers: &[u8]) -> Option<Months> {
        let mut bits = 0u16;
        for &n in numbers {
            if !(1..=12).contains(&n) {
                return None;
            }
            bits |= 1 << (n - 1);
        }
        (bits != 0).then_some(Months(bits))
    }

    /// Whether `month` is in the set.
    #[must_use]
    pub fn contains(self, month: Month) -> bool {
        self.0 & (1 << month.index()) != 0
    }

    /// Whether every month is in the set.
    #[must_use]
    pub fn is_all(self) -> bool {
        self == Months::ALL
    }

    /// The months' names in calendar order, `January, February`; `every month` for all.
    #[must_use]
    pub fn describe(self) -> String {
        if self.is_all() {
            return "every month".to_owned();
        }
        Month::ALL
            .into_iter()
            .filter(|&m| self.contains(m))
            .map(Month::name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A node that a scenario adds.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNode {
    /// Unique id (`a-z 0-9 _ -`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country: String,
    /// What the node is.
    pub kind: NodeKind,
    /// Latitude in decimal degrees.
    pub lat: f64,
    /// Longitude in decimal degrees.
    pub lon: f64,
    /// Transfer and dwell figures.
    pub figures: NodeFigures,
    /// Where the node's figures come from.
    pub source: Option<String>,
}

/// A link that a scenario adds.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLink {
    /// Optional id, shared by both directions.
    pub id: Option<String>,
    /// Node id it leaves from.
    pub from: String,
    /// Node id it arrives at.
    pub to: String,
    /// Mode.
    pub mode: Mode,
    /// Hours in motion (> 0).
    pub hours: f64,
    /// USD per FEU.
    pub cost_usd: f64,
    /// Distance in km; the geodesic distance between the nodes when `None`.
    pub distance_km: Option<f64>,
    /// Scheduled departures per week.
    pub departures_per_week: Option<f64>,
    /// Rail gauge in mm (rail only).
    pub gauge_mm: Option<u32>,
    /// Whether the reverse direction is added too.
    pub two_way: bool,
    /// Points a drawn line passes through, as `[lon, lat]`.
    pub waypoints: Vec<[f64; 2]>,
    /// Where the figures come from.
    pub source: Option<String>,
}

/// Every problem that stopped a scenario from loading or applying.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in scenario", self.diagnostics.len())]
pub struct ScenarioError {
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl ScenarioError {
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

impl Scenario {
    /// A scenario with no changes: applying it reproduces the base network exactly.
    #[must_use]
    pub fn empty(name: &str) -> Scenario {
        Scenario {
            name: name.to_owned(),
            description: String::new(),
            sources: Vec::new(),
            changes: Vec::new(),
            origin: None,
        }
    }

    /// The same scenario with each change mapped by `keep`: `None` drops the change, `Some`
    /// replaces its action (for invariant checks: its closures alone, its cost increases
    /// alone). Positions in the file are kept.
    #[must_use]
    pub fn only(&self, keep: impl Fn(&Action) -> Option<Action>) -> Scenario {
        Scenario {
            changes: self
                .changes
                .iter()
                .filter_map(|c| {
                    keep(&c.action).map(|action| Change {
                        action,
                        ..c.clone()
                    })
                })
                .collect(),
            ..self.clone()
        }
    }

    /// Turns problems found in this scenario into diagnostics, positioned when the scenario
    /// came from a file.
    pub(crate) fn diagnostics(&self, problems: Vec<Problem>) -> Vec<Diagnostic> {
        match &self.origin {
            Some(origin) => to_diagnostics(problems, &origin.path, &origin.text),
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
}

fn to_diagnostics(problems: Vec<Problem>, path: &str, text: &str) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| p.into_diagnostic(path, text, &lines))
        .collect();
    // Stable, so problems at one place keep the order in which they were found.
    out.sort_by_key(|d| (d.line, d.col));
    out.dedup();
    out
}

/// Reads a scenario from text; `path` is used in messages only.
///
/// # Errors
/// Every problem at once (syntax, unknown or missing keys, wrong types, bad values), as
/// positioned diagnostics. Problems that depend on a network (unknown node ids, selections
/// that match nothing) are found by [`Scenario::apply`].
///
/// # Example
/// ```
/// let s = corridor::scenario::load_str(
///     "[scenario]\nname = \"k\"\ndescription = \"d\"\nsources = [\"s\"]\n\
///      [[change]]\naction = \"close\"\nnode = \"kuryk\"\n",
///     "k.toml",
/// ).unwrap();
/// assert_eq!(s.changes.len(), 1);
/// ```
pub fn load_str(text: &str, path: &str) -> Result<Scenario, ScenarioError> {
    let mut problems = Vec::new();
    let scenario = raw::parse(text, &mut problems);
    match scenario {
        Some(mut s) if problems.is_empty() => {
            s.origin = Some(Origin {
                path: path.to_owned(),
                text: text.to_owned(),
            });
            Ok(s)
        }
        _ => Err(ScenarioError {
            diagnostics: to_diagnostics(problems, path, text),
        }),
    }
}

/// Reads a scenario file.
///
/// # Errors
/// An unreadable file gives one diagnostic without a position, bytes that are not UTF-8 the
/// position of the first bad one; otherwise as [`load_str`].
pub fn load_file(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = crate::network::read_text(path).map_err(|e| ScenarioError {
        diagnostics: e.diagnostics,
    })?;
    load_str(&text, &path.display().to_string())
}

/// Reads several scenarios, in order, each a file or a built-in scenario's name (see [`load`]).
///
/// # Errors
/// Every problem of every file at once (as [`load`] for each).
pub fn load_files<P: AsRef<Path>>(files: &[P]) -> Result<Vec<Scenario>, ScenarioError> {
    let mut scenarios = Vec::with_capacity(files.len());
    let mut diagnostics = Vec::new();
    for file in files {
        match load(file.as_ref()) {
            Ok(s) => scenarios.push(s),
            Err(e) => diagnostics.extend(e.diagnostics),
        }
    }
    if diagnostics.is_empty() {
        Ok(scenarios)
    } else {
        Err(ScenarioError { diagnostics })
    }
}

/// Reads scenarios (files or built-in names) and applies them one after another to `base` (see
/// [`apply_in_order`]):
/// what `corridor route --scenario A --scenario B` runs on.
///
/// # Errors
/// Every problem of every file when one does not load; else the problems of the first
/// scenario that does not apply.
pub fn apply_files<P: AsRef<Path>>(base: &Network, files: &[P]) -> Result<Combined, ScenarioError> {
    apply_in_order(base, &load_files(files)?)
}
