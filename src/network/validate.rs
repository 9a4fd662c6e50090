//! Checks of meaning on the raw entries of a network file (ranges, references, duplicates,
//! plausibility) and the building of the [`Network`] once no error is left. Every problem is
//! collected; errors stop the build, warnings are handed back with the network.

use std::collections::HashMap;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::{Bfs, Reversed};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::countries::{Country, is_country_code};
use super::diagnostic::{LineIndex, Problem, Severity, closest, one_of_hint};
use super::geo::geodesic_km;
use super::places::fold_name;
use super::raw::{
    RawDoc, RawLink, RawMonthly, RawNetwork, RawNode, RawVariability, Sp, Span, link_label,
    node_label,
};
use super::variability::{Crew, Delay, Month, Monthly, Variability, WeatherGroup, Z90};
use super::{
    Cargo, Co2Factors, Link, LinkLimits, Mode, Network, Node, NodeIdx, NodeKind, NodeLimits,
};
use crate::units::{Figure, show_figure};

/// A link whose `distance_km` is below this share of the geodesic distance gets a warning.
const MIN_DISTANCE_RATIO: f64 = 0.99;

/// Plausible gauges in mm, from narrow gauges to the widest broad gauge.
const GAUGE_MM: std::ops::RangeInclusive<f64> = 500.0..=2000.0;

/// The hint for a country that is not an ISO code as files write it: the code of the country
/// it names (`Kazakhstan`, `kz`, `Turkey`), else what a code looks like.
pub(crate) fn country_hint(written: &str) -> String {
    match Country::find(written) {
        Some(c) => format!(
            "did you mean \"{}\" ({})? files write the ISO 3166-1 alpha-2 code",
            c.code, c.name
        ),
        None => "expected an ISO 3166-1 alpha-2 code such as \"KZ\"".to_owned(),
    }
}

/// Plausible speeds in km/h for a mode, door to door while moving: a link outside them is
/// probably a typo in `hours` or `distance_km`.
pub(crate) fn speed_bounds_kmh(mode: Mode) -> (f64, f64) {
    match mode {
        Mode::Rail => (5.0, 120.0),
        Mode::Road => (10.0, 100.0),
        Mode::Ferry => (5.0, 45.0),
        Mode::Sea => (5.0, 50.0),
    }
}

