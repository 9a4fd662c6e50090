//! Reading a scenario file: the text is parsed into a spanned TOML document and read entry by
//! entry into a [`Scenario`], collecting every syntax error, unknown or missing key, wrong type
//! and out-of-range value with its byte span rather than stopping at the first. Checks that
//! need a network (do the named nodes exist, does a selection match anything) belong to
//! `apply`.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    Action, Change, DelayFigures, GroupFigures, LinkFigures, LinkSelector, Months, NewLink,
    NewNode, NodeFigures, NodeSelector, Scenario,
};
use crate::network::diagnostic::{Problem, one_of_hint};
use crate::network::raw::{Entry, describe};
use crate::network::validate::country_hint;
use crate::network::{Country, Mode, NodeKind};
use crate::units::Figure;

type Span = Range<usize>;

const TOP_KEYS: &[&str] = &["scenario", "change"];
const SCENARIO_KEYS: &[&str] = &["name", "description", "sources"];
const ACTIONS: &[&str] = &[
    "close",
    "scale_links",
    "set_links",
    "scale_nodes",
    "set_nodes",
    "add_node",
    "add_link",
    "scale_weather_group",
    "set_weather_group",
];
const NODE_SELECT: &[&str] = &["node", "nodes", "kind", "country"];
const LINK_SELECT: &[&str] = &["link", "links", "from", "to", "between", "mode", "country"];
const LINK_FIGURES: &[&str] = &[
    "hours",
    "cost_usd",
    "departures_per_week",
    "delay_share",
    "delay_median_hours",
    "delay_p90_hours",
    "left_behind_share",
];
const NODE_FIGURES: &[&str] = &[
    "transfer_hours",
    "transfer_cost_usd",
    "dwell_hours",
    "dwell_cost_usd",
    "delay_share",
    "delay_median_hours",
    "delay_p90_hours",
];
/// The figures of a link or node that are the same every month (`months` cannot narrow them).
const YEARLY_FIGURES: &[&str] = &[
    "hours",
    "cost_usd",
    "departures_per_week",
    "transfer_hours",
    "transfer_cost_usd",
    "dwell_hours",
    "dwell_cost_usd",
];
const GROUP_FIGURES: &[&str] = &["closed_share", "mean_closure_hours"];
const GROUP_KEYS: &[&str] = &["group", "months", "closed_share", "mean_closure_hours"];
const ADD_NODE_KEYS: &[&str] = &[
    "id",
    "name",
    "country",
    "kind",
    "lat",
    "lon",
    "transfer_hours",
    "transfer_cost_usd",
    "dwell_hours",
    "dwell_cost_usd",
    "source",
];
const ADD_LINK_KEYS: &[&str] = &[
    "id",
    "from",
    "to",
    "mode",
    "hours",
    "cost_usd",
    "distance_km",
    "departures_per_week",
    "gauge_mm",
    "two_way",
    "waypoints",
    "source",
];

