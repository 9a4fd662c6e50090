//! The searches against brute force: on random small multimodal networks (parallel links, waits,
//! dwell, transfers and gauge breaks in play), every route is enumerated by a depth-first search
//! written straight from the route definition, and the planner's answers must match.

use corridor::network::{
    Cargo, Co2Factors, Container, Crew, Delay, Limit, Link, LinkLimits, Mode, Month, Monthly,
    Network, Node, NodeKind, NodeLimits, Variability, WeatherGroup,
};
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
                // Some nodes delay boxes and close with the weather of group 1.
                variability: Variability {
                    delay: (dwell_h % 3 == 1).then(|| {
                        Box::new(Delay {
                            share: Monthly::Flat(0.5),
                            median_hours: Monthly::Flat(f64::from(dwell_usd % 7) + 1.0),
                            p90_hours: Monthly::Flat(f64::from(dwell_usd % 7) * 3.0 + 2.0),
                        })
                    }),
                    left_behind_share: Monthly::Flat(0.0),
                    weather_group: (transfer_usd % 5 == 1).then_some(1),
                },
                operator: None,
                // Some nodes take no reefers or no dangerous goods.
                limits: NodeLimits {
                    no_reefer: dwell_usd % 7 == 3,
                    no_dangerous_goods: transfer_h % 5 == 2,
                },
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
                    // Some links state limits: no reefers, no dangerous goods, a gross mass.
                    limits: LinkLimits {
                        max_gross_kg: (km % 4 == 1).then_some(12_000 + u64::from(cost % 3) * 4_000),
                        no_reefer: cost % 5 == 2,
                        no_dangerous_goods: hours % 6 == 4,
                    },
                    operator: None,
                    source: None,
                    waypoints: vec![],
                    // Scheduled links leave boxes behind now and then, some links are delayed
                    // by month, and sea and ferry links close with group 0's weather.
                    variability: Variability {
                        delay: (cost % 3 == 0).then(|| {
                            Box::new(Delay {
                                share: Monthly::Flat(1.0),
                                median_hours: Monthly::ByMonth(Box::new(std::array::from_fn(
                                    |m| 1.0 + m as f64 / 4.0,
                                ))),
                                p90_hours: Monthly::Flat(f64::from(km % 5) + 5.0),
                            })
                        }),
                        left_behind_share: if departures % 4 == 0 {
                            Monthly::Flat(0.0)
                        } else {
                            Monthly::Flat(f64::from(hours % 4) / 10.0)
                        },
                        weather_group: matches!(mode, Mode::Sea | Mode::Ferry).then_some(0),
                    },
                    crew: if gauge % 2 == 0 {
                        Crew::Single
                    } else {
                        Crew::Double
                    },
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
        cargo: Cargo::default(),
        co2_source: None,
        weather_groups: vec![
            WeatherGroup {
                id: "sea".into(),
                closed_share: Monthly::ByMonth(Box::new(std::array::from_fn(|m| {
                    [
                        0.3, 0.2, 0.1, 0.05, 0.0, 0.0, 0.0, 0.0, 0.05, 0.1, 0.2, 0.25,
                    ][m]
                }))),
                mean_closure_hours: Monthly::Flat(36.0),
                source: None,
            },
            WeatherGroup {
                id: "port".into(),
                closed_share: Monthly::Flat(0.1),
                mean_closure_hours: Monthly::Flat(12.0),
                source: None,
            },
        ],
    }
}

/// Whether two consecutive links make a transfer, from the definition.
fn transfer(a: &Link, b: &Link) -> bool {
    a.mode != b.mode
        || (a.mode == Mode::Rail
            && matches!((a.gauge_mm, b.gauge_mm), (Some(x), Some(y)) if x != y))
}

/// Expected hours of delay of a zero-inflated lognormal in month `m`, written from the
/// definition: share × median × exp(σ² / 2), σ = ln(P90 / median) / z₀.₉.
fn delay_hours(d: &Delay, m: usize) -> f64 {
    let month = Month::new(m).expect("a month");
    let (median, p90) = (d.median_hours.at(month), d.p90_hours.at(month));
    let sigma = (p90 / median).ln() / 1.281_551_565_544_600_5;
    d.share.at(month) * median * (sigma * sigma / 2.0).exp()
}

/// The mean over the twelve months of `f(month)`.
fn year(f: impl Fn(usize) -> f64) -> f64 {
    (0..12).map(f).sum::<f64>() / 12.0
}