/// Diacritics dropped and ASCII lower-cased, keeping every other character: the start of an id
/// suggestion (names are compared with [`fold_name`], as place queries are resolved).
fn strip_marks(s: &str) -> String {
    s.trim()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// A figure as written in messages: plain for everyday sizes, in exponent form for huge or tiny
/// ones (so that `1e300` does not print as 301 digits).
fn show(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A valid id close to what was written: `"Aktau Port"` gives `"aktau_port"`.
fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in strip_marks(id).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// Validates the raw entries, pushing every problem; returns the network when no problem so
/// far (including those already in `problems`) is an error.
pub(crate) fn validate(
    doc: &RawDoc,
    lines: &LineIndex,
    problems: &mut Vec<Problem>,
) -> Option<Network> {
    let mut v = Validator {
        lines,
        problems,
        ids: HashMap::new(),
        unresolved: false,
    };
    v.network(doc);
    for (i, node) in doc.nodes.iter().enumerate() {
        v.node(doc, i, node);
    }
    v.duplicate_names(&doc.nodes);
    let mut link_ids: HashMap<&str, usize> = HashMap::new();
    let mut edges = Vec::new();
    for link in &doc.links {
        if let Some(edge) = v.link(doc, link, &mut link_ids) {
            edges.push(edge);
        }
    }
    // An unknown node in a link would make its neighbours look cut off: report only that.
    if !v.unresolved && !edges.is_empty() {
        v.connectivity(doc, &edges);
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return None;
    }
    let network = build(doc, lines)?;
    if let Err(message) = network.check_totals() {
        let header = doc.network.as_ref().map_or(0..0, |n| n.header.clone());
        problems.push(
            Problem::error(header, message).hint(Some(
                "every figure is within its bounds, but there are too many of them: see \
             docs/limits.md"
                    .to_owned(),
            )),
        );
        return None;
    }
    Some(network)
}

/// The coordinates of a node if both are present and valid.
fn coords(node: &RawNode) -> Option<(f64, f64)> {
    let lat = node.lat.as_ref()?.value;
    let lon = node.lon.as_ref()?.value;
    (lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0)
        .then_some((lat, lon))
}

struct Validator<'a> {
    lines: &'a LineIndex,
    problems: &'a mut Vec<Problem>,
    /// Valid node id → (index in the file's nodes, byte offset of its first definition).
    ids: HashMap<&'a str, (usize, usize)>,
    /// Whether some link names a node that is missing or unknown.
    unresolved: bool,
}

impl<'a> Validator<'a> {
    fn push(&mut self, problem: Problem) -> &mut Problem {
        self.problems.push(problem);
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    fn error(&mut self, span: &Span, message: String) -> &mut Problem {
        self.push(Problem::error(span.clone(), message))
    }

    fn warning(&mut self, span: &Span, message: String) -> &mut Problem {
        self.push(Problem::warning(span.clone(), message))
    }

    fn network(&mut self, doc: &RawDoc) {
        let header = doc.network.as_ref().map_or(0..0, |n| n.header.clone());
        if let Some(network) = &doc.network {
            if let Some(name) = &network.name
                && name.value.trim().is_empty()
            {
                self.error(&name.span, "network: name must not be empty".to_owned());
            }
            for mode in Mode::ALL {
                if let Some(f) = &network.co2[mode.index()] {
                    self.figure(
                        &format!("network: co2_kg_per_container_km.{mode}"),
                        f,
                        Figure::Co2KgPerContainerKm,
                    );
                }
                for (key, table) in [
                    ("co2_ttw_g_per_tonne_km", &network.co2_ttw),
                    ("co2_wtw_g_per_tonne_km", &network.co2_wtw),
                ] {
                    if let Some(f) = &table[mode.index()] {
                        self.figure(
                            &format!("network: {key}.{mode}"),
                            f,
                            Figure::Co2GramsPerTonneKm,
                        );
                    }
                }
                if let (Some(ttw), Some(wtw)) = (
                    &network.co2_ttw[mode.index()],
                    &network.co2_wtw[mode.index()],
                ) && wtw.value < ttw.value
                {
                    self.warning(
                        &wtw.span,
                        format!(
                            "network: co2_wtw_g_per_tonne_km.{mode} {} is below the \
                             tank-to-wheel {} (well-to-wheel adds the fuel's production and \
                             supply; were the two swapped?)",
                            wtw.value, ttw.value
                        ),
                    );
                }
            }
        }
        if let Some(network) = &doc.network {
            for group in &network.weather_groups {
                let label = format!("weather group {:?}", group.id.value);
                if group.id.value.is_empty() || !is_valid_id(&group.id.value) {
                    self.error(
                        &group.id.span,
                        format!("{label}: id may only contain a-z, 0-9, _ and -"),
                    );
                }
                if let Some(share) = &group.closed_share {
                    self.monthly(&label, "closed_share", share, Figure::ShareBelowOne);
                }
                if let Some(hours) = &group.mean_closure_hours {
                    self.monthly(&label, "mean_closure_hours", hours, Figure::DelayHours);
                }
            }
        }
        if doc.nodes.is_empty() {
            self.error(&header, "network has no nodes".to_owned()).hint =
                Some("add [[node]] entries with id, name, country, kind, lat and lon".to_owned());
        }
        if doc.links.is_empty() {
            self.error(&header, "network has no links".to_owned()).hint =
                Some("add [[link]] entries with from, to, mode, hours and cost_usd".to_owned());
        }
    }

    /// A figure that must be within the range of its kind (see [`Figure`]).
    fn figure(&mut self, what: &str, x: &Sp<f64>, kind: Figure) {
        if let Err(problem) = kind.check(x.value) {
            self.error(&x.span, format!("{what} {problem}"));
        }
    }

    /// A figure given for the year or by month: each value within the range of its kind.
    fn monthly(&mut self, label: &str, key: &str, x: &RawMonthly, kind: Figure) {
        let by_month = x.value.len() == 12;
        for (i, value) in x.value.iter().enumerate() {
            let what = if by_month {
                format!("{label}: {key} ({})", Month::ALL[i].name())
            } else {
                format!("{label}: {key}")
            };
            self.figure(&what, value, kind);
        }
    }

    /// The delay and closure keys of a node or a link: ranges, a median and a P90 given
    /// together with P90 ≥ median, an expected delay within the hours a figure may hold, a
    /// weather group that exists, and boxes left behind only by scheduled links.
    fn variability(
        &mut self,
        doc: &RawDoc,
        label: &str,
        v: &RawVariability,
        departures: Option<&Sp<f64>>,
    ) {
        for (key, x, kind) in [
            ("delay_share", &v.delay_share, Figure::Share),
            (
                "delay_median_hours",
                &v.delay_median_hours,
                Figure::DelayHours,
            ),
            ("delay_p90_hours", &v.delay_p90_hours, Figure::DelayHours),
            (
                "left_behind_share",
                &v.left_behind_share,
                Figure::ShareBelowOne,
            ),
        ] {
            if let Some(x) = x {
                self.monthly(label, key, x, kind);
            }
        }
        match (&v.delay_median_hours, &v.delay_p90_hours) {
            (Some(median), Some(p90)) => {
                for month in Month::ALL {
                    let (m, p) = (at(median, month), at(p90, month));
                    if m.value > 0.0 && p.value < m.value {
                        let message = format!(
                            "{label}: delay_p90_hours {} is below delay_median_hours {}{}",
                            show(p.value),
                            show(m.value),
                            month_of(p90, month)
                        );
                        self.error(&p.span, message).hint =
                            Some("a P90 is at least the median".to_owned());
                        break;
                    }
                    let sigma = (p.value / m.value).ln().max(0.0) / Z90;
                    let mean = m.value * (sigma * sigma / 2.0).exp();
                    if m.value > 0.0 && (mean.is_nan() || mean > Figure::MAX_HOURS) {
                        let message = format!(
                            "{label}: a delay with median {} and P90 {} hours has a mean of {} \
                             hours{}, above the {} hours a figure may hold",
                            show_figure(m.value),
                            show_figure(p.value),
                            show_figure(mean.round()),
                            month_of(p90, month),
                            show_figure(Figure::MAX_HOURS)
                        );
                        self.error(&p.span, message).hint = Some(
                            "a lognormal's mean grows fast with P90 / median: lower the P90"
                                .to_owned(),
                        );
                        break;
                    }
                }
            }
            (Some(x), None) | (None, Some(x)) => {
                let (given, missing) = if v.delay_median_hours.is_some() {
                    ("delay_median_hours", "delay_p90_hours")
                } else {
                    ("delay_p90_hours", "delay_median_hours")
                };
                self.error(&x.span, format!("{label}: {given} without {missing}"))
                    .hint = Some("a delay is given by its median and its P90 together".to_owned());
            }
            (None, None) => {
                if let Some(share) = &v.delay_share {
                    self.error(&share.span, format!("{label}: delay_share without a delay"))
                        .hint = Some(
                        "add delay_median_hours and delay_p90_hours, the delay when there is one"
                            .to_owned(),
                    );
                }
            }
        }
        if let Some(share) = &v.left_behind_share
            && departures.is_none()
        {
            self.error(
                &share.span,
                format!("{label}: left_behind_share needs departures_per_week"),
            )
            .hint = Some(
                "only a scheduled service leaves boxes behind: a box waits one more headway"
                    .to_owned(),
            );
        }
        if let Some(group) = &v.weather_group {
            let groups: Vec<&str> = doc
                .network
                .iter()
                .flat_map(|n| &n.weather_groups)
                .map(|g| g.id.value.as_str())
                .collect();
            if !groups.contains(&group.value.as_str()) {
                let hint = if groups.is_empty() {
                    "define it as [network.weather_groups.<id>] with closed_share and \
                     mean_closure_hours"
                        .to_owned()
                } else {
                    one_of_hint(&group.value, &groups)
                };
                self.error(
                    &group.span,
                    format!("{label}: unknown weather group {:?}", group.value),
                )
                .hint = Some(hint);
            }
        }
    }

    /// A coordinate that must be finite and within `[-limit, limit]`.
    fn coordinate(&mut self, what: &str, x: &Sp<f64>, limit: f64) {
        if !x.value.is_finite() {
            self.error(&x.span, format!("{what} must be a finite number"));
        } else if x.value.abs() > limit {
            self.error(
                &x.span,
                format!(
                    "{what} {} is out of range [-{limit}, {limit}]",
                    show(x.value)
                ),
            );
        }
    }

    fn node(&mut self, doc: &RawDoc, index: usize, node: &'a RawNode) {
        let label = node_label(node.entry, node.id.as_ref().map(|s| s.value.as_str()));
        if let Some(id) = &node.id {
            if id.value.is_empty() {
                self.error(&id.span, format!("{label}: id must not be empty"));
            } else if let Some(&(_, first)) = self.ids.get(id.value.as_str()) {
                let line = self.lines.line_of(first);
                self.error(
                    &id.span,
                    format!(
                        "duplicate node id {:?} (first defined on line {line})",
                        id.value
                    ),
                );
            } else {
                // An id with bad characters is still recorded, so that links naming it do not
                // add "unknown node" errors on top of this one.
                self.ids.insert(id.value.as_str(), (index, id.span.start));
                if !is_valid_id(&id.value) {
                    let suggestion = suggest_id(&id.value);
                    let hint = (!suggestion.is_empty()).then(|| format!("try {suggestion:?}"));
                    let message = format!("{label}: id may only contain a-z, 0-9, _ and -");
                    self.error(&id.span, message).hint = hint;
                }
            }
        }
        if let Some(name) = &node.name
            && name.value.trim().is_empty()
        {
            self.error(&name.span, format!("{label}: name must not be empty"));
        }
        for (i, alias) in node.aliases.iter().enumerate() {
            if alias.value.trim().is_empty() {
                self.error(&alias.span, format!("{label}: alias {} is empty", i + 1));
            }
        }
        if let Some(country) = &node.country
            && !is_country_code(&country.value)
        {
            let upper = country.value.to_ascii_uppercase();
            if is_country_code(&upper) {
                self.error(
                    &country.span,
                    format!("{label}: country {:?} must be upper case", country.value),
                )
                .hint = Some(format!("did you mean {upper:?}?"));
            } else {
                self.error(
                    &country.span,
                    format!("{label}: unknown country code {:?}", country.value),
                )
                .hint = Some(country_hint(&country.value));
            }
        }
        if let Some(kind) = &node.kind
            && NodeKind::parse(&kind.value).is_none()
        {
            self.error(
                &kind.span,
                format!("{label}: unknown kind {:?}", kind.value),
            )
            .hint = Some(NodeKind::hint(&kind.value));
        }
        if let Some(lat) = &node.lat {
            self.coordinate(&format!("{label}: lat"), lat, 90.0);
        }
        if let Some(lon) = &node.lon {
            self.coordinate(&format!("{label}: lon"), lon, 180.0);
        }
        for (key, x, kind) in [
            ("transfer_hours", &node.transfer_hours, Figure::NodeHours),
            ("transfer_cost_usd", &node.transfer_cost_usd, Figure::Usd),
            ("dwell_hours", &node.dwell_hours, Figure::NodeHours),
            ("dwell_cost_usd", &node.dwell_cost_usd, Figure::Usd),
        ] {
            if let Some(x) = x {
                self.figure(&format!("{label}: {key}"), x, kind);
            }
        }
        self.variability(doc, &label, &node.variability, None);
    }

    /// Warns when two nodes share a name or alias (ignoring case and diacritics), since a
    /// search for it could not choose between them.
    fn duplicate_names(&mut self, nodes: &[RawNode]) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            let names = node
                .name
                .iter()
                .map(|n| ("name", n))
                .chain(node.aliases.iter().map(|a| ("alias", a)));
            for (what, name) in names {
                let key = fold_name(&name.value);
                if key.is_empty() {
                    continue;
                }
                match seen.get(&key) {
                    None => {
                        seen.insert(key, i);
                    }
                    Some(&first) if first != i => {
                        let label =
                            node_label(node.entry, node.id.as_ref().map(|s| s.value.as_str()));
                        let other = nodes.get(first).map_or_else(String::new, |n| {
                            node_label(n.entry, n.id.as_ref().map(|s| s.value.as_str()))
                        });
                        let message =
                            format!("{label}: {what} {:?} is also a name of {other}", name.value);
                        self.warning(&name.span, message).hint =
                            Some(format!("a search for {:?} would be ambiguous", name.value));
                    }
                    Some(_) => {}
                }
            }
        }
    }

    /// The hint for an unknown node id: the node whose id or name it is (ignoring case and
    /// diacritics), else the closest id.
    fn suggest_node(doc: &RawDoc, word: &str) -> Option<String> {
        let folded = fold_name(word);
        let valid = || {
            doc.nodes
                .iter()
                .filter_map(|n| n.id.as_ref().map(|id| id.value.as_str()))
                .filter(|id| is_valid_id(id))
        };
        if let Some(id) = valid().find(|id| fold_name(id) == folded) {
            return Some(format!("did you mean {id:?}?"));
        }
        for node in &doc.nodes {
            let Some(id) = node.id.as_ref().filter(|id| is_valid_id(&id.value)) else {
                continue;
            };
            let names = node.name.iter().chain(&node.aliases);
            if names.into_iter().any(|n| fold_name(&n.value) == folded) {
                return Some(format!(
                    "did you mean {:?}? links name nodes by id",
                    id.value
                ));
            }
        }
        closest(word, valid()).map(|id| format!("did you mean {id:?}?"))
    }

    /// Checks one link; returns its edge (from, to, two-way) when both ends are known nodes.
    fn link(
        &mut self,
        doc: &'a RawDoc,
        link: &'a RawLink,
        ids: &mut HashMap<&'a str, usize>,
    ) -> Option<(usize, usize, bool)> {
        let label = link_label(
            link.entry,
            link.from.as_ref().map(|s| s.value.as_str()),
            link.to.as_ref().map(|s| s.value.as_str()),
        );
        if let Some(id) = &link.id {
            if id.value.is_empty() {
                self.error(&id.span, format!("{label}: id must not be empty"));
            } else if let Some(&first) = ids.get(id.value.as_str()) {
                let first_line = self.lines.line_of(first);
                let message = format!(
                    "duplicate link id {:?} (first defined on line {first_line})",
                    id.value
                );
                self.error(&id.span, message);
            } else {
                ids.insert(id.value.as_str(), id.span.start);
            }
        }
        let mut ends = [None, None];
        for (slot, end) in ends.iter_mut().zip([&link.from, &link.to]) {
            let Some(end) = end else {
                self.unresolved = true;
                continue;
            };
            if let Some(&(index, _)) = self.ids.get(end.value.as_str()) {
                *slot = Some(index);
            } else {
                self.unresolved = true;
                let hint = Self::suggest_node(doc, &end.value);
                self.error(&end.span, format!("{label}: unknown node {:?}", end.value))
                    .hint = hint;
            }
        }
        if let (Some(from), Some(to)) = (&link.from, &link.to)
            && from.value == to.value
        {
            self.error(&to.span, format!("{label}: from and to are the same node"));
        }
        let mode = link.mode.as_ref().and_then(|m| {
            let mode = Mode::parse(&m.value);
            if mode.is_none() {
                let names = Mode::ALL.map(Mode::as_str);
                self.error(&m.span, format!("{label}: unknown mode {:?}", m.value))
                    .hint = Some(one_of_hint(&m.value, &names));
            }
            mode
        });
        for (key, x, kind) in [
            ("hours", &link.hours, Figure::LinkHours),
            ("cost_usd", &link.cost_usd, Figure::Usd),
            ("distance_km", &link.distance_km, Figure::DistanceKm),
            (
                "departures_per_week",
                &link.departures_per_week,
                Figure::DeparturesPerWeek,
            ),
            (
                "co2_kg_per_container_km",
                &link.co2_kg_per_container_km,
                Figure::Co2KgPerContainerKm,
            ),
            ("max_gross_tonnes", &link.max_gross_tonnes, Figure::Tonnes),
        ] {
            if let Some(x) = x {
                self.figure(&format!("{label}: {key}"), x, kind);
            }
        }
        self.variability(
            doc,
            &label,
            &link.variability,
            link.departures_per_week.as_ref(),
        );
        if let Some(drivers) = &link.drivers {
            if mode.is_some_and(|m| m != Mode::Road) {
                self.error(
                    &drivers.span,
                    format!("{label}: drivers is only allowed on road links"),
                )
                .hint = Some("remove drivers, or set mode = \"road\"".to_owned());
            } else if crew(drivers.value).is_none() {
                self.error(
                    &drivers.span,
                    format!(
                        "{label}: drivers must be 1 or 2, got {}",
                        show(drivers.value)
                    ),
                )
                .hint = Some(
                    "1: one driver with the breaks and daily rests of the driving-time rules; \
                     2: a crew of two"
                        .to_owned(),
                );
            }
        }
        if let Some(gauge) = &link.gauge_mm {
            if mode.is_some_and(|m| m != Mode::Rail) {
                self.error(
                    &gauge.span,
                    format!("{label}: gauge_mm is only allowed on rail links"),
                )
                .hint = Some("remove gauge_mm, or set mode = \"rail\"".to_owned());
            } else if !GAUGE_MM.contains(&gauge.value) {
                let message = format!(
                    "{label}: gauge_mm {} is outside the plausible range 500 to 2000",
                    show(gauge.value)
                );
                self.error(&gauge.span, message);
            }
        }
        for (i, point) in link.waypoints.iter().enumerate() {
            let [lon, lat] = point.value;
            let lon = Sp {
                value: lon,
                span: point.span.clone(),
            };
            let lat = Sp {
                value: lat,
                span: point.span.clone(),
            };
            self.coordinate(&format!("{label}: waypoint {} lon", i + 1), &lon, 180.0);
            self.coordinate(&format!("{label}: waypoint {} lat", i + 1), &lat, 90.0);
        }
        match &link.source {
            None => {
                self.warning(&link.header, format!("{label}: no source given"))
                    .hint =
                    Some("add source = \"...\" saying where the figures come from".to_owned());
            }
            Some(s) if s.value.trim().is_empty() => {
                self.warning(&s.span, format!("{label}: source is empty"));
            }
            Some(_) => {}
        }
        let [Some(from), Some(to)] = ends else {
            return None;
        };
        if from == to {
            return None;
        }
        self.plausibility(doc, link, &label, mode, from, to);
        Some((from, to, link.two_way.as_ref().is_none_or(|t| t.value)))
    }

    /// Warnings for figures that are valid but unlikely: a distance shorter than the straight
    /// line between the nodes, or a speed no such service reaches.
    fn plausibility(
        &mut self,
        doc: &RawDoc,
        link: &RawLink,
        label: &str,
        mode: Option<Mode>,
        from: usize,
        to: usize,
    ) {
        let (Some(a), Some(b)) = (
            doc.nodes.get(from).and_then(coords),
            doc.nodes.get(to).and_then(coords),
        ) else {
            return;
        };
        let geodesic = geodesic_km(a.0, a.1, b.0, b.1);
        let given = link
            .distance_km
            .as_ref()
            .filter(|d| Figure::DistanceKm.check(d.value).is_ok());
        if let Some(d) = given
            && d.value < MIN_DISTANCE_RATIO * geodesic
        {
            let message = format!(
                "{label}: distance_km {} is shorter than the {geodesic:.1} km straight line between the nodes",
                show(d.value)
            );
            self.warning(&d.span, message).hint = Some(
                "check distance_km and the nodes' coordinates, or leave distance_km out".to_owned(),
            );
        }
        let distance = given.map_or(geodesic, |d| d.value);
        let (Some(mode), Some(hours)) = (
            mode,
            link.hours
                .as_ref()
                .filter(|h| Figure::LinkHours.check(h.value).is_ok()),
        ) else {
            return;
        };
        let speed = distance / hours.value;
        let (low, high) = speed_bounds_kmh(mode);
        if !(low..=high).contains(&speed) {
            let message = format!(
                "{label}: implied speed {speed:.1} km/h is outside the plausible range for {mode} ({low}-{high} km/h)"
            );
            self.warning(&hours.span, message).hint = Some(format!(
                "check hours and distance_km ({distance:.1} km in {} h)",
                show(hours.value)
            ));
        }
    }

    /// Warns about nodes cut off from the main part of the network: not joined to it at all,
    /// or joined only by one-way links that lead away from it or into it.
    fn connectivity(&mut self, doc: &RawDoc, edges: &[(usize, usize, bool)]) {
        let n = doc.nodes.len();
        let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, edges.len() * 2);
        let idx: Vec<NodeIndex> = (0..n).map(|_| graph.add_node(())).collect();
        let mut components = UnionFind::<usize>::new(n);
        for &(from, to, two_way) in edges {
            let (Some(&a), Some(&b)) = (idx.get(from), idx.get(to)) else {
                continue;
            };
            graph.add_edge(a, b, ());
            if two_way {
                graph.add_edge(b, a, ());
            }
            components.union(from, to);
        }
        // The main part: the largest strongly connected set, the earliest one on ties.
        // Kosaraju, not Tarjan: petgraph's Tarjan recurses once per node on a path and
        // overflows the stack on long chains; Kosaraju walks with an explicit stack.
        let mut sccs = kosaraju_scc(&graph);
        for scc in &mut sccs {
            scc.sort_unstable();
        }
        let Some(main) = sccs.iter().max_by(|a, b| {
            a.len()
                .cmp(&b.len())
                .then_with(|| b.first().cmp(&a.first()))
        }) else {
            return;
        };
        let Some(&root) = main.first() else { return };
        let mut forward = vec![false; n];
        let mut bfs = Bfs::new(&graph, root);
        while let Some(x) = bfs.next(&graph) {
            forward[x.index()] = true;
        }
        let mut backward = vec![false; n];
        let reversed = Reversed(&graph);
        let mut bfs = Bfs::new(reversed, root);
        while let Some(x) = bfs.next(reversed) {
            backward[x.index()] = true;
        }
        let main_set = components.find(root.index());
        for (i, node) in doc.nodes.iter().enumerate() {
            let Some(id) = node.id.as_ref().filter(|id| {
                self.ids
                    .get(id.value.as_str())
                    .is_some_and(|&(j, _)| j == i)
            }) else {
                continue;
            };
            let label = node_label(node.entry, Some(&id.value));
            let (from_main, to_main) = (forward[i], backward[i]);
            if components.find(i) != main_set {
                self.warning(
                    &id.span,
                    format!("{label} is not connected to the rest of the network"),
                )
                .hint =
                    Some("no chain of links joins it to the main part of the network".to_owned());
                continue;
            }
            let what = match (from_main, to_main) {
                (true, true) => continue,
                (false, false) => "can neither be reached from nor reach",
                (false, true) => "cannot be reached from",
                (true, false) => "cannot reach",
            };
            self.warning(&id.span, format!("{label} {what} the rest of the network"))
                .hint = Some("a one-way link (two_way = false) may run the wrong way".to_owned());
        }
    }
}

