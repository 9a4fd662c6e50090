//! Mirror types of a network file as the user wrote it, each value with its byte span. The text
//! is parsed into a spanned TOML document and read field by field, so that every syntax error,
//! unknown key, missing key and wrong type is collected rather than only the first; checks of
//! meaning (ranges, references, duplicates) are left to `validate`.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Mode;
use super::diagnostic::{Problem, one_of_hint};

/// A byte range in the input text.
pub(crate) type Span = Range<usize>;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sp<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// The whole file: its `[network]` table and its `[[node]]` and `[[link]]` entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawDoc {
    pub(crate) network: Option<RawNetwork>,
    pub(crate) nodes: Vec<RawNode>,
    pub(crate) links: Vec<RawLink>,
}

/// The `[network]` table.
#[derive(Debug, Clone)]
pub(crate) struct RawNetwork {
    pub(crate) header: Span,
    pub(crate) name: Option<Sp<String>>,
    /// `co2_kg_per_container_km`, indexed by [`Mode::index`].
    pub(crate) co2: [Option<Sp<f64>>; 4],
    /// `co2_ttw_g_per_tonne_km`, indexed by [`Mode::index`].
    pub(crate) co2_ttw: [Option<Sp<f64>>; 4],
    /// `co2_wtw_g_per_tonne_km`, indexed by [`Mode::index`].
    pub(crate) co2_wtw: [Option<Sp<f64>>; 4],
    pub(crate) co2_source: Option<Sp<String>>,
    /// The `[network.weather_groups.<id>]` tables, in file order.
    pub(crate) weather_groups: Vec<RawWeatherGroup>,
}

/// A figure written as one number or as an array of twelve, January first; each number with
/// its own span.
pub(crate) type RawMonthly = Sp<Vec<Sp<f64>>>;

/// One `[network.weather_groups.<id>]` table.
#[derive(Debug, Clone)]
pub(crate) struct RawWeatherGroup {
    pub(crate) id: Sp<String>,
    pub(crate) closed_share: Option<RawMonthly>,
    pub(crate) mean_closure_hours: Option<RawMonthly>,
    pub(crate) source: Option<Sp<String>>,
}

/// What can make a node or a link take longer than scheduled, as written.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawVariability {
    pub(crate) delay_share: Option<RawMonthly>,
    pub(crate) delay_median_hours: Option<RawMonthly>,
    pub(crate) delay_p90_hours: Option<RawMonthly>,
    /// Links only.
    pub(crate) left_behind_share: Option<RawMonthly>,
    pub(crate) weather_group: Option<Sp<String>>,
}

/// One `[[node]]` entry; a required field is `None` when it is missing or has the wrong type
/// (both already reported).
#[derive(Debug, Clone)]
pub(crate) struct RawNode {
    /// Position of the entry among the `[[node]]` entries, from 0.
    pub(crate) entry: usize,
    pub(crate) header: Span,
    pub(crate) id: Option<Sp<String>>,
    pub(crate) name: Option<Sp<String>>,
    pub(crate) aliases: Vec<Sp<String>>,
    pub(crate) country: Option<Sp<String>>,
    pub(crate) kind: Option<Sp<String>>,
    pub(crate) lat: Option<Sp<f64>>,
    pub(crate) lon: Option<Sp<f64>>,
    pub(crate) transfer_hours: Option<Sp<f64>>,
    pub(crate) transfer_cost_usd: Option<Sp<f64>>,
    pub(crate) dwell_hours: Option<Sp<f64>>,
    pub(crate) dwell_cost_usd: Option<Sp<f64>>,
    pub(crate) variability: RawVariability,
    /// Who is paid for the pass (a terminal, a border authority).
    pub(crate) operator: Option<Sp<String>>,
    /// `false`: the node takes no reefers.
    pub(crate) reefer: Option<Sp<bool>>,
    /// `false`: the node takes no dangerous goods.
    pub(crate) dangerous_goods: Option<Sp<bool>>,
    pub(crate) source: Option<Sp<String>>,
    /// Whether every required field was read.
    pub(crate) complete: bool,
}

/// One `[[link]]` entry; see [`RawNode`] for the meaning of `None`.
#[derive(Debug, Clone)]
pub(crate) struct RawLink {
    /// Position of the entry among the `[[link]]` entries, from 0.
    pub(crate) entry: usize,
    pub(crate) header: Span,
    pub(crate) id: Option<Sp<String>>,
    pub(crate) from: Option<Sp<String>>,
    pub(crate) to: Option<Sp<String>>,
    pub(crate) mode: Option<Sp<String>>,
    pub(crate) hours: Option<Sp<f64>>,
    pub(crate) cost_usd: Option<Sp<f64>>,
    pub(crate) distance_km: Option<Sp<f64>>,
    pub(crate) departures_per_week: Option<Sp<f64>>,
    /// Written as an integer; kept as a float so that any size can be range-checked.
    pub(crate) gauge_mm: Option<Sp<f64>>,
    pub(crate) two_way: Option<Sp<bool>>,
    pub(crate) co2_kg_per_container_km: Option<Sp<f64>>,
    /// The heaviest container (cargo and tare) the link takes, tonnes.
    pub(crate) max_gross_tonnes: Option<Sp<f64>>,
    /// `false`: the link takes no reefers.
    pub(crate) reefer: Option<Sp<bool>>,
    /// `false`: the link takes no dangerous goods.
    pub(crate) dangerous_goods: Option<Sp<bool>>,
    /// `[lon, lat]` pairs.
    pub(crate) waypoints: Vec<Sp<[f64; 2]>>,
    pub(crate) variability: RawVariability,
    /// Road only: 1 or 2, written as an integer.
    pub(crate) drivers: Option<Sp<f64>>,
    /// Who is paid for the leg (a railway, a shipping line, "road haulier").
    pub(crate) operator: Option<Sp<String>>,
    pub(crate) source: Option<Sp<String>>,
    /// Whether every required field was read.
    pub(crate) complete: bool,
}