/// Expected extra hours of a weather group's closures: share × mean closure, over the year.
fn closure_hours(net: &Network, group: Option<usize>) -> f64 {
    group.map_or(0.0, |g| {
        let g = &net.weather_groups[g];
        year(|m| {
            let month = Month::new(m).expect("a month");
            g.closed_share.at(month) * g.mean_closure_hours.at(month)
        })
    })
}

/// The totals of a route, computed from the definition (expected hours with the year's
/// average figures, and best-case hours).
pub(crate) fn brute_metrics(net: &Network, links: &[usize]) -> Metrics {
    let mut m = Metrics::default();
    for (i, &li) in links.iter().enumerate() {
        let l = &net.links[li];
        // Road: a driver takes 11.75 h of breaks and rest per 9 h driven; a crew of two, 12 h of
        // rest per 18 h driven.
        let elapsed = match (l.mode, l.crew) {
            (Mode::Road, Crew::Single) => l.hours * 20.75 / 9.0,
            (Mode::Road, Crew::Double) => l.hours * 30.0 / 18.0,
            _ => l.hours,
        };
        m.seconds += hours_to_seconds(elapsed);
        m.best_seconds += hours_to_seconds(elapsed);
        let mut extra = 0.0;
        if let Some(f) = l.departures_per_week {
            let headway = 168.0 / f;
            extra += headway / 2.0;
            extra += year(|month| {
                let q = l
                    .variability
                    .left_behind_share
                    .at(Month::new(month).expect("a month"));
                headway * q / (1.0 - q)
            });
        }
        extra += closure_hours(net, l.variability.weather_group);
        if let Some(d) = &l.variability.delay {
            extra += year(|month| delay_hours(d, month));
        }
        m.seconds += hours_to_seconds(extra);
        m.cents += usd_to_cents(l.cost_usd);
        m.meters += km_to_meters(l.distance_km);
        // g per tonne-km × gross tonnes (cargo and tare) × km, in kg.
        m.co2_grams +=
            kg_to_grams(net.co2.ttw(l.mode) * net.cargo.gross_tonnes() * l.distance_km / 1_000.0);
        if i > 0 {
            let node = &net.nodes[l.from];
            let mut node_extra = closure_hours(net, node.variability.weather_group);
            if let Some(d) = &node.variability.delay {
                node_extra += year(|month| delay_hours(d, month));
            }
            m.seconds += hours_to_seconds(node.dwell_hours) + hours_to_seconds(node_extra);
            m.best_seconds += hours_to_seconds(node.dwell_hours);
            m.cents += usd_to_cents(node.dwell_cost_usd);
            if transfer(&net.links[links[i - 1]], l) {
                m.transfers += 1;
                m.seconds += hours_to_seconds(node.transfer_hours);
                m.best_seconds += hours_to_seconds(node.transfer_hours);
                m.cents += usd_to_cents(node.transfer_cost_usd);
            }
        }
    }
    m
}

/// A link's class as a planner reads a route: its mode, and for rail its gauge (a rail link
/// without a gauge is a class of its own).
fn class(l: &Link) -> (Mode, Option<u32>) {
    (
        l.mode,
        if l.mode == Mode::Rail {
            l.gauge_mm
        } else {
            None
        },
    )
}

/// Every route from `from` to `to` without via points.
pub(crate) fn all_routes(net: &Network, from: usize, to: usize) -> Vec<Vec<usize>> {
    all_routes_via(net, from, to, &[])
}

