//! The searches against brute force: on random small multimodal networks (parallel links, waits,
//! dwell, transfers and gauge breaks in play), every route is enumerated by a depth-first search
//! written straight from the route definition, and the planner's answers must match.

use corridor::network::{Co2Factors, Link, Mode, Network, Node, NodeKind};
use corridor::search::{Constraints, Criterion, Objectives, Planner};
use corridor::units::{Metrics, hours_to_seconds, kg_to_grams, km_to_meters, usd_to_cents};
use proptest::prelude::*;

/// A random link: (from, to, mode, gauge choice, hours, cost, departures choice, km).
type RawLink = (usize, usize, u8, u8, u16, u16, u8, u16);

pub(crate) fn network_from(node_figures: &[(u8, u8, u8, u8)], raw_links: &[RawLink]) -> Network {
    let n = node_figures.len();
    let nodes = node_figures
        .iter()
        .enumerate()
        .map(
            |(i, &(dwell_h, dwell_usd, transfer_h, transfer_usd))| Node {
                id: format!("n{i}"),
                name: format!("Node {i}"),
                aliases: vec![],
                country: "KZ".into(),
                kind: NodeKind::City,
                lat: 40.0 + i as f64,
                lon: 50.0,
                transfer_hours: f64::from(transfer_h) / 2.0,
                transfer_cost_usd: f64::from(transfer_usd),
                dwell_hours: f64::from(dwell_h) / 4.0,
                dwell_cost_usd: f64::from(dwell_usd) / 3.0,
                source: None,
                line: 0,
            },
        )
        .collect();
    let links = raw_links
        .iter()
        .enumerate()
        .filter(|(_, l)| l.0 % n != l.1 % n)
        .map(
            |(entry, &(from, to, mode, gauge, hours, cost, departures, km))| {
                let mode = Mode::ALL[usize::from(mode) % 4];
                Link {
                    id: None,
                    from: from % n,
                    to: to % n,
                    mode,
                    hours: f64::from(hours) / 10.0 + 0.1,
                    cost_usd: f64::from(cost),
                    distance_km: f64::from(km),
                    departures_per_week: [None, Some(1.0), Some(2.5), Some(7.0)]
                        [usize::from(departures) % 4],
                    gauge_mm: if mode == Mode::Rail {
                        [None, Some(1435), Some(1520)][usize::from(gauge) % 3]
                    } else {
                        None
                    },
                    co2_kg_per_container_km: None,
                    source: None,
                    waypoints: vec![],
                    entry,
                    line: 0,
                }
            },
        )
        .collect();
    Network {
        name: "random".into(),
        nodes,
        links,
        co2: Co2Factors::default(),
        co2_source: None,
    }
}

/// Whether two consecutive links make a transfer, from the definition.
fn transfer(a: &Link, b: &Link) -> bool {
    a.mode != b.mode
        || (a.mode == Mode::Rail
            && matches!((a.gauge_mm, b.gauge_mm), (Some(x), Some(y)) if x != y))
}

/// The totals of a route, computed from the definition.
pub(crate) fn brute_metrics(net: &Network, links: &[usize]) -> Metrics {
    let mut m = Metrics::default();
    for (i, &li) in links.iter().enumerate() {
        let l = &net.links[li];
        m.seconds += hours_to_seconds(l.hours);
        if let Some(f) = l.departures_per_week {
            m.seconds += hours_to_seconds(84.0 / f);
        }
        m.cents += usd_to_cents(l.cost_usd);
        m.meters += km_to_meters(l.distance_km);
        m.co2_grams += kg_to_grams(net.co2.for_mode(l.mode) * l.distance_km);
        if i > 0 {
            let node = &net.nodes[l.from];
            m.seconds += hours_to_seconds(node.dwell_hours);
            m.cents += usd_to_cents(node.dwell_cost_usd);
            if transfer(&net.links[links[i - 1]], l) {
                m.transfers += 1;
                m.seconds += hours_to_seconds(node.transfer_hours);
                m.cents += usd_to_cents(node.transfer_cost_usd);
            }
        }
    }
    m
}