const TOP_KEYS: &[&str] = &["network", "node", "link"];
const NETWORK_KEYS: &[&str] = &[
    "name",
    "description",
    "co2_kg_per_container_km",
    "co2_ttw_g_per_tonne_km",
    "co2_wtw_g_per_tonne_km",
    "co2_source",
    "weather_groups",
];
const WEATHER_GROUP_KEYS: &[&str] = &["closed_share", "mean_closure_hours", "source"];
const WEATHER_GROUP_REQUIRED: &[&str] = &["closed_share", "mean_closure_hours"];
const NETWORK_REQUIRED: &[&str] = &["name"];
const NODE_KEYS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "country",
    "kind",
    "lat",
    "lon",
    "transfer_hours",
    "transfer_cost_usd",
    "dwell_hours",
    "dwell_cost_usd",
    "delay_share",
    "delay_median_hours",
    "delay_p90_hours",
    "weather_group",
    "operator",
    "reefer",
    "dangerous_goods",
    "source",
];
const NODE_REQUIRED: &[&str] = &["id", "name", "country", "kind", "lat", "lon"];
const LINK_KEYS: &[&str] = &[
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
    "co2_kg_per_container_km",
    "max_gross_tonnes",
    "reefer",
    "dangerous_goods",
    "waypoints",
    "delay_share",
    "delay_median_hours",
    "delay_p90_hours",
    "left_behind_share",
    "weather_group",
    "drivers",
    "operator",
    "source",
];
const LINK_REQUIRED: &[&str] = &["from", "to", "mode", "hours", "cost_usd"];

/// How `node` and `link` entries are named in messages: `node "aktau"`, or `node 3` (1-based)
/// when the id is missing.
pub(crate) fn node_label(entry: usize, id: Option<&str>) -> String {
    match id {
        Some(id) if !id.is_empty() => format!("node {id:?}"),
        _ => format!("node {}", entry + 1),
    }
}

/// `link 12 ("aktau" -> "alat")`, with the 1-based entry number and the ids as written.
pub(crate) fn link_label(entry: usize, from: Option<&str>, to: Option<&str>) -> String {
    let show = |s: Option<&str>| s.map_or_else(|| "?".to_owned(), |s| format!("{s:?}"));
    match (from, to) {
        (None, None) => format!("link {}", entry + 1),
        _ => format!("link {} ({} -> {})", entry + 1, show(from), show(to)),
    }
}

/// Parses TOML text into a spanned document, pushing every syntax error to `problems` as
/// `invalid toml: ...` at its position. Shared by every TOML input (networks, scenarios,
/// references, pairs).
///
/// Returns `None` when the text is not valid TOML: the document the parser recovers from a
/// syntax error can lack keys or hold placeholder values, which would only add misleading
/// errors after the real one.
pub(crate) fn parse_document<'i>(
    text: &'i str,
    problems: &mut Vec<Problem>,
) -> Option<Spanned<DeTable<'i>>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(doc);
    }
    for e in errors {
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .trim_end_matches('.');
        let (span, message) = match e.span() {
            Some(span) => (span, format!("invalid toml: {message}")),
            None => match deepest_key(text) {
                Some((span, parts)) if message == "recursion limit" => (
                    span,
                    format!(
                        "invalid toml: a dotted key of {parts} parts is deeper than the parser \
                         reads ({KEY_PARTS_READ} parts at most)"
                    ),
                ),
                _ => (0..0, format!("invalid toml: {message}")),
            },
        };
        problems.push(Problem::error(span, message));
    }
    None
}

/// The most parts a dotted key (`a.b.c`) may have for the TOML parser, which reports longer
/// ones without a position.
const KEY_PARTS_READ: usize = 80;