/// Every route from `from` to `to` through `via` in order, by the definition a planner uses,
/// written from it and not from the search's state graph:
///
/// - a route is a sequence of links, each starting where the previous one ended;
/// - it is cut at the first visit of each via point in turn (the origin counts as a visit, and
///   one visit can pass several equal via points in a row); each piece is a segment;
/// - within a segment, no node is arrived at twice in the same class and no node is departed
///   from twice in the same class; the origin's first move is a departure like any other;
/// - the destination appears only at the very end, after every via point.
pub(crate) fn all_routes_via(
    net: &Network,
    from: usize,
    to: usize,
    via: &[usize],
) -> Vec<Vec<usize>> {
    type Visit = (usize, (Mode, Option<u32>));
    struct Walk<'a> {
        net: &'a Network,
        to: usize,
        via: &'a [usize],
        path: Vec<usize>,
        out: Vec<Vec<usize>>,
    }
    /// Via points passed after a visit of `node`, with `passed` passed before.
    fn passing(via: &[usize], mut passed: usize, node: usize) -> usize {
        while via.get(passed) == Some(&node) {
            passed += 1;
        }
        passed
    }
    fn walk(w: &mut Walk<'_>, at: usize, passed: usize, arrived: &[Visit], departed: &[Visit]) {
        for (li, l) in w.net.links.iter().enumerate() {
            if l.from != at {
                continue;
            }
            let departure = (at, class(l));
            let arrival = (l.to, class(l));
            if departed.contains(&departure) || arrived.contains(&arrival) {
                continue;
            }
            w.path.push(li);
            if l.to == w.to {
                if passing(w.via, passed, l.to) == w.via.len() {
                    w.out.push(w.path.clone());
                }
            } else {
                let next = passing(w.via, passed, l.to);
                if next == passed {
                    let arrived = [arrived, &[arrival]].concat();
                    let departed = [departed, &[departure]].concat();
                    walk(w, l.to, next, &arrived, &departed);
                } else {
                    // A new segment: what came before no longer counts.
                    walk(w, l.to, next, &[], &[]);
                }
            }
            w.path.pop();
        }
    }
    let mut w = Walk {
        net,
        to,
        via,
        path: Vec::new(),
        out: Vec::new(),
    };
    if from != to {
        walk(&mut w, from, passing(via, 0, from), &[], &[]);
    }
    w.out
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

/// The constraints other than `via` (which [`all_routes_via`] enumerates), checked straight from
/// their definitions.
fn satisfies(net: &Network, links: &[usize], c: &Constraints) -> bool {
    let m = brute_metrics(net, links);
    let mut touched: Vec<usize> = vec![net.links[links[0]].from];
    touched.extend(links.iter().map(|&l| net.links[l].to));
    touched
        .iter()
        .all(|n| !c.avoid_nodes.contains(n) && !c.avoid_countries.contains(&net.nodes[*n].country))
        && links
            .iter()
            .all(|&l| !c.avoid_modes.contains(&net.links[l].mode) && !c.avoid_links.contains(&l))
        && touched.iter().all(|&n| {
            let limits = &net.nodes[n].limits;
            c.limits.iter().all(|need| match *need {
                Limit::GrossKg(_) => true,
                Limit::Reefer => !limits.no_reefer,
                Limit::DangerousGoods => !limits.no_dangerous_goods,
            })
        })
        && links.iter().all(|&l| {
            let limits = &net.links[l].limits;
            c.limits.iter().all(|need| match *need {
                Limit::GrossKg(kg) => limits.max_gross_kg.is_none_or(|most| kg <= most),
                Limit::Reefer => !limits.no_reefer,
                Limit::DangerousGoods => !limits.no_dangerous_goods,
            })
        })
        && c.max_transfers.is_none_or(|t| m.transfers <= t)
        && c.max_seconds.is_none_or(|s| m.seconds <= s)
}

/// The feasible routes of a query, from the definitions.
fn feasible_routes(net: &Network, from: usize, to: usize, c: &Constraints) -> Vec<Vec<usize>> {
    all_routes_via(net, from, to, &c.via)
        .into_iter()
        .filter(|r| satisfies(net, r, c))
        .collect()
}

fn arb_constraints() -> impl Strategy<Value = Constraints> {
    (
        prop::collection::vec(0usize..6, 0..2),
        prop::collection::vec(0usize..6, 0..2),
        prop::option::of(0u8..4),
        prop::option::of(0u64..3),
        prop::option::of(10u64..400),
        any::<bool>(),
        prop::collection::vec(0usize..14, 0..2),
        prop::collection::vec(0u8..3, 0..3),
    )
        .prop_map(
            |(via, avoid, mode, max_transfers, max_hours, avoid_country, avoid_links, needs)| {
                Constraints {
                    // The cargo's needs: a gross mass between the links' limits, a reefer,
                    // dangerous goods.
                    limits: needs
                        .into_iter()
                        .map(|n| match n {
                            0 => Limit::GrossKg(15_000),
                            1 => Limit::Reefer,
                            _ => Limit::DangerousGoods,
                        })
                        .collect(),
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
                    avoid_links,
                    max_transfers,
                    max_seconds: max_hours.map(|h| h * 3600),
                }
            },
        )
}

