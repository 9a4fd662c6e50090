//! The machine-readable report: pretty JSON with a fixed field order.

use super::Report;

/// Renders a report as pretty-printed JSON followed by a newline.
#[must_use]
pub fn to_json(report: &Report) -> String {
    // Serialising plain data with string keys cannot fail; fall back to an empty object anyway
    // rather than panic.
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