/// Parses `text` into a scenario, pushing every problem to `problems`. Returns `None` when the
/// text is not valid TOML (what the parser recovers would only add misleading errors).
pub(super) fn parse(text: &str, problems: &mut Vec<Problem>) -> Option<Scenario> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        problems.push(Problem::error(0..0, "file is empty".to_owned()).hint(Some(
            "a scenario file needs a [scenario] table and [[change]] entries".to_owned(),
        )));
        return None;
    }
    let doc = crate::network::raw::parse_document(text, problems)?;
    let doc = doc.get_ref();
    let mut scenario = Scenario::empty("");
    let mut header_seen = false;
    for (key, value) in doc {
        let name: &str = key.get_ref();
        match (name, value.get_ref()) {
            ("scenario", DeValue::Table(t)) => {
                header_seen = true;
                let mut e = Reader::new(t, "scenario".to_owned(), problems);
                e.check_keys(SCENARIO_KEYS);
                e.check_required(value.span(), &["name", "description", "sources"]);
                if let Some(n) = e.name("name") {
                    if n.0.trim().is_empty() {
                        e.error(n.1, "scenario: name must not be empty".to_owned());
                    }
                    scenario.name = n.0;
                }
                if let Some(d) = e.string("description") {
                    scenario.description = d.0;
                }
                let sources = e.strings("sources");
                if sources.is_empty()
                    && let Some(v) = t.get("sources")
                {
                    e.error(
                        v.span(),
                        "scenario: sources must name at least one source".to_owned(),
                    );
                }
                scenario.sources = sources.into_iter().map(|s| s.0).collect();
            }
            ("change", DeValue::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if let DeValue::Table(t) = item.get_ref() {
                        if let Some(change) = read_change(i, t, item.span(), problems) {
                            scenario.changes.push(change);
                        }
                    } else {
                        problems.push(Problem::error(
                            item.span(),
                            format!(
                                "change {}: expected a table, found {}",
                                i + 1,
                                describe(item.get_ref())
                            ),
                        ));
                    }
                }
            }
            ("scenario", other) => problems.push(Problem::error(
                value.span(),
                format!(
                    "scenario: expected a table [scenario], found {}",
                    describe(other)
                ),
            )),
            ("change", other) => problems.push(Problem::error(
                value.span(),
                format!(
                    "change: expected an array of tables [[change]], found {}",
                    describe(other)
                ),
            )),
            _ => problems.push(
                Problem::error(key.span(), format!("unknown top-level key {name:?}"))
                    .hint(Some(one_of_hint(name, TOP_KEYS))),
            ),
        }
    }
    if !header_seen && !doc.contains_key("scenario") {
        problems.push(
            Problem::error(0..0, "missing [scenario] table".to_owned()).hint(Some(
                "start the file with [scenario] and name, description and sources".to_owned(),
            )),
        );
    }
    Some(scenario)
}

fn read_change(
    index: usize,
    table: &DeTable<'_>,
    span: Span,
    problems: &mut Vec<Problem>,
) -> Option<Change> {
    let action_name = table.get("action").and_then(|v| v.get_ref().as_str());
    let label = match action_name {
        Some(a) => format!("change {} ({a})", index + 1),
        None => format!("change {}", index + 1),
    };
    let mut e = Reader::new(table, label.clone(), problems);
    let Some((action, action_span)) = e.string("action") else {
        if table.get("action").is_none() {
            e.error(span.clone(), format!("{label}: missing key \"action\""))
                .hint = Some(format!("expected one of: {}", ACTIONS.join(", ")));
        }
        return None;
    };
    let before = e.entry.problems.len();
    let built = match action.as_str() {
        "close" => close(&mut e, &span),
        "scale_links" | "set_links" => {
            let scale = action == "scale_links";
            e.check_keys(&[LINK_SELECT, LINK_FIGURES, &["months"]].concat());
            let select = link_selector(&mut e, &span, &action);
            let figures = link_figures(&mut e, &span, scale);
            match (select, figures) {
                (Some(s), Some(f)) if scale => Some(Action::ScaleLinks(s, f)),
                (Some(s), Some(f)) => Some(Action::SetLinks(s, f)),
                _ => None,
            }
        }
        "scale_nodes" | "set_nodes" => {
            let scale = action == "scale_nodes";
            e.check_keys(&[NODE_SELECT, NODE_FIGURES, &["months"]].concat());
            let select = node_selector(&mut e, &span, &action);
            let figures = node_figures(&mut e, &span, scale);
            match (select, figures) {
                (Some(s), Some(f)) if scale => Some(Action::ScaleNodes(s, f)),
                (Some(s), Some(f)) => Some(Action::SetNodes(s, f)),
                _ => None,
            }
        }
        "scale_weather_group" | "set_weather_group" => {
            let scale = action == "scale_weather_group";
            e.check_keys(GROUP_KEYS);
            e.check_required(span.clone(), &["group"]);
            let group = e.string("group").map(|x| x.0);
            let figures = group_figures(&mut e, &span, scale);
            match (group, figures) {
                (Some(g), Some(f)) if scale => Some(Action::ScaleWeatherGroup(g, f)),
                (Some(g), Some(f)) => Some(Action::SetWeatherGroup(g, f)),
                _ => None,
            }
        }
        "add_node" => add_node(&mut e, &span),
        "add_link" => add_link(&mut e, &span),
        other => {
            e.error(action_span, format!("{label}: unknown action {other:?}"))
                .hint = Some(one_of_hint(other, ACTIONS));
            return None;
        }
    };
    let keys = e.spans();
    let ok = e.entry.problems.len() == before;
    built
        .filter(|_| ok)
        .map(|action| Change { action, span, keys })
}

