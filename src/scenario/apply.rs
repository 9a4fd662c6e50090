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

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use super::{
    Action, Change, LinkFigures, LinkSelector, NewLink, NewNode, NodeFigures, NodeSelector,
    Scenario, ScenarioError,
};
use crate::network::diagnostic::Problem;
use crate::network::geo::geodesic_km;
use crate::network::{Link, Network, Node, NodeIdx, closest};

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
    for scenario in scenarios {
        let (applied, closed) = scenario.apply_to(&network, Some(&earlier))?;
        earlier.record(&scenario.name, &network, &applied.network, &closed);
        network = Network {
            name: format!("{} + {}", applied.network.name, scenario.name),
            ..applied.network
        };
        effects.push((scenario.name.clone(), applied.effects));
        notes.extend(applied.notes);
    }
    Ok(Combined {
        network,
        effects,
        notes,
    })
}

impl Scenario {
    /// Applies the changes in order to a copy of `base`.
    ///
    /// # Complexity
    /// O(changes · (nodes + links)).
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
        let mut state = State {
            net: base.clone(),
            closed_by: vec![None; base.nodes.len()],
            problems: Vec::new(),
            effects: Vec::new(),
            notes: Vec::new(),
            scenario: &self.name,
            earlier,
        };
        for (i, change) in self.changes.iter().enumerate() {
            state.change(i, change);
        }
        if state.problems.is_empty() {
            let closed = state.closed_by.iter().map(Option::is_some).collect();
            Ok((
                Applied {
                    network: state.net,
                    effects: state.effects,
                    notes: state.notes,
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

struct State<'s> {
    net: Network,
    /// For each node, the change (from 1) that closed it.
    closed_by: Vec<Option<usize>>,
    problems: Vec<Problem>,
    effects: Vec<String>,
    notes: Vec<String>,
    /// The scenario's name, for notes.
    scenario: &'s str,
    /// What earlier scenarios of a combination closed.
    earlier: Option<&'s Earlier<'s>>,
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

impl State<'_> {
    fn error(&mut self, change: &Change, key: &str, message: String, hint: Option<String>) {
        self.problems
            .push(Problem::error(change.span_of(key), message).hint(hint));
    }

    fn change(&mut self, index: usize, change: &Change) {
        let label = format!("change {} ({})", index + 1, change.action.name());
        let before = self.problems.len();
        let effect = match &change.action {
            Action::CloseNodes(sel) => self.select_nodes(change, &label, sel).map(|nodes| {
                let set: BTreeSet<NodeIdx> = nodes.iter().copied().collect();
                let n = self.net.links.len();
                self.net
                    .links
                    .retain(|l| !set.contains(&l.from) && !set.contains(&l.to));
                for &i in &nodes {
                    if let Some(slot) = self.closed_by.get_mut(i) {
                        *slot = Some(index + 1);
                    }
                }
                let ids: Vec<&str> = nodes
                    .iter()
                    .map(|&i| self.net.nodes[i].id.as_str())
                    .collect();
                format!(
                    "closed {} node(s): {}; removed {} directed link(s)",
                    nodes.len(),
                    list(&ids),
                    n - self.net.links.len()
                )
            }),
            Action::CloseLinks(sel) => self.select_links(change, &label, sel).then(|links| {
                let summary = self.describe_links(&links);
                let mut i = 0;
                self.net.links.retain(|_| {
                    i += 1;
                    !links.contains(&(i - 1))
                });
                format!("closed {summary}")
            }),
            Action::ScaleLinks(sel, f) => self.select_links(change, &label, sel).then(|links| {
                for &l in &links {
                    scale_link(&mut self.net.links[l], f);
                }
                format!(
                    "scaled {} on {}",
                    show_link_figures(f, "×"),
                    self.describe_links(&links)
                )
            }),
            Action::SetLinks(sel, f) => self.select_links(change, &label, sel).then(|links| {
                for &l in &links {
                    set_link(&mut self.net.links[l], f);
                }
                format!(
                    "set {} on {}",
                    show_link_figures(f, "="),
                    self.describe_links(&links)
                )
            }),
            Action::ScaleNodes(sel, f) => self.select_nodes(change, &label, sel).map(|nodes| {
                for &n in &nodes {
                    scale_node(&mut self.net.nodes[n], f);
                }
                let ids: Vec<&str> = nodes
                    .iter()
                    .map(|&i| self.net.nodes[i].id.as_str())
                    .collect();
                format!("scaled {} at {}", show_node_figures(f, "×"), list(&ids))
            }),
            Action::SetNodes(sel, f) => self.select_nodes(change, &label, sel).map(|nodes| {
                for &n in &nodes {
                    set_node(&mut self.net.nodes[n], f);
                }
                let ids: Vec<&str> = nodes
                    .iter()
                    .map(|&i| self.net.nodes[i].id.as_str())
                    .collect();
                format!("set {} at {}", show_node_figures(f, "="), list(&ids))
            }),
            Action::AddNode(node) => self.add_node(change, &label, node),
            Action::AddLink(link) => self.add_link(change, &label, link),
        };
        if let Some(effect) = effect.filter(|_| self.problems.len() == before) {
            self.effects.push(format!("{label}: {effect}"));
        }
    }

    /// "3 directed link(s): aktau-alat-ferry, ..." naming links by id, else by their ends.
    fn describe_links(&self, links: &[usize]) -> String {
        let mut names: Vec<String> = Vec::new();
        for &l in links {
            let link = &self.net.links[l];
            let name = link.id.clone().unwrap_or_else(|| {
                format!(
                    "{}-{}-{}",
                    self.net.nodes[link.from].id, self.net.nodes[link.to].id, link.mode
                )
            });
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        format!("{} directed link(s): {}", links.len(), list(&refs))
    }

    /// The node with this exact id, or an error with a hint at `key`.
    fn node(&mut self, change: &Change, label: &str, key: &str, id: &str) -> Option<NodeIdx> {
        if let Some(i) = self.net.node_by_id(id) {
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
        if self.net.nodes.iter().any(|n| n.country == country) {
            return true;
        }
        let message = format!("{label}: no node of the network is in country {country:?}");
        self.error(change, "country", message, None);
        false
    }

    fn select_nodes(
        &mut self,
        change: &Change,
        label: &str,
        sel: &NodeSelector,
    ) -> Option<Vec<NodeIdx>> {
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
            (0..self.net.nodes.len()).collect()
        } else {
            ids
        };
        let mut chosen: Vec<NodeIdx> = Vec::new();
        for i in candidates {
            let n = &self.net.nodes[i];
            if sel.kind.is_none_or(|k| n.kind == k)
                && sel.country.as_ref().is_none_or(|c| &n.country == c)
                && !chosen.contains(&i)
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
        // Ids an earlier scenario closed are dropped from the selection, with a note.
        let mut ids: Vec<&String> = Vec::new();
        let mut gone: Vec<(&String, &str)> = Vec::new();
        for id in &sel.ids {
            if self.net.links.iter().any(|l| l.id.as_deref() == Some(id)) {
                ids.push(id);
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
                .filter_map(|l| l.id.as_deref())
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
        let closed_ids = |gone: &[(&String, &str)]| {
            gone.iter()
                .map(|(id, by)| format!("link {id:?} already closed by {by}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !gone.is_empty() && ids.is_empty() {
            return Pick::Skipped(self.skip(label, &closed_ids(&gone)));
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
            (ids.is_empty() || l.id.as_ref().is_some_and(|id| ids.contains(&id)))
                && from.is_none_or(|f| l.from == f)
                && to.is_none_or(|t| l.to == t)
                && between.is_none_or(|(a, b)| (l.from, l.to) == (a, b) || (l.from, l.to) == (b, a))
                && sel.mode.is_none_or(|m| l.mode == m)
                && sel.country.as_ref().is_none_or(|c| {
                    &net.nodes[l.from].country == c || &net.nodes[l.to].country == c
                })
        };
        let net = &self.net;
        let chosen: Vec<usize> = (0..net.links.len()).filter(|&i| matches(net, i)).collect();
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
        if self.net.node_by_id(&node.id).is_some() {
            let message = format!("{label}: node {:?} already exists", node.id);
            self.error(change, "id", message, None);
            return None;
        }
        let f = node.figures;
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
            source: node.source.clone(),
            line: 0,
        });
        self.closed_by.push(None);
        Some(format!("added node {} ({})", node.id, node.name))
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
            && self.net.links.iter().any(|l| l.id.as_ref() == Some(id))
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
        let entry = self
            .net
            .links
            .iter()
            .map(|l| l.entry + 1)
            .max()
            .unwrap_or(0);
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
            source: new.source.clone(),
            waypoints: new.waypoints.clone(),
            entry,
            line: 0,
        };
        let mut reverse = link.clone();
        reverse.from = to;
        reverse.to = from;
        reverse.waypoints.reverse();
        self.net.links.push(link);
        if new.two_way {
            self.net.links.push(reverse);
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

fn show_link_figures(f: &LinkFigures, op: &str) -> String {
    [
        ("hours", f.hours),
        ("cost_usd", f.cost_usd),
        ("departures_per_week", f.departures_per_week),
    ]
    .into_iter()
    .filter_map(|(k, x)| x.map(|x| format!("{k} {op} {x}")))
    .collect::<Vec<_>>()
    .join(", ")
}

fn show_node_figures(f: &NodeFigures, op: &str) -> String {
    [
        ("transfer_hours", f.transfer_hours),
        ("transfer_cost_usd", f.transfer_cost_usd),
        ("dwell_hours", f.dwell_hours),
        ("dwell_cost_usd", f.dwell_cost_usd),
    ]
    .into_iter()
    .filter_map(|(k, x)| x.map(|x| format!("{k} {op} {x}")))
    .collect::<Vec<_>>()
    .join(", ")
}
