//! The search core against the libraries a user would otherwise reach for, each baseline in the
//! same run and on the same graph: one-to-all and one-to-one fastest routes against petgraph's
//! `dijkstra` and `astar`, the k best routes against pathfinding's `yen`, the Pareto search
//! against one single-criterion search, batches and spur searches on 1 and 2 threads, the
//! travel-time matrix against the same cells as separate one-to-one searches and on 1 and 2
//! threads, and building the planner. Inputs are generated in memory once per group (`corridor::generate`).
//!
//! The big groups use a 100,000-node synthetic network; set `CORRIDOR_BENCH_LARGE=1` to run
//! the one-to-all, one-to-one and matrix groups on 1,000,000 nodes instead (several minutes,
//! ~6 GB).
//! See BENCHMARKS.md for the figures and how to read them.

use corridor::generate::generate_network;
use corridor::network::geo::geodesic_km;
use corridor::network::{Mode, Network, NodeIdx, load_bundled};
use corridor::search::{Constraints, Criterion as By, Objectives, Planner};
use corridor::units::{hours_to_seconds, usd_to_cents};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use std::time::Duration;

/// Nodes of the big synthetic network for one-to-all and one-to-one.
fn big_nodes() -> usize {
    if std::env::var("CORRIDOR_BENCH_LARGE").is_ok_and(|v| v == "1") {
        1_000_000
    } else {
        100_000
    }
}

/// The network reduced to one mode: every link becomes a rail link without gauge or
/// timetable, nodes charge no dwell or transfer, and of parallel links only the first is kept.
/// On it the state graph is the plain graph (one arrival state per node, plus the origin's
/// start state), so a plain shortest-path library solves exactly the same problem.
fn single_mode(mut net: Network) -> Network {
    let mut seen = std::collections::HashSet::new();
    net.links.retain(|l| seen.insert((l.from, l.to)));
    for link in &mut net.links {
        link.mode = Mode::Rail;
        link.gauge_mm = None;
        link.departures_per_week = None;
    }
    for node in &mut net.nodes {
        node.dwell_hours = 0.0;
        node.dwell_cost_usd = 0.0;
        node.transfer_hours = 0.0;
        node.transfer_cost_usd = 0.0;
    }
    net
}

/// The network as a petgraph `DiGraph` weighted by whole seconds, as the planner counts them.
fn petgraph_of(net: &Network) -> DiGraph<(), u64> {
    let mut g = DiGraph::with_capacity(net.nodes.len(), net.links.len());
    for _ in &net.nodes {
        g.add_node(());
    }
    for link in &net.links {
        g.add_edge(
            NodeIndex::new(link.from),
            NodeIndex::new(link.to),
            hours_to_seconds(link.hours),
        );
    }
    g
}

/// The least seconds per great-circle km of any link, shaved: the admissible A* bound.
fn seconds_per_km(net: &Network) -> f64 {
    let mut low = f64::INFINITY;
    for link in &net.links {
        let (a, b) = (&net.nodes[link.from], &net.nodes[link.to]);
        let km = geodesic_km(a.lat, a.lon, b.lat, b.lon);
        if km > 0.0 {
            low = low.min(hours_to_seconds(link.hours) as f64 / km);
        }
    }
    low * (1.0 - 1e-6)
}

/// Deterministic pseudo-random origin-destination pairs (xorshift64).
fn pairs(n: usize, count: usize, seed: u64) -> Vec<(NodeIdx, NodeIdx)> {
    let mut s = seed | 1;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s % n as u64) as usize
    };
    (0..count)
        .map(|_| (next(), next()))
        .filter(|(a, b)| a != b)
        .collect()
}

/// A pair about `steps` grid steps apart on a generated network of `n` nodes.
fn nearby_pair(n: usize, steps: usize) -> (NodeIdx, NodeIdx) {
    let width = ((2 * n) as f64).sqrt().ceil() as usize;
    let from = (n / 2 / width) * width + width / 3;
    (from, from + steps / 2 * width + steps / 2)
}