fn close(e: &mut Reader<'_, '_>, span: &Span) -> Option<Action> {
    let all: Vec<&str> =
        NODE_SELECT
            .iter()
            .chain(LINK_SELECT)
            .copied()
            .fold(Vec::new(), |mut v, k| {
                if !v.contains(&k) {
                    v.push(k);
                }
                v
            });
    e.check_keys(&all);
    let node_keys = ["node", "nodes", "kind"];
    let link_keys = ["link", "links", "from", "to", "between", "mode"];
    let has = |keys: &[&'static str]| -> Option<&'static str> {
        keys.iter()
            .find(|k| e.entry.table.contains_key(**k))
            .copied()
    };
    match (has(&node_keys), has(&link_keys)) {
        (Some(n), Some(l)) => {
            let at = e.key_span(l).unwrap_or_else(|| span.clone());
            let message = format!(
                "{}: {n:?} selects nodes and {l:?} selects links; close one or the other",
                e.label()
            );
            e.error(at, message).hint = Some("split it into two [[change]] entries".to_owned());
            None
        }
        (None, Some(_)) => link_selector(e, span, "close").map(Action::CloseLinks),
        _ => node_selector(e, span, "close").map(Action::CloseNodes),
    }
}

fn link_selector(e: &mut Reader<'_, '_>, span: &Span, action: &str) -> Option<LinkSelector> {
    let mut s = LinkSelector::default();
    let mut ok = true;
    if let Some((id, _)) = e.string("link") {
        s.ids.push(id);
    }
    s.ids.extend(e.strings("links").into_iter().map(|x| x.0));
    s.from = e.string("from").map(|x| x.0);
    s.to = e.string("to").map(|x| x.0);
    if let Some(v) = e.entry.table.get("between") {
        let pair = e.strings("between");
        if pair.len() == 2 {
            s.between = Some([pair[0].0.clone(), pair[1].0.clone()]);
        } else {
            let message = format!("{}: between: expected two node ids", e.label());
            e.error(v.span(), message);
            ok = false;
        }
    }
    s.mode = e.mode("mode");
    s.country = e.country("country");
    let given = LINK_SELECT.iter().any(|k| e.entry.table.contains_key(*k));
    if !given {
        let message = format!(
            "{}: nothing says which links to {}",
            e.label(),
            verb(action)
        );
        e.error(span.clone(), message).hint = Some(format!(
            "give one or more of: {}",
            if action == "close" {
                [NODE_SELECT, &LINK_SELECT[..6]].concat().join(", ")
            } else {
                LINK_SELECT.join(", ")
            }
        ));
        ok = false;
    }
    ok.then_some(s)
}

fn node_selector(e: &mut Reader<'_, '_>, span: &Span, action: &str) -> Option<NodeSelector> {
    let mut s = NodeSelector::default();
    if let Some((id, _)) = e.string("node") {
        s.ids.push(id);
    }
    s.ids.extend(e.strings("nodes").into_iter().map(|x| x.0));
    if let Some((kind, at)) = e.string("kind") {
        s.kind = NodeKind::parse(&kind);
        if s.kind.is_none() {
            let message = format!("{}: unknown kind {kind:?}", e.label());
            e.error(at, message).hint = Some(NodeKind::hint(&kind));
        }
    }
    s.country = e.country("country");
    if !NODE_SELECT.iter().any(|k| e.entry.table.contains_key(*k)) {
        let message = format!(
            "{}: nothing says which nodes to {}",
            e.label(),
            verb(action)
        );
        e.error(span.clone(), message).hint = Some(if action == "close" {
            format!(
                "give one or more of: {}",
                [NODE_SELECT, &LINK_SELECT[..6]].concat().join(", ")
            )
        } else {
            format!("give one or more of: {}", NODE_SELECT.join(", "))
        });
        return None;
    }
    Some(s)
}

fn verb(action: &str) -> &'static str {
    match action {
        "close" => "close",
        "scale_links" | "scale_nodes" => "scale",
        _ => "set",
    }
}