/// The first key (in a `[table]` header or before an `=`) with more than [`KEY_PARTS_READ`]
/// dot-separated parts, and how many it has: where the parser's "recursion limit" is.
fn deepest_key(text: &str) -> Option<(Span, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_start();
        let lead = line.len() - body.len();
        let (key_start, key) = if let Some(header) = body.strip_prefix("[[") {
            (lead + 2, header)
        } else if let Some(header) = body.strip_prefix('[') {
            (lead + 1, header)
        } else {
            (lead, body)
        };
        // The key ends at the first `=` or `]` outside quotes; count the dots before it.
        let mut parts = 1;
        let mut quote: Option<char> = None;
        let mut end = key.len();
        for (i, c) in key.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, '.') => parts += 1,
                (None, '=' | ']' | '#' | '\n') => {
                    end = i;
                    break;
                }
                // Inside quotes, or a character of a bare key.
                _ => {}
            }
        }
        if parts > KEY_PARTS_READ {
            let from = start + key_start;
            let trimmed = key[..end].trim_end().len();
            return Some((from..from + trimmed, parts));
        }
    }
    None
}

/// Parses `text` into raw entries, pushing every structural problem to `problems`; `None` when
/// the text is not valid TOML (see [`parse_document`]).
pub(crate) fn parse(text: &str, problems: &mut Vec<Problem>) -> Option<RawDoc> {
    if let Some(slices) = entry_slices(text, SLICE_BYTES) {
        let before = problems.len();
        if let Some(raw) = parse_slices(text, &slices, problems) {
            return Some(raw);
        }
        problems.truncate(before);
    }
    parse_whole(text, problems)
}

/// Files are read in slices of about this many bytes when [`entry_slices`] allows.
const SLICE_BYTES: usize = 4 << 20;

/// Where to cut `text` into slices of about `target` bytes, each starting at a `[[node]]` or
/// `[[link]]` header line (the first slice at 0), so that the TOML parser, which keeps every
/// token of its input until it is done, holds one slice at a time and not a whole large file.
///
/// Cutting gives exactly the whole file's entries only when every slice after the first holds
/// nothing but whole `[[node]]` and `[[link]]` entries. So `None` (read the file whole) unless:
/// the file is more than one slice; it has no multi-line strings (`"""` or `'''`), which
/// could hold a line that looks like a header; no key sits before the first table header; and
/// every line that starts with `[` is `[network]`, a `[network.…]` table before the first
/// entry, or exactly `[[node]]` or `[[link]]`. Anything else, including multi-line arrays, is
/// read whole.
pub(crate) fn entry_slices(text: &str, target: usize) -> Option<Vec<usize>> {
    if text.len() <= target || text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut cuts = vec![0];
    let mut seen_header = false;
    let mut seen_entry = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !trimmed.starts_with('[') {
            // A key before any table header is a root key, which a slice would not see.
            if !seen_header {
                return None;
            }
            continue;
        }
        seen_header = true;
        if trimmed == "[[node]]" || trimmed == "[[link]]" {
            seen_entry = true;
            if start - cuts[cuts.len() - 1] >= target {
                cuts.push(start);
            }
        } else if seen_entry || !trimmed.starts_with("[network") || trimmed.starts_with("[[") {
            return None;
        }
    }
    (cuts.len() > 1).then_some(cuts)
}

/// Reads each slice of `text` (cut at `cuts`) as its own document and joins the entries, with
/// spans and entry numbers as the whole file gives them. `None` on any TOML syntax error, so
/// that the caller reports errors from the whole file exactly as without slicing.
fn parse_slices(text: &str, cuts: &[usize], problems: &mut Vec<Problem>) -> Option<RawDoc> {
    let mut raw: Option<RawDoc> = None;
    for (i, &start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).copied().unwrap_or(text.len());
        let before = problems.len();
        let (nodes, links) = raw
            .as_ref()
            .map_or((0, 0), |r| (r.nodes.len(), r.links.len()));
        let mut part = parse_from(&text[start..end], (nodes, links), problems)?;
        for problem in &mut problems[before..] {
            problem.span = problem.span.start + start..problem.span.end + start;
        }
        let Some(whole) = raw.as_mut() else {
            // The first slice holds the [network] table and any missing-table problem.
            raw = Some(part);
            continue;
        };
        // Later slices hold only entries: a missing [network] there is not a problem.
        problems.retain(|p| !(p.span == (start..start) && p.message == MISSING_NETWORK));
        for node in &mut part.nodes {
            node.shift(start);
        }
        for link in &mut part.links {
            link.shift(start);
        }
        whole.nodes.append(&mut part.nodes);
        whole.links.append(&mut part.links);
    }
    raw
}

/// Moves a span by `by` bytes.
fn shift_span(span: &mut Span, by: usize) {
    *span = span.start + by..span.end + by;
}

/// Moves the span of an optional spanned value by `by` bytes.
fn shift_sp<T>(value: &mut Option<Sp<T>>, by: usize) {
    if let Some(v) = value {
        shift_span(&mut v.span, by);
    }
}