fn one_to_all(c: &mut Criterion) {
    let n = big_nodes();
    let net = single_mode(generate_network(n, 1));
    let planner = Planner::new(&net);
    let graph = petgraph_of(&net);
    let origin = n / 2;
    // Same graph, same answer: checked once before timing.
    let ours = planner.one_to_all(origin, By::Time);
    let theirs = petgraph::algo::dijkstra(&graph, NodeIndex::new(origin), None, |e| *e.weight());
    for (node, key) in ours.iter().enumerate() {
        let expected = theirs.get(&NodeIndex::new(node)).copied();
        assert_eq!(key.map(|k| k[0]), expected.filter(|_| node != origin));
    }
    let mut group = c.benchmark_group(format!("one_to_all/{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("corridor_one_to_all", |b| {
        b.iter(|| planner.one_to_all(origin, By::Time));
    });
    // The search and then every node's key read once (petgraph's map is built as it goes).
    group.bench_function("corridor_one_to_all_read_every_node", |b| {
        b.iter(|| {
            let reach = planner.one_to_all(origin, By::Time);
            reach.iter().flatten().map(|k| k[0]).sum::<u64>()
        });
    });
    group.bench_function("petgraph_dijkstra", |b| {
        b.iter(|| petgraph::algo::dijkstra(&graph, NodeIndex::new(origin), None, |e| *e.weight()));
    });
    group.finish();
    drop((planner, graph));
    // The multimodal network itself: transfers, gauge breaks, dwell and waits (no baseline
    // solves this problem; reported for scale).
    let multi = generate_network(n, 1);
    let planner = Planner::new(&multi);
    let mut group = c.benchmark_group(format!("one_to_all_multimodal/{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("corridor_one_to_all", |b| {
        b.iter(|| planner.one_to_all(origin, By::Time));
    });
    group.finish();
}

fn one_to_one(c: &mut Criterion) {
    let n = big_nodes();
    let net = single_mode(generate_network(n, 1));
    let planner = Planner::new(&net);
    let graph = petgraph_of(&net);
    let rate = seconds_per_km(&net);
    let queries = pairs(n, 6, 7);
    let none = Constraints::default();
    let astar = |from: NodeIdx, to: NodeIdx| {
        let target = &net.nodes[to];
        petgraph::algo::astar(
            &graph,
            NodeIndex::new(from),
            |x| x.index() == to,
            |e| *e.weight(),
            |x| {
                let node = &net.nodes[x.index()];
                (rate * geodesic_km(node.lat, node.lon, target.lat, target.lon)) as u64
            },
        )
    };
    for &(from, to) in &queries {
        let ours = planner
            .best(from, to, By::Time, &none)
            .map(|r| r.metrics.seconds);
        assert_eq!(ours, astar(from, to).map(|(cost, _)| cost));
    }
    let mut group = c.benchmark_group(format!("one_to_one/{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("corridor_best_6_queries", |b| {
        b.iter(|| {
            for &(from, to) in &queries {
                let _ = planner.best(from, to, By::Time, &none);
            }
        });
    });
    group.bench_function("petgraph_astar_6_queries", |b| {
        b.iter(|| {
            for &(from, to) in &queries {
                let _ = astar(from, to);
            }
        });
    });
    // What the planner's first query costs on a fresh planner: building the state graph, the
    // packed step table and the landmarks (one one-to-all search per landmark), then the query.
    group.bench_function("corridor_new_planner_first_query", |b| {
        b.iter(|| {
            let planner = Planner::new(&net);
            planner.best(queries[0].0, queries[0].1, By::Time, &none)
        });
    });
    group.bench_function("corridor_new_planner_only", |b| {
        b.iter(|| Planner::new(&net).graph().state_count());
    });
    group.finish();
}

/// Yen's baseline on the route semantics built independently: states are (node, arrived), the
/// origin's start state is (origin, false), every link leads to (to, true); weights are
/// seconds then cents, packed into one u128 so the order is the planner's time key.
fn yen_time(net: &Network, from: NodeIdx, to: NodeIdx, k: usize) -> Vec<u128> {
    let mut out: Vec<Vec<(usize, u128)>> = vec![Vec::new(); net.nodes.len()];
    for link in &net.links {
        let w = (u128::from(hours_to_seconds(link.hours) + hours_to_seconds(link.wait_hours()))
            << 64)
            | u128::from(usd_to_cents(link.cost_usd));
        out[link.from].push((link.to, w));
    }
    pathfinding::directed::yen::yen(
        &(from, false),
        |&(x, _): &(usize, bool)| {
            out[x]
                .iter()
                .map(|&(y, w)| ((y, true), w))
                .collect::<Vec<_>>()
        },
        |&(x, _)| x == to,
        k,
    )
    .into_iter()
    .map(|(_, cost)| cost)
    .collect()
}