/// Every route from `from` to `to`: sequences of links that never arrive twice at a node in the
/// same mode and gauge, and reach `to` only at their end.
pub(crate) fn all_routes(net: &Network, from: usize, to: usize) -> Vec<Vec<usize>> {
    fn dfs(
        net: &Network,
        at: usize,
        to: usize,
        path: &mut Vec<usize>,
        seen: &mut Vec<(usize, Mode, Option<u32>)>,
        out: &mut Vec<Vec<usize>>,
    ) {
        for (li, l) in net.links.iter().enumerate() {
            if l.from != at {
                continue;
            }
            let arrival = (l.to, l.mode, l.gauge_mm);
            if seen.contains(&arrival) {
                continue;
            }
            path.push(li);
            if l.to == to {
                out.push(path.clone());
            } else {
                seen.push(arrival);
                dfs(net, l.to, to, path, seen, out);
                seen.pop();
            }
            path.pop();
        }
    }
    let mut out = Vec::new();
    if from != to {
        dfs(net, from, to, &mut Vec::new(), &mut Vec::new(), &mut out);
    }
    out
}

pub(crate) fn criteria() -> [Criterion; 6] {
    [
        Criterion::Time,
        Criterion::Cost,
        Criterion::Transfers,
        Criterion::Co2,
        Criterion::Balanced {
            value_of_time_cents_per_day: 5_000,
            transfer_penalty_cents: 10_000,
        },
        Criterion::Balanced {
            value_of_time_cents_per_day: 1_000_000,
            transfer_penalty_cents: 0,
        },
    ]
}

pub(crate) fn arb_network() -> impl Strategy<Value = Network> {
    (
        prop::collection::vec((0u8..20, 0u8..200, 0u8..30, 0u8..250), 2..6),
        prop::collection::vec(
            (
                0usize..6,
                0usize..6,
                0u8..4,
                0u8..3,
                0u16..400,
                0u16..900,
                0u8..4,
                0u16..2000,
            ),
            1..14,
        ),
    )
        .prop_map(|(nodes, links)| network_from(&nodes, &links))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn best_matches_brute_force(net in arb_network(), from in 0usize..6, to in 0usize..6) {
        let n = net.nodes.len();
        let (from, to) = (from % n, to % n);
        let planner = Planner::new(&net);
        let routes = all_routes(&net, from, to);
        for criterion in criteria() {
            let expected = routes.iter().map(|r| criterion.key(&brute_metrics(&net, r))).min();
            let found = planner.best(from, to, criterion, &Constraints::default());
            match (expected, found) {
                (None, None) => {}
                (Some(key), Some(route)) => {
                    let links: Vec<usize> = route.links().collect();
                    prop_assert!(routes.contains(&links), "{criterion:?}: not a valid route: {links:?}");
                    prop_assert_eq!(brute_metrics(&net, &links), route.metrics);
                    prop_assert_eq!(criterion.key(&route.metrics), key, "{:?}", criterion);
                }
                (e, f) => prop_assert!(false, "{criterion:?}: brute force {e:?}, planner {f:?}"),
            }
        }
    }
}

#[test]
fn a_detour_through_a_node_in_another_mode_is_a_route() {
    // 0 --rail--> 1 --rail--> 2 --road--> 1 --road--> 3
    // Node 1 is visited twice, by rail then by road: allowed, and it pays because changing mode
    // at node 1 takes 100 h while changing at node 2 is free.
    let net = network_from(
        &[(0, 0, 0, 0), (0, 0, 200, 0), (0, 0, 0, 0), (0, 0, 0, 0)],
        &[
            (0, 1, 0, 0, 10, 10, 0, 10),
            (1, 2, 0, 0, 10, 10, 0, 10),
            (2, 1, 1, 0, 10, 10, 0, 10),
            (1, 3, 1, 0, 10, 10, 0, 10),
        ],
    );
    let routes = all_routes(&net, 0, 3);
    assert_eq!(routes, vec![vec![0, 1, 2, 3], vec![0, 3]]);
    let planner = Planner::new(&net);
    let best = planner
        .best(0, 3, Criterion::Time, &Constraints::default())
        .expect("a route");
    assert_eq!(best.links().collect::<Vec<_>>(), vec![0, 1, 2, 3]);
    // Transfer at node 2 (rail -> road), which has no transfer time; the expensive node 1 is
    // passed twice without a transfer there.
    assert_eq!(best.metrics.transfers, 1);
}

#[test]
fn gauge_break_counts_as_transfer_with_node_figures() {
    // 0 --rail 1435--> 1 --rail 1520--> 2, node 1 charges 5 h and USD 100 to change.
    let net = network_from(
        &[(0, 0, 0, 0), (0, 0, 10, 100), (0, 0, 0, 0)],
        &[(0, 1, 0, 1, 100, 10, 0, 10), (1, 2, 0, 2, 100, 10, 0, 10)],
    );
    let planner = Planner::new(&net);
    let best = planner
        .best(0, 2, Criterion::Time, &Constraints::default())
        .expect("a route");
    assert_eq!(best.metrics.transfers, 1);
    assert_eq!(
        best.metrics.seconds,
        hours_to_seconds(10.1) * 2 + hours_to_seconds(5.0)
    );
    assert_eq!(best.metrics.cents, 2 * 1_000 + 10_000);
}