impl RawNode {
    /// Moves every span by `by` bytes.
    fn shift(&mut self, by: usize) {
        shift_span(&mut self.header, by);
        for s in [
            &mut self.id,
            &mut self.name,
            &mut self.country,
            &mut self.kind,
            &mut self.operator,
            &mut self.source,
        ] {
            shift_sp(s, by);
        }
        for s in [
            &mut self.lat,
            &mut self.lon,
            &mut self.transfer_hours,
            &mut self.transfer_cost_usd,
            &mut self.dwell_hours,
            &mut self.dwell_cost_usd,
        ] {
            shift_sp(s, by);
        }
        shift_sp(&mut self.reefer, by);
        shift_sp(&mut self.dangerous_goods, by);
        for alias in &mut self.aliases {
            shift_span(&mut alias.span, by);
        }
        self.variability.shift(by);
    }
}

impl RawVariability {
    /// Moves every span by `by` bytes.
    fn shift(&mut self, by: usize) {
        for monthly in [
            &mut self.delay_share,
            &mut self.delay_median_hours,
            &mut self.delay_p90_hours,
            &mut self.left_behind_share,
        ]
        .into_iter()
        .flatten()
        {
            shift_span(&mut monthly.span, by);
            for x in &mut monthly.value {
                shift_span(&mut x.span, by);
            }
        }
        shift_sp(&mut self.weather_group, by);
    }
}

impl RawLink {
    /// Moves every span by `by` bytes.
    fn shift(&mut self, by: usize) {
        shift_span(&mut self.header, by);
        for s in [
            &mut self.id,
            &mut self.from,
            &mut self.to,
            &mut self.mode,
            &mut self.operator,
            &mut self.source,
        ] {
            shift_sp(s, by);
        }
        for s in [
            &mut self.hours,
            &mut self.cost_usd,
            &mut self.distance_km,
            &mut self.departures_per_week,
            &mut self.gauge_mm,
            &mut self.co2_kg_per_container_km,
            &mut self.max_gross_tonnes,
        ] {
            shift_sp(s, by);
        }
        shift_sp(&mut self.two_way, by);
        shift_sp(&mut self.reefer, by);
        shift_sp(&mut self.dangerous_goods, by);
        for waypoint in &mut self.waypoints {
            shift_span(&mut waypoint.span, by);
        }
        shift_sp(&mut self.drivers, by);
        self.variability.shift(by);
    }
}

/// The message for a file without a `[network]` table.
const MISSING_NETWORK: &str = "missing [network] table";

/// [`parse`] on the whole text as one document.
fn parse_whole(text: &str, problems: &mut Vec<Problem>) -> Option<RawDoc> {
    parse_from(text, (0, 0), problems)
}

/// [`parse_whole`] for a text whose first `[[node]]` and `[[link]]` entries are entries
/// `first.0` and `first.1` of the file (0-based), as the entry numbers in messages count them.
fn parse_from(text: &str, first: (usize, usize), problems: &mut Vec<Problem>) -> Option<RawDoc> {
    let doc = parse_document(text, problems)?;
    let doc = doc.get_ref();
    let mut raw = RawDoc::default();
    for (key, value) in doc {
        let name: &str = key.get_ref();
        match name {
            "network" => match value.get_ref() {
                DeValue::Table(t) => raw.network = Some(read_network(t, value.span(), problems)),
                other => problems.push(Problem::error(
                    value.span(),
                    format!(
                        "network: expected a table [network], found {}",
                        describe(other)
                    ),
                )),
            },
            "node" | "link" => {
                let DeValue::Array(items) = value.get_ref() else {
                    problems.push(Problem::error(
                        value.span(),
                        format!(
                            "{name}: expected an array of tables [[{name}]], found {}",
                            describe(value.get_ref())
                        ),
                    ));
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    let entry = i + if name == "node" { first.0 } else { first.1 };
                    match (name, item.get_ref()) {
                        ("node", DeValue::Table(t)) => {
                            raw.nodes.push(read_node(entry, t, item.span(), problems));
                        }
                        (_, DeValue::Table(t)) => {
                            raw.links.push(read_link(entry, t, item.span(), problems));
                        }
                        (_, other) => problems.push(Problem::error(
                            item.span(),
                            format!(
                                "{name} {}: expected a table, found {}",
                                entry + 1,
                                describe(other)
                            ),
                        )),
                    }
                }
            }
            _ => problems.push(
                Problem::error(key.span(), format!("unknown top-level key {name:?}"))
                    .hint(Some(one_of_hint(name, TOP_KEYS))),
            ),
        }
    }
    if raw.network.is_none() && !doc.contains_key("network") {
        problems.push(Problem::error(0..0, MISSING_NETWORK.to_owned()).hint(Some(
            "start the file with [network] and name = \"...\"".to_owned(),
        )));
    }
    Some(raw)
}

