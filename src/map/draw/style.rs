//! The map's look in one place: colours of sea, land and ink, how each mode's links are
//! stroked, and the rank colours of routes.

use crate::network::Mode;

/// Colours of routes by rank (rank 1 first), repeating after eight; chosen to stay apart from
/// each other and from the link colours.
pub const ROUTE_COLOURS: [&str; 8] = [
    "#d7301f", "#2166ac", "#1a9850", "#7b3294", "#e08214", "#8c510a", "#c51b7d", "#35978f",
];

pub(super) const SEA: &str = "#dce9f4";
pub(super) const GRATICULE: &str = "#c4d5e5";
pub(super) const LAND: &str = "#f3efe5";
pub(super) const BORDER: &str = "#c3b8a4";
pub(super) const INK: &str = "#222222";
pub(super) const MUTED: &str = "#666666";
/// What a scenario closed: a red apart from the route colours' red (which is more orange).
pub(super) const CLOSED: &str = "#b0002a";

/// How a mode's links look.
pub(super) struct ModeStyle {
    pub(super) colour: &'static str,
    pub(super) width: f64,
    pub(super) dash: Option<&'static str>,
}

/// The stroke of a mode's links on the map.
pub(super) fn mode_style(mode: Mode) -> ModeStyle {
    match mode {
        Mode::Rail => ModeStyle {
            colour: "#4d4d4d",
            width: 1.6,
            dash: None,
        },
        Mode::Road => ModeStyle {
            colour: "#b2763a",
            width: 1.4,
            dash: Some("5 3"),
        },
        Mode::Ferry => ModeStyle {
            colour: "#0d7fa8",
            width: 1.6,
            dash: Some("7 4"),
        },
        Mode::Sea => ModeStyle {
            colour: "#3a75b8",
            width: 1.4,
            dash: Some("1.5 3.5"),
        },
    }
}

/// The colour of the route with this 1-based rank.
#[must_use]
pub fn route_colour(rank: usize) -> &'static str {
    ROUTE_COLOURS[rank.saturating_sub(1) % ROUTE_COLOURS.len()]
}