/// Random networks where some nodes are in another country, so `--avoid RU` matters.
/// A random network with some nodes in Russia, made for one container of a random type
/// (its cost factors by mode and its handling surcharges applied).
fn arb_network_with_countries() -> impl Strategy<Value = Network> {
    (
        arb_network(),
        prop::collection::vec(any::<bool>(), 6),
        0usize..5,
        any::<bool>(),
    )
        .prop_map(|(mut net, ru, container, dangerous_goods)| {
            for (node, ru) in net.nodes.iter_mut().zip(ru) {
                if ru {
                    node.country = "RU".into();
                }
            }
            net.for_cargo(&Cargo {
                container: Container::ALL[container],
                cargo_tonnes: 12.0,
                dangerous_goods,
            })
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
        let feasible = feasible_routes(&net, from, to, &c);
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
        let vectors: Vec<Vec<u64>> = feasible_routes(&net, from, to, &c)
            .iter()
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

/// Whether `links` is a route from `from` to `to` through `via`, checked link by link from the
/// definition (see [`all_routes_via`]); `Err` says which rule it breaks.
pub(crate) fn check_route(
    net: &Network,
    from: usize,
    to: usize,
    via: &[usize],
    links: &[usize],
) -> Result<(), String> {
    let mut at = from;
    let mut passed = 0;
    while via.get(passed) == Some(&from) {
        passed += 1;
    }
    let mut arrived: Vec<(usize, (Mode, Option<u32>))> = Vec::new();
    let mut departed: Vec<(usize, (Mode, Option<u32>))> = Vec::new();
    for (i, &li) in links.iter().enumerate() {
        let l = &net.links[li];
        let name = |n: usize| net.nodes[n].name.clone();
        if l.from != at {
            return Err(format!("link {i} does not start at {}", name(at)));
        }
        if at == to {
            return Err(format!(
                "passes the destination {} before the end",
                name(to)
            ));
        }
        if departed.contains(&(at, class(l))) {
            return Err(format!("departs {} twice by {:?}", name(at), class(l)));
        }
        if arrived.contains(&(l.to, class(l))) {
            return Err(format!("arrives at {} twice by {:?}", name(l.to), class(l)));
        }
        departed.push((at, class(l)));
        arrived.push((l.to, class(l)));
        at = l.to;
        let before = passed;
        while via.get(passed) == Some(&at) {
            passed += 1;
        }
        if passed != before {
            arrived.clear();
            departed.clear();
        }
    }
    if at != to {
        return Err(format!(
            "ends at {}, not {}",
            net.nodes[at].name, net.nodes[to].name
        ));
    }
    if passed != via.len() {
        return Err("misses a via point".into());
    }
    Ok(())
}

#[test]
fn a_via_point_at_the_end_of_a_branch_line_is_reachable() {
    // S --rail--> A --rail--> T, and a branch A --rail--> V --rail--> A. Via V the route must
    // go S-A-V-A-T: A is arrived at and left by rail twice, but once in each segment.
    let net = network_from(
        &[(0, 0, 0, 0); 4],
        &[
            (0, 1, 0, 0, 10, 10, 0, 10),
            (1, 2, 0, 0, 10, 10, 0, 10),
            (2, 1, 0, 0, 10, 10, 0, 10),
            (1, 3, 0, 0, 10, 10, 0, 10),
        ],
    );
    let c = Constraints {
        via: vec![2],
        ..Constraints::default()
    };
    assert_eq!(all_routes_via(&net, 0, 3, &[2]), vec![vec![0, 1, 2, 3]]);
    let planner = Planner::new(&net);
    for criterion in criteria() {
        let best = planner.best(0, 3, criterion, &c).expect("a route via V");
        assert_eq!(best.links().collect::<Vec<_>>(), vec![0, 1, 2, 3]);
    }
    let k = planner.k_best(0, 3, Criterion::Time, &c, 5);
    assert_eq!(k.routes.len(), 1);
    let front = planner.pareto(0, 3, Objectives::TimeCostTransfers, &c);
    assert_eq!(front.routes.len(), 1);
}

#[test]
fn a_route_never_comes_back_to_leave_its_origin_the_same_way() {
    // S --rail--> A --rail--> S --rail--> T is a loop through the origin; coming back by road and
    // leaving by road is not (S departs by rail, then by road).
    let net = network_from(
        &[(0, 0, 0, 0); 3],
        &[
            (0, 1, 0, 0, 10, 10, 0, 10),
            (1, 0, 0, 0, 10, 10, 0, 10),
            (0, 2, 0, 0, 10, 10, 0, 10),
            (1, 0, 1, 0, 10, 10, 0, 10),
            (0, 2, 1, 0, 90, 10, 0, 10),
        ],
    );
    let routes = all_routes(&net, 0, 2);
    assert!(!routes.contains(&vec![0, 1, 2]), "{routes:?}");
    assert!(routes.contains(&vec![0, 3, 4]), "{routes:?}");
    let planner = Planner::new(&net);
    for criterion in criteria() {
        let found = planner.k_best(0, 2, criterion, &Constraints::default(), 10);
        assert_eq!(found.routes.len(), routes.len(), "{criterion:?}");
        for r in &found.routes {
            let links: Vec<usize> = r.links().collect();
            assert_eq!(
                check_route(&net, 0, 2, &[], &links),
                Ok(()),
                "{criterion:?}"
            );
        }
    }
}

#[test]
fn a_spur_that_must_not_leave_its_node_twice_the_same_way() {
    // S --rail--> V, then V --rail--> T (A, 10 h), V --road--> T (C, 4.1 h of driving, 9.45 h
    // with a driver's rests), and a road loop V --road--> W --road--> V (B, D) with
    // W --road--> T (E). Changing mode at V takes 2.5 h.
    // Once S-V-A-T (20 h) and S-V-C-T (21.95 h) are found, the next best path from V-by-rail is
    // B, D, C (26.6 h): it leaves V by road twice, and the shortcut (leave by C at once) is a
    // found route. The next route is S-V-B-D-A-T (road out, rail out: 29.6 h), then S-V-B-E-T.
    let net = network_from(
        &[(0, 0, 0, 0), (0, 0, 5, 0), (0, 0, 0, 0), (0, 0, 0, 0)],
        &[
            (0, 1, 0, 0, 99, 10, 0, 10),
            (1, 3, 0, 0, 99, 10, 0, 10),
            (1, 3, 1, 0, 40, 10, 0, 10),
            (1, 2, 1, 0, 9, 10, 0, 10),
            (2, 1, 1, 0, 9, 10, 0, 10),
            (2, 3, 1, 0, 999, 10, 0, 10),
        ],
    );
    let routes = all_routes(&net, 0, 3);
    assert!(!routes.contains(&vec![0, 3, 4, 2]));
    let planner = Planner::new(&net);
    let found = planner.k_best(0, 3, Criterion::Time, &Constraints::default(), 10);
    let got: Vec<Vec<usize>> = found.routes.iter().map(|r| r.links().collect()).collect();
    assert_eq!(
        got,
        vec![vec![0, 1], vec![0, 2], vec![0, 3, 4, 1], vec![0, 3, 5]]
    );
}

/// Pairs of the bundled network that alternatives used to loop on.
const BUNDLED_PAIRS: [(&str, &str); 20] = [
    ("Almaty", "Bucharest"),
    ("Almaty", "Poti"),
    ("Tashkent", "Baku"),
    ("Khorgos", "Istanbul"),
    ("Xi'an", "Constanța"),
    ("Xi'an", "Baku"),
    ("Xi'an", "Duisburg"),
    ("Altynkol", "Constanța"),
    ("Altynkol", "Baku"),
    ("Altynkol", "Poti"),
    ("Tashkent", "Istanbul"),
    ("Almaty", "Istanbul"),
    ("Xi'an", "Mersin"),
    ("Lianyungang", "Piraeus"),
    ("Aktau", "Tbilisi"),
    ("Ürümqi", "Budapest"),
    ("Astana", "Batumi"),
    ("Shymkent", "Kars"),
    ("Dostyk", "Varna"),
    ("Almaty", "Duisburg"),
];

#[test]
fn no_alternative_on_the_bundled_network_loops() {
    let net = corridor::network::load_bundled().expect("bundled").network;
    let planner = Planner::new(&net);
    let mut checked = 0;
    for (from, to) in BUNDLED_PAIRS {
        let (from, to) = (net.resolve(from).expect(from), net.resolve(to).expect(to));
        for criterion in &criteria()[..4] {
            let found = planner.k_best(from, to, *criterion, &Constraints::default(), 10);
            assert_eq!(found.routes.len(), 10, "{from} {to} {criterion:?}");
            for (rank, r) in found.routes.iter().enumerate() {
                let links: Vec<usize> = r.links().collect();
                if let Err(why) = check_route(&net, from, to, &[], &links) {
                    panic!(
                        "{} -> {} by {criterion:?}, route {}: {why}",
                        net.nodes[from].name,
                        net.nodes[to].name,
                        rank + 1
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 800);
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