/// The constraints a route must satisfy, checked straight from their definitions.
fn satisfies(net: &Network, links: &[usize], c: &Constraints) -> bool {
    let m = brute_metrics(net, links);
    let mut touched: Vec<usize> = vec![net.links[links[0]].from];
    touched.extend(links.iter().map(|&l| net.links[l].to));
    let via_ok = {
        let mut next = 0;
        for &n in &touched {
            while c.via.get(next) == Some(&n) {
                next += 1;
            }
        }
        next == c.via.len()
    };
    via_ok
        && touched.iter().all(|n| {
            !c.avoid_nodes.contains(n) && !c.avoid_countries.contains(&net.nodes[*n].country)
        })
        && links
            .iter()
            .all(|&l| !c.avoid_modes.contains(&net.links[l].mode))
        && c.max_transfers.is_none_or(|t| m.transfers <= t)
        && c.max_seconds.is_none_or(|s| m.seconds <= s)
}

fn arb_constraints() -> impl Strategy<Value = Constraints> {
    (
        prop::collection::vec(0usize..6, 0..2),
        prop::collection::vec(0usize..6, 0..2),
        prop::option::of(0u8..4),
        prop::option::of(0u64..3),
        prop::option::of(10u64..400),
        any::<bool>(),
    )
        .prop_map(
            |(via, avoid, mode, max_transfers, max_hours, avoid_country)| Constraints {
                via,
                avoid_nodes: avoid,
                avoid_countries: if avoid_country {
                    vec!["RU".into()]
                } else {
                    vec![]
                },
                avoid_modes: mode
                    .map(|m| vec![Mode::ALL[usize::from(m)]])
                    .unwrap_or_default(),
                max_transfers,
                max_seconds: max_hours.map(|h| h * 3600),
            },
        )
}