/// Builds the network from entries that passed validation; `None` if, against expectation,
/// something required is missing.
fn build(doc: &RawDoc, line_index: &LineIndex) -> Option<Network> {
    let network = doc.network.as_ref()?;
    let co2 = co2_factors(network);
    let figure = |x: &Option<Sp<f64>>| x.as_ref().map_or(0.0, |x| x.value);
    let text_of = |s: &Option<Sp<String>>| {
        s.as_ref()
            .map(|s| s.value.clone())
            .filter(|s| !s.trim().is_empty())
    };
    let weather_groups: Vec<WeatherGroup> = network
        .weather_groups
        .iter()
        .map(|g| {
            Some(WeatherGroup {
                id: g.id.value.clone(),
                closed_share: monthly(g.closed_share.as_ref()?),
                mean_closure_hours: monthly(g.mean_closure_hours.as_ref()?),
                source: text_of(&g.source),
            })
        })
        .collect::<Option<_>>()?;
    let groups: Vec<&str> = weather_groups.iter().map(|g| g.id.as_str()).collect();
    let mut nodes = Vec::with_capacity(doc.nodes.len());
    let mut index: HashMap<&str, NodeIdx> = HashMap::new();
    for node in &doc.nodes {
        let id = node.id.as_ref()?.value.clone();
        index.insert(node.id.as_ref()?.value.as_str(), nodes.len());
        nodes.push(Node {
            id,
            name: node.name.as_ref()?.value.clone(),
            aliases: node.aliases.iter().map(|a| a.value.clone()).collect(),
            country: node.country.as_ref()?.value.clone(),
            kind: NodeKind::parse(&node.kind.as_ref()?.value)?,
            lat: node.lat.as_ref()?.value,
            lon: node.lon.as_ref()?.value,
            transfer_hours: figure(&node.transfer_hours),
            transfer_cost_usd: figure(&node.transfer_cost_usd),
            dwell_hours: figure(&node.dwell_hours),
            dwell_cost_usd: figure(&node.dwell_cost_usd),
            variability: variability(&node.variability, &groups),
            operator: text_of(&node.operator),
            limits: NodeLimits {
                no_reefer: node.reefer.as_ref().is_some_and(|r| !r.value),
                no_dangerous_goods: node.dangerous_goods.as_ref().is_some_and(|d| !d.value),
            },
            source: text_of(&node.source),
            line: line_index.line_of(node.header.start),
        });
    }
    let mut links = Vec::with_capacity(doc.links.len() * 2);
    for link in &doc.links {
        let from = *index.get(link.from.as_ref()?.value.as_str())?;
        let to = *index.get(link.to.as_ref()?.value.as_str())?;
        let (a, b) = (nodes.get(from)?, nodes.get(to)?);
        let distance_km = link
            .distance_km
            .as_ref()
            .map_or_else(|| geodesic_km(a.lat, a.lon, b.lat, b.lon), |d| d.value);
        let forward = Link {
            id: link.id.as_ref().map(|s| s.value.clone()),
            from,
            to,
            mode: Mode::parse(&link.mode.as_ref()?.value)?,
            hours: link.hours.as_ref()?.value,
            cost_usd: link.cost_usd.as_ref()?.value,
            distance_km,
            departures_per_week: link.departures_per_week.as_ref().map(|d| d.value),
            // In range 500..=2000 after validation, so the cast is exact.
            gauge_mm: link.gauge_mm.as_ref().map(|g| g.value as u32),
            co2_kg_per_container_km: link.co2_kg_per_container_km.as_ref().map(|c| c.value),
            limits: LinkLimits {
                // Checked as tonnes above 0 and at most 1,000, so whole kg fit a u64.
                max_gross_kg: link
                    .max_gross_tonnes
                    .as_ref()
                    .map(|t| crate::units::kg_to_grams(t.value)),
                no_reefer: link.reefer.as_ref().is_some_and(|r| !r.value),
                no_dangerous_goods: link.dangerous_goods.as_ref().is_some_and(|d| !d.value),
            },
            operator: text_of(&link.operator),
            source: text_of(&link.source),
            waypoints: link.waypoints.iter().map(|w| w.value).collect(),
            variability: variability(&link.variability, &groups),
            crew: link
                .drivers
                .as_ref()
                .and_then(|d| crew(d.value))
                .unwrap_or_default(),
            entry: link.entry,
            line: line_index.line_of(link.header.start),
        };
        let two_way = link.two_way.as_ref().is_none_or(|t| t.value);
        if two_way {
            let mut reverse = forward.clone();
            reverse.from = to;
            reverse.to = from;
            reverse.waypoints.reverse();
            links.push(forward);
            links.push(reverse);
        } else {
            links.push(forward);
        }
    }
    Some(Network {
        name: network.name.as_ref()?.value.clone(),
        nodes,
        links,
        co2,
        cargo: Cargo::default(),
        co2_source: text_of(&network.co2_source),
        weather_groups,
    })
}