fn link_figures(e: &mut Reader<'_, '_>, span: &Span, scale: bool) -> Option<LinkFigures> {
    let what = if scale { "factor" } else { "value" };
    let (hours, cost, departures, left_behind) = if scale {
        (
            Figure::PositiveFactor,
            Figure::Factor,
            Figure::PositiveFactor,
            Figure::Factor,
        )
    } else {
        (
            Figure::LinkHours,
            Figure::Usd,
            Figure::DeparturesPerWeek,
            Figure::ShareBelowOne,
        )
    };
    let f = LinkFigures {
        hours: e.figure("hours", what, hours),
        cost_usd: e.figure("cost_usd", what, cost),
        departures_per_week: e.figure("departures_per_week", what, departures),
        delay: delay_figures(e, scale),
        left_behind_share: e.figure("left_behind_share", what, left_behind),
        months: e.months_of_figures(),
    };
    has_a_figure(e, span, scale, LINK_FIGURES).then_some(f)
}

fn node_figures(e: &mut Reader<'_, '_>, span: &Span, scale: bool) -> Option<NodeFigures> {
    let what = if scale { "factor" } else { "value" };
    let (hours, cost) = if scale {
        (Figure::Factor, Figure::Factor)
    } else {
        (Figure::NodeHours, Figure::Usd)
    };
    let f = NodeFigures {
        transfer_hours: e.figure("transfer_hours", what, hours),
        transfer_cost_usd: e.figure("transfer_cost_usd", what, cost),
        dwell_hours: e.figure("dwell_hours", what, hours),
        dwell_cost_usd: e.figure("dwell_cost_usd", what, cost),
        delay: delay_figures(e, scale),
        months: e.months_of_figures(),
    };
    has_a_figure(e, span, scale, NODE_FIGURES).then_some(f)
}

/// A delay's share, median and P90: factors (a share may be scaled to 0, hours must stay
/// above it) or values within the network's own ranges.
fn delay_figures(e: &mut Reader<'_, '_>, scale: bool) -> DelayFigures {
    let what = if scale { "factor" } else { "value" };
    let (share, hours) = if scale {
        (Figure::Factor, Figure::PositiveFactor)
    } else {
        (Figure::Share, Figure::DelayHours)
    };
    DelayFigures {
        share: e.figure("delay_share", what, share),
        median_hours: e.figure("delay_median_hours", what, hours),
        p90_hours: e.figure("delay_p90_hours", what, hours),
    }
}

/// A weather group's closed share and mean closure in some months, as factors or values.
fn group_figures(e: &mut Reader<'_, '_>, span: &Span, scale: bool) -> Option<GroupFigures> {
    let what = if scale { "factor" } else { "value" };
    let (share, hours) = if scale {
        (Figure::Factor, Figure::PositiveFactor)
    } else {
        (Figure::ShareBelowOne, Figure::DelayHours)
    };
    let f = GroupFigures {
        closed_share: e.figure("closed_share", what, share),
        mean_closure_hours: e.figure("mean_closure_hours", what, hours),
        months: e.months(),
    };
    has_a_figure(e, span, scale, GROUP_FIGURES).then_some(f)
}

/// Whether the change names at least one of `figures`; if not, reports that it has nothing
/// to scale or set.
fn has_a_figure(e: &mut Reader<'_, '_>, span: &Span, scale: bool, figures: &[&str]) -> bool {
    if figures.iter().any(|k| e.entry.table.contains_key(*k)) {
        return true;
    }
    let message = format!(
        "{}: no figure to {}",
        e.label(),
        if scale { "scale" } else { "set" }
    );
    e.error(span.clone(), message).hint =
        Some(format!("give one or more of: {}", figures.join(", ")));
    false
}

