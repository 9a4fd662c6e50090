//! Renderings of a comparison: text tables for people, JSON and CSV for programs. The figures
//! are rounded here, once, the same way for every format.

mod csv;
mod json;
mod table;

pub use table::invariants_table;

use super::{Best, Comparison};

fn hours(seconds: i64) -> f64 {
    (seconds as f64 / 360.0).round() / 10.0
}

/// Days, to a tenth, as `route` shows them.
fn days(seconds: i64) -> f64 {
    (seconds as f64 / 8_640.0).round() / 10.0
}

/// A change in days for people: `+0.8`, `-1.0`, `0` only when nothing changed (a change too
/// small to show is `+0.0` or `-0.0`, never `0`).
fn signed_days(seconds: i64) -> String {
    let d = days(seconds).abs();
    match seconds.signum() {
        0 => "0".to_owned(),
        1 => format!("+{d:.1}"),
        _ => format!("-{d:.1}"),
    }
}

fn usd(cents: i64) -> f64 {
    (cents as f64 / 100.0).round()
}

fn kg(grams: i64) -> f64 {
    (grams as f64 / 1000.0).round()
}

fn as_i64(x: u64) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}

/// `+3.5`, `-2`, `0`: a signed figure for a delta column.
fn signed_text(x: f64, decimals: usize) -> String {
    let text = if decimals == 0 {
        grouped(x)
    } else {
        format!("{x:.decimals$}")
    };
    if x == 0.0 {
        "0".to_owned()
    } else if x > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// Thousands separators for whole numbers (`5,433`).
fn grouped(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn gateway_names(best: &Best) -> String {
    if best.gateways.is_empty() {
        return "-".to_owned();
    }
    best.gateways
        .iter()
        .map(|g| g.name.as_str())
        .collect::<Vec<_>>()
        .join(" > ")
}

impl Comparison {
    fn pair_label(&self, p: usize) -> String {
        let (a, b) = &self.pairs[p];
        format!("{} → {}", a.name, b.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_and_grouped_figures() {
        assert_eq!(signed_text(3.5, 1), "+3.5");
        assert_eq!(signed_text(-2.0, 0), "-2");
        assert_eq!(signed_text(0.0, 1), "0");
        assert_eq!(grouped(5433.0), "5,433");
        assert_eq!(grouped(-1_234_567.0), "-1,234,567");
        assert_eq!(signed_days(0), "0");
        assert_eq!(signed_days(3_600), "+0.0");
        assert_eq!(signed_days(-90_000), "-1.0");
        assert_eq!(signed_days(5 * 3_600 + 86_400), "+1.2");
    }
}