/// The emission intensities of a `[network]` table, mode by mode: `co2_ttw_g_per_tonne_km`
/// and `co2_wtw_g_per_tonne_km` when given (one of them gives the other by
/// [`Co2Factors::WTW_PER_TTW`]), else `co2_kg_per_container_km` read on its 10 t basis, else
/// the defaults.
fn co2_factors(network: &RawNetwork) -> Co2Factors {
    let mut co2 = Co2Factors::GLEC_DEFAULT;
    for mode in Mode::ALL {
        let i = mode.index();
        let ratio = Co2Factors::WTW_PER_TTW[i];
        let value = |x: &Option<Sp<f64>>| x.as_ref().map(|x| x.value);
        let per_container = value(&network.co2[i])
            .map(|kg| Co2Factors::from_per_container([kg; 4]).ttw_g_per_tonne_km[i]);
        let (ttw, wtw) = match (value(&network.co2_ttw[i]), value(&network.co2_wtw[i])) {
            (Some(ttw), Some(wtw)) => (ttw, wtw),
            (Some(ttw), None) => (ttw, ttw * ratio),
            (None, Some(wtw)) => (wtw / ratio, wtw),
            (None, None) => match per_container {
                Some(ttw) => (ttw, ttw * ratio),
                None => continue,
            },
        };
        co2.ttw_g_per_tonne_km[i] = ttw;
        co2.wtw_g_per_tonne_km[i] = wtw;
    }
    co2
}

