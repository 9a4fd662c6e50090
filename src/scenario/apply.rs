//! Applying a scenario's changes, in order, to a copy of a network, and applying several
//! scenarios one after another. Each change's selection is resolved against the network as the
//! earlier changes left it; a name that is not a node or link id, or a selection that matches
//! nothing, is an error at the change's position. All problems are collected before failing.
//!
//! When scenarios are combined ([`apply_in_order`]), a change to something an earlier
//! *scenario* closed is not an error but a note (the change, or that part of it, is skipped):
//! each scenario is written for the baseline, and `kuryk_closed` then `caspian_winter` should
//! simply leave the winter's Kuryk ferry closed. Within one scenario, naming what an earlier
//! change of the same scenario closed stays an error, and so does a selection that matches
//! nothing in the base network.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::{
    Action, Change, DelayFigures, GroupFigures, LinkFigures, LinkSelector, Months, NewLink,
    NewNode, NodeFigures, NodeSelector, Scenario, ScenarioError,
};
use crate::network::diagnostic::Problem;
use crate::network::geo::geodesic_km;
use crate::network::{
    Crew, Delay, Diagnostic, Link, LinkLimits, Month, Monthly, Network, Node, NodeIdx, NodeLimits,
    Variability, closest, fold_name,
};
use crate::units::{Figure, show_figure};

/// A scenario applied to a network: the new network and what each change did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The network with every change applied; the base's nodes keep their indices.
    pub network: Network,
    /// One line per change saying what it did (`change 1 (close): closed node kuryk ...`).
    pub effects: Vec<String>,
    /// Changes (or parts of changes) skipped because an earlier scenario of a combination had
    /// already closed what they name, one sentence each, starting with the scenario's name.
    pub notes: Vec<String>,
    /// What applied but is probably not what was meant, positioned: an added node whose name
    /// or id is already a node's name, alias or id (place names become ambiguous).
    pub warnings: Vec<Diagnostic>,
}

/// Several scenarios applied one after another (see [`apply_in_order`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    /// The network with every scenario applied, named `base + first + second`.
    pub network: Network,
    /// Per scenario, in order: its name and one line per change saying what it did.
    pub effects: Vec<(String, Vec<String>)>,
    /// Changes skipped because an earlier scenario closed what they name (see
    /// [`Applied::notes`]), in order.
    pub notes: Vec<String>,
    /// Every scenario's warnings (see [`Applied::warnings`]), in order.
    pub warnings: Vec<Diagnostic>,
}

/// What the earlier scenarios of a combination closed, by the name of the scenario that closed
/// it, and the network before any of them (where a selection must match something).
struct Earlier<'b> {
    base: &'b Network,
    /// Link ids.
    links: HashMap<String, String>,
    /// Link entries (stable across scenarios; ids are optional).
    entries: HashMap<usize, String>,
    nodes: HashMap<NodeIdx, String>,
}

impl Earlier<'_> {
    /// Records what `scenario` closed on its way from `before` to `after`.
    fn record(&mut self, scenario: &str, before: &Network, after: &Network, closed: &[bool]) {
        let ids: HashSet<&str> = after.links.iter().filter_map(|l| l.id.as_deref()).collect();
        let entries: HashSet<usize> = after.links.iter().map(|l| l.entry).collect();
        for l in &before.links {
            if let Some(id) = l.id.as_deref().filter(|id| !ids.contains(id)) {
                self.links
                    .entry(id.to_owned())
                    .or_insert_with(|| scenario.to_owned());
            }
            if !entries.contains(&l.entry) {
                self.entries
                    .entry(l.entry)
                    .or_insert_with(|| scenario.to_owned());
            }
        }
        for (i, _) in closed.iter().enumerate().filter(|(_, c)| **c) {
            self.nodes.entry(i).or_insert_with(|| scenario.to_owned());
        }
    }
}

/// Applies scenarios one after another to a copy of `base`: each to the network the earlier ones
/// left. A change naming a link or node that an earlier scenario closed is skipped with a note
/// (a change naming several links keeps the others); see the module documentation.
///
/// # Errors
/// The problems of the first scenario that does not apply (later ones are not tried, since
/// they would apply to a network that does not exist).
///
/// # Example
/// ```
/// use corridor::network::load_bundled;
/// use corridor::scenario::{apply_in_order, load_str};
/// let base = load_bundled().unwrap().network;
/// let head = "[scenario]\ndescription = \"d\"\nsources = [\"s\"]\n";
/// let closed = load_str(&format!("{head}name = \"k\"\n[[change]]\naction = \"close\"\nnode = \"kuryk\"\n"), "k.toml").unwrap();
/// let slower = load_str(&format!("{head}name = \"w\"\n[[change]]\naction = \"scale_links\"\nlink = \"kuryk-alat-ferry\"\nhours = 2\n"), "w.toml").unwrap();
/// let combined = apply_in_order(&base, &[closed, slower]).unwrap();
/// assert_eq!(combined.notes, ["w: change 1 (scale_links): link \"kuryk-alat-ferry\" already closed by k; change skipped"]);
/// ```
pub fn apply_in_order(base: &Network, scenarios: &[Scenario]) -> Result<Combined, ScenarioError> {
    let mut earlier = Earlier {
        base,
        links: HashMap::new(),
        entries: HashMap::new(),
        nodes: HashMap::new(),
    };
    let mut network = base.clone();
    let mut effects = Vec::new();
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    for scenario in scenarios {
        let (applied, closed) = scenario.apply_to(&network, Some(&earlier))?;
        earlier.record(&scenario.name, &network, &applied.network, &closed);
        network = Network {
            name: format!("{} + {}", applied.network.name, scenario.name),
            ..applied.network
        };
        effects.push((scenario.name.clone(), applied.effects));
        notes.extend(applied.notes);
        warnings.extend(applied.warnings);
    }
    Ok(Combined {
        network,
        effects,
        notes,
        warnings,
    })
}

impl Scenario {
    /// Applies the changes in order to a copy of `base`.
    ///
    /// # Complexity
    /// O(nodes + links) to copy the network, then each change costs what it selects: O(1) per
    /// id named or link added (hash indexes built once, on first use), O(degree) per node
    /// closed, one pass over the links for a selector by mode or country alone and over the
    /// nodes for one by kind or country. Closed links are dropped once, at the end.
    ///
    /// # Errors
    /// Every change that names an unknown node or link, selects nothing, or adds something that
    /// clashes with the network, at once.
    ///
    /// # Example
    /// ```
    /// use corridor::network::load_bundled;
    /// use corridor::scenario::{Action, Change, NodeSelector, Scenario};
    /// let base = load_bundled().unwrap().network;
    /// let mut s = Scenario::empty("kuryk_closed");
    /// s.changes.push(Change::new(Action::CloseNodes(NodeSelector {
    ///     ids: vec!["kuryk".into()],
    ///     ..NodeSelector::default()
    /// })));
    /// let applied = s.apply(&base).unwrap();
    /// assert!(applied.network.links.len() < base.links.len());
    /// assert_eq!(applied.network.nodes, base.nodes);
    /// ```
    pub fn apply(&self, base: &Network) -> Result<Applied, ScenarioError> {
        self.apply_to(base, None).map(|(applied, _)| applied)
    }

