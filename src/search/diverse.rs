//! Diverse alternatives: routes through different corridors, not near-copies, each named by
//! its corridor.
//!
//! A route's **corridor** is what a planner compares alternatives by: its sea crossings, the
//! countries it passes and the mode of its long hauls. It is the sequence of the route's
//! stages. A run of sea or ferry legs is a *crossing*, known by the countries it leaves and
//! reaches (Kuryk–Alat and Aktau–Alat are one crossing, and so are a Ro-Ro and a container ship
//! from Georgia to Romania; Türkmenbaşy–Alat is another). The land between crossings is a *land
//! stage*, known by the countries it passes in order of first entry and, in each country where
//! it runs [`LONG_HAUL_KM`] or more, by its main mode there (the mode carrying the most km). A
//! leg's km count in the country of its end that is not a border crossing (a leg from the Sarpi
//! border to Istanbul runs in Türkiye); half in each when neither or both ends are borders.
//!
//! Two routes with the same corridor are near-copies: another port of the same crossing,
//! another junction of the same line, a few hundred km by truck instead of train. The road
//! through Türkiye and the Baku–Tbilisi–Kars rail line, a Black Sea crossing, a Caspian
//! crossing from another country, or the Northern route are different corridors. Every route
//! from one origin starts in the same country, so what tells corridors apart is exactly what is
//! not common to them.
//!
//! A route that passes a node twice, or leaves a country and later comes back to it (by land or
//! sea), is a *detour*: a route, but not an alternative worth offering.
//!
//! A corridor's name renders its stages: crossings by mode and end ports, land stages by their
//! countries, each with its main mode where the haul is long. A route's **gateway signature**
//! (modes in order, ports and borders passed) is finer; it is what `compare` reports as a change
//! of gateway.

use super::constraints::Constraints;
use super::{Criterion, KBest, Key, Planner, Route};
use crate::network::{LinkIdx, Mode, Network, NodeIdx, NodeKind};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

/// In a country where a land stage runs at least this many km, its main mode there is part of
/// the corridor.
pub const LONG_HAUL_KM: f64 = 800.0;

/// One stage of a corridor.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// A run of sea or ferry legs from one country to another.
    Crossing {
        /// ISO code of the country it leaves.
        from_country: String,
        /// ISO code of the country it reaches.
        to_country: String,
    },
    /// The land between crossings.
    Land {
        /// ISO codes of the countries passed, in order of first entry, each with its main mode
        /// where the stage runs [`LONG_HAUL_KM`] or more in it.
        countries: Vec<(String, Option<Mode>)>,
    },
}

/// The corridor of a route (see the module documentation). Two routes are near-copies when
/// their corridors' stages are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Corridor {
    /// The stages, in order.
    pub stages: Vec<Stage>,
    /// Whether the route passes a node twice, or leaves a country and later comes back to it.
    pub detour: bool,
}

impl Corridor {
    /// Whether a route of this corridor is a near-copy of one of `other`: the same stages.
    #[must_use]
    pub fn is_near_copy_of(&self, other: &Corridor) -> bool {
        self.stages == other.stages
    }
}

/// A stage together with what names it on one route.
struct NamedStage {
    stage: Stage,
    /// For a crossing: its first and last port.
    ends: (NodeIdx, NodeIdx),
    /// For a crossing: sea when any of its legs is by sea, else ferry.
    mode: Mode,
}

/// A land stage being built: per country in order of first entry, km per mode.
type LandKm = Vec<(String, [f64; 4])>;

fn close_land(land: &mut Option<LandKm>, out: &mut Vec<NamedStage>) {
    let Some(countries) = land.take() else {
        return;
    };
    let countries = countries
        .into_iter()
        .map(|(country, km)| {
            let total: f64 = km.iter().sum();
            let main_mode = (total >= LONG_HAUL_KM).then(|| {
                Mode::ALL
                    .into_iter()
                    .max_by(|a, b| km[a.index()].total_cmp(&km[b.index()]))
                    .unwrap_or(Mode::Rail)
            });
            (country, main_mode)
        })
        .collect();
    out.push(NamedStage {
        stage: Stage::Land { countries },
        ends: (0, 0),
        mode: Mode::Rail,
    });
}

/// Adds `km` in `mode` to `country` of a land stage.
fn add_km(land: &mut LandKm, country: &str, mode: Mode, km: f64) {
    if let Some((_, by_mode)) = land.iter_mut().find(|(c, _)| c == country) {
        by_mode[mode.index()] += km;
    } else {
        let mut by_mode = [0.0; 4];
        by_mode[mode.index()] = km;
        land.push((country.to_string(), by_mode));
    }
}

