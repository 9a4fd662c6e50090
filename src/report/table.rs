//! The human report: the query and the units on top, one line per route (fitted to a width
//! by wrapping the text columns), and, when asked for, each route's build-up: legs, waits,
//! dwell and transfers, with a total row they add up to.

use super::figures::Quantity;
use super::items::ItemKind;
use super::{Report, RouteReport};
use std::fmt::Write;

/// How a table report is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOptions {
    /// The widest a line may be, in characters; the text columns (via, why, item) wrap to
    /// keep within it, down to a minimum of [`MIN_TEXT_WIDTH`] each.
    pub width: usize,
    /// Whether each route's build-up (legs, waits, dwell, transfers) follows the overview.
    pub legs: bool,
    /// The groupings of each route's cost shown after its build-up (`--by`), in this order.
    pub by: Vec<CostGrouping>,
}

/// A way to group a route's cost in the table (`--by operator`, `--by country`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostGrouping {
    /// By who is paid: the operator of each leg and node passed.
    Operator,
    /// By country (a leg across a border is a group of its own, `GE–RO`).
    Country,
}

impl CostGrouping {
    /// `operator`, `country`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            CostGrouping::Operator => "operator",
            CostGrouping::Country => "country",
        }
    }
}

impl Default for TableOptions {
    /// 100 columns, with the build-ups.
    fn default() -> Self {
        TableOptions {
            width: 100,
            legs: true,
            by: Vec::new(),
        }
    }
}

/// The narrowest a wrapped text column gets, whatever the width.
pub const MIN_TEXT_WIDTH: usize = 12;

pub(crate) fn pad(s: &str, width: usize) -> String {
    let len = s.chars().count();
    if len >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - len))
    }
}

fn left_pad(s: &str, width: usize) -> String {
    let len = s.chars().count();
    if len >= width {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(width - len))
    }
}

/// Renders a report as text for people, 100 columns wide, with every route's build-up.
#[must_use]
pub fn to_table(report: &Report) -> String {
    to_table_with(report, &TableOptions::default())
}

/// Renders a report as text for people, laid out as `options` says.
#[must_use]
pub fn to_table_with(report: &Report, options: &TableOptions) -> String {
    let width = options.width;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) → {} ({}) · {}",
        report.from.name, report.from.country, report.to.name, report.to.country, report.network
    );
    let mut query = vec![report.query.what()];
    query.extend(report.query.conditions());
    for line in wrap(&query.join(" · "), width) {
        let _ = writeln!(out, "{line}");
    }
    if report.routes.is_empty() {
        let _ = writeln!(out, "no route");
        return out;
    }
    out.push('\n');
    write_overview(&mut out, report, width);
    if options.legs || !options.by.is_empty() {
        for route in &report.routes {
            out.push('\n');
            let cost = cost_header(report);
            if options.legs {
                write_route(&mut out, route, cost, width);
            } else {
                write_route_title(&mut out, route, width);
            }
            for &grouping in &options.by {
                write_cost_groups(&mut out, route, grouping, cost, width);
            }
        }
    }
    out.push('\n');
    if report.omitted > 0 {
        let _ = writeln!(
            out,
            "+{} more Pareto-optimal route{} not shown (--pareto lists them all)",
            report.omitted,
            if report.omitted == 1 { "" } else { "s" }
        );
    }
    for note in &report.notes {
        for line in wrap(&format!("note: {note}"), width) {
            let _ = writeln!(out, "{line}");
        }
    }
    let mut units = vec![
        "days: expected door to door (the mean over waits, delays and closures); best: every \
         connection made at once, no waits or delays"
            .to_owned(),
    ];
    if let Some(sim) = report.query.simulation {
        units.push(format!(
            "P90: 9 boxes in 10 arrive within it (simulated, {} samples, seed {})",
            crate::report::figures::thousands(sim.samples as f64),
            sim.seed
        ));
    }
    units.push(format!(
        "{}; {}",
        report.units.cost_unit, report.units.co2_note
    ));
    if options.legs {
        units.push(
            "legs: scheduled hours in motion; wait: to board, for a sailing when left behind, for \
             a closure to end; delay: expected beyond the schedule; all expected values"
                .to_owned(),
        );
    } else {
        units.push("--legs shows each route's legs, waits, delays, dwell and transfers".to_owned());
    }
    for line in units.iter().flat_map(|u| wrap(u, width)) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// One line per route: the totals side by side, the gateways (or corridor), and why the route
/// is shown.
/// How an overview column reads a route.
type Cell = Box<dyn Fn(&RouteReport) -> String>;