fn add_node(e: &mut Reader<'_, '_>, span: &Span) -> Option<Action> {
    e.check_keys(ADD_NODE_KEYS);
    e.check_required(
        span.clone(),
        &["id", "name", "country", "kind", "lat", "lon"],
    );
    let id = e.id("id");
    let name = e.name("name").map(|x| x.0);
    let country = e.country("country");
    let kind = e.string("kind").and_then(|(kind, at)| {
        let parsed = NodeKind::parse(&kind);
        if parsed.is_none() {
            let message = format!("{}: unknown kind {kind:?}", e.label());
            e.error(at, message).hint = Some(NodeKind::hint(&kind));
        }
        parsed
    });
    let lat = e.coordinate("lat", 90.0);
    let lon = e.coordinate("lon", 180.0);
    let figures = NodeFigures {
        transfer_hours: e.figure("transfer_hours", "value", Figure::NodeHours),
        transfer_cost_usd: e.figure("transfer_cost_usd", "value", Figure::Usd),
        dwell_hours: e.figure("dwell_hours", "value", Figure::NodeHours),
        dwell_cost_usd: e.figure("dwell_cost_usd", "value", Figure::Usd),
        ..NodeFigures::default()
    };
    let source = e.string("source").map(|x| x.0);
    Some(Action::AddNode(NewNode {
        id: id?,
        name: name?,
        country: country?,
        kind: kind?,
        lat: lat?,
        lon: lon?,
        figures,
        source,
    }))
}

fn add_link(e: &mut Reader<'_, '_>, span: &Span) -> Option<Action> {
    e.check_keys(ADD_LINK_KEYS);
    e.check_required(
        span.clone(),
        &["from", "to", "mode", "hours", "cost_usd", "source"],
    );
    let id = e.entry.table.get("id").and(e.id("id"));
    let from = e.string("from").map(|x| x.0);
    let to = e.string("to").map(|x| x.0);
    if let (Some(a), Some(b)) = (&from, &to)
        && a == b
    {
        let at = e.key_span("to").unwrap_or_else(|| span.clone());
        let message = format!("{}: a link cannot start and end at {a:?}", e.label());
        e.error(at, message);
    }
    let mode = e.mode("mode");
    let hours = e.figure("hours", "value", Figure::LinkHours);
    let cost_usd = e.figure("cost_usd", "value", Figure::Usd);
    let distance_km = e.figure("distance_km", "value", Figure::DistanceKm);
    let departures_per_week = e.figure("departures_per_week", "value", Figure::DeparturesPerWeek);
    let gauge_mm = e.gauge("gauge_mm");
    if gauge_mm.is_some()
        && mode.is_some_and(|m| m != Mode::Rail)
        && let Some(at) = e.key_span("gauge_mm")
    {
        let message = format!("{}: gauge_mm is only for rail links", e.label());
        e.error(at, message);
    }
    let two_way = e.boolean("two_way").unwrap_or(true);
    let waypoints = e.waypoints("waypoints");
    let source = e.string("source").map(|x| x.0);
    Some(Action::AddLink(NewLink {
        id,
        from: from?,
        to: to?,
        mode: mode?,
        hours: hours?,
        cost_usd: cost_usd?,
        distance_km,
        departures_per_week,
        gauge_mm,
        two_way,
        waypoints,
        source: Some(source?),
    }))
}

/// Reads the fields of one table, reporting each problem with the entry's label and recording
/// where each value was written.
/// A scenario table's reader: the network loader's [`Entry`] for the generic fields, plus the
/// scenario's own (figures with bounds, coordinates, gauges, modes, countries, ids).
struct Reader<'a, 'i> {
    entry: Entry<'a, 'i>,
}

