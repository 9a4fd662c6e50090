//! corridor: a route planner for freight on the Middle Corridor (the Trans-Caspian
//! International Transport Route) and its rivals.
pub mod network;
pub mod units;
pub mod graph;
pub mod report;
pub mod search;