fn read_network(table: &DeTable<'_>, header: Span, problems: &mut Vec<Problem>) -> RawNetwork {
    let mut e = Entry {
        table,
        label: "network".to_owned(),
        problems,
    };
    e.check_keys(NETWORK_KEYS);
    let co2 = per_mode(&mut e, table, "co2_kg_per_container_km");
    let co2_ttw = per_mode(&mut e, table, "co2_ttw_g_per_tonne_km");
    let co2_wtw = per_mode(&mut e, table, "co2_wtw_g_per_tonne_km");
    let mut weather_groups = Vec::new();
    if let Some(value) = table.get("weather_groups") {
        match value.get_ref() {
            DeValue::Table(groups) => {
                for (id, group) in groups {
                    let id = Sp {
                        value: id.get_ref().to_string(),
                        span: id.span(),
                    };
                    match group.get_ref() {
                        DeValue::Table(t) => {
                            let mut sub = Entry {
                                table: t,
                                label: format!("weather group {:?}", id.value),
                                problems: e.problems,
                            };
                            sub.check_keys(WEATHER_GROUP_KEYS);
                            if let Some(problem) =
                                forbidden_char_problem("network", "weather_groups", &id)
                            {
                                sub.problems.push(problem);
                            }
                            weather_groups.push(RawWeatherGroup {
                                closed_share: sub.monthly("closed_share"),
                                mean_closure_hours: sub.monthly("mean_closure_hours"),
                                source: sub.string("source"),
                                id,
                            });
                            sub.check_required(group.span(), WEATHER_GROUP_REQUIRED);
                        }
                        other => e.wrong_type(
                            &format!("weather_groups.{}", id.value),
                            group.span(),
                            "a table with closed_share and mean_closure_hours",
                            other,
                        ),
                    }
                }
            }
            other => e.wrong_type(
                "weather_groups",
                value.span(),
                "a table of weather groups ([network.weather_groups.<id>])",
                other,
            ),
        }
    }
    // The description is for readers of the file; the model has no place for it.
    let _ = e.string("description");
    let network = RawNetwork {
        header: header.clone(),
        name: e.name("name"),
        co2,
        co2_ttw,
        co2_wtw,
        co2_source: e.string("co2_source"),
        weather_groups,
    };
    e.check_required(header, NETWORK_REQUIRED);
    network
}

/// A `[network]` table of numbers by mode (`{ rail = 0.25, sea = 0.15 }`), indexed by
/// [`Mode::index`]; a mode it does not give is `None`.
fn per_mode(e: &mut Entry<'_, '_>, table: &DeTable<'_>, key: &str) -> [Option<Sp<f64>>; 4] {
    let mut out = [None, None, None, None];
    if let Some(value) = table.get(key) {
        match value.get_ref() {
            DeValue::Table(t) => {
                let mut sub = Entry {
                    table: t,
                    label: format!("network {key}"),
                    problems: e.problems,
                };
                let names = Mode::ALL.map(Mode::as_str);
                sub.check_keys(&names);
                for mode in Mode::ALL {
                    out[mode.index()] = sub.number(mode.as_str());
                }
            }
            other => e.wrong_type(key, value.span(), "a table of numbers by mode", other),
        }
    }
    out
}

fn read_node(
    entry: usize,
    table: &DeTable<'_>,
    header: Span,
    problems: &mut Vec<Problem>,
) -> RawNode {
    let label = node_label(entry, peek_str(table, "id"));
    let mut e = Entry {
        table,
        label,
        problems,
    };
    e.check_keys(NODE_KEYS);
    let mut node = RawNode {
        entry,
        header: header.clone(),
        id: e.name("id"),
        name: e.name("name"),
        aliases: e.names("aliases"),
        country: e.string("country"),
        kind: e.string("kind"),
        lat: e.number("lat"),
        lon: e.number("lon"),
        transfer_hours: e.number("transfer_hours"),
        transfer_cost_usd: e.number("transfer_cost_usd"),
        dwell_hours: e.number("dwell_hours"),
        dwell_cost_usd: e.number("dwell_cost_usd"),
        variability: e.variability(false),
        operator: e.name("operator"),
        reefer: e.boolean("reefer"),
        dangerous_goods: e.boolean("dangerous_goods"),
        source: e.string("source"),
        complete: false,
    };
    e.check_required(header, NODE_REQUIRED);
    node.complete = node.id.is_some()
        && node.name.is_some()
        && node.country.is_some()
        && node.kind.is_some()
        && node.lat.is_some()
        && node.lon.is_some();
    node
}

fn read_link(
    entry: usize,
    table: &DeTable<'_>,
    header: Span,
    problems: &mut Vec<Problem>,
) -> RawLink {
    let label = link_label(entry, peek_str(table, "from"), peek_str(table, "to"));
    let mut e = Entry {
        table,
        label,
        problems,
    };
    e.check_keys(LINK_KEYS);
    let mut link = RawLink {
        entry,
        header: header.clone(),
        id: e.name("id"),
        from: e.string("from"),
        to: e.string("to"),
        mode: e.string("mode"),
        hours: e.number("hours"),
        cost_usd: e.number("cost_usd"),
        distance_km: e.number("distance_km"),
        departures_per_week: e.number("departures_per_week"),
        gauge_mm: e.integer("gauge_mm"),
        two_way: e.boolean("two_way"),
        co2_kg_per_container_km: e.number("co2_kg_per_container_km"),
        max_gross_tonnes: e.number("max_gross_tonnes"),
        reefer: e.boolean("reefer"),
        dangerous_goods: e.boolean("dangerous_goods"),
        waypoints: e.waypoints("waypoints"),
        variability: e.variability(true),
        drivers: e.integer("drivers"),
        operator: e.name("operator"),
        source: e.string("source"),
        complete: false,
    };
    e.check_required(header, LINK_REQUIRED);
    link.complete = link.from.is_some()
        && link.to.is_some()
        && link.mode.is_some()
        && link.hours.is_some()
        && link.cost_usd.is_some();
    link
}