fn k_best(c: &mut Criterion) {
    let n = 100_000;
    let net = single_mode(generate_network(n, 1));
    let planner = Planner::new(&net);
    let (from, to) = nearby_pair(n, 40);
    let none = Constraints::default();
    let ours: Vec<u128> = planner
        .k_best(from, to, By::Time, &none, 10)
        .routes
        .iter()
        .map(|r| (u128::from(r.metrics.seconds) << 64) | u128::from(r.metrics.cents))
        .collect();
    assert_eq!(ours, yen_time(&net, from, to, 10));
    let mut group = c.benchmark_group(format!("k_best/{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for k in [1, 5, 10] {
        group.bench_with_input(BenchmarkId::new("corridor_k_best", k), &k, |b, &k| {
            b.iter(|| planner.k_best(from, to, By::Time, &none, k));
        });
    }
    group.bench_with_input(BenchmarkId::new("pathfinding_yen", 10), &10, |b, &k| {
        b.iter(|| yen_time(&net, from, to, k));
    });
    // Spur searches run on rayon: the same k = 10 query on pools of 1 and 2 threads.
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        group.bench_with_input(
            BenchmarkId::new("corridor_k_best_10_threads", threads),
            &threads,
            |b, _| b.iter(|| pool.install(|| planner.k_best(from, to, By::Time, &none, 10))),
        );
    }
    group.finish();

    // The bundled multimodal network: yen on the same route semantics is only possible on a
    // single-mode copy, so the bundled group times the planner alone for k = 1, 5, 10 and
    // compares with yen on the single-mode copy.
    let bundled = load_bundled().expect("bundled network").network;
    let planner = Planner::new(&bundled);
    let (from, to) = (
        bundled.resolve("Almaty").expect("Almaty"),
        bundled.resolve("Bucharest").expect("Bucharest"),
    );
    let flat = single_mode(bundled.clone());
    let flat_planner = Planner::new(&flat);
    let mut group = c.benchmark_group("k_best/bundled");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    for k in [1, 5, 10] {
        group.bench_with_input(BenchmarkId::new("corridor_k_best", k), &k, |b, &k| {
            b.iter(|| planner.k_best(from, to, By::Time, &none, k));
        });
        group.bench_with_input(
            BenchmarkId::new("corridor_k_best_single_mode", k),
            &k,
            |b, &k| b.iter(|| flat_planner.k_best(from, to, By::Time, &none, k)),
        );
        group.bench_with_input(
            BenchmarkId::new("pathfinding_yen_single_mode", k),
            &k,
            |b, &k| {
                b.iter(|| yen_time(&flat, from, to, k));
            },
        );
    }
    group.finish();
}

fn pareto(c: &mut Criterion) {
    let bundled = load_bundled().expect("bundled network").network;
    let synthetic = generate_network(100_000, 1);
    let (n, m) = (
        bundled.resolve("Almaty").expect("Almaty"),
        bundled.resolve("Bucharest").expect("Bucharest"),
    );
    let cases = [
        ("bundled", &bundled, (n, m)),
        ("100000", &synthetic, nearby_pair(100_000, 16)),
    ];
    let none = Constraints::default();
    for (name, net, (from, to)) in cases {
        let planner = Planner::new(net);
        let front = planner.pareto(from, to, Objectives::TimeCostTransfers, &none);
        eprintln!(
            "pareto/{name}: {} routes, {} labels created, {} settled",
            front.routes.len(),
            front.labels_created,
            front.labels_settled
        );
        let mut group = c.benchmark_group(format!("pareto/{name}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(10));
        group.bench_function("corridor_pareto", |b| {
            b.iter(|| planner.pareto(from, to, Objectives::TimeCostTransfers, &none));
        });
        group.bench_function("corridor_best_time", |b| {
            b.iter(|| planner.best(from, to, By::Time, &none));
        });
        group.finish();
    }
}

fn batch(c: &mut Criterion) {
    let bundled = load_bundled().expect("bundled network").network;
    let planner = Planner::new(&bundled);
    let queries = pairs(bundled.nodes.len(), 10_300, 11);
    let queries = &queries[..10_000];
    let none = Constraints::default();
    let mut group = c.benchmark_group("batch_10000/bundled");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        group.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, _| {
            b.iter(|| {
                pool.install(|| {
                    queries
                        .par_iter()
                        .map(|&(a, b)| planner.best(a, b, By::Time, &none).map(|r| r.metrics))
                        .collect::<Vec<_>>()
                })
            });
        });
    }
    group.finish();
}