fn write_overview(out: &mut String, report: &Report, width: usize) {
    let late = report.routes.iter().any(|r| r.p90_days.is_some());
    let on_time = report
        .routes
        .iter()
        .any(|r| r.on_time_probability.is_some());
    let place = |r: &RouteReport| {
        if report.by_corridor {
            r.corridor.clone()
        } else if r.gateways.is_empty() {
            "-".to_owned()
        } else {
            r.gateways.join(", ")
        }
    };
    let chance =
        |p: Option<f64>| p.map_or_else(|| "-".to_owned(), |p| format!("{:.0}%", p * 100.0));
    // Every column that can be shown, with its cells and the priority it keeps its place with
    // on a narrow terminal (the lowest goes first).
    let mut all: Vec<(Column, u8, Cell)> = vec![
        (Column::number("#"), 9, Box::new(|r| r.rank.to_string())),
        (
            Column::number("days"),
            9,
            Box::new(|r| Quantity::Days.show(r.days)),
        ),
        (
            Column::number("best"),
            3,
            Box::new(|r| Quantity::Days.show(r.best_days)),
        ),
    ];
    if late {
        all.push((
            Column::number("P90"),
            6,
            Box::new(|r| {
                r.p90_days
                    .map_or_else(|| "-".to_owned(), |d| Quantity::Days.show(d))
            }),
        ));
    }
    if on_time {
        all.push((
            Column::number("on time"),
            7,
            Box::new(move |r| chance(r.on_time_probability)),
        ));
    }
    all.extend::<[(Column, u8, Cell); 4]>([
        (
            Column::number(cost_header(report)),
            9,
            Box::new(|r| Quantity::Usd.show(r.cost_usd)),
        ),
        (
            Column::number("transfers"),
            5,
            Box::new(|r| r.transfers.to_string()),
        ),
        (
            Column::number("km"),
            1,
            Box::new(|r| Quantity::Km.show(r.distance_km)),
        ),
        (
            Column::number("kg CO2e"),
            2,
            Box::new(|r| Quantity::Kg.show(r.co2_kg)),
        ),
    ]);
    // Drop number columns, least important first, until the text columns have room.
    let natural = |(c, _, cell): &(Column, u8, Cell)| {
        report
            .routes
            .iter()
            .map(|r| cell(r).chars().count())
            .chain([c.header.chars().count()])
            .max()
            .unwrap_or(0)
    };
    let text_columns = 2;
    let needed = |kept: &[(Column, u8, Cell)]| {
        2 + kept.iter().map(natural).sum::<usize>()
            + 2 * (kept.len() + text_columns - 1)
            + text_columns * MIN_TEXT_WIDTH
    };
    let mut dropped: Vec<&'static str> = Vec::new();
    while needed(&all) > width {
        let Some((at, _)) = all
            .iter()
            .enumerate()
            .filter(|(_, c)| c.1 < 9)
            .min_by_key(|(_, c)| c.1)
        else {
            break;
        };
        dropped.push(all.remove(at).0.header);
    }
    let mut columns: Vec<Column> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    for (column, _, cell) in all {
        columns.push(column);
        cells.push(cell);
    }
    columns.push(Column::text(if report.by_corridor {
        "corridor"
    } else {
        "via"
    }));
    columns.push(Column::text("why"));
    let rows: Vec<Vec<String>> = report
        .routes
        .iter()
        .map(|r| {
            let mut row: Vec<String> = cells.iter().map(|cell| cell(r)).collect();
            row.push(place(r));
            row.push(r.labels.join(" · "));
            row
        })
        .collect();
    write_columns(out, 2, &columns, &rows, width);
    if !dropped.is_empty() {
        let _ = writeln!(
            out,
            "  (narrow: {} left out; a wider terminal, --legs or --format json shows them)",
            dropped.join(", ")
        );
    }
}

/// A route's rank and labels, the first line of its section.
fn write_route_title(out: &mut String, r: &RouteReport, width: usize) {
    let labels = if r.labels.is_empty() {
        String::new()
    } else {
        format!(" · {}", r.labels.join(" · "))
    };
    for line in wrap(&format!("#{}{labels}", r.rank), width) {
        let _ = writeln!(out, "{line}");
    }
}

/// A route's cost by operator or by country: one row per group in route order, with its
/// share, and the total they add up to.
fn write_cost_groups(
    out: &mut String,
    r: &RouteReport,
    grouping: CostGrouping,
    cost: &'static str,
    width: usize,
) {
    let groups = match grouping {
        CostGrouping::Operator => &r.cost_by_operator,
        CostGrouping::Country => &r.cost_by_country,
    };
    let _ = writeln!(out, "  cost by {}", grouping.as_str());
    let columns = [
        Column::text(grouping.as_str()),
        Column::number("items"),
        Column::number(cost),
        Column::number("share"),
    ];
    let mut rows: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.items.to_string(),
                Quantity::Usd.show(g.cost_usd),
                format!("{:.1}%", g.share * 100.0),
            ]
        })
        .collect();
    rows.push(vec![
        "total".to_owned(),
        groups.iter().map(|g| g.items).sum::<usize>().to_string(),
        Quantity::Usd.show(r.cost_usd),
        if r.cost_usd > 0.0 { "100.0%" } else { "" }.to_owned(),
    ]);
    write_columns(out, 2, &columns, &rows, width);
}