fn stages(network: &Network, route: &Route) -> Vec<NamedStage> {
    let mut out: Vec<NamedStage> = Vec::new();
    let mut land: Option<LandKm> = None;
    let mut i = 0;
    let steps = &route.steps;
    while i < steps.len() {
        let link = &network.links[steps[i].link];
        if matches!(link.mode, Mode::Sea | Mode::Ferry) {
            close_land(&mut land, &mut out);
            let mut j = i;
            while j + 1 < steps.len()
                && matches!(
                    network.links[steps[j + 1].link].mode,
                    Mode::Sea | Mode::Ferry
                )
            {
                j += 1;
            }
            let last = &network.links[steps[j].link];
            out.push(NamedStage {
                stage: Stage::Crossing {
                    from_country: network.nodes[link.from].country.clone(),
                    to_country: network.nodes[last.to].country.clone(),
                },
                ends: (link.from, last.to),
                mode: if steps[i..=j]
                    .iter()
                    .any(|s| network.links[s.link].mode == Mode::Sea)
                {
                    Mode::Sea
                } else {
                    Mode::Ferry
                },
            });
            i = j + 1;
            continue;
        }
        let land = land.get_or_insert_with(Vec::new);
        let (from, to) = (&network.nodes[link.from], &network.nodes[link.to]);
        // Both ends' countries are passed, the start's first.
        for node in [from, to] {
            add_km(land, &node.country, link.mode, 0.0);
        }
        let border = |n: &crate::network::Node| n.kind == NodeKind::Border;
        let shares: [(&str, f64); 2] = match (border(from), border(to)) {
            (true, false) => [(&to.country, 1.0), (&from.country, 0.0)],
            (false, true) => [(&from.country, 1.0), (&to.country, 0.0)],
            _ => [(&from.country, 0.5), (&to.country, 0.5)],
        };
        for (country, share) in shares {
            add_km(land, country, link.mode, link.distance_km * share);
        }
        i += 1;
    }
    close_land(&mut land, &mut out);
    out
}

/// Whether a route passes a node twice, or leaves a country and later comes back to it.
fn is_detour(network: &Network, route: &Route) -> bool {
    let mut nodes: Vec<NodeIdx> = std::iter::once(route.origin)
        .chain(route.steps.iter().map(|s| network.links[s.link].to))
        .collect();
    nodes.sort_unstable();
    if nodes.windows(2).any(|w| w[0] == w[1]) {
        return true;
    }
    let mut sequence: Vec<&str> = vec![network.nodes[route.origin].country.as_str()];
    for step in &route.steps {
        let country = network.nodes[network.links[step.link].to].country.as_str();
        if sequence.last() != Some(&country) {
            if sequence.contains(&country) {
                return true;
            }
            sequence.push(country);
        }
    }
    false
}

/// The corridor of a route. O(route length).
#[must_use]
pub fn corridor(network: &Network, route: &Route) -> Corridor {
    Corridor {
        stages: stages(network, route)
            .into_iter()
            .map(|s| s.stage)
            .collect(),
        detour: is_detour(network, route),
    }
}