/// The matrix of 100 origins × 10,000 destinations on the multimodal network: one route tree
/// per origin ([`corridor::sweep::matrix_rows`]) on a 1-thread and a 2-thread pool, against
/// the same kind of cells as separate `Planner::best` calls on one thread. All the cells as
/// separate calls would take hours (a million one-to-one searches), so the baseline times a
/// sample spread over the matrix, every origin with the same number of destinations: the
/// ratio is per cell (matrix time ÷ 1,000,000 against sample time ÷ sample cells).
fn matrix(c: &mut Criterion) {
    let n = big_nodes();
    let net = generate_network(n, 1);
    let planner = Planner::new(&net);
    let spread = pairs(n, 20_000, 13);
    let origins: Vec<NodeIdx> = spread.iter().map(|p| p.0).take(100).collect();
    let destinations: Vec<NodeIdx> = spread.iter().map(|p| p.1).take(10_000).collect();
    let per_origin = if n > 100_000 { 1 } else { 10 };
    let sample: Vec<(NodeIdx, NodeIdx)> = origins
        .iter()
        .enumerate()
        .flat_map(|(i, &o)| {
            let step = destinations.len() / per_origin;
            (0..per_origin).map(move |j| (o, (i * 7919 + j * step) % 10_000))
        })
        .map(|(o, j)| (o, destinations[j]))
        .collect();
    let none = Constraints::default();
    // Same cells, same answers (and the step table and landmarks built), before timing.
    for &origin in &origins[..3] {
        let mut tree = planner.route_tree(origin, By::Time);
        for &to in destinations.iter().step_by(500) {
            let best = planner.best(origin, to, By::Time, &none);
            assert_eq!(tree.metrics(to), best.map(|r| r.metrics));
        }
    }
    let run_matrix = || {
        let mut cells = 0usize;
        corridor::sweep::matrix_rows(
            &planner,
            &origins,
            &destinations,
            By::Time,
            0..origins.len(),
            |_, row| {
                row.iter()
                    .flatten()
                    .map(|m| m.seconds)
                    .sum::<u64>()
                    .to_string()
            },
            |_, text| {
                cells += text.len();
                Ok(())
            },
        )
        .expect("no write fails");
        cells
    };
    let mut group = c.benchmark_group(format!("matrix_100x10000/{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(if n > 100_000 { 120 } else { 40 }));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        group.bench_with_input(
            BenchmarkId::new("matrix_threads", threads),
            &threads,
            |b, _| {
                b.iter(|| pool.install(run_matrix));
            },
        );
    }
    let label = format!("best_calls_{}_cells_1_thread", sample.len());
    group.bench_function(label, |b| {
        b.iter(|| {
            sample
                .iter()
                .map(|&(a, z)| planner.best(a, z, By::Time, &none).map(|r| r.metrics))
                .collect::<Vec<_>>()
        });
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("bundled_load_validate_build", |b| {
        b.iter(|| {
            let net = load_bundled().expect("bundled network").network;
            Planner::new(&net).graph().state_count()
        });
    });
    let net = generate_network(100_000, 1);
    group.bench_function("planner_new_100000_nodes", |b| {
        b.iter(|| Planner::new(&net).graph().state_count());
    });
    group.finish();
}

criterion_group!(
    benches, one_to_all, one_to_one, k_best, pareto, batch, matrix, build
);
criterion_main!(benches);
