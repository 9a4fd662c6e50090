//! The route tree behind `corridor matrix`: the route to every node read off one one-to-all
//! search is exactly the route `Planner::best` finds for that pair, steps and totals, on
//! generated networks and on small networks built to be full of ties (equal hours and costs,
//! different distances), for every criterion and every way the search can run (Dial's
//! buckets, the radix heap, wide keys).

use corridor::generate::generate_network;
use corridor::network::{Network, load_str};
use corridor::search::{Constraints, Criterion, Planner};
use proptest::prelude::*;
use std::fmt::Write as _;

const CRITERIA: [Criterion; 5] = [
    Criterion::Time,
    Criterion::Cost,
    Criterion::Transfers,
    Criterion::Co2,
    // Balanced keys never pack: the wide keys and a binary heap.
    Criterion::Balanced {
        value_of_time_cents_per_day: 5_000,
        transfer_penalty_cents: 10_000,
    },
];

/// A random link of a tie-heavy network: (from, to, mode, gauge, hours, cost, km,
/// departures).
type TieLink = (usize, usize, u8, u8, u8, u8, u8, u8);

/// A network whose figures are drawn from a handful of values, so that many routes tie on
/// hours, cost and transfers while their distances and CO2 differ.
fn tie_network(node_figures: &[(u8, u8)], links: &[TieLink]) -> Network {
    let n = node_figures.len();
    let mut text = String::from("[network]\nname = \"ties\"\n");
    for (i, &(dwell, transfer)) in node_figures.iter().enumerate() {
        let _ = write!(
            text,
            "[[node]]\nid = \"n{i}\"\nname = \"Node {i}\"\ncountry = \"KZ\"\nkind = \"city\"\n\
             lat = {}\nlon = {}\ndwell_hours = {}\ntransfer_hours = {}\ntransfer_cost_usd = {}\n",
            43.0 + (i % 3) as f64 * 0.01,
            70.0 + (i / 3) as f64 * 0.01,
            f64::from(dwell % 3),
            f64::from(transfer % 2),
            f64::from(transfer % 3) * 10.0,
        );
    }
    // A network needs a link: one from the first node to the second when every drawn link
    // is a loop.
    let fallback = [(0, 1, 1, 0, 0, 0, 0, 1)];
    let links = if links.iter().all(|l| l.0 % n == l.1 % n) {
        &fallback[..]
    } else {
        links
    };
    for &(from, to, mode, gauge, hours, cost, km, departures) in links {
        let (from, to) = (from % n, to % n);
        if from == to {
            continue;
        }
        let mode = ["rail", "road", "ferry", "sea"][usize::from(mode % 4)];
        let _ = write!(
            text,
            "[[link]]\nfrom = \"n{from}\"\nto = \"n{to}\"\nmode = \"{mode}\"\nhours = {}\n\
             cost_usd = {}\ndistance_km = {}\nsource = \"test\"\n",
            f64::from(1 + hours % 2),
            f64::from(cost % 3),
            f64::from(5 + km % 40),
        );
        if mode == "rail" && gauge % 3 > 0 {
            let _ = writeln!(text, "gauge_mm = {}", [1435, 1520][usize::from(gauge % 2)]);
        }
        if departures % 4 == 0 {
            let _ = writeln!(text, "departures_per_week = 7.0");
        }
    }
    match load_str(&text, "ties.toml") {
        Ok(loaded) => loaded.network,
        Err(e) => panic!("{}\n{text}", e.render()),
    }
}

/// For every origin and criterion: the tree's route and totals to every node are
/// `Planner::best`'s.
fn assert_tree_is_best(net: &Network, origins: impl Iterator<Item = usize>) {
    let planner = Planner::new(net);
    let none = Constraints::default();
    let n = net.nodes.len();
    for from in origins {
        for criterion in CRITERIA {
            let mut tree = planner.route_tree(from, criterion);
            assert_eq!(tree.origin(), from);
            for to in 0..n {
                let best = planner.best(from, to, criterion, &none);
                let route = tree.route(to);
                assert_eq!(
                    route,
                    best,
                    "{} from n{from} to n{to}: tree and best differ",
                    criterion.name()
                );
                assert_eq!(tree.metrics(to), best.as_ref().map(|r| r.metrics));
                assert_eq!(tree.key(to), best.map(|r| criterion.key(&r.metrics)));
            }
            // A node the network does not have has no route.
            assert_eq!(tree.metrics(n), None);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Ties everywhere: the tree keeps the step the one-to-one search keeps, so the totals
    /// it does not compare (distance, CO2) agree too.
    #[test]
    fn tree_routes_are_best_routes_with_ties(
        node_figures in prop::collection::vec((0u8..6, 0u8..6), 2..9),
        links in prop::collection::vec(
            (0usize..9, 0usize..9, 0u8..4, 0u8..6, 0u8..2, 0u8..3, 0u8..40, 0u8..4),
            1..40,
        ),
    ) {
        let net = tie_network(&node_figures, &links);
        assert_tree_is_best(&net, 0..net.nodes.len());
    }

    /// Generated multimodal networks (borders, gauge breaks, ports, ferries, sea services).
    #[test]
    fn tree_routes_are_best_routes_on_generated_networks(seed in 0u64..10_000, nodes in 10usize..150) {
        let net = generate_network(nodes, seed);
        let step = nodes / 4 + 1;
        assert_tree_is_best(&net, (seed as usize % step..nodes).step_by(step));
    }
}

/// The tie-break matters: on this network two routes tie on hours, cost and transfers but
/// not on distance, and the tree must pick the one `best` picks.
#[test]
fn ties_on_the_key_are_broken_as_best_breaks_them() {
    // a -> c -> d and a -> b -> d: 2 h and USD 2 each way, 30 + 30 km against 10 + 10 km;
    // the link to c comes first out of a.
    let net = tie_network(
        &[(0, 0); 4],
        &[
            (0, 2, 0, 0, 0, 1, 25, 1),
            (0, 1, 0, 0, 0, 1, 5, 1),
            (2, 3, 0, 0, 0, 1, 25, 1),
            (1, 3, 0, 0, 0, 1, 5, 1),
        ],
    );
    let planner = Planner::new(&net);
    let best = planner
        .best(0, 3, Criterion::Time, &Constraints::default())
        .expect("a route");
    let tree = planner.route_tree(0, Criterion::Time);
    assert_eq!(tree.route(3).as_ref(), Some(&best));
    // Both routes take 2 h; at d, the step kept leaves the state first in state order, the
    // arrival at b (node 1 before node 2), whatever order the links are in.
    assert_eq!(best.metrics.seconds, 2 * 3_600);
    assert_eq!(best.metrics.meters, 20_000);
}