    /// Applies the changes after the `earlier` scenarios of a combination, if any; also returns
    /// which nodes this scenario closed.
    fn apply_to(
        &self,
        base: &Network,
        earlier: Option<&Earlier<'_>>,
    ) -> Result<(Applied, Vec<bool>), ScenarioError> {
        let mut state = State::new(base, &self.name, earlier);
        for (i, change) in self.changes.iter().enumerate() {
            state.change(i, change);
        }
        if state.problems.is_empty() {
            let closed = state.closed_by.iter().map(Option::is_some).collect();
            let effects = std::mem::take(&mut state.effects);
            let notes = std::mem::take(&mut state.notes);
            let warnings = self.diagnostics(std::mem::take(&mut state.warnings));
            let network = state.finish();
            // Every figure is in range, but added links and nodes can still make the sums a
            // search forms too large to be exact.
            if let Err(message) = network.check_totals() {
                let span = self.changes.last().map_or(0..0, |c| c.span.clone());
                let problem = Problem::error(span, format!("after every change: {message}"))
                    .hint(Some("add fewer or smaller links and nodes".to_owned()));
                return Err(ScenarioError {
                    diagnostics: self.diagnostics(vec![problem]),
                });
            }
            Ok((
                Applied {
                    network,
                    effects,
                    notes,
                    warnings,
                },
                closed,
            ))
        } else {
            Err(ScenarioError {
                diagnostics: self.diagnostics(state.problems),
            })
        }
    }
}

/// A network being changed. Closed links are only marked as removed until [`State::finish`],
/// so link indices stay valid and the indexes below need no rebuilding: every change costs
/// what it selects (or one pass over the links for selectors by mode or country, over the
/// nodes for selectors by kind or country), whatever the number of changes before it.
struct State<'s> {
    /// The network before the scenario; the index keys borrow its ids.
    base: &'s Network,
    net: Network,
    /// Per link of `net`: closed by this scenario.
    removed: Vec<bool>,
    /// Node id to node, built on first use.
    node_index: Option<HashMap<Cow<'s, str>, NodeIdx>>,
    /// Link id to the links (live or removed) with that id, built on first use.
    link_index: Option<HashMap<Cow<'s, str>, Vec<usize>>>,
    /// Per node, the links (live or removed) that leave or reach it, built on first use.
    incident: Option<Vec<Vec<usize>>>,
    /// The `entry` that an added link takes: one past every entry so far, so it never reuses
    /// the number of a closed link.
    next_entry: usize,
    /// For each node, the change (from 1) that closed it.
    closed_by: Vec<Option<usize>>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    effects: Vec<String>,
    notes: Vec<String>,
    /// Folded names, aliases and ids to a node, built when a node is first added.
    name_index: Option<HashMap<String, NodeIdx>>,
    /// The scenario's name, for notes.
    scenario: &'s str,
    /// What earlier scenarios of a combination closed.
    earlier: Option<&'s Earlier<'s>>,
    /// Nodes and links looked at so far (by scans and index builds), to test that the work is
    /// linear in the changes.
    visited: usize,
}

/// The outcome of resolving a change's selection.
enum Pick<T> {
    /// What the change acts on.
    Chosen(T),
    /// Nothing left to act on: an earlier scenario closed all of it (a note says so); the
    /// change's effect line.
    Skipped(String),
    /// An error was recorded.
    Failed,
}

impl<T> Pick<T> {
    /// The change's effect: `act` on the selection, or why it was skipped; `None` on an error.
    fn then(self, act: impl FnOnce(T) -> String) -> Option<String> {
        match self {
            Pick::Chosen(chosen) => Some(act(chosen)),
            Pick::Skipped(effect) => Some(effect),
            Pick::Failed => None,
        }
    }
}

/// A list of ids for messages, cut after a few.
fn list(ids: &[&str]) -> String {
    const SHOWN: usize = 6;
    let mut out = ids
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        let _ = write!(out, " and {} more", ids.len() - SHOWN);
    }
    out
}

impl<'s> State<'s> {
    fn new(base: &'s Network, scenario: &'s str, earlier: Option<&'s Earlier<'s>>) -> Self {
        State {
            base,
            net: base.clone(),
            removed: vec![false; base.links.len()],
            node_index: None,
            link_index: None,
            incident: None,
            next_entry: base.links.iter().map(|l| l.entry + 1).max().unwrap_or(0),
            closed_by: vec![None; base.nodes.len()],
            problems: Vec::new(),
            warnings: Vec::new(),
            effects: Vec::new(),
            notes: Vec::new(),
            name_index: None,
            scenario,
            earlier,
            visited: base.links.len(),
        }
    }

    /// The network with the closed links dropped, the others in their order.
    fn finish(self) -> Network {
        let mut net = self.net;
        let mut removed = self.removed.into_iter();
        net.links.retain(|_| !removed.next().unwrap_or(false));
        net
    }

    fn error(&mut self, change: &Change, key: &str, message: String, hint: Option<String>) {
        self.problems
            .push(Problem::error(change.span_of(key), message).hint(hint));
    }