/// The header of a cost column: `USD/FEU` for a 40', else `USD/20'` and so on.
fn cost_header(report: &Report) -> &'static str {
    match report.units.cargo.container {
        "20" => "USD/20'",
        "40hc" => "USD/40'HC",
        "45" => "USD/45'",
        "reefer20" => "USD/20'RF",
        "reefer40" => "USD/40'RF",
        _ => "USD/FEU",
    }
}

fn write_route(out: &mut String, r: &RouteReport, cost: &'static str, width: usize) {
    write_route_title(out, r, width);
    let generalised = r
        .generalised_cost_usd
        .map(|g| format!(" · generalised USD {}", Quantity::Usd.show(g)))
        .unwrap_or_default();
    let mut late = format!(" · best {} days", Quantity::Days.show(r.best_days));
    if let (Some(p50), Some(p90)) = (r.p50_days, r.p90_days) {
        let _ = write!(
            late,
            " · P50 {} · P90 {} days",
            Quantity::Days.show(p50),
            Quantity::Days.show(p90)
        );
    }
    if let Some(p) = r.on_time_probability {
        let _ = write!(late, " · {:.0}% on time", p * 100.0);
    }
    let totals = format!(
        "{} days expected ({} h){late} · USD {} · {} transfer{} · {} km · {} kg CO2e \
         tank-to-wheel ({} well-to-wheel){generalised}",
        Quantity::Days.show(r.days),
        Quantity::Hours.show(r.hours),
        Quantity::Usd.show(r.cost_usd),
        r.transfers,
        if r.transfers == 1 { "" } else { "s" },
        Quantity::Km.show(r.distance_km),
        Quantity::Kg.show(r.co2_kg),
        Quantity::Kg.show(r.co2_wtw_kg),
    );
    for line in wrap(&totals, width.saturating_sub(2)) {
        let _ = writeln!(out, "  {line}");
    }
    let path = format!("{} · corridor: {}", r.modes.join(" → "), r.corridor);
    for line in wrap(&path, width.saturating_sub(2)) {
        let _ = writeln!(out, "  {line}");
    }
    let columns = [
        Column::text("item"),
        Column::text("mode"),
        Column::number("hours"),
        Column::number(cost),
        Column::number("km"),
        Column::number("kg CO2e"),
    ];
    let blank_zero = |q: Quantity, x: f64| {
        if x == 0.0 { String::new() } else { q.show(x) }
    };
    let mut rows: Vec<Vec<String>> = r
        .items()
        .iter()
        .map(|item| {
            let what = match item.kind {
                ItemKind::Leg => format!("{} → {}", item.from_name, item.to_name),
                ItemKind::Wait => format!("{}: wait to board", item.from_name),
                ItemKind::Delay if item.from == item.to => {
                    format!("{}: delay", item.from_name)
                }
                ItemKind::Delay => format!("{} → {}: delay", item.from_name, item.to_name),
                ItemKind::Dwell => format!("{}: border/dwell", item.from_name),
                ItemKind::Transfer => format!("{}: transfer", item.from_name),
            };
            let usd = if matches!(item.kind, ItemKind::Wait | ItemKind::Delay) {
                String::new()
            } else {
                Quantity::Usd.show(item.cost_usd)
            };
            vec![
                what,
                item.mode.clone(),
                Quantity::Hours.show(item.hours),
                usd,
                blank_zero(Quantity::Km, item.distance_km),
                blank_zero(Quantity::Kg, item.co2_kg),
            ]
        })
        .collect();
    rows.push(vec![
        "total".to_owned(),
        String::new(),
        Quantity::Hours.show(r.hours),
        Quantity::Usd.show(r.cost_usd),
        Quantity::Km.show(r.distance_km),
        Quantity::Kg.show(r.co2_kg),
    ]);
    write_columns(out, 2, &columns, &rows, width);
}

/// A column of a text table: numbers are right-aligned and never wrapped; text is
/// left-aligned and wraps when the table would be too wide.
struct Column {
    header: &'static str,
    number: bool,
}

impl Column {
    fn number(header: &'static str) -> Column {
        Column {
            header,
            number: true,
        }
    }

    fn text(header: &'static str) -> Column {
        Column {
            header,
            number: false,
        }
    }
}

