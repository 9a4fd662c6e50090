//! The human report: totals per route, then a leg table with the stops between legs.

use super::{Report, RouteReport};
use std::fmt::Write;

/// Formats a whole number with thousands separators: 12345.6 -> "12,346".
pub(crate) fn thousands(x: f64) -> String {
    let rounded = x.round();
    let digits = format!("{}", rounded.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

pub(crate) fn pad(s: &str, width: usize) -> String {
    let len = s.chars().count();
    if len >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - len))
    }
}

/// Renders a report as text tables for people.
#[must_use]
pub fn to_table(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) → {} ({}) · {}",
        report.from.name, report.from.country, report.to.name, report.to.country, report.network
    );
    if report.routes.is_empty() {
        let _ = writeln!(out, "no route");
        return out;
    }
    if report.routes.len() > 1 {
        out.push('\n');
        write_overview(&mut out, report);
    }
    for route in &report.routes {
        out.push('\n');
        write_route(&mut out, route);
    }
    if report.omitted > 0 || !report.notes.is_empty() {
        out.push('\n');
    }
    if report.omitted > 0 {
        let _ = writeln!(
            out,
            "+{} more Pareto-optimal route{} not shown (--pareto lists them all)",
            report.omitted,
            if report.omitted == 1 { "" } else { "s" }
        );
    }
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// One line per route: the totals side by side, the gateways, and why the route is shown.
fn write_overview(out: &mut String, report: &Report) {
    let header: [String; 8] = [
        "#",
        "days",
        "USD",
        "transfers",
        "km",
        "kg CO2e",
        if report.by_corridor {
            "corridor"
        } else {
            "via"
        },
        "why",
    ]
    .map(String::from);
    let rows: Vec<[String; 8]> = report
        .routes
        .iter()
        .map(|r| {
            [
                r.rank.to_string(),
                format!("{:.1}", r.days),
                thousands(r.cost_usd),
                r.transfers.to_string(),
                thousands(r.distance_km),
                thousands(r.co2_kg),
                if report.by_corridor {
                    r.corridor.clone()
                } else {
                    r.gateways.join(", ")
                },
                r.labels.join(" · "),
            ]
        })
        .collect();
    let mut widths = [0usize; 8];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::from(" ");
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            line.push(' ');
            // Numbers right-aligned, text left-aligned.
            if (1..=5).contains(&i) {
                line.push_str(&left_pad(cell, w));
            } else {
                line.push_str(&pad(cell, w));
            }
            line.push(' ');
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn write_route(out: &mut String, r: &RouteReport) {
    let labels = if r.labels.is_empty() {
        String::new()
    } else {
        format!(" · {}", r.labels.join(" · "))
    };
    let _ = writeln!(out, "#{}{labels}", r.rank);
    let generalised = r
        .generalised_cost_usd
        .map(|g| format!(" · generalised USD {}", thousands(g)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {:.1} days · USD {} · {} transfer{} · {} km · {} kg CO2e{generalised}",
        r.days,
        thousands(r.cost_usd),
        r.transfers,
        if r.transfers == 1 { "" } else { "s" },
        thousands(r.distance_km),
        thousands(r.co2_kg),
    );
    let _ = writeln!(out, "  {}", r.modes.join(" → "));
    let _ = writeln!(out, "  corridor: {}", r.corridor);
    let mut rows: Vec<[String; 5]> = Vec::new();
    for (i, leg) in r.legs.iter().enumerate() {
        if i > 0 {
            if let Some(stop) = r.stops.get(i - 1) {
                if stop.hours > 0.0 || stop.cost_usd > 0.0 || stop.transfer {
                    let what = match (&stop.change, stop.dwell_hours > 0.0) {
                        (Some(change), true) => {
                            format!("  at {}: border/dwell + transfer {change}", stop.name)
                        }
                        (Some(change), false) => format!("  at {}: transfer {change}", stop.name),
                        (None, _) => format!("  at {}: border/dwell", stop.name),
                    };
                    rows.push([
                        what,
                        String::new(),
                        format!("{:.1}", stop.hours),
                        thousands(stop.cost_usd),
                        String::new(),
                    ]);
                }
            }
        }
        let mode = match leg.gauge_mm {
            Some(g) => format!("{} {g}", leg.mode),
            None => leg.mode.clone(),
        };
        let hours = if leg.wait_hours > 0.0 {
            format!("{:.1} (wait {:.1})", leg.hours, leg.wait_hours)
        } else {
            format!("{:.1}", leg.hours)
        };
        rows.push([
            format!("{} → {}", leg.from_name, leg.to_name),
            mode,
            hours,
            thousands(leg.cost_usd),
            thousands(leg.distance_km),
        ]);
    }
    let header = [
        "leg".to_string(),
        "mode".into(),
        "hours".into(),
        "USD".into(),
        "km".into(),
    ];
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(rows.iter()) {
        let line = format!(
            "  {}  {}  {}  {}  {}",
            pad(&row[0], widths[0]),
            pad(&row[1], widths[1]),
            left_pad(&row[2], widths[2]),
            left_pad(&row[3], widths[3]),
            left_pad(&row[4], widths[4]),
        );
        let _ = writeln!(out, "{}", line.trim_end());
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

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1234.5), "1,235");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
        assert_eq!(thousands(-4500.0), "-4,500");
    }
}