/// A short name for a route's corridor, from its stages: crossings by mode and end ports, land
/// stages by their countries, each with its main mode where the haul there is long, e.g.
/// `KZ rail · ferry Kuryk–Alat · AZ–GE–TR road–BG–RO`.
#[must_use]
pub fn corridor_name(network: &Network, route: &Route) -> String {
    stages(network, route)
        .iter()
        .map(|named| match &named.stage {
            Stage::Crossing { .. } => format!(
                "{} {}–{}",
                named.mode, network.nodes[named.ends.0].name, network.nodes[named.ends.1].name
            ),
            Stage::Land { countries } => countries
                .iter()
                .map(|(country, mode)| match mode {
                    Some(mode) => format!("{country} {mode}"),
                    None => country.clone(),
                })
                .collect::<Vec<_>>()
                .join("–"),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The gateway signature of a route: (modes in order without repeats, the border crossings
/// and ports it passes through in order, origin and destination excluded).
#[must_use]
pub fn gateway_signature(network: &Network, route: &Route) -> (Vec<Mode>, Vec<NodeIdx>) {
    let mut modes: Vec<Mode> = Vec::new();
    let mut gateways: Vec<NodeIdx> = Vec::new();
    for (i, step) in route.steps.iter().enumerate() {
        let link = &network.links[step.link];
        if modes.last() != Some(&link.mode) {
            modes.push(link.mode);
        }
        let last = i + 1 == route.steps.len();
        if !last
            && matches!(
                network.nodes[link.to].kind,
                NodeKind::Border | NodeKind::Port
            )
        {
            gateways.push(link.to);
        }
    }
    (modes, gateways)
}

/// The answer of a diverse search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diverse {
    /// The best route of each corridor found, best first.
    pub routes: Vec<Route>,
    /// Routes examined in key order (the exact phase).
    pub examined: usize,
    /// How many of `routes`, from the first, the exact phase found.
    pub exact_count: usize,
    /// Whether the answer is exact: the routes are the best routes of the best corridors, found
    /// by enumerating routes in key order within the budget. When the budget ran out first, the
    /// remaining corridors come from searches that exclude what the corridors found so far use,
    /// a heuristic (each is still the best route of its corridor among those searches).
    pub exact: bool,
}

impl Planner<'_> {
    /// The best routes of `k` different corridors (see [`corridor`]), best first.
    ///
    /// Exact phase: the k best routes in key order ([`Planner::k_best`]), keeping the first
    /// route of each new corridor (detours only when nothing else was found first), until `k`
    /// corridors are found or `max_examined` routes have been examined. Beyond that budget, a stated heuristic: for each corridor found so far,
    /// each of its stages is excluded in turn (a crossing's links between those two countries in
    /// that mode; a land stage's transit countries; a long stage's main mode there), the best
    /// route under each exclusion is searched, and the best one in a new corridor is kept;
    /// repeated until `k` corridors or nothing new.
    ///
    /// # Complexity
    /// The exact phase is [`Planner::k_best`] with at most `max_examined` routes examined; each
    /// heuristic round runs one best-route search per stage of the corridors found.
    ///
    /// # Example
    /// ```
    /// # use corridor::network::load_bundled;
    /// # use corridor::search::{Constraints, Criterion, Planner, corridor};
    /// let net = load_bundled().unwrap().network;
    /// let planner = Planner::new(&net);
    /// let (from, to) = (net.resolve("Almaty").unwrap(), net.resolve("Bucharest").unwrap());
    /// let found = planner.diverse(from, to, Criterion::Time, &Constraints::default(), 3, 20_000);
    /// assert_eq!(found.routes.len(), 3);
    /// let (a, b) = (corridor(&net, &found.routes[0]), corridor(&net, &found.routes[1]));
    /// assert!(!a.is_near_copy_of(&b));
    /// ```
    #[must_use]
    pub fn diverse(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        criterion: Criterion,
        constraints: &Constraints,
        k: usize,
        max_examined: usize,
    ) -> Diverse {
        let network = self.network;
        let KBest {
            routes,
            examined,
            truncated,
        } = self.enumerate(
            from,
            to,
            criterion,
            constraints,
            k,
            Some(&|route: &Route, kept: &[Route]| {
                let c = corridor(network, route);
                (kept.is_empty() || !c.detour)
                    && kept
                        .iter()
                        .all(|other| !c.is_near_copy_of(&corridor(network, other)))
            }),
            (max_examined, &|_| {}),
        );
        let mut out = Diverse {
            exact_count: routes.len(),
            routes,
            examined,
            exact: !truncated,
        };
        if truncated {
            self.diverse_by_exclusion(from, to, criterion, constraints, k, &mut out.routes);
        }
        out
    }

    /// The heuristic phase of [`Planner::diverse`]: for each further corridor, a best-first
    /// search over sets of exclusions. The best route under a set is searched; when its
    /// corridor is new (and not a detour) it is a candidate, otherwise each of its stages'
    /// elements is excluded in turn, giving larger sets to try. Sets whose best route is no
    /// better than the best candidate are not expanded (more exclusions only make routes
    /// worse). At most [`EXCLUSION_SEARCHES`] searches per corridor.
    fn diverse_by_exclusion(
        &self,
        from: NodeIdx,
        to: NodeIdx,
        criterion: Criterion,
        constraints: &Constraints,
        k: usize,
        routes: &mut Vec<Route>,
    ) {
        let network = self.network;
        let ends = [
            network.nodes[from].country.as_str(),
            network.nodes[to].country.as_str(),
        ];
        while routes.len() < k {
            let kept: Vec<Corridor> = routes.iter().map(|r| corridor(network, r)).collect();
            let mut tried: HashSet<Vec<Exclusion>> = HashSet::new();
            let mut queue: BinaryHeap<Reverse<Attempt>> = BinaryHeap::new();
            let mut best: Option<(Key, Vec<LinkIdx>, Route)> = None;
            let mut searches = 0;
            let mut explore =
                |set: Vec<Exclusion>,
                 queue: &mut BinaryHeap<_>,
                 best: &mut Option<(Key, Vec<LinkIdx>, Route)>| {
                    if searches >= EXCLUSION_SEARCHES || !tried.insert(set.clone()) {
                        return;
                    }
                    searches += 1;
                    let x = exclude(network, constraints, &set);
                    let Some(route) = self.best(from, to, criterion, &x) else {
                        return;
                    };
                    let key = criterion.key(&route.metrics);
                    let links: Vec<LinkIdx> = route.links().collect();
                    if best
                        .as_ref()
                        .is_some_and(|(k, l, _)| (key, &links) >= (*k, l))
                    {
                        return;
                    }
                    let c = corridor(network, &route);
                    if c.detour || kept.iter().any(|k| c.is_near_copy_of(k)) {
                        queue.push(Reverse((key, links, set)));
                    } else {
                        *best = Some((key, links, route));
                    }
                };
            explore(Vec::new(), &mut queue, &mut best);
            while let Some(Reverse((key, links, set))) = queue.pop() {
                if best
                    .as_ref()
                    .is_some_and(|(k, l, _)| (key, &links) >= (*k, l))
                {
                    break;
                }
                let Some(route) =
                    self.best(from, to, criterion, &exclude(network, constraints, &set))
                else {
                    continue;
                };
                for element in elements(&corridor(network, &route), &ends) {
                    if !set.contains(&element) {
                        let mut larger = set.clone();
                        larger.push(element);
                        larger.sort_unstable();
                        explore(larger, &mut queue, &mut best);
                    }
                }
            }
            match best {
                Some((_, _, route)) => routes.push(route),
                None => break,
            }
        }
    }
}

/// Best-route searches the heuristic phase of [`Planner::diverse`] runs at most per corridor.
pub const EXCLUSION_SEARCHES: usize = 400;

/// A set of exclusions tried, with the key and links of its best route.
type Attempt = (Key, Vec<LinkIdx>, Vec<Exclusion>);

/// What the heuristic phase of [`Planner::diverse`] can exclude.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Exclusion {
    /// Sea and ferry links from one country to another.
    Crossing(String, String),
    /// A transit country.
    Country(String),
    /// Links of one mode touching a country.
    Haul(String, Mode),
}

/// The elements of a corridor that can be excluded: its crossings, its transit countries (not
/// the origin's or the destination's) and its long hauls.
fn elements(c: &Corridor, ends: &[&str; 2]) -> Vec<Exclusion> {
    let mut out = Vec::new();
    for stage in &c.stages {
        match stage {
            Stage::Crossing {
                from_country,
                to_country,
            } => out.push(Exclusion::Crossing(
                from_country.clone(),
                to_country.clone(),
            )),
            Stage::Land { countries } => {
                for (country, mode) in countries {
                    if !ends.contains(&country.as_str()) {
                        out.push(Exclusion::Country(country.clone()));
                    }
                    if let Some(mode) = mode {
                        out.push(Exclusion::Haul(country.clone(), *mode));
                    }
                }
            }
        }
    }
    out
}

/// `constraints` with a set of exclusions added.
fn exclude(network: &Network, constraints: &Constraints, set: &[Exclusion]) -> Constraints {
    let mut x = constraints.clone();
    for e in set {
        match e {
            Exclusion::Country(c) => x.avoid_countries.push(c.clone()),
            Exclusion::Crossing(a, b) => x.avoid_links.extend(links_where(network, |l| {
                matches!(l.mode, Mode::Sea | Mode::Ferry)
                    && network.nodes[l.from].country == *a
                    && network.nodes[l.to].country == *b
            })),
            Exclusion::Haul(c, mode) => x.avoid_links.extend(links_where(network, |l| {
                l.mode == *mode
                    && (network.nodes[l.from].country == *c || network.nodes[l.to].country == *c)
            })),
        }
    }
    x
}

/// The links `keep` takes, in link order.
fn links_where(network: &Network, keep: impl Fn(&crate::network::Link) -> bool) -> Vec<LinkIdx> {
    network
        .links
        .iter()
        .enumerate()
        .filter(|(_, l)| keep(l))
        .map(|(i, _)| i)
        .collect()
}