impl<'a, 'i> Reader<'a, 'i> {
    fn new(table: &'a DeTable<'i>, label: String, problems: &'a mut Vec<Problem>) -> Self {
        Reader {
            entry: Entry {
                table,
                label,
                problems,
            },
        }
    }

    fn label(&self) -> &str {
        &self.entry.label
    }

    fn error(&mut self, span: Span, message: String) -> &mut Problem {
        let problems = &mut *self.entry.problems;
        problems.push(Problem::error(span, message));
        let last = problems.len() - 1;
        &mut problems[last]
    }

    fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.entry.get(key)
    }

    fn key_span(&self, key: &str) -> Option<Span> {
        self.get(key).map(Spanned::span)
    }

    /// Where each known value was written, for messages from `apply`.
    fn spans(&self) -> Vec<(&'static str, Span)> {
        [
            NODE_SELECT,
            LINK_SELECT,
            LINK_FIGURES,
            NODE_FIGURES,
            GROUP_KEYS,
            ADD_LINK_KEYS,
            ADD_NODE_KEYS,
            &["action"],
        ]
        .concat()
        .into_iter()
        .filter_map(|k| self.key_span(k).map(|s| (k, s)))
        .collect()
    }

    fn wrong_type(&mut self, key: &str, span: Span, expected: &str, found: &DeValue<'_>) {
        self.entry.wrong_type(key, span, expected, found);
    }

    fn check_keys(&mut self, known: &[&str]) {
        let known: Vec<&str> = known.iter().copied().chain(["action", "note"]).collect();
        self.entry.check_keys(&known);
        if let Some(v) = self.get("note")
            && !matches!(v.get_ref(), DeValue::String(_))
        {
            self.wrong_type("note", v.span(), "a string", v.get_ref());
        }
    }

    fn check_required(&mut self, span: Span, required: &[&str]) {
        self.entry.check_required(span, required);
    }

    fn string(&mut self, key: &str) -> Option<(String, Span)> {
        self.entry.string(key).map(|s| (s.value, s.span))
    }

    /// A string that names something, without control characters (see [`Entry::name`]).
    fn name(&mut self, key: &str) -> Option<(String, Span)> {
        self.entry.name(key).map(|s| (s.value, s.span))
    }

    fn strings(&mut self, key: &str) -> Vec<(String, Span)> {
        self.entry
            .strings(key)
            .into_iter()
            .map(|s| (s.value, s.span))
            .collect()
    }

    fn number_value(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<f64> {
        self.entry.number_value(key, value).map(|s| s.value)
    }

    fn number(&mut self, key: &str) -> Option<(f64, Span)> {
        self.entry.number(key).map(|s| (s.value, s.span))
    }

    /// A factor or value within the range of its kind (the one rule of [`Figure`]).
    fn figure(&mut self, key: &str, what: &str, kind: Figure) -> Option<f64> {
        let (x, span) = self.number(key)?;
        match kind.check(x) {
            Ok(x) => Some(x),
            Err(problem) => {
                let message = format!("{}: {key} {what} {problem}", self.label());
                self.error(span, message);
                None
            }
        }
    }

    /// The calendar months of `months = [1, 12]` (1 = January), every month when the key is
    /// absent; each item an integer from 1 to 12, named once, and at least one.
    fn months(&mut self) -> Months {
        const KEY: &str = "months";
        let Some(value) = self.get(KEY) else {
            return Months::ALL;
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(
                KEY,
                value.span(),
                "a list of months, 1 (January) to 12 (December)",
                value.get_ref(),
            );
            return Months::ALL;
        };
        if items.is_empty() {
            let message = format!("{}: `months = []` names no month", self.label());
            self.error(value.span(), message).hint =
                Some("leave months out for every month, or name 1 (January) to 12".to_owned());
            return Months::ALL;
        }
        let mut numbers: Vec<u8> = Vec::new();
        for item in items {
            if !matches!(item.get_ref(), DeValue::Integer(_)) {
                self.wrong_type(KEY, item.span(), "months as integers", item.get_ref());
                continue;
            }
            let Some(n) = self.number_value(KEY, item) else {
                continue;
            };
            let month = (1.0..=12.0).contains(&n).then_some(n as u8);
            match month {
                Some(m) if numbers.contains(&m) => {
                    let message = format!("{}: months: {m} is named twice", self.label());
                    self.error(item.span(), message);
                }
                Some(m) => numbers.push(m),
                None => {
                    let message = format!(
                        "{}: months: {n} is not a month (1 = January to 12 = December)",
                        self.label()
                    );
                    self.error(item.span(), message);
                }
            }
        }
        Months::from_numbers(&numbers).unwrap_or(Months::ALL)
    }

    /// `months` for a link or node change: it may narrow only the figures that differ by month
    /// (delays, boxes left behind), so a change that also names a yearly figure is an error at
    /// `months`.
    fn months_of_figures(&mut self) -> Months {
        let months = self.months();
        if let Some(span) = self.key_span("months")
            && let Some(yearly) = YEARLY_FIGURES
                .iter()
                .find(|k| self.entry.table.contains_key(**k))
        {
            let message = format!(
                "{}: months narrows the figures that differ by month (delays, \
                 left_behind_share); {yearly} is the same every month",
                self.label()
            );
            self.error(span, message).hint =
                Some(format!("put {yearly} in a [[change]] of its own"));
        }
        months
    }

    fn coordinate(&mut self, key: &str, limit: f64) -> Option<f64> {
        let (x, span) = self.number(key)?;
        if x.is_finite() && x.abs() <= limit {
            Some(x)
        } else {
            let message = format!(
                "{}: {key} {x} is out of range [-{limit}, {limit}]",
                self.label()
            );
            self.error(span, message);
            None
        }
    }

    fn gauge(&mut self, key: &str) -> Option<u32> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Integer(_) => {
                let x = self.number_value(key, value)?;
                if (500.0..=2000.0).contains(&x) {
                    Some(x as u32)
                } else {
                    let message = format!(
                        "{}: {key} {x} is not a plausible gauge (500 to 2000 mm)",
                        self.label()
                    );
                    self.error(value.span(), message);
                    None
                }
            }
            other => {
                self.wrong_type(key, value.span(), "an integer", other);
                None
            }
        }
    }

    fn boolean(&mut self, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        if let DeValue::Boolean(b) = value.get_ref() {
            Some(*b)
        } else {
            self.wrong_type(key, value.span(), "true or false", value.get_ref());
            None
        }
    }

    fn mode(&mut self, key: &str) -> Option<Mode> {
        let (name, span) = self.string(key)?;
        let mode = Mode::parse(&name);
        if mode.is_none() {
            let names = Mode::ALL.map(Mode::as_str);
            let message = format!("{}: unknown mode {name:?}", self.label());
            self.error(span, message).hint = Some(one_of_hint(&name, &names));
        }
        mode
    }

    fn country(&mut self, key: &str) -> Option<String> {
        let (code, span) = self.string(key)?;
        if Country::by_code(&code).is_some() {
            Some(code)
        } else {
            let message = format!("{}: {key} {code:?} is not an ISO code", self.label());
            self.error(span, message).hint = Some(country_hint(&code));
            None
        }
    }

    fn id(&mut self, key: &str) -> Option<String> {
        let (id, span) = self.string(key)?;
        let valid = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if valid {
            Some(id)
        } else {
            let message = format!(
                "{}: {key} {id:?} may only contain a-z, 0-9, _ and -",
                self.label()
            );
            self.error(span, message);
            None
        }
    }

    fn waypoints(&mut self, key: &str) -> Vec<[f64; 2]> {
        let mut out = Vec::new();
        for point in self.entry.waypoints(key) {
            let [lon, lat] = point.value;
            if lon.abs() <= 180.0 && lat.abs() <= 90.0 {
                out.push([lon, lat]);
            } else {
                let message = format!(
                    "{}: {key}: [{lon}, {lat}] is not a [lon, lat] point",
                    self.label()
                );
                self.error(point.span, message);
            }
        }
        out
    }
}