/// Random networks where some nodes are in another country, so `--avoid RU` matters.
fn arb_network_with_countries() -> impl Strategy<Value = Network> {
    (arb_network(), prop::collection::vec(any::<bool>(), 6)).prop_map(|(mut net, ru)| {
        for (node, ru) in net.nodes.iter_mut().zip(ru) {
            if ru {
                node.country = "RU".into();
            }
        }
        net
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn k_best_matches_brute_force(net in arb_network(), from in 0usize..6, to in 0usize..6, k in 1usize..8) {
        let n = net.nodes.len();
        let (from, to) = (from % n, to % n);
        let planner = Planner::new(&net);
        let routes = all_routes(&net, from, to);
        for criterion in criteria() {
            let mut expected: Vec<_> = routes.iter().map(|r| criterion.key(&brute_metrics(&net, r))).collect();
            expected.sort_unstable();
            expected.truncate(k);
            let found = planner.k_best(from, to, criterion, &Constraints::default(), k);
            prop_assert!(!found.truncated);
            let keys: Vec<_> = found.routes.iter().map(|r| criterion.key(&r.metrics)).collect();
            prop_assert_eq!(&keys, &expected, "{:?}", criterion);
            let mut distinct: Vec<Vec<usize>> = found.routes.iter().map(|r| r.links().collect()).collect();
            for links in &distinct {
                prop_assert!(routes.contains(links), "not a route: {:?}", links);
            }
            distinct.sort();
            distinct.dedup();
            prop_assert_eq!(distinct.len(), found.routes.len(), "duplicate routes");
        }
    }

    #[test]
    fn constrained_k_best_matches_brute_force(
        net in arb_network_with_countries(), from in 0usize..6, to in 0usize..6, k in 1usize..5, c in arb_constraints()
    ) {
        let n = net.nodes.len();
        let (from, to) = (from % n, to % n);
        let c = Constraints {
            via: c.via.iter().map(|v| v % n).collect(),
            avoid_nodes: c.avoid_nodes.iter().map(|v| v % n).collect(),
            ..c
        };
        let planner = Planner::new(&net);
        let feasible: Vec<Vec<usize>> =
            all_routes(&net, from, to).into_iter().filter(|r| satisfies(&net, r, &c)).collect();
        for criterion in [Criterion::Time, Criterion::Cost, Criterion::Transfers] {
            let mut expected: Vec<_> = feasible.iter().map(|r| criterion.key(&brute_metrics(&net, r))).collect();
            expected.sort_unstable();
            expected.truncate(k);
            let found = planner.k_best(from, to, criterion, &c, k);
            prop_assert!(!found.truncated);
            let keys: Vec<_> = found.routes.iter().map(|r| criterion.key(&r.metrics)).collect();
            prop_assert_eq!(&keys, &expected, "{:?} {:?}", criterion, c);
            for r in &found.routes {
                let links: Vec<usize> = r.links().collect();
                prop_assert!(feasible.contains(&links), "infeasible route {:?}", links);
            }
            let best = planner.best(from, to, criterion, &c).map(|r| criterion.key(&r.metrics));
            prop_assert_eq!(best, expected.first().copied());
        }
    }

    #[test]
    fn pareto_matches_brute_force(net in arb_network_with_countries(), from in 0usize..6, to in 0usize..6, c in arb_constraints(), co2 in any::<bool>()) {
        let n = net.nodes.len();
        let (from, to) = (from % n, to % n);
        let c = Constraints {
            via: c.via.iter().map(|v| v % n).collect(),
            avoid_nodes: c.avoid_nodes.iter().map(|v| v % n).collect(),
            ..c
        };
        let objectives = if co2 { Objectives::WithCo2 } else { Objectives::TimeCostTransfers };
        let vector = |m: &Metrics| {
            if co2 { vec![m.seconds, m.cents, m.transfers, m.co2_grams] } else { vec![m.seconds, m.cents, m.transfers] }
        };
        let vectors: Vec<Vec<u64>> = all_routes(&net, from, to)
            .iter()
            .filter(|r| satisfies(&net, r, &c))
            .map(|r| vector(&brute_metrics(&net, r)))
            .collect();
        let mut expected: Vec<Vec<u64>> = vectors
            .iter()
            .filter(|v| !vectors.iter().any(|w| w != *v && w.iter().zip(v.iter()).all(|(a, b)| a <= b)))
            .cloned()
            .collect();
        expected.sort();
        expected.dedup();
        let found = Planner::new(&net).pareto(from, to, objectives, &c);
        let got: Vec<Vec<u64>> = found.routes.iter().map(|r| vector(&r.metrics)).collect();
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn pareto_with_via_keeps_a_slower_label_whose_only_way_on_is_still_open() {
    // O --> B --> V --> A --> B --> D, with a slow, dear direct O --> V. Via V, the fast path
    // O-B-V-A cannot go on (it would arrive at B by rail a second time), so the only route is
    // the slow O-V-A-B-D: a label that dominates another at A must not prune it.
    let net = network_from(
        &[(0, 0, 0, 0); 5],
        &[
            (0, 1, 0, 0, 10, 10, 0, 10),
            (1, 2, 0, 0, 10, 10, 0, 10),
            (2, 3, 0, 0, 10, 10, 0, 10),
            (0, 2, 0, 0, 500, 100, 0, 10),
            (3, 1, 0, 0, 10, 10, 0, 10),
            (1, 4, 0, 0, 10, 10, 0, 10),
        ],
    );
    let c = Constraints {
        via: vec![2],
        ..Constraints::default()
    };
    let feasible: Vec<Vec<usize>> = all_routes(&net, 0, 4)
        .into_iter()
        .filter(|r| satisfies(&net, r, &c))
        .collect();
    assert_eq!(feasible, vec![vec![3, 2, 4, 5]]);
    let planner = Planner::new(&net);
    let front = planner.pareto(0, 4, Objectives::TimeCostTransfers, &c);
    let got: Vec<Vec<usize>> = front.routes.iter().map(|r| r.links().collect()).collect();
    assert_eq!(got, feasible);
    let best = planner.best(0, 4, Criterion::Time, &c).expect("a route");
    assert_eq!(best.links().collect::<Vec<_>>(), feasible[0]);
}

#[test]
fn pareto_within_a_label_limit_gives_up_whole() {
    let net = corridor::network::load_bundled().expect("bundled").network;
    let (from, to) = (
        net.resolve("Almaty").expect("Almaty"),
        net.resolve("Bucharest").expect("Bucharest"),
    );
    let planner = Planner::new(&net);
    let full = planner.pareto(
        from,
        to,
        Objectives::TimeCostTransfers,
        &Constraints::default(),
    );
    assert!(!full.truncated && full.routes.len() > 3);
    let cut = planner.pareto_within(
        from,
        to,
        Objectives::TimeCostTransfers,
        &Constraints::default(),
        20,
    );
    assert!(cut.truncated);
    assert!(cut.routes.is_empty(), "a partial front is never returned");
    let enough = planner.pareto_within(
        from,
        to,
        Objectives::TimeCostTransfers,
        &Constraints::default(),
        full.labels_created + 1,
    );
    assert_eq!(enough.routes, full.routes);
}