/// The string under `key`, if it is one, without reporting anything (for labels).
fn peek_str<'a>(table: &'a DeTable<'_>, key: &str) -> Option<&'a str> {
    table.get(key).and_then(|v| v.get_ref().as_str())
}

/// "a string", "an integer", ... for "expected X, found Y".
pub(crate) fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(_) => "a string".to_owned(),
        DeValue::Integer(_) => "an integer".to_owned(),
        DeValue::Float(_) => "a float".to_owned(),
        DeValue::Boolean(_) => "a boolean".to_owned(),
        DeValue::Datetime(_) => "a date-time".to_owned(),
        DeValue::Array(a) if a.len() == 1 => "an array of 1 item".to_owned(),
        DeValue::Array(a) => format!("an array of {} items", a.len()),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

/// The first character of `s` that a name or an id may not contain: a control character
/// (U+0000 to U+001F, U+007F to U+009F: escape sequences, bells, form feeds, new lines), a line
/// or paragraph separator, a bidirectional override or isolate (which reorder what a terminal
/// shows), or a Unicode noncharacter (U+FFFE, U+FFFF, U+FDD0 to U+FDEF and the last two code
/// points of every plane). Names are printed in tables, maps and messages, where such
/// characters would change the terminal, break the XML or hide text.
pub(crate) fn forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        let u = u32::from(c);
        c.is_control()
            || matches!(u, 0x2028 | 0x2029 | 0x202A..=0x202E | 0x2066..=0x2069)
            || (0xFDD0..=0xFDEF).contains(&u)
            || u & 0xFFFE == 0xFFFE
    })
}

/// `U+001B (a control character)`, for messages about [`forbidden_char`].
pub(crate) fn describe_char(c: char) -> String {
    let what = if c.is_control() {
        "a control character"
    } else if matches!(u32::from(c), 0x2028 | 0x2029) {
        "a line separator"
    } else if matches!(u32::from(c), 0x202A..=0x202E | 0x2066..=0x2069) {
        "a bidirectional formatting character"
    } else {
        "a Unicode noncharacter"
    };
    format!("U+{:04X} ({what})", u32::from(c))
}

/// The problem for a name or id with a character it may not contain, at the value.
pub(crate) fn forbidden_char_problem(
    label: &str,
    key: &str,
    value: &Sp<String>,
) -> Option<Problem> {
    let c = forbidden_char(&value.value)?;
    Some(
        Problem::error(
            value.span.clone(),
            format!("{label}: {key} contains {}", describe_char(c)),
        )
        .hint(Some(
            "names and ids are printed in tables, maps and messages: remove it".to_owned(),
        )),
    )
}

/// A TOML integer or float as `f64`; integers of any size are accepted (large ones lose
/// precision), and `None` means the text is not a number Rust can read.
fn to_f64(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().parse().ok(),
        DeValue::Integer(i) => u128::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|v| v as f64),
        DeValue::Float(f) => f.as_str().parse().ok(),
        _ => None,
    }
}

/// Reads the fields of one table, reporting each problem with the entry's label (shared by
/// every TOML input format of the crate).
pub(crate) struct Entry<'a, 'i> {
    pub(crate) table: &'a DeTable<'i>,
    pub(crate) label: String,
    pub(crate) problems: &'a mut Vec<Problem>,
}

impl<'a, 'i> Entry<'a, 'i> {
    pub(crate) fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    pub(crate) fn wrong_type(
        &mut self,
        key: &str,
        span: Span,
        expected: &str,
        found: &DeValue<'_>,
    ) {
        let message = format!(
            "{}: {key}: expected {expected}, found {}",
            self.label,
            describe(found)
        );
        self.problems.push(Problem::error(span, message));
    }

    pub(crate) fn check_keys(&mut self, known: &[&str]) {
        for key in self.table.keys() {
            let name: &str = key.get_ref();
            if !known.contains(&name) {
                let message = format!("{}: unknown key {name:?}", self.label);
                self.problems
                    .push(Problem::error(key.span(), message).hint(Some(one_of_hint(name, known))));
            }
        }
    }

    pub(crate) fn check_required(&mut self, header: Span, required: &[&str]) {
        let missing: Vec<String> = required
            .iter()
            .filter(|k| !self.table.contains_key(**k))
            .map(|k| format!("{k:?}"))
            .collect();
        if missing.is_empty() {
            return;
        }
        let s = if missing.len() == 1 { "" } else { "s" };
        let message = format!("{}: missing key{s} {}", self.label, missing.join(", "));
        self.problems.push(Problem::error(header, message));
    }