    /// The node with this exact id.
    fn node_by_id(&mut self, id: &str) -> Option<NodeIdx> {
        let (base, net) = (self.base, &self.net);
        let visited = &mut self.visited;
        let index = self.node_index.get_or_insert_with(|| {
            *visited += net.nodes.len();
            let mut index: HashMap<Cow<'s, str>, NodeIdx> = base
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (Cow::Borrowed(n.id.as_str()), i))
                .collect();
            for (i, n) in net.nodes.iter().enumerate().skip(base.nodes.len()) {
                index.insert(Cow::Owned(n.id.clone()), i);
            }
            index
        });
        index.get(id).copied()
    }

    /// The live links with this id, in link order.
    fn links_with_id(&mut self, id: &str) -> Vec<usize> {
        let (base, net) = (self.base, &self.net);
        let visited = &mut self.visited;
        let index = self.link_index.get_or_insert_with(|| {
            *visited += net.links.len();
            let mut index: HashMap<Cow<'s, str>, Vec<usize>> = HashMap::new();
            for (i, l) in net.links.iter().enumerate() {
                let Some(id) = l.id.as_deref() else { continue };
                let key = match base.links.get(i).and_then(|b| b.id.as_deref()) {
                    Some(b) if b == id => Cow::Borrowed(b),
                    _ => Cow::Owned(id.to_owned()),
                };
                index.entry(key).or_default().push(i);
            }
            index
        });
        let found: Vec<usize> = index
            .get(id)
            .map(|links| {
                links
                    .iter()
                    .copied()
                    .filter(|&l| !self.removed[l])
                    .collect()
            })
            .unwrap_or_default();
        self.visited += found.len();
        found
    }

    /// The live links that leave or reach `node`, in link order.
    fn incident(&mut self, node: NodeIdx) -> Vec<usize> {
        let net = &self.net;
        let visited = &mut self.visited;
        let incident = self.incident.get_or_insert_with(|| {
            *visited += net.links.len();
            let mut incident = vec![Vec::new(); net.nodes.len()];
            for (i, l) in net.links.iter().enumerate() {
                incident[l.from].push(i);
                incident[l.to].push(i);
            }
            incident
        });
        let found: Vec<usize> = incident
            .get(node)
            .map(|links| {
                links
                    .iter()
                    .copied()
                    .filter(|&l| !self.removed[l])
                    .collect()
            })
            .unwrap_or_default();
        self.visited += found.len();
        found
    }

    fn change(&mut self, index: usize, change: &Change) {
        let label = format!("change {} ({})", index + 1, change.action.name());
        let before = self.problems.len();
        let effect = match &change.action {
            Action::CloseNodes(sel) => self.select_nodes(change, &label, sel).map(|nodes| {
                let mut removed = 0;
                for &i in &nodes {
                    for l in self.incident(i) {
                        self.removed[l] = true;
                        removed += 1;
                    }
                    self.closed_by[i] = Some(index + 1);
                }
                let ids: Vec<&str> = nodes
                    .iter()
                    .map(|&i| self.net.nodes[i].id.as_str())
                    .collect();
                format!(
                    "closed {} node(s): {}; removed {removed} directed link(s)",
                    nodes.len(),
                    list(&ids),
                )
            }),
            Action::CloseLinks(sel) => self.select_links(change, &label, sel).then(|links| {
                let summary = self.describe_links(&links);
                for &l in &links {
                    self.removed[l] = true;
                }
                format!("closed {summary}")
            }),
            Action::ScaleLinks(sel, f) => self
                .select_links(change, &label, sel)
                .then(|links| self.change_links(change, &label, &links, f, true)),
            Action::SetLinks(sel, f) => self
                .select_links(change, &label, sel)
                .then(|links| self.change_links(change, &label, &links, f, false)),
            Action::ScaleNodes(sel, f) => self
                .select_nodes(change, &label, sel)
                .map(|nodes| self.change_nodes(change, &label, &nodes, f, true)),
            Action::SetNodes(sel, f) => self
                .select_nodes(change, &label, sel)
                .map(|nodes| self.change_nodes(change, &label, &nodes, f, false)),
            Action::AddNode(node) => self.add_node(change, &label, node),
            Action::AddLink(link) => self.add_link(change, &label, link),
            Action::ScaleWeatherGroup(id, f) => self.change_group(change, &label, id, f, true),
            Action::SetWeatherGroup(id, f) => self.change_group(change, &label, id, f, false),
        };
        if let Some(effect) = effect.filter(|_| self.problems.len() == before) {
            self.effects.push(format!("{label}: {effect}"));
        }
    }

    /// Scales (factors) or sets (values) the figures of `links`, then their delays and boxes
    /// left behind in the change's months; the effect line, after an error at the figure's
    /// key for the first link whose figures would leave their ranges.
    fn change_links(
        &mut self,
        change: &Change,
        label: &str,
        links: &[usize],
        f: &LinkFigures,
        scale: bool,
    ) -> String {
        let mut wrong: Option<(String, Wrong)> = None;
        let mut failed = 0;
        for &l in links {
            let link = &mut self.net.links[l];
            if scale {
                scale_link(link, f);
            } else {
                set_link(link, f);
            }
            let scheduled = link.departures_per_week.is_some();
            let result = link_in_range(link, f)
                .and_then(|()| vary_delay(&mut link.variability.delay, &f.delay, f.months, scale))
                .and_then(|()| {
                    vary_left_behind(
                        &mut link.variability,
                        f.left_behind_share,
                        f.months,
                        scale,
                        scheduled,
                    )
                });
            if let Err(w) = result {
                failed += 1;
                if wrong.is_none() {
                    wrong = Some((self.link_name(l), w));
                }
            }
        }
        if let Some((name, w)) = wrong {
            self.wrong(change, label, &format!("link {name}"), w, failed);
        }
        format!(
            "{} {} on {}",
            if scale { "scaled" } else { "set" },
            show_link_figures(f, if scale { "×" } else { "=" }),
            self.describe_links(links)
        )
    }

    /// As [`State::change_links`] for nodes.
    fn change_nodes(
        &mut self,
        change: &Change,
        label: &str,
        nodes: &[NodeIdx],
        f: &NodeFigures,
        scale: bool,
    ) -> String {
        let mut wrong: Option<(String, Wrong)> = None;
        let mut failed = 0;
        for &n in nodes {
            let node = &mut self.net.nodes[n];
            if scale {
                scale_node(node, f);
            } else {
                set_node(node, f);
            }
            let result = node_in_range(node, f)
                .and_then(|()| vary_delay(&mut node.variability.delay, &f.delay, f.months, scale));
            if let Err(w) = result {
                failed += 1;
                if wrong.is_none() {
                    wrong = Some((node.id.clone(), w));
                }
            }
        }
        if let Some((id, w)) = wrong {
            self.wrong(change, label, &format!("node {id}"), w, failed);
        }
        let ids: Vec<&str> = nodes
            .iter()
            .map(|&i| self.net.nodes[i].id.as_str())
            .collect();
        format!(
            "{} {} at {}",
            if scale { "scaled" } else { "set" },
            show_node_figures(f, if scale { "×" } else { "=" }),
            list(&ids)
        )
    }

    /// Scales or sets a weather group's closure figures in the change's months.
    fn change_group(
        &mut self,
        change: &Change,
        label: &str,
        id: &str,
        f: &GroupFigures,
        scale: bool,
    ) -> Option<String> {
        let Some(g) = self.net.weather_groups.iter().position(|g| g.id == id) else {
            let ids: Vec<&str> = self
                .net
                .weather_groups
                .iter()
                .map(|g| g.id.as_str())
                .collect();
            let hint = match closest(id, ids.iter().copied(), 1).first() {
                Some(c) => format!("did you mean {c:?}?"),
                None if ids.is_empty() => "the network defines no weather groups".to_owned(),
                None => format!("the network's weather groups: {}", list(&ids)),
            };
            let message = format!("{label}: unknown weather group {id:?}");
            self.error(change, "group", message, Some(hint));
            return None;
        };
        let op = |old: f64, x: f64| if scale { old * x } else { x };
        let group = &mut self.net.weather_groups[g];
        let mut wrong = None;
        if let Some(x) = f.closed_share {
            let share = in_months(&group.closed_share, f.months, |c| op(c, x));
            if let Some(m) = Month::ALL.into_iter().find(|&m| share.at(m) > 0.9) {
                wrong = Some(Wrong {
                    key: "closed_share",
                    message: format!(
                        "closed_share{} would be {}, above 0.9",
                        month_note(&share, m),
                        show_figure(share.at(m))
                    ),
                    hint: Some(
                        "closed 0.9 of the time or more, the expected wait would grow without \
                         bound"
                            .to_owned(),
                    ),
                });
            }
            group.closed_share = share;
        }
        if let Some(x) = f.mean_closure_hours {
            let hours = in_months(&group.mean_closure_hours, f.months, |h| op(h, x));
            if let Some(m) = Month::ALL
                .into_iter()
                .find(|&m| Figure::DelayHours.check(hours.at(m)).is_err())
            {
                wrong = wrong.or(Some(Wrong {
                    key: "mean_closure_hours",
                    message: format!(
                        "mean_closure_hours{} would be {}, above the {} hours a figure may hold",
                        month_note(&hours, m),
                        show_figure(hours.at(m)),
                        show_figure(Figure::MAX_HOURS)
                    ),
                    hint: None,
                }));
            }
            group.mean_closure_hours = hours;
        }
        if let Some(w) = wrong {
            self.wrong(change, label, &format!("weather group {id}"), w, 1);
            return None;
        }
        Some(format!(
            "{} {} of weather group {id}",
            if scale { "scaled" } else { "set" },
            show_group_figures(f, if scale { "×" } else { "=" })
        ))
    }

    /// An error for a figure a change would put out of its range, at the figure's key, naming
    /// the first element and how many more went wrong.
    fn wrong(&mut self, change: &Change, label: &str, what: &str, w: Wrong, failed: usize) {
        // "link x" counts directed links: both directions of a two-way link share its id.
        let kind = match what.split(' ').next() {
            Some("link") => "directed link",
            Some(kind) => kind,
            None => what,
        };
        let more = match failed {
            0 | 1 => String::new(),
            2 => format!(" (and 1 more {kind})"),
            n => format!(" (and {} more {kind}s)", n - 1),
        };
        let message = format!("{label}: {what}: {}{more}", w.message);
        self.error(change, w.key, message, w.hint);
    }

    /// A link's id, else `from-to-mode`.
    fn link_name(&self, l: usize) -> String {
        let link = &self.net.links[l];
        link.id.clone().unwrap_or_else(|| {
            format!(
                "{}-{}-{}",
                self.net.nodes[link.from].id, self.net.nodes[link.to].id, link.mode
            )
        })
    }

    /// "3 directed link(s): aktau-alat-ferry, ..." naming links by id, else by their ends.
    fn describe_links(&self, links: &[usize]) -> String {
        let mut seen: HashSet<String> = HashSet::new();
        let mut names: Vec<String> = Vec::new();
        for &l in links {
            let link = &self.net.links[l];
            let name = link.id.clone().unwrap_or_else(|| {
                format!(
                    "{}-{}-{}",
                    self.net.nodes[link.from].id, self.net.nodes[link.to].id, link.mode
                )
            });
            if seen.insert(name.clone()) {
                names.push(name);
            }
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        format!("{} directed link(s): {}", links.len(), list(&refs))
    }

    /// The node with this exact id, or an error with a hint at `key`.
    fn node(&mut self, change: &Change, label: &str, key: &str, id: &str) -> Option<NodeIdx> {
        if let Some(i) = self.node_by_id(id) {
            return Some(i);
        }
        let hint = match self.net.resolve(id) {
            Ok(i) => Some(format!(
                "did you mean {:?}? scenarios name nodes by id",
                self.net.nodes[i].id
            )),
            Err(_) => closest(id, self.net.nodes.iter().map(|n| n.id.as_str()), 1)
                .first()
                .map(|c| format!("did you mean {c:?}?")),
        };
        self.error(change, key, format!("{label}: unknown node {id:?}"), hint);
        None
    }

    fn check_country(&mut self, change: &Change, label: &str, country: &str) -> bool {
        self.visited += self.net.nodes.len();
        if self.net.nodes.iter().any(|n| n.country == country) {
            return true;
        }
        let message = format!("{label}: no node of the network is in country {country:?}");
        self.error(change, "country", message, None);
        false
    }

    /// An error when a selection lists no id in `key` (`links = []`) or has no condition at
    /// all: it would otherwise select everything.
    fn empty_selection(&mut self, change: &Change, label: &str, key: &str, what: &str) {
        let listed = change.keys.iter().any(|(k, _)| *k == key);
        let (at, message, hint) = if listed {
            (
                key,
                format!("{label}: `{key} = []` selects no {what}"),
                format!(
                    "name at least one {what} id, or remove `{key}` to select by the other keys"
                ),
            )
        } else {
            (
                "action",
                format!("{label}: the selection has no condition"),
                format!("name the {what}s to act on"),
            )
        };
        self.error(change, at, message, Some(hint));
    }

    fn select_nodes(
        &mut self,
        change: &Change,
        label: &str,
        sel: &NodeSelector,
    ) -> Option<Vec<NodeIdx>> {
        let listed_none = sel.ids.is_empty() && change.keys.iter().any(|(k, _)| *k == "nodes");
        if listed_none || *sel == NodeSelector::default() {
            self.empty_selection(change, label, "nodes", "node");
            return None;
        }
        let key = if change.keys.iter().any(|(k, _)| *k == "node") {
            "node"
        } else {
            "nodes"
        };
        let mut ids = Vec::new();
        let mut ok = true;
        for id in &sel.ids {
            match self.node(change, label, key, id) {
                Some(i) => ids.push(i),
                None => ok = false,
            }
        }
        if let Some(c) = &sel.country {
            ok &= self.check_country(change, label, c);
        }
        if !ok {
            return None;
        }
        let candidates: Vec<NodeIdx> = if sel.ids.is_empty() {
            self.visited += self.net.nodes.len();
            (0..self.net.nodes.len()).collect()
        } else {
            ids
        };
        let mut seen: HashSet<NodeIdx> = HashSet::new();
        let mut chosen: Vec<NodeIdx> = Vec::new();
        for i in candidates {
            let n = &self.net.nodes[i];
            if sel.kind.is_none_or(|k| n.kind == k)
                && sel.country.as_ref().is_none_or(|c| &n.country == c)
                && seen.insert(i)
            {
                chosen.push(i);
            }
        }
        if chosen.is_empty() {
            let mut what = Vec::new();
            if let Some(k) = sel.kind {
                what.push(format!("kind {:?}", k.as_str()));
            }
            if let Some(c) = &sel.country {
                what.push(format!("country {c:?}"));
            }
            if !sel.ids.is_empty() {
                what.push(format!("ids {:?}", sel.ids));
            }
            let at = if sel.kind.is_some() {
                "kind"
            } else {
                "country"
            };
            let message = format!("{label}: no node matches {}", what.join(" and "));
            self.error(change, at, message, None);
            return None;
        }
        Some(chosen)
    }

    fn select_links(
        &mut self,
        change: &Change,
        label: &str,
        sel: &LinkSelector,
    ) -> Pick<Vec<usize>> {
        let listed_none = sel.ids.is_empty() && change.keys.iter().any(|(k, _)| *k == "links");
        if listed_none || *sel == LinkSelector::default() {
            self.empty_selection(change, label, "links", "link");
            return Pick::Failed;
        }
        let mut ok = true;
        let mut end = |state: &mut State, key: &str, id: &Option<String>| -> Option<NodeIdx> {
            let id = id.as_ref()?;
            let found = state.node(change, label, key, id);
            ok &= found.is_some();
            found
        };
        let from = end(self, "from", &sel.from);
        let to = end(self, "to", &sel.to);
        let between = match &sel.between {
            Some([a, b]) => {
                let a = end(self, "between", &Some(a.clone()));
                let b = end(self, "between", &Some(b.clone()));
                a.zip(b)
            }
            None => None,
        };
        let key = if change.keys.iter().any(|(k, _)| *k == "link") {
            "link"
        } else {
            "links"
        };
        // The links named by id; ids an earlier scenario closed are dropped, with a note.
        let mut ids: HashSet<&str> = HashSet::new();
        let mut named: Vec<usize> = Vec::new();
        let mut gone: Vec<(&String, &str)> = Vec::new();
        for id in &sel.ids {
            let found = self.links_with_id(id);
            if !found.is_empty() {
                ids.insert(id);
                named.extend(found);
                continue;
            }
            if let Some(by) = self.earlier.and_then(|e| e.links.get(id)) {
                gone.push((id, by));
                continue;
            }
            ok = false;
            let known: Vec<&str> = self
                .net
                .links
                .iter()
                .zip(&self.removed)
                .filter(|(_, removed)| !**removed)
                .filter_map(|(l, _)| l.id.as_deref())
                .collect();
            let hint = closest(id, known, 1)
                .first()
                .map(|c| format!("did you mean {c:?}?"));
            self.error(change, key, format!("{label}: unknown link {id:?}"), hint);
        }
        if let Some(c) = &sel.country {
            ok &= self.check_country(change, label, c);
        }
        if !ok {
            return Pick::Failed;
        }
        if !gone.is_empty() && ids.is_empty() {
            let why = gone
                .iter()
                .map(|(id, by)| format!("link {id:?} already closed by {by}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Pick::Skipped(self.skip(label, &why));
        }
        for (id, by) in &gone {
            let note = format!(
                "{}: {label}: link {id:?} already closed by {by}; skipped for that link",
                self.scenario
            );
            self.notes.push(note);
        }
        let matches = |net: &Network, i: usize| {
            let l = &net.links[i];
            (ids.is_empty() || l.id.as_deref().is_some_and(|id| ids.contains(id)))
                && from.is_none_or(|f| l.from == f)
                && to.is_none_or(|t| l.to == t)
                && between.is_none_or(|(a, b)| (l.from, l.to) == (a, b) || (l.from, l.to) == (b, a))
                && sel.mode.is_none_or(|m| l.mode == m)
                && sel.country.as_ref().is_none_or(|c| {
                    &net.nodes[l.from].country == c || &net.nodes[l.to].country == c
                })
        };
        // Candidates from the narrowest index at hand, then every condition checked.
        let mut candidates = if !sel.ids.is_empty() {
            named
        } else if let Some(node) = from.or(to).or(between.map(|(a, _)| a)) {
            self.incident(node)
        } else {
            self.visited += self.net.links.len();
            (0..self.net.links.len())
                .filter(|&l| !self.removed[l])
                .collect()
        };
        candidates.sort_unstable();
        candidates.dedup();
        let chosen: Vec<usize> = candidates
            .into_iter()
            .filter(|&i| matches(&self.net, i))
            .collect();
        if !chosen.is_empty() {
            return Pick::Chosen(chosen);
        }
        // Nothing matches now: if what it matches in the base network was closed by earlier
        // scenarios, that is a note, not an error.
        if let Some(earlier) = self.earlier {
            let base = earlier.base;
            let mut by: Vec<&str> = (0..base.links.len())
                .filter(|&i| matches(base, i))
                .filter_map(|i| {
                    earlier
                        .entries
                        .get(&base.links[i].entry)
                        .map(String::as_str)
                })
                .collect();
            by.sort_unstable();
            by.dedup();
            if !by.is_empty() {
                let why = format!(
                    "the links it selects were already closed by {}",
                    by.join(", ")
                );
                return Pick::Skipped(self.skip(label, &why));
            }
        }
        let at = ["link", "links", "from", "to", "between", "mode", "country"]
            .into_iter()
            .find(|k| change.keys.iter().any(|(key, _)| key == k))
            .unwrap_or("action");
        let message = format!("{label}: the selection matches no link");
        let hint = Some("an earlier change may have closed the links it names".to_owned());
        self.error(change, at, message, hint);
        Pick::Failed
    }

    /// Skips a change whose selection an earlier scenario closed: a note saying why, and the
    /// change's effect line.
    fn skip(&mut self, label: &str, why: &str) -> String {
        self.notes
            .push(format!("{}: {label}: {why}; change skipped", self.scenario));
        format!("skipped: {why}")
    }

    fn add_node(&mut self, change: &Change, label: &str, node: &NewNode) -> Option<String> {
        if self.node_by_id(&node.id).is_some() {
            let message = format!("{label}: node {:?} already exists", node.id);
            self.error(change, "id", message, None);
            return None;
        }
        self.warn_same_name(change, label, node);
        let f = node.figures;
        let index = self.net.nodes.len();
        self.net.nodes.push(Node {
            id: node.id.clone(),
            name: node.name.clone(),
            aliases: Vec::new(),
            country: node.country.clone(),
            kind: node.kind,
            lat: node.lat,
            lon: node.lon,
            transfer_hours: f.transfer_hours.unwrap_or(0.0),
            transfer_cost_usd: f.transfer_cost_usd.unwrap_or(0.0),
            dwell_hours: f.dwell_hours.unwrap_or(0.0),
            dwell_cost_usd: f.dwell_cost_usd.unwrap_or(0.0),
            variability: Variability::default(),
            operator: None,
            limits: NodeLimits::default(),
            source: node.source.clone(),
            line: 0,
        });
        self.closed_by.push(None);
        if let Some(index_by_id) = &mut self.node_index {
            index_by_id.insert(Cow::Owned(node.id.clone()), index);
        }
        if let Some(incident) = &mut self.incident {
            incident.push(Vec::new());
        }
        if let Some(names) = &mut self.name_index {
            for name in [&node.id, &node.name] {
                names.entry(fold_name(name)).or_insert(index);
            }
        }
        Some(format!("added node {} ({})", node.id, node.name))
    }

    /// A warning when an added node's name or id is already a node's name, alias or id, as
    /// places are found (ignoring case and diacritics): the place name becomes ambiguous.
    fn warn_same_name(&mut self, change: &Change, label: &str, node: &NewNode) {
        let net = &self.net;
        let visited = &mut self.visited;
        let names = self.name_index.get_or_insert_with(|| {
            *visited += net.nodes.len();
            let mut names = HashMap::new();
            for (i, n) in net.nodes.iter().enumerate() {
                for name in std::iter::once(&n.id)
                    .chain(std::iter::once(&n.name))
                    .chain(&n.aliases)
                {
                    names.entry(fold_name(name)).or_insert(i);
                }
            }
            names
        });
        for (key, name) in [("name", &node.name), ("id", &node.id)] {
            let Some(&i) = names.get(&fold_name(name)) else {
                continue;
            };
            let other = &self.net.nodes[i];
            let message = if key == "name" {
                format!(
                    "{label}: added node {:?} takes the name {name:?}, which already finds node \
                     {:?} ({})",
                    node.id, other.id, other.name
                )
            } else {
                format!(
                    "{label}: added node id {name:?} is already a name of node {:?} ({})",
                    other.id, other.name
                )
            };
            let hint = Some(format!(
                "{name:?} would name two places; give the new node another {key}"
            ));
            self.warnings
                .push(Problem::warning(change.span_of(key), message).hint(hint));
            return;
        }
    }

    fn add_link(&mut self, change: &Change, label: &str, new: &NewLink) -> Option<String> {
        let from = self.node(change, label, "from", &new.from);
        let to = self.node(change, label, "to", &new.to);
        let (from, to) = (from?, to?);
        for i in [from, to] {
            if let Some(by) = self.earlier.and_then(|e| e.nodes.get(&i))
                && self.closed_by[i].is_none()
            {
                let why = format!("node {:?} already closed by {by}", self.net.nodes[i].id);
                return Some(self.skip(label, &why));
            }
        }
        for (key, i) in [("from", from), ("to", to)] {
            if let Some(Some(by)) = self.closed_by.get(i) {
                let message = format!(
                    "{label}: node {:?} was closed by change {by}",
                    self.net.nodes[i].id
                );
                self.error(change, key, message, None);
                return None;
            }
        }
        if let Some(id) = &new.id
            && !self.links_with_id(id).is_empty()
        {
            let message = format!("{label}: link {id:?} already exists");
            self.error(change, "id", message, None);
            return None;
        }
        let (a, b) = (&self.net.nodes[from], &self.net.nodes[to]);
        let geodesic = geodesic_km(a.lat, a.lon, b.lat, b.lon);
        let distance_km = new.distance_km.unwrap_or(geodesic);
        if distance_km < geodesic * 0.99 {
            let message = format!(
                "{label}: distance_km {distance_km} is shorter than the great-circle distance \
                 {geodesic:.1} km between {:?} and {:?}",
                a.id, b.id
            );
            self.error(change, "distance_km", message, None);
            return None;
        }
        let entry = self.next_entry;
        self.next_entry += 1;
        let link = Link {
            id: new.id.clone(),
            from,
            to,
            mode: new.mode,
            hours: new.hours,
            cost_usd: new.cost_usd,
            distance_km,
            departures_per_week: new.departures_per_week,
            gauge_mm: new.gauge_mm,
            co2_kg_per_container_km: None,
            limits: LinkLimits::default(),
            operator: None,
            source: new.source.clone(),
            waypoints: new.waypoints.clone(),
            variability: Variability::default(),
            crew: Crew::Single,
            entry,
            line: 0,
        };
        let reverse = new.two_way.then(|| {
            let mut reverse = link.clone();
            reverse.from = to;
            reverse.to = from;
            reverse.waypoints.reverse();
            reverse
        });
        for link in std::iter::once(link).chain(reverse) {
            let i = self.net.links.len();
            if let Some(incident) = &mut self.incident {
                incident[link.from].push(i);
                incident[link.to].push(i);
            }
            if let (Some(index), Some(id)) = (&mut self.link_index, &link.id) {
                index.entry(Cow::Owned(id.clone())).or_default().push(i);
            }
            self.net.links.push(link);
            self.removed.push(false);
        }
        let name = new
            .id
            .clone()
            .unwrap_or_else(|| format!("{}-{}-{}", new.from, new.to, new.mode));
        let ways = if new.two_way { "two-way" } else { "one-way" };
        Some(format!(
            "added {ways} {} link {name} ({distance_km:.0} km, {} h, USD {})",
            new.mode, new.hours, new.cost_usd
        ))
    }
}

/// Whether the figures a change touched are still in the ranges a network file allows: a
/// scale of at most 1,000 times, repeated by several changes, could otherwise leave them.
fn link_in_range(link: &Link, f: &LinkFigures) -> Result<(), Wrong> {
    in_range(&[
        ("hours", Figure::LinkHours, f.hours.map(|_| link.hours)),
        ("cost_usd", Figure::Usd, f.cost_usd.map(|_| link.cost_usd)),
        (
            "departures_per_week",
            Figure::DeparturesPerWeek,
            f.departures_per_week.and(link.departures_per_week),
        ),
    ])
}

/// As [`link_in_range`] for a node's figures.
fn node_in_range(node: &Node, f: &NodeFigures) -> Result<(), Wrong> {
    in_range(&[
        (
            "transfer_hours",
            Figure::NodeHours,
            f.transfer_hours.map(|_| node.transfer_hours),
        ),
        (
            "transfer_cost_usd",
            Figure::Usd,
            f.transfer_cost_usd.map(|_| node.transfer_cost_usd),
        ),
        (
            "dwell_hours",
            Figure::NodeHours,
            f.dwell_hours.map(|_| node.dwell_hours),
        ),
        (
            "dwell_cost_usd",
            Figure::Usd,
            f.dwell_cost_usd.map(|_| node.dwell_cost_usd),
        ),
    ])
}

/// The first figure out of its range, as a [`Wrong`] at its key.
fn in_range(figures: &[(&'static str, Figure, Option<f64>)]) -> Result<(), Wrong> {
    for &(key, figure, value) in figures {
        if let Some(Err(message)) = value.map(|x| figure.check(x)) {
            return Err(Wrong {
                key,
                message: format!("{key} would leave its range: {message}"),
                hint: Some("changes multiply: scale by less, or set the figure instead".to_owned()),
            });
        }
    }
    Ok(())
}

fn scale_link(link: &mut Link, f: &LinkFigures) {
    if let Some(x) = f.hours {
        link.hours *= x;
    }
    if let Some(x) = f.cost_usd {
        link.cost_usd *= x;
    }
    if let (Some(x), Some(d)) = (f.departures_per_week, link.departures_per_week.as_mut()) {
        *d *= x;
    }
}

fn set_link(link: &mut Link, f: &LinkFigures) {
    if let Some(x) = f.hours {
        link.hours = x;
    }
    if let Some(x) = f.cost_usd {
        link.cost_usd = x;
    }
    if let Some(x) = f.departures_per_week {
        link.departures_per_week = Some(x);
    }
}

fn scale_node(node: &mut Node, f: &NodeFigures) {
    for (value, factor) in node_slots(node, f) {
        *value *= factor;
    }
}

fn set_node(node: &mut Node, f: &NodeFigures) {
    for (value, x) in node_slots(node, f) {
        *value = x;
    }
}

/// The node's figures paired with the given factors or values, skipping those not given.
fn node_slots<'a>(node: &'a mut Node, f: &NodeFigures) -> Vec<(&'a mut f64, f64)> {
    [
        (&mut node.transfer_hours, f.transfer_hours),
        (&mut node.transfer_cost_usd, f.transfer_cost_usd),
        (&mut node.dwell_hours, f.dwell_hours),
        (&mut node.dwell_cost_usd, f.dwell_cost_usd),
    ]
    .into_iter()
    .filter_map(|(v, x)| x.map(|x| (v, x)))
    .collect()
}

/// What is wrong with a figure a change would produce: the key that named it, the message
/// (after the element's name) and a hint.
struct Wrong {
    key: &'static str,
    message: String,
    hint: Option<String>,
}

/// `value` with `f` applied in `months`: in every month it keeps its shape (one number stays
/// one), in some it becomes twelve.
fn in_months(value: &Monthly, months: Months, f: impl Fn(f64) -> f64) -> Monthly {
    if months.is_all() {
        return value.map(f);
    }
    let mut by_month = value.months();
    for m in Month::ALL.into_iter().filter(|&m| months.contains(m)) {
        by_month[m.index()] = f(by_month[m.index()]);
    }
    Monthly::ByMonth(Box::new(by_month))
}

/// ` in March` when the figure differs by month, else nothing.
fn month_note(value: &Monthly, month: Month) -> String {
    match value {
        Monthly::Flat(_) => String::new(),
        Monthly::ByMonth(_) => format!(" in {}", month.name()),
    }
}

/// Scales (factors) or sets (values) a delay in `months`. Scaling leaves an element without
/// a delay without one; setting gives it one when the median and the P90 come together (its
/// share `share`, else 1, in `months` and 0 in the others). The result keeps the network's
/// rules: a share of at most 1, a P90 at least the median, a mean within the hours a figure
/// may hold.
fn vary_delay(
    slot: &mut Option<Box<Delay>>,
    f: &DelayFigures,
    months: Months,
    scale: bool,
) -> Result<(), Wrong> {
    if !f.any() {
        return Ok(());
    }
    let op = |old: f64, x: f64| if scale { old * x } else { x };
    let delay = match slot {
        Some(d) => {
            if let Some(x) = f.share {
                d.share = in_months(&d.share, months, |v| op(v, x));
            }
            if let Some(x) = f.median_hours {
                d.median_hours = in_months(&d.median_hours, months, |v| op(v, x));
            }
            if let Some(x) = f.p90_hours {
                d.p90_hours = in_months(&d.p90_hours, months, |v| op(v, x));
            }
            d
        }
        None if scale => return Ok(()),
        None => {
            let (Some(median), Some(p90)) = (f.median_hours, f.p90_hours) else {
                let key = match (f.median_hours, f.p90_hours) {
                    (Some(_), _) => "delay_median_hours",
                    (_, Some(_)) => "delay_p90_hours",
                    _ => "delay_share",
                };
                return Err(Wrong {
                    key,
                    message: "has no delay to change".to_owned(),
                    hint: Some(
                        "give delay_median_hours and delay_p90_hours together to add one"
                            .to_owned(),
                    ),
                });
            };
            let share = f.share.unwrap_or(1.0);
            slot.insert(Box::new(Delay {
                share: in_months(&Monthly::Flat(0.0), months, |_| share),
                median_hours: Monthly::Flat(median),
                p90_hours: Monthly::Flat(p90),
            }))
        }
    };
    let hours_key = if f.p90_hours.is_some() {
        "delay_p90_hours"
    } else {
        "delay_median_hours"
    };
    for m in Month::ALL {
        let (share, median, p90) = (
            delay.share.at(m),
            delay.median_hours.at(m),
            delay.p90_hours.at(m),
        );
        if share > 1.0 {
            return Err(Wrong {
                key: "delay_share",
                message: format!(
                    "delay_share{} would be {}, above 1",
                    month_note(&delay.share, m),
                    show_figure(share)
                ),
                hint: None,
            });
        }
        if p90 < median {
            return Err(Wrong {
                key: hours_key,
                message: format!(
                    "delay_p90_hours {} would be below delay_median_hours {}{}",
                    show_figure(p90),
                    show_figure(median),
                    month_note(&delay.p90_hours, m)
                ),
                hint: Some("a P90 is at least the median: change both".to_owned()),
            });
        }
        let (_, sigma) = delay.log_params(m);
        let mean = median * (sigma * sigma / 2.0).exp();
        if mean > Figure::MAX_HOURS || !mean.is_finite() {
            return Err(Wrong {
                key: hours_key,
                message: format!(
                    "a delay with median {} and P90 {} hours{} would have a mean of {} hours, \
                     above the {} hours a figure may hold",
                    show_figure(median),
                    show_figure(p90),
                    month_note(&delay.p90_hours, m),
                    show_figure(mean.round()),
                    show_figure(Figure::MAX_HOURS)
                ),
                hint: None,
            });
        }
    }
    Ok(())
}

/// Scales or sets the share of boxes left behind in `months`: only a scheduled link leaves a
/// box behind, and the share stays at most 0.9.
fn vary_left_behind(
    v: &mut Variability,
    share: Option<f64>,
    months: Months,
    scale: bool,
    scheduled: bool,
) -> Result<(), Wrong> {
    let Some(x) = share else { return Ok(()) };
    if !scheduled {
        if scale {
            // Nothing is left behind, and scaling nothing changes nothing.
            return Ok(());
        }
        return Err(Wrong {
            key: "left_behind_share",
            message: "has no departures_per_week, so it leaves no box behind".to_owned(),
            hint: Some(
                "select scheduled links, or set departures_per_week in the same change".to_owned(),
            ),
        });
    }
    let q = in_months(
        &v.left_behind_share,
        months,
        |q| if scale { q * x } else { x },
    );
    if let Some(m) = Month::ALL.into_iter().find(|&m| q.at(m) > 0.9) {
        return Err(Wrong {
            key: "left_behind_share",
            message: format!(
                "left_behind_share{} would be {}, above 0.9",
                month_note(&q, m),
                show_figure(q.at(m))
            ),
            hint: Some(
                "with 0.9 or more left behind, the expected wait would grow without bound"
                    .to_owned(),
            ),
        });
    }
    v.left_behind_share = q;
    Ok(())
}

/// `key op x` for each figure given, then the months when they are not all.
fn show_figures(figures: &[(&str, Option<f64>)], op: &str, months: Months) -> String {
    let mut shown = figures
        .iter()
        .filter_map(|(k, x)| x.map(|x| format!("{k} {op} {x}")))
        .collect::<Vec<_>>()
        .join(", ");
    if !months.is_all() {
        let _ = write!(shown, " in {}", months.describe());
    }
    shown
}

fn show_link_figures(f: &LinkFigures, op: &str) -> String {
    show_figures(
        &[
            ("hours", f.hours),
            ("cost_usd", f.cost_usd),
            ("departures_per_week", f.departures_per_week),
            ("delay_share", f.delay.share),
            ("delay_median_hours", f.delay.median_hours),
            ("delay_p90_hours", f.delay.p90_hours),
            ("left_behind_share", f.left_behind_share),
        ],
        op,
        f.months,
    )
}

fn show_node_figures(f: &NodeFigures, op: &str) -> String {
    show_figures(
        &[
            ("transfer_hours", f.transfer_hours),
            ("transfer_cost_usd", f.transfer_cost_usd),
            ("dwell_hours", f.dwell_hours),
            ("dwell_cost_usd", f.dwell_cost_usd),
            ("delay_share", f.delay.share),
            ("delay_median_hours", f.delay.median_hours),
            ("delay_p90_hours", f.delay.p90_hours),
        ],
        op,
        f.months,
    )
}

fn show_group_figures(f: &GroupFigures, op: &str) -> String {
    show_figures(
        &[
            ("closed_share", f.closed_share),
            ("mean_closure_hours", f.mean_closure_hours),
        ],
        op,
        f.months,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Cargo, Co2Factors, Mode, NodeKind, NodeLimits};
    use crate::scenario::Change;
    use crate::scenario::{LinkFigures, LinkSelector, NodeFigures, NodeSelector};

    fn visited(adds: usize) -> usize {
        let node = |i: usize| Node {
            id: format!("n{i}"),
            name: format!("N{i}"),
            aliases: Vec::new(),
            country: "KZ".to_owned(),
            kind: NodeKind::City,
            lat: 40.0 + i as f64 * 0.01,
            lon: 50.0,
            transfer_hours: 0.0,
            transfer_cost_usd: 0.0,
            dwell_hours: 0.0,
            dwell_cost_usd: 0.0,
            variability: Variability::default(),
            operator: None,
            limits: NodeLimits::default(),
            source: None,
            line: 0,
        };
        let base = Network {
            name: "t".to_owned(),
            nodes: (0..100).map(node).collect(),
            links: Vec::new(),
            co2: Co2Factors::default(),
            cargo: Cargo::default(),
            co2_source: None,
            weather_groups: Vec::new(),
        };
        let mut s = Scenario::empty("adds");
        for k in 0..adds {
            s.changes.push(Change::new(Action::AddLink(NewLink {
                id: Some(format!("l{k}")),
                from: format!("n{}", k % 100),
                to: format!("n{}", (k * 7 + 1) % 100),
                mode: Mode::Road,
                hours: 1.0,
                cost_usd: 1.0,
                distance_km: Some(2_000.0),
                departures_per_week: None,
                gauge_mm: None,
                two_way: true,
                waypoints: Vec::new(),
                source: None,
            })));
        }
        s.changes
            .retain(|c| matches!(&c.action, Action::AddLink(l) if l.from != l.to));
        let mut state = State::new(&base, "adds", None);
        for (i, change) in s.changes.iter().enumerate() {
            state.change(i, change);
        }
        assert!(state.problems.is_empty(), "{:?}", state.problems);
        let visited = state.visited;
        assert_eq!(state.finish().links.len(), 2 * s.changes.len());
        visited
    }

    /// Applying n `add_link` changes visits O(n) nodes and links, not O(n²): ten times the
    /// changes, at most about ten times the work (it was a hundred times).
    #[test]
    fn add_link_changes_apply_in_linear_work() {
        let (small, large) = (visited(1_000), visited(10_000));
        assert!(large <= 12 * small.max(1_000), "{small} then {large}");
    }

    /// Closures mark links and drop them at the end, and indexes are kept up to date as links
    /// and nodes are added: all at once gives what one change at a time gives.
    #[test]
    fn changes_at_once_equal_changes_one_at_a_time() {
        let base = match crate::network::load_bundled() {
            Ok(l) => l.network,
            Err(e) => panic!("{}", e.render()),
        };
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let link = |id: &str, from: &str, to: &str, two_way: bool| NewLink {
            id: Some(id.to_owned()),
            from: from.to_owned(),
            to: to.to_owned(),
            mode: Mode::Road,
            hours: 50.0,
            cost_usd: 900.0,
            distance_km: None,
            departures_per_week: None,
            gauge_mm: None,
            two_way,
            waypoints: Vec::new(),
            source: None,
        };
        let actions = vec![
            Action::AddNode(NewNode {
                id: "depot".to_owned(),
                name: "Depot".to_owned(),
                country: "KZ".to_owned(),
                kind: NodeKind::DryPort,
                lat: 44.0,
                lon: 60.0,
                figures: NodeFigures::default(),
                source: None,
            }),
            Action::AddLink(link("d-almaty", "depot", "almaty", true)),
            Action::AddLink(link("d-aktau", "depot", "aktau", false)),
            Action::CloseLinks(LinkSelector {
                ids: ids(&["aktau-alat-ferry", "d-aktau"]),
                ..LinkSelector::default()
            }),
            Action::ScaleLinks(
                LinkSelector {
                    from: Some("depot".to_owned()),
                    ..LinkSelector::default()
                },
                LinkFigures {
                    hours: Some(2.0),
                    ..LinkFigures::default()
                },
            ),
            Action::CloseNodes(NodeSelector {
                ids: ids(&["kuryk", "almaty"]),
                ..NodeSelector::default()
            }),
            Action::AddLink(link("d-shu", "depot", "shu", true)),
            Action::SetLinks(
                LinkSelector {
                    between: Some(["shu".to_owned(), "depot".to_owned()]),
                    ..LinkSelector::default()
                },
                LinkFigures {
                    cost_usd: Some(1.0),
                    ..LinkFigures::default()
                },
            ),
            Action::CloseLinks(LinkSelector {
                mode: Some(Mode::Sea),
                ..LinkSelector::default()
            }),
        ];
        let mut all = Scenario::empty("all");
        let mut stepwise = base.clone();
        for action in actions {
            all.changes.push(Change::new(action.clone()));
            let mut one = Scenario::empty("one");
            one.changes.push(Change::new(action));
            stepwise = match one.apply(&stepwise) {
                Ok(a) => a.network,
                Err(e) => panic!("{}", e.render()),
            };
        }
        let mut at_once = match all.apply(&base) {
            Ok(a) => a,
            Err(e) => panic!("{}", e.render()),
        };
        // An added link never reuses the entry number of a closed one, so entries may differ
        // in value but not in which links share one.
        for net in [&mut at_once.network, &mut stepwise] {
            let mut seen: Vec<usize> = Vec::new();
            for l in &mut net.links {
                l.entry = seen.iter().position(|&e| e == l.entry).unwrap_or_else(|| {
                    seen.push(l.entry);
                    seen.len() - 1
                });
            }
        }
        assert!(
            at_once.network == stepwise,
            "at once and one at a time differ"
        );
        // Kuryk's 4 directed links, Almaty's 6 and the two of d-almaty.
        assert_eq!(
            at_once.effects[5],
            "change 6 (close): closed 2 node(s): kuryk, almaty; removed 12 directed link(s)"
        );
        assert!(at_once.network.links.iter().all(|l| l.mode != Mode::Sea));
    }
}