/// The crew of a link's `drivers`: 1 or 2, else none.
fn crew(drivers: f64) -> Option<Crew> {
    // An integer as written (checked by the reader), so the cast is exact when it matters.
    match drivers as i64 {
        1 if drivers.fract() == 0.0 => Some(Crew::Single),
        2 if drivers.fract() == 0.0 => Some(Crew::Double),
        _ => None,
    }
}

/// A monthly figure as written: one value, or twelve.
fn monthly(x: &RawMonthly) -> Monthly {
    match x.value.as_slice() {
        [one] => Monthly::Flat(one.value),
        many => {
            let mut months = [0.0; 12];
            for (slot, value) in months.iter_mut().zip(many) {
                *slot = value.value;
            }
            Monthly::ByMonth(Box::new(months))
        }
    }
}

/// The value of a monthly figure in `month`.
fn at(x: &RawMonthly, month: Month) -> &Sp<f64> {
    x.value.get(month.index()).unwrap_or(&x.value[0])
}

/// " in January" for a figure given by month, "" for one given for the year.
fn month_of(x: &RawMonthly, month: Month) -> String {
    if x.value.len() == 12 {
        format!(" in {}", month.name())
    } else {
        String::new()
    }
}

/// The model's variability from validated keys; `groups` are the weather group ids in order.
fn variability(v: &RawVariability, groups: &[&str]) -> Variability {
    let delay = match (&v.delay_median_hours, &v.delay_p90_hours) {
        (Some(median), Some(p90)) => Some(Box::new(Delay {
            share: v.delay_share.as_ref().map_or(Monthly::Flat(1.0), monthly),
            median_hours: monthly(median),
            p90_hours: monthly(p90),
        })),
        _ => None,
    };
    Variability {
        delay,
        left_behind_share: v
            .left_behind_share
            .as_ref()
            .map_or(Monthly::Flat(0.0), monthly),
        weather_group: v
            .weather_group
            .as_ref()
            .and_then(|g| groups.iter().position(|id| *id == g.value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_names_are_hinted_as_codes() {
        assert_eq!(
            country_hint("Kazakhstan"),
            "did you mean \"KZ\" (Kazakhstan)? files write the ISO 3166-1 alpha-2 code"
        );
        assert_eq!(
            country_hint("XX"),
            "expected an ISO 3166-1 alpha-2 code such as \"KZ\""
        );
    }

    #[test]
    fn the_largest_synthetic_network_sums_exactly() {
        // Totals grow with the number of links; the generator's largest network has 100 times
        // the nodes of this one, and the same figures per link.
        let net = crate::generate::generate_network(20_000, 1);
        assert!(net.check_totals().is_ok());
        let t = net.totals_bound();
        let scale = (crate::generate::MAX_NODES / 20_000) as u128;
        assert!(t.generalised * scale < u128::from(u64::MAX / 2), "{t:?}");
    }

    #[test]
    fn id_suggestions_drop_diacritics() {
        assert_eq!(strip_marks(" Türkmenbaşy "), "turkmenbasy");
        assert_eq!(suggest_id("Constanța Port"), "constanta_port");
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("aktau_port-2"));
        assert!(!is_valid_id("Aktau") && !is_valid_id("") && !is_valid_id("a b"));
        assert_eq!(suggest_id("Port of Aktau"), "port_of_aktau");
        assert_eq!(suggest_id("Constanța!"), "constanta");
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        // One node after another: a recursive strongly-connected-components search would need
        // one stack frame per node and overflow a test thread's 2 MiB stack.
        use std::fmt::Write;
        let n = 30_000;
        let mut text = String::from("[network]\nname = \"chain\"\n");
        for i in 0..n {
            let lat = 40.0 + f64::from(i) * 0.0001;
            let _ = write!(
                text,
                "[[node]]\nid = \"n{i}\"\nname = \"N{i}\"\ncountry = \"KZ\"\nkind = \"city\"\nlat = {lat:.5}\nlon = 50.0\n"
            );
        }
        for i in 0..n - 1 {
            let _ = write!(
                text,
                "[[link]]\nfrom = \"n{i}\"\nto = \"n{}\"\nmode = \"rail\"\nhours = 1.0\ncost_usd = 1.0\ndistance_km = 20.0\nsource = \"t\"\n",
                i + 1
            );
        }
        let loaded = crate::network::load_str(&text, "chain.toml").expect("loads");
        assert_eq!(loaded.network.nodes.len(), 30_000);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings.first());
    }
}
