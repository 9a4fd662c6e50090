//! The late case's cost: simulating one route's transit with 10,000 samples (the default) on 1
//! and on 2 threads, against the search that found the route, in the same run on the bundled
//! network. See BENCHMARKS.md for the figures.

use corridor::network::load_bundled;
use corridor::search::{Constraints, Criterion as By, Planner};
use corridor::simulate::{Options, simulate};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::time::Duration;

fn simulate_one_route(c: &mut Criterion) {
    let net = load_bundled().expect("bundled").network;
    let planner = Planner::new(&net);
    let (from, to) = (
        net.resolve("Almaty").expect("Almaty"),
        net.resolve("Bucharest").expect("Bucharest"),
    );
    let none = Constraints::default();
    let route = planner.best(from, to, By::Time, &none).expect("a route");
    let options = Options::default();
    let mut group = c.benchmark_group("simulate_almaty_bucharest");
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("search_best_route", |b| {
        b.iter(|| planner.best(from, to, By::Time, &none));
    });
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        group.bench_with_input(
            BenchmarkId::new("samples_10000_threads", threads),
            &threads,
            |b, _| b.iter(|| pool.install(|| simulate(&net, &route, &options))),
        );
    }
    group.finish();
}

criterion_group!(benches, simulate_one_route);
criterion_main!(benches);