/// Writes a table indented by `indent` spaces, two spaces between columns, trailing blanks
/// trimmed. When the natural width is over `width`, the text columns share what the number
/// columns leave: each gets its natural width if it fits in an even share, the others split
/// the rest (at least [`MIN_TEXT_WIDTH`] each), and their cells wrap onto more lines.
fn write_columns(
    out: &mut String,
    indent: usize,
    columns: &[Column],
    rows: &[Vec<String>],
    width: usize,
) {
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |s| s.chars().count()))
                .chain([c.header.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut widths = natural.clone();
    let total = indent + natural.iter().sum::<usize>() + 2 * columns.len().saturating_sub(1);
    if total > width {
        let fixed: usize = columns
            .iter()
            .zip(&natural)
            .filter(|(c, _)| c.number)
            .map(|(_, w)| w)
            .sum();
        let mut left = width
            .saturating_sub(indent + fixed + 2 * columns.len().saturating_sub(1))
            .max(MIN_TEXT_WIDTH);
        let mut open: Vec<usize> = (0..columns.len()).filter(|&i| !columns[i].number).collect();
        // Water-filling: narrow columns take their natural width, the rest share evenly.
        loop {
            let share = left / open.len().max(1);
            let (fit, wide): (Vec<usize>, Vec<usize>) =
                open.iter().partition(|&&i| natural[i] <= share);
            if fit.is_empty() {
                for (n, &i) in wide.iter().enumerate() {
                    let extra = usize::from(n < left % wide.len().max(1));
                    widths[i] = (share + extra).max(MIN_TEXT_WIDTH);
                }
                break;
            }
            for &i in &fit {
                left -= natural[i];
            }
            open = wide;
            if open.is_empty() {
                break;
            }
        }
    }
    let header: Vec<String> = columns.iter().map(|c| c.header.to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let cells: Vec<Vec<String>> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cell = row.get(i).map_or("", String::as_str);
                if c.number {
                    vec![cell.to_owned()]
                } else {
                    wrap(cell, widths[i])
                }
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let mut text = " ".repeat(indent);
            for (i, c) in columns.iter().enumerate() {
                if i > 0 {
                    text.push_str("  ");
                }
                let cell = cells[i].get(line).map_or("", String::as_str);
                if c.number {
                    text.push_str(&left_pad(cell, widths[i]));
                } else {
                    text.push_str(&pad(cell, widths[i]));
                }
            }
            let _ = writeln!(out, "{}", text.trim_end());
        }
    }
}

/// Breaks `text` into lines of at most `width` characters: after `, ` or ` · ` where it can,
/// else at a space, else inside a word. Always at least one line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    if text.chars().count() <= width {
        return vec![text.to_owned()];
    }
    // Pieces that end at a preferred break, each split further at spaces if too long.
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let ends = (c == ',' && chars.peek() == Some(&' ')) || (c == '·');
        if ends {
            if let Some(&' ') = chars.peek() {
                current.push(' ');
                chars.next();
            }
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    // A short piece (a place name and its comma) stays whole; a long one (a clause of prose)
    // fills lines word by word.
    let whole = width.min(width.div_ceil(2).max(24));
    let mut words: Vec<String> = Vec::new();
    for piece in pieces {
        if piece.trim_end().chars().count() <= whole {
            words.push(piece);
        } else {
            for word in piece.split_inclusive(' ') {
                let mut chunk = String::new();
                for c in word.chars() {
                    if chunk.chars().count() == width {
                        words.push(std::mem::take(&mut chunk));
                    }
                    chunk.push(c);
                }
                words.push(chunk);
            }
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        let candidate = line.chars().count() + word.trim_end().chars().count();
        if !line.is_empty() && candidate > width {
            lines.push(line.trim_end().to_owned());
            line.clear();
        }
        line.push_str(&word);
    }
    if !line.trim_end().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn text_wraps_at_separators_then_spaces() {
        assert_eq!(wrap("short", 10), vec!["short"]);
        assert_eq!(
            wrap("Kuryk, Alat, Red Bridge, Batumi", 14),
            vec!["Kuryk, Alat,", "Red Bridge,", "Batumi"]
        );
        assert_eq!(
            wrap("fastest · 4.6 days faster than the cheapest", 20),
            vec!["fastest · 4.6 days", "faster than the", "cheapest"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        let note = "note: the front is too large (over 1,000,000 labels); shown: the fastest, \
                    the cheapest and the fewest-transfer routes; --pareto computes the whole front";
        assert_eq!(
            wrap(note, 100),
            [
                "note: the front is too large (over 1,000,000 labels); shown: the fastest, the \
                 cheapest and the",
                "fewest-transfer routes; --pareto computes the whole front"
            ]
        );
        for line in wrap("Almaty → Bucharest: a very long line · with parts", 7) {
            assert!(line.chars().count() <= 7, "{line:?}");
        }
    }
}