    pub(crate) fn string(&mut self, key: &str) -> Option<Sp<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Sp {
                value: s.to_string(),
                span: value.span(),
            }),
            other => {
                self.wrong_type(key, value.span(), "a string", other);
                None
            }
        }
    }

    /// A string that names something (a name, an id, an alias): as [`Entry::string`], and an
    /// error when it holds a [`forbidden_char`].
    pub(crate) fn name(&mut self, key: &str) -> Option<Sp<String>> {
        let value = self.string(key)?;
        if let Some(problem) = forbidden_char_problem(&self.label, key, &value) {
            self.problems.push(problem);
        }
        Some(value)
    }

    /// Strings that name something, as [`Entry::name`].
    pub(crate) fn names(&mut self, key: &str) -> Vec<Sp<String>> {
        let values = self.strings(key);
        for (i, value) in values.iter().enumerate() {
            if let Some(problem) =
                forbidden_char_problem(&self.label, &format!("{key}[{i}]"), value)
            {
                self.problems.push(problem);
            }
        }
        values
    }

    pub(crate) fn strings(&mut self, key: &str) -> Vec<Sp<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, value.span(), "an array of strings", value.get_ref());
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) => out.push(Sp {
                    value: s.to_string(),
                    span: item.span(),
                }),
                other => self.wrong_type(&format!("{key}[{i}]"), item.span(), "a string", other),
            }
        }
        out
    }

    pub(crate) fn number(&mut self, key: &str) -> Option<Sp<f64>> {
        let value = self.get(key)?;
        self.number_value(key, value)
    }

    pub(crate) fn number_value(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Sp<f64>> {
        match value.get_ref() {
            v @ (DeValue::Integer(_) | DeValue::Float(_)) => {
                if let Some(x) = to_f64(v) {
                    Some(Sp {
                        value: x,
                        span: value.span(),
                    })
                } else {
                    let message = format!("{}: {key}: number is too large", self.label);
                    self.problems.push(Problem::error(value.span(), message));
                    None
                }
            }
            other => {
                self.wrong_type(key, value.span(), "a number", other);
                None
            }
        }
    }

    pub(crate) fn integer(&mut self, key: &str) -> Option<Sp<f64>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Integer(_) => self.number_value(key, value),
            other => {
                self.wrong_type(key, value.span(), "an integer", other);
                None
            }
        }
    }

    /// A figure that may differ by month: one number, or an array of exactly twelve (January
    /// first).
    pub(crate) fn monthly(&mut self, key: &str) -> Option<RawMonthly> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Array(items) => {
                if items.len() != 12 {
                    let message = format!(
                        "{}: {key}: expected one number or 12 (January to December), found {} \
                         number{}",
                        self.label,
                        items.len(),
                        if items.len() == 1 { "" } else { "s" }
                    );
                    self.problems.push(Problem::error(value.span(), message));
                    return None;
                }
                let months: Vec<Sp<f64>> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.number_value(&format!("{key}[{i}]"), item))
                    .collect();
                (months.len() == 12).then(|| Sp {
                    value: months,
                    span: value.span(),
                })
            }
            _ => self.number_value(key, value).map(|x| Sp {
                span: x.span.clone(),
                value: vec![x],
            }),
        }
    }

    /// The keys a node or a link (`link`: also boxes left behind) may give about its delays and
    /// closures.
    pub(crate) fn variability(&mut self, link: bool) -> RawVariability {
        RawVariability {
            delay_share: self.monthly("delay_share"),
            delay_median_hours: self.monthly("delay_median_hours"),
            delay_p90_hours: self.monthly("delay_p90_hours"),
            left_behind_share: if link {
                self.monthly("left_behind_share")
            } else {
                None
            },
            weather_group: self.string("weather_group"),
        }
    }

    pub(crate) fn boolean(&mut self, key: &str) -> Option<Sp<bool>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Sp {
                value: *b,
                span: value.span(),
            }),
            other => {
                self.wrong_type(key, value.span(), "true or false", other);
                None
            }
        }
    }

    pub(crate) fn waypoints(&mut self, key: &str) -> Vec<Sp<[f64; 2]>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(
                key,
                value.span(),
                "an array of [lon, lat] pairs",
                value.get_ref(),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let name = format!("{key}[{i}]");
            match item.get_ref() {
                DeValue::Array(pair) if pair.len() == 2 => {
                    let lon = pair
                        .first()
                        .and_then(|v| self.number_value(&format!("{name}[0]"), v));
                    let lat = pair
                        .get(1)
                        .and_then(|v| self.number_value(&format!("{name}[1]"), v));
                    if let (Some(lon), Some(lat)) = (lon, lat) {
                        out.push(Sp {
                            value: [lon.value, lat.value],
                            span: item.span(),
                        });
                    }
                }
                other => self.wrong_type(
                    &name,
                    item.span(),
                    "[lon, lat], an array of 2 numbers",
                    other,
                ),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plants problems in a network text: a wrong type, an unknown key and a missing field, at
    /// the last occurrence of each field (so in a late slice).
    fn with_problems(text: &str) -> String {
        let mut text = text.to_owned();
        for (find, replace) in [
            ("\nlat = ", "\nlat = \"north\" # "),
            ("\nmode = ", "\nspeed = 3\nmode = "),
            ("\nhours = ", "\n# hours = "),
        ] {
            let at = text.rfind(find).expect("field present");
            text.replace_range(at..at + find.len(), replace);
        }
        text
    }

    #[test]
    fn slices_read_exactly_what_the_whole_file_reads() {
        let bundled = include_str!("../../networks/middle_corridor.toml");
        let synthetic = crate::generate::generate_toml(2_000, 9);
        for text in [
            bundled.to_owned(),
            with_problems(bundled),
            synthetic.clone(),
            with_problems(&synthetic),
        ] {
            let cuts = entry_slices(&text, 8_192).expect("sliceable");
            assert!(cuts.len() > 3, "{} slices", cuts.len());
            let (mut whole_problems, mut sliced_problems) = (Vec::new(), Vec::new());
            let whole = parse_whole(&text, &mut whole_problems).expect("valid toml");
            let sliced = parse_slices(&text, &cuts, &mut sliced_problems).expect("valid toml");
            assert_eq!(format!("{whole:?}"), format!("{sliced:?}"));
            let order = |p: &Problem| (p.span.start, p.span.end, p.message.clone());
            whole_problems.sort_by_key(order);
            sliced_problems.sort_by_key(order);
            assert_eq!(whole_problems, sliced_problems);
        }
        // The planted problems are found, and in a later slice.
        let mut problems = Vec::new();
        let text = with_problems(&synthetic);
        let cuts = entry_slices(&text, 8_192).expect("sliceable");
        parse_slices(&text, &cuts, &mut problems);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().all(|p| p.span.start > cuts[1]));
    }

    #[test]
    fn files_that_slices_could_misread_are_read_whole() {
        let entries = "[[node]]\nid = \"a\"\n".repeat(100);
        let network = "[network]\nname = \"n\"\n";
        let sliceable = format!("{network}{entries}");
        assert!(entry_slices(&sliceable, 64).is_some());
        // Small enough for one slice.
        assert!(entry_slices(&sliceable, 1 << 20).is_none());
        for text in [
            // A multi-line string could hold a line that looks like a header.
            format!("{network}{entries}[[node]]\nname = \"\"\"\n[[node]]\n\"\"\"\n"),
            format!("{network}{entries}[[node]]\nname = '''x'''\n"),
            // A root key, or a table other than [network] before the entries or after them.
            format!("title = \"x\"\n{network}{entries}"),
            format!("{network}[node]\nid = 1\n{entries}"),
            format!("{network}{entries}[network.co2_kg_per_container_km]\nrail = 1.0\n"),
            format!("{network}{entries}[[ node ]]\nid = \"b\"\n"),
            // A multi-line array whose lines start with a bracket.
            format!("{network}{entries}[[link]]\nwaypoints = [\n  [1.0, 2.0],\n]\n"),
        ] {
            assert!(entry_slices(&text, 64).is_none(), "{text}");
        }
    }

    fn parse_ok(text: &str) -> (RawDoc, Vec<Problem>) {
        let mut problems = Vec::new();
        let doc = parse(text, &mut problems);
        (doc.unwrap_or_default(), problems)
    }

    #[test]
    fn integers_of_any_form_are_numbers() {
        let text = "[network]\nname = \"n\"\n[[link]]\nfrom = \"a\"\nto = \"b\"\nmode = \"rail\"\n\
                    hours = 1_000\ncost_usd = 0x10\ndistance_km = 99999999999999999999999\n";
        let (doc, problems) = parse_ok(text);
        assert!(problems.is_empty(), "{problems:?}");
        let link = &doc.links[0];
        assert_eq!(link.hours.as_ref().map(|h| h.value), Some(1000.0));
        assert_eq!(link.cost_usd.as_ref().map(|h| h.value), Some(16.0));
        assert!(link.distance_km.as_ref().is_some_and(|d| d.value > 9e22));
        assert!(link.complete);
    }

    #[test]
    fn huge_hex_integer_is_reported_not_truncated() {
        let text =
            "[network]\nname = \"n\"\n[[link]]\nhours = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\n";
        let (_, problems) = parse_ok(text);
        assert!(
            problems
                .iter()
                .any(|p| p.message == "link 1: hours: number is too large"),
            "{problems:?}"
        );
    }

    #[test]
    fn syntax_errors_stop_before_structure() {
        let mut problems = Vec::new();
        assert!(parse("a = \"x\nb = = 2\n", &mut problems).is_none());
        assert!(problems.len() >= 2);
        assert!(
            problems
                .iter()
                .all(|p| p.message.starts_with("invalid toml: "))
        );
    }

    #[test]
    fn labels() {
        assert_eq!(node_label(2, Some("aktau")), "node \"aktau\"");
        assert_eq!(node_label(2, Some("")), "node 3");
        assert_eq!(link_label(0, Some("a"), None), "link 1 (\"a\" -> ?)");
        assert_eq!(link_label(0, None, None), "link 1");
    }
}
