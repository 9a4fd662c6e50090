//! Diverse alternatives: routes that differ in their gateways, not near-copies.
//!
//! A route's gateway signature is its sequence of modes (consecutive legs in one mode counted
//! once) together with the ordered list of the border crossings and ports it passes through
//! (nodes of kind `border` or `port`, origin and destination excluded). Two routes are different
//! alternatives when their signatures differ: another port, border crossing, sea leg or mode
//! sequence. A route that only swaps a rail hub, a gauge or a parallel service is a near-copy.

use super::Route;
use crate::network::{Mode, Network, NodeIdx, NodeKind};

/// The gateway signature of a route: (modes in order without repeats, gateway nodes in order).
#[must_use]
pub fn gateway_signature(network: &Network, route: &Route) -> (Vec<Mode>, Vec<NodeIdx>) {
    let mut modes: Vec<Mode> = Vec::new();
    let mut gateways: Vec<NodeIdx> = Vec::new();
    for (i, step) in route.steps.iter().enumerate() {
        let link = &network.links[step.link];
        if modes.last() != Some(&link.mode) {
            modes.push(link.mode);
        }
        let last = i + 1 == route.steps.len();
        if !last
            && matches!(
                network.nodes[link.to].kind,
                NodeKind::Border | NodeKind::Port
            )
        {
            gateways.push(link.to);
        }
    }
    (modes, gateways)
}
