//! corridor: a route planner for freight on the Middle Corridor (the Trans-Caspian
//! International Transport Route) and its rivals.
pub mod batch;
pub mod calendar;
pub mod check;
pub mod generate;
pub mod graph;
pub mod map;
pub mod network;
pub mod random;
pub mod report;
pub mod scenario;
pub mod search;
pub mod simulate;
pub mod sweep;
pub mod tariff;
pub mod units;
